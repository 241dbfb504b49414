"""The bases of request serializers: JSON values of the right type, no blank query values."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils import html

BLANK_MESSAGE = serializers.CharField.default_error_messages["blank"]


# (field class, the JSON types its value may have, the message otherwise); first match wins.
_JSON_TYPES = [
    (serializers.BooleanField, (bool,), _("Send true or false.")),
    (serializers.IntegerField, (int,), _("Send a whole number.")),
    (serializers.DecimalField, (str,), _('Send the amount as text, such as "250.00".')),
    (serializers.CharField, (str,), _("Send text.")),
]


class BodySerializer(serializers.Serializer):
    """A request body: in JSON, each value must have the type the schema gives it.

    DRF would read 0 as the name "0", "5" as the count 5 and the number 250 as ৳250.00 (a
    float's rounding included); a client sending the wrong type has a bug the answer
    should point at. A multipart form, whose values are all text, is read as DRF reads it.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not html.is_html_input(data):
            wrong = {}
            for name, field in self.fields.items():
                value = data.get(name)
                if field.read_only or value is None:
                    continue
                for kind, types, message in _JSON_TYPES:
                    if isinstance(field, kind):
                        if not isinstance(value, types) or (
                            bool not in types and isinstance(value, bool)
                        ):
                            wrong[name] = [message]
                        break
            if wrong:
                raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class QuerySerializer(serializers.Serializer):
    """Query-string parameters: one sent empty is refused, as it would be in a JSON body.

    DRF reads ``?district=`` as if the parameter were missing; the schema lists the values
    a parameter takes, and an empty one is not among them.
    """

    def to_internal_value(self, data):
        blank = {
            name: [BLANK_MESSAGE]
            for name, field in self.fields.items()
            if data.get(name) == "" and not getattr(field, "allow_blank", False)
        }
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)
