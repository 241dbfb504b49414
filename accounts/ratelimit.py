"""Counting log-in attempts in the cache to slow down password guessing.

Each attempt is counted *before* the password is checked, in one atomic step, so
parallel guesses cannot slip past the limit between a check and a write. One account
gets at most 10 attempts through in 15 minutes and 100 in an hour; one address 50 and
300 (fixed windows, each starting at its first attempt). The web log-in form and the
API's token endpoint both ask here.

The counts must live where every web process sees them: Redis (``REDIS_URL``). There
each count is one MULTI/EXEC of ``SET key 0 EX window NX`` and ``INCR key``, so a
window's expiry is set in the same step as its first count and a count never outlives
its window (``add`` then ``incr`` can lose the expiry when the key expires in between,
locking the account for good). The development cache, local memory, is per process:
each web worker counts on its own, a limit multiplied by the number of workers — fine
for ``make run``, never for production.

With Redis unreachable the error is raised, not swallowed: log-in fails closed, and
the member gets the "try again in a minute" page (a 503) instead of unlimited guesses.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError

from haat.core.cache import count_in_window

from .phone import normalise_phone

# (attempts, window in seconds): per account, and per client address.
ACCOUNT_LIMITS = ((10, 15 * 60), (100, 60 * 60))
ADDRESS_LIMITS = ((50, 15 * 60), (300, 60 * 60))


def _hit(scope: str, ident: str, limits) -> bool:
    """Count one attempt in every window; return False if any is over its limit."""
    allowed = True
    for limit, window in limits:
        if count_in_window(f"rl:{scope}:{window}:{ident}", window) > limit:
            allowed = False
    return allowed


def _account(phone: str) -> str:
    """Return one identity however the number was typed (+880, Bengali digits, spaces)."""
    try:
        return normalise_phone(phone)
    except ValidationError:
        # Not a number anyone can have: still counted, under a key of safe characters.
        return hashlib.sha256(str(phone).encode()).hexdigest()[:32]


def login_attempt_allowed(*, phone: str, address: str) -> bool:
    """Count a login attempt for this account and address; return whether it may proceed.

    Raises the cache's connection error when Redis is unreachable (fail closed).
    """
    account_ok = _hit("login-account", _account(phone), ACCOUNT_LIMITS)
    address_ok = _hit("login-address", address, ADDRESS_LIMITS)
    return account_ok and address_ok


def login_succeeded(*, phone: str) -> None:
    """Forget the short-window count for an account once its owner got in."""
    caches["default"].delete(f"rl:login-account:{ACCOUNT_LIMITS[0][1]}:{_account(phone)}")


def client_address(request) -> str:
    """Return the client's address, the way the API's throttles count it.

    REMOTE_ADDR, unless NUM_PROXIES reverse proxies are in front: then the address the
    outermost of ours appended to X-Forwarded-For (what a client sends itself is to the
    left of it and ignored).
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = getattr(settings, "NUM_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))][:64]
    return remote
