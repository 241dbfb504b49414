"""What the API says about haat sessions."""

from django.utils import timezone
from rest_framework import serializers

from haat.models import HaatSession


class HaatSessionSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="“Haat #261”, in the request's language.")
    is_open = serializers.SerializerMethodField(
        help_text="Whether buying is allowed in this haat right now."
    )

    class Meta:
        model = HaatSession
        fields = [
            "id",
            "number",
            "name",
            "title",
            "kind",
            "status",
            "opens_at",
            "closes_at",
            "is_open",
        ]
        read_only_fields = fields

    def get_name(self, session) -> str:
        return str(session)

    def get_is_open(self, session) -> bool:
        return session.is_open_at(self.context.get("now") or timezone.now())
