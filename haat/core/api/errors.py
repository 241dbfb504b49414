"""The API's one error shape, and the handler that gives every error that shape.

Every error answers ``{"error": {"code": ..., "message": ..., "details": {...}}}``: the
code is for programs, the message for people (in the language of Accept-Language), the
details say what went wrong where (fields, cart lines, seconds to wait).
"""

import logging
import math

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)

# Our own message for each code DRF raises: DRF's wording is not in our catalogue.
MESSAGES = {
    "not_authenticated": _("Log in first: send the header “Authorization: Token <token>”."),
    "authentication_failed": _("This token is not valid; log in again."),
    "permission_denied": _("You may not do this."),
    "not_found": _("Not found."),
    "method_not_allowed": _("This method is not allowed here."),
    "not_acceptable": _("This API answers in JSON only."),
    "unsupported_media_type": _("Send the body as JSON or as multipart form data."),
    "throttled": _("Too many requests. Try again in a little while."),
    "parse_error": _("The request body could not be read: it is not valid JSON or form data."),
    "invalid": _("Some of the data sent is not valid."),
    "invalid_cursor": _("This page link is not valid; start again from the first page."),
    "too_large": _("The request is too large."),
    "bad_request": _("The request could not be understood."),
}


class InvalidCursor(exceptions.ValidationError):
    """A page cursor that was not one of ours (or has been altered)."""

    default_code = "invalid_cursor"

    def __init__(self):
        super().__init__({"cursor": [MESSAGES["invalid_cursor"]]}, code="invalid_cursor")


class TooManyAttempts(exceptions.Throttled):
    """Too many log-in attempts for a number or from an address (accounts.ratelimit)."""

    def __init__(self, *, wait: int):
        super().__init__(wait=wait)
        self.detail = _("Too many attempts. Please wait 15 minutes and try again.")


def error_body(code: str, message, details: dict | None = None) -> dict:
    """Return the body every error answers with."""
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def _plain(detail):
    """Return DRF's error detail as plain JSON: lists of messages under field names."""
    if isinstance(detail, dict):
        name = api_settings.NON_FIELD_ERRORS_KEY
        return {(name if k == NON_FIELD_ERRORS else str(k)): _plain(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_plain(item) for item in detail]
    return str(detail)


def _validation_response(exc: exceptions.ValidationError) -> Response:
    fields = serializers.as_serializer_error(exc)
    details = _plain(fields)
    code, message = "invalid", MESSAGES["invalid"]
    # One error about the request as a whole ("you already have a shop") speaks for
    # itself: its own code and message lead.
    general = fields.get(api_settings.NON_FIELD_ERRORS_KEY) or fields.get(NON_FIELD_ERRORS)
    if len(fields) == 1 and general and len(general) == 1:
        only = general[0]
        message = str(only)
        code = getattr(only, "code", None) or "invalid"
    elif isinstance(exc, InvalidCursor):
        code, message = "invalid_cursor", MESSAGES["invalid_cursor"]
    return Response(error_body(code, message, details), status=status.HTTP_400_BAD_REQUEST)


# Errors of the domain, with ``code``, ``message`` and ``status``: each app registers
# the ones it raises (``domain_error``), so this handler imports no app.
_DOMAIN_ERRORS: list[tuple[type[Exception], object]] = []


def domain_error(exc_class: type[Exception], details=None) -> None:
    """Answer ``exc_class`` (an exception with ``code``, ``message`` and ``status``) with
    the error body, its details from ``details(exc)``; the transaction is rolled back."""
    _DOMAIN_ERRORS.append((exc_class, details or (lambda exc: {})))


def _domain_response(exc) -> Response | None:
    for exc_class, details in _DOMAIN_ERRORS:
        if isinstance(exc, exc_class):
            set_rollback()
            return Response(error_body(exc.code, exc.message, details(exc)), exc.status)
    return None


def exception_handler(exc, context):
    """Return the JSON error response for ``exc``; None (a 500) only for a real bug."""
    response = _domain_response(exc)
    if response is not None:
        return response
    if isinstance(exc, DjangoValidationError):
        # A service's refusal (a taken phone number, a bad photo, a weak password).
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("too_large", MESSAGES["too_large"]),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    elif isinstance(exc, SuspiciousOperation):
        logger.info("Refused a suspicious API request: %s", exc)
        return Response(error_body("bad_request", MESSAGES["bad_request"]), status=400)
    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        return _validation_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc.detail, "code", None) or exc.default_code
    details = {}
    if isinstance(exc, exceptions.Throttled):
        details = {"wait": None if exc.wait is None else math.ceil(exc.wait)}
        message = exc.detail if isinstance(exc, TooManyAttempts) else MESSAGES["throttled"]
    else:
        message = MESSAGES.get(code) or MESSAGES.get(exc.default_code) or str(exc.detail)
    response.data = error_body(code, message, details)
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Answer a path under /api/ that matches no endpoint (a JSON 404, not the HTML page)."""
    return JsonResponse(error_body("not_found", MESSAGES["not_found"]), status=404)
