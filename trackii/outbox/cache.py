"""Django's Redis cache, made to survive Redis being down.

trackii keeps nothing in the cache that it cannot do without (rate-limit counters, which
fail open; no sessions: they are in the database). So while Redis is unreachable a read is a
miss and a write is dropped, logged as a warning, instead of a 500 on every page. Counters
(``incr``/``decr``) still raise: their callers decide (trackii.lib.ratelimit lets the
request through). /healthz still says the cache is down: its check writes then reads a key,
and reads a miss.

Connecting is bounded by ``socket_connect_timeout`` (settings: one second), so an outage
costs a page at most that, not a hang.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def _tolerant(default):
    def wrap(method):
        @functools.wraps(method)
        def tolerant(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                logger.warning("cache %s: Redis unreachable, carrying on", method.__name__)
                return default(args, kwargs) if callable(default) else default

        return tolerant

    return wrap


def _get_default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class TolerantRedisCache(RedisCache):
    """RedisCache whose reads miss and writes are dropped while Redis is unreachable."""

    get = _tolerant(_get_default)(RedisCache.get)
    get_many = _tolerant(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    add = _tolerant(False)(RedisCache.add)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant([])(RedisCache.set_many)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    clear = _tolerant(False)(RedisCache.clear)
