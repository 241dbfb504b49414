"""The API's rate limits, counted the way the log-in limiter counts: fixed windows.

DRF's own throttles keep a list of every request's time per client and read and write
the whole list on each request: at the anonymous rate of 300 a minute that is a list of
300 floats unpickled and pickled again per request, and two concurrent requests can both
read the list before either writes it. These count with one atomic step instead
(``haat.core.cache.count_in_window``): a window starts at a client's first request
and allows ``rate`` requests, whatever arrives at once.

With Redis unreachable the API keeps serving (a read-only catalogue must not go down
with the cache); the log-in limits still fail closed (accounts.ratelimit).
"""

import logging

from rest_framework import throttling

from haat.core.cache import UNREACHABLE, count_in_window

logger = logging.getLogger(__name__)


class _FixedWindow:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        try:
            # Not DRF's own key: that one may still hold its list of times.
            count = count_in_window(f"rl:api:{self.key}", self.duration)
        except UNREACHABLE as exc:
            logger.warning("Throttle not counted, cache unreachable: %s", exc)
            return True
        return count <= self.num_requests

    def wait(self):
        # The window began at most ``duration`` seconds ago.
        return self.duration


class AnonRateThrottle(_FixedWindow, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_FixedWindow, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_FixedWindow, throttling.ScopedRateThrottle):
    def allow_request(self, request, view):
        # DRF's scoped throttle learns its rate from the view; then count as above.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


def anonymous_request_allowed(request) -> bool:
    """Count an anonymous API request served from the page cache (haat.core.pagecache)."""
    return AnonRateThrottle().allow_request(request, None)
