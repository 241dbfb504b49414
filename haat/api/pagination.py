"""Pages of the API's lists: ``{"next": url or null, "results": [...]}``, never a COUNT(*).

Lists of querysets use DRF's cursor pagination; the catalogue uses the keyset cursors of
vendors.selectors (product_page), signed here so that a client cannot forge one.
"""

from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .errors import InvalidCursor

CURSOR_PARAM = "cursor"
_signer = signing.Signer(salt="haat.api.cursor")


def page_schema(results_schema: dict) -> dict:
    """Return the OpenAPI schema of a page whose results have ``results_schema``."""
    return {
        "type": "object",
        "required": ["next", "results"],
        "properties": {
            "next": {
                "type": "string",
                "nullable": True,
                "format": "uri",
                "description": "The next page, or null on the last one.",
            },
            "results": results_schema,
        },
    }


class NewestFirstPagination(CursorPagination):
    """Newest first, 24 a page; a cursor that is not ours is a 400, not a 404 or a 500."""

    ordering = ("-created_at", "-id")
    page_size = 24
    cursor_query_param = CURSOR_PARAM

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except DjangoValidationError as exc:
            # A decodable cursor whose position is not a value of the ordering field.
            raise InvalidCursor() from exc

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise InvalidCursor() from exc

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return page_schema(schema)


class SessionPagination(NewestFirstPagination):
    """Haats, latest opening first."""

    ordering = ("-opens_at", "-id")


class ShopNamePagination(NewestFirstPagination):
    """Shops in the order of their names."""

    ordering = ("shop_name", "id")


def keyset_cursor(request) -> str:
    """Return the selector cursor carried by the request's ``cursor``, or "" for none.

    Raises InvalidCursor for a cursor this API did not hand out.
    """
    signed = request.query_params.get(CURSOR_PARAM)
    if signed is None or signed == "":
        return ""
    try:
        return _signer.unsign(signed)
    except signing.BadSignature as exc:
        raise InvalidCursor() from exc


def keyset_page(request, results, next_cursor: str | None) -> Response:
    """Return a page of ``results`` whose next link carries ``next_cursor`` (signed)."""
    link = None
    if next_cursor:
        link = replace_query_param(
            request.build_absolute_uri(), CURSOR_PARAM, _signer.sign(next_cursor)
        )
    return Response({"next": link, "results": results})
