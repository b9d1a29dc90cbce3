"""A Redis cache that degrades instead of failing.

The cache only ever holds copies (counts, facets, versions): when Redis is
unreachable, a read is a miss and a write is dropped, so pages fall back to
the database and keep answering. The first failure is logged; for the next
`RETRY_SECONDS` the cache does not even try (a page makes several cache calls
and must not wait on each), then it tries Redis again.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
RETRY_SECONDS = 10


def _degrades(fallback):
    """Run the Redis call; while Redis is down return `fallback(*args, **kwargs)`."""

    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNAVAILABLE:
                if not self._down_until:
                    logger.warning("cache: Redis unreachable, serving without the cache", exc_info=True)
                self._down_until = time.monotonic() + RETRY_SECONDS
                return fallback(*args, **kwargs)
            if self._down_until:
                self._down_until = 0.0
                logger.info("cache: Redis reachable again")
            return result
        return call

    return wrap


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _no_keys(data, *args, **kwargs):
    return list(data)


def _incr(key, delta=1, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (the cache is unavailable)")


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    get = _degrades(_default)(RedisCache.get)
    set = _degrades(_nothing)(RedisCache.set)
    add = _degrades(_false)(RedisCache.add)
    touch = _degrades(_false)(RedisCache.touch)
    delete = _degrades(_false)(RedisCache.delete)
    get_many = _degrades(_empty)(RedisCache.get_many)
    set_many = _degrades(_no_keys)(RedisCache.set_many)
    delete_many = _degrades(_nothing)(RedisCache.delete_many)
    has_key = _degrades(_false)(RedisCache.has_key)
    incr = _degrades(_incr)(RedisCache.incr)
    clear = _degrades(_false)(RedisCache.clear)
