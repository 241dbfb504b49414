"""The Redis cache, made to miss rather than fail while Redis is unreachable.

Pages cache what they can recompute (the category tree, featured shops, the haat in
numbers): with Redis stopped, a read is a miss and a write is skipped, so browsing and
checkout go on at the database's pace. Counters are another matter: ``incr``, ``decr``
and ``count_in_window`` still raise, and the log-in limiter (accounts.ratelimit) fails
closed on that, because a security control that silently stops counting is no control.
"""

import functools
import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _miss_on_outage(fallback):
    """Return a decorator: on a connection error, log it and return ``fallback(*args)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                logger.warning("Cache unreachable in %s: %s", method.__name__, exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


class _OneClientPerPool(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` around its pool for every call (a few
    hundred Python calls each); one per pool does the same work. ``redis.Redis`` is safe
    to share between threads, and its pool reconnects after a fork."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose reads miss and writes do nothing while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

    get = _miss_on_outage(_default)(RedisCache.get)
    get_many = _miss_on_outage(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _miss_on_outage(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = _miss_on_outage(lambda *args, **kwargs: None)(RedisCache.set)
    # False: "not stored", which is the truth; get_or_set() then returns its default.
    add = _miss_on_outage(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _miss_on_outage(lambda *args, **kwargs: False)(RedisCache.touch)
    set_many = _miss_on_outage(lambda *args, **kwargs: [])(RedisCache.set_many)
    delete = _miss_on_outage(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _miss_on_outage(lambda *args, **kwargs: None)(RedisCache.delete_many)


def count_in_window(key: str, window: int) -> int:
    """Add one to ``key``'s count in its window; return the count."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        # Django's cache API has no atomic "increment, creating with a timeout": talk to
        # the client Django already holds for this key.
        client = backend._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=True)
        pipe.set(full_key, 0, ex=window, nx=True)
        pipe.incr(full_key)
        return pipe.execute()[1]
    # Local memory (development): add and incr each hold the cache's lock.
    backend.add(key, 0, timeout=window)
    try:
        return backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.add(key, 0, timeout=window)
        return backend.incr(key)
