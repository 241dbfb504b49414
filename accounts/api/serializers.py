"""What the API reads and says about members."""

from rest_framework import serializers

from accounts.models import User
from accounts.phone import normalise_phone
from haat.core.api.serializers import BodySerializer


class PhoneField(serializers.CharField):
    """A Bangladeshi mobile number, normalised to 01XXXXXXXXX (Bengali digits accepted)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "01XXXXXXXXX; +880, spaces and Bengali digits accepted.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # normalise_phone's ValidationError is reported on this field by the serializer.
        value = super().to_internal_value(data)
        return normalise_phone(value) if value else value


class RegisterSerializer(BodySerializer):
    phone = PhoneField()
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    name = serializers.CharField(max_length=120)


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "phone", "name", "date_joined"]
        read_only_fields = fields


class TokenRequestSerializer(BodySerializer):
    phone = PhoneField()
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
