"""Counting log-in attempts in the cache to slow down password guessing, without locking
out a crowd of real members behind one carrier address.

Per account, each attempt is counted *before* the password is checked, in one atomic
step, so parallel guesses cannot slip past the limit between a check and a write: one
account gets at most 10 attempts through in 15 minutes, 100 in an hour and 300 in a day
(fixed windows, each starting at its first attempt), so a guesser waits longer and
longer; getting in clears the 15-minute count.

Per address, only *failures* are counted. Bangladeshi mobile users sit behind
carrier-grade NAT: thousands of members share one address, and counting their successful
log-ins would lock the crowd out at 09:00. An address is refused only after
``LOGIN_ADDRESS_FAILURES`` wrong passwords in 15 minutes (1,000 by default, and ten
times that in a day): a botnet guessing across many accounts is still held, by the
per-account counts first. The web log-in form and the API's token endpoint both ask here.

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

# (attempts, window in seconds) per account: the waits grow, 15 minutes, an hour, a day.
ACCOUNT_LIMITS = ((10, 15 * 60), (100, 60 * 60), (300, 24 * 60 * 60))
ADDRESS_WINDOWS = (15 * 60, 24 * 60 * 60)


def address_limits() -> tuple[tuple[int, int], ...]:
    """Return (failures, window) per client address, from LOGIN_ADDRESS_FAILURES."""
    per_quarter = settings.LOGIN_ADDRESS_FAILURES
    return ((per_quarter, ADDRESS_WINDOWS[0]), (per_quarter * 10, ADDRESS_WINDOWS[1]))


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


def _address_key(address: str, window: int) -> str:
    return f"rl:login-address:{window}:{address}"


def login_attempt_allowed(*, phone: str, address: str) -> bool:
    """Return whether a log-in attempt may check its password: not if the address has
    failed too often, nor if the account's attempts (this one counted) are over a limit.

    Raises the cache's connection error when Redis is unreachable (fail closed).
    """
    limits = address_limits()
    failures = caches["default"].get_many([_address_key(address, w) for _l, w in limits])
    if any(failures.get(_address_key(address, w), 0) >= limit for limit, w in limits):
        return False
    return _hit("login-account", _account(phone), ACCOUNT_LIMITS)


def login_failed(*, address: str) -> None:
    """Count a wrong password against the address it came from."""
    for _limit, window in address_limits():
        count_in_window(_address_key(address, window), window)


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
