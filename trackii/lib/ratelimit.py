"""A small fixed-window rate limit on Django's cache, keyed by client address.

Used where no login stands in front of a page (the private invitation links).
The cache is local memory in embedded mode and Redis in production, so the
count is per process in embedded mode and shared by every web process in
production.

It fails open: if the cache cannot be reached the request is let through and a
warning is logged, because refusing every participant while Redis restarts would
hurt more than a few unthrottled guesses at 256-bit tokens.
"""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope: str, ident: str, window: int, now: float) -> str:
    # The address is hashed so the cache never holds a list of who visited.
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(now // window)}"


def allow(scope: str, ident: str | None, *, limit: int, window: int) -> bool:
    """Count one request of `ident` (an IP address) in `scope`; False once it is over `limit`
    requests in the current window of `window` seconds."""
    key = _key(scope, ident or "unknown", window, time.time())
    try:
        # add() sets the counter only when it does not exist yet; incr() is atomic in
        # Redis and under the local-memory cache's lock.
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception:  # any cache failure must let the request through (fail open)
        logger.warning("rate limit %s: cache unavailable, request let through", scope)
        return True
    return count <= limit


def reset(scope: str, ident: str | None, *, window: int) -> None:
    """Forget the current window's count of `ident` in `scope` (for tests and operators)."""
    try:
        cache.delete(_key(scope, ident or "unknown", window, time.time()))
    except Exception:  # same reason as in allow()
        logger.warning("rate limit %s: cache unavailable, count not reset", scope)
