"""The API's JSON parser, with a nesting limit checked before the body is parsed.

Python's json module parses nested arrays and objects recursively: a body of 100,000 ``[``
raises RecursionError deep inside the parser (a 500), after burning the stack. No request
of ours nests deeper than a few levels, so a body nested deeper than MAX_DEPTH is refused
as unreadable (400, ``parse_error``) by one linear scan that skips over strings.
"""

import io
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
# A JSON string (escapes included), or one bracket: only brackets outside strings count.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_OPEN, _CLOSE = frozenset(b"[{"), frozenset(b"]}")


def nesting_depth_exceeds(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Return whether ``body`` nests arrays and objects deeper than ``limit``."""
    depth = 0
    for match in _TOKENS.finditer(body):
        first = match.group()[0]
        if first in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif first in _CLOSE:
            depth -= 1
    return False


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, refusing a body nested deeper than MAX_DEPTH before parsing it."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if nesting_depth_exceeds(body):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels")
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as exc:  # deep nesting the scan did not see: refused all the same
            raise ParseError("JSON parse error - nested too deeply") from exc
