"""Counting attempts in the cache to slow down password guessing.

Each attempt is counted *before* the password is checked (an atomic increment), so
parallel guesses cannot slip past the limit between a check and a write.
"""

from django.core.cache import cache

# (attempts, window in seconds): per account, and per client address.
ACCOUNT_LIMITS = ((10, 15 * 60), (100, 60 * 60))
ADDRESS_LIMITS = ((50, 15 * 60), (300, 60 * 60))


def _hit(scope: str, ident: str, limits) -> bool:
    """Count one attempt; return False if any window is already over its limit."""
    allowed = True
    for limit, window in limits:
        key = f"rl:{scope}:{window}:{ident}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        if count > limit:
            allowed = False
    return allowed


def login_attempt_allowed(*, phone: str, address: str) -> bool:
    """Count a login attempt for this account and address; return whether it may proceed."""
    account_ok = _hit("login-account", phone, ACCOUNT_LIMITS)
    address_ok = _hit("login-address", address, ADDRESS_LIMITS)
    return account_ok and address_ok


def login_succeeded(*, phone: str) -> None:
    """Forget the short-window count for an account once its owner got in."""
    cache.delete(f"rl:login-account:{ACCOUNT_LIMITS[0][1]}:{phone}")


def client_address(request) -> str:
    """Return the client's address (REMOTE_ADDR; a proxy must set it, not a header)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
