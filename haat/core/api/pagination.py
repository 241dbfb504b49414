"""Pages of the API's lists: ``{"next": url or null, "results": [...]}``, never a COUNT(*).

Lists of querysets use DRF's cursor pagination; the catalogue uses the keyset cursors of
vendors.selectors (product_page). Both are signed here, so that a client cannot forge one.
"""

import base64
from urllib import parse

from django.core import signing
from rest_framework.pagination import Cursor, CursorPagination
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
    """Newest first, 24 a page, cursors signed: one we did not hand out is a 400.

    DRF's cursor carries the last row's ordering value in plain base64; a forged one (the
    year 1, say) would reach the database, or overflow on the way. Signed, it never does.
    """

    ordering = ("-created_at", "-id")
    page_size = 24
    cursor_query_param = CURSOR_PARAM

    def encode_cursor(self, cursor):
        url = super().encode_cursor(cursor)
        plain = parse.parse_qs(parse.urlsplit(url).query)[self.cursor_query_param][0]
        return replace_query_param(url, self.cursor_query_param, _signer.sign(plain))

    def decode_cursor(self, request):
        signed = request.query_params.get(self.cursor_query_param)
        if not signed:
            return None
        try:
            plain = base64.b64decode(_signer.unsign(signed).encode("ascii")).decode("ascii")
            tokens = parse.parse_qs(plain, keep_blank_values=True)
            offset = int(tokens.get("o", ["0"])[0])
            reverse = bool(int(tokens.get("r", ["0"])[0]))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise InvalidCursor() from exc
        if not 0 <= offset <= self.offset_cutoff:
            raise InvalidCursor()
        return Cursor(offset=offset, reverse=reverse, position=tokens.get("p", [None])[0])

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return page_schema(schema)


class SessionPagination(NewestFirstPagination):
    """Haats, latest opening first."""

    ordering = ("-opens_at", "-id")


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
