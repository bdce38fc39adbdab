"""Django's Redis cache, made to survive Redis being down.

trackii keeps nothing in the cache that it cannot do without (rate-limit counters, which
fail open; no sessions: they are in the database). So while Redis is unreachable a read is a
miss and a write is dropped, logged as a warning, instead of a 500 on every page. Counters
(``incr``/``decr``) still raise: their callers decide (trackii.lib.ratelimit lets the
request through). /healthz still says the cache is down: its check writes then reads a key,
and reads a miss.

Every call is bounded: connecting by ``socket_connect_timeout`` (settings: one second), a
reply by ``socket_timeout`` (two seconds), with no retry. A Redis that accepts connections
but never answers (a hung host, a partition) would still cost every cache call of a request
its timeout, so after a failure this process leaves Redis alone for ``SKIP_SECONDS``: calls
then miss (or, for counters, raise) at once. An outage costs a request at most one timeout.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)

#: After Redis failed to answer, how long this process goes without it before trying again.
SKIP_SECONDS = 5.0


class _Breaker:
    """Per process and Redis location: when Redis last failed to answer."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def open(self, location: str) -> bool:
        return time.monotonic() < self._until.get(location, 0.0)

    def trip(self, location: str) -> None:
        with self._lock:
            self._until[location] = time.monotonic() + SKIP_SECONDS

    def reset(self) -> None:
        with self._lock:
            self._until.clear()


breaker = _Breaker()


def _tolerant(default):
    def wrap(method):
        @functools.wraps(method)
        def tolerant(self, *args, **kwargs):
            if breaker.open(self._location):
                return default(args, kwargs) if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                breaker.trip(self._location)
                logger.warning("cache %s: Redis unreachable, carrying on", method.__name__)
                return default(args, kwargs) if callable(default) else default

        return tolerant

    return wrap


def _fail_fast(method):
    """Counters raise while Redis is unreachable (their callers decide), but at once."""

    @functools.wraps(method)
    def fail_fast(self, *args, **kwargs):
        if breaker.open(self._location):
            raise RedisConnectionError("Redis did not answer a moment ago; not trying yet")
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE:
            breaker.trip(self._location)
            raise

    return fail_fast


def _get_default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class TolerantRedisCache(RedisCache):
    """RedisCache whose reads miss and writes are dropped while Redis is unreachable."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        # redis-py retries a timed-out call three times with a backoff of up to ten seconds:
        # a request would wait that long for a cache it can do without.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)

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
    incr = _fail_fast(RedisCache.incr)
