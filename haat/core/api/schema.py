"""The OpenAPI side of the API: the error body, and errors every operation can answer.

Each view declares its own outcomes with ``extend_schema(responses={...})``, including
the errors of its domain (``errors(404, 409)``). HaatAutoSchema adds those any request
can meet whatever the view: a bad or missing token (401), too many requests (429), and
for a request with a body a CSRF refusal (403), an unreadable body (400) or an unknown
content type (415).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

_DESCRIPTIONS = {
    400: "The request is not valid: see `details` for each field (code `invalid`), or "
    "the code for the rule it breaks.",
    401: "Not logged in, or the token is not valid (codes `not_authenticated`, "
    "`authentication_failed`).",
    403: "Refused (code `permission_denied`).",
    404: "No such object, or not yours (code `not_found`).",
    405: "Method not allowed (code `method_not_allowed`).",
    409: "The request conflicts with the state of things: the haat is closed, a cart "
    "line cannot be bought, an order cannot move that way.",
    413: "The request is too large (code `too_large`).",
    422: "The Idempotency-Key was used before with another body (code "
    "`idempotency_key_reused`): nothing was bought; send a new key.",
    415: "Unsupported content type (code `unsupported_media_type`).",
    429: "Too many requests (code `throttled`); `details.wait` is the seconds to wait.",
}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable, e.g. `invalid`, `haat_closed`.")
    message = serializers.CharField(help_text="For people, in the Accept-Language language.")
    details = serializers.DictField(
        help_text="Per field: a list of messages. Cart problems: `lines`. "
        "Haat closed: `next_haat`. Throttled: `wait`."
    )


class ErrorSerializer(serializers.Serializer):
    """Every error response has this body."""

    error = ErrorDetailSerializer()


# The body of an error status that has its own (a 409 of the orders app): registered by
# the app that answers it (``error_schema``).
_BODIES: dict[int, type[serializers.Serializer]] = {}


def error_schema(status: int, serializer: type[serializers.Serializer]) -> None:
    """Document ``status`` responses with ``serializer`` instead of the plain error body."""
    _BODIES[status] = serializer


def errors(*statuses: int) -> dict:
    """Return the responses for these error statuses, for ``extend_schema(responses=…)``."""
    return {
        status: OpenApiResponse(
            _BODIES.get(status, ErrorSerializer),
            description=_DESCRIPTIONS[status],
        )
        for status in statuses
    }


class HaatAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the errors any request can meet on every operation."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        common = [401, 429]
        if "requestBody" in operation:
            common += [400, 403, 413, 415]
        responses = operation["responses"]
        for status, response in errors(*common).items():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(response, str(status))
        operation["responses"] = dict(sorted(responses.items()))
        return operation
