"""Sessions in the database, read through the cache: SESSION_ENGINE = "trackii.lib.sessions".

Django's cached_db store, for two reasons:

- a request of a logged-in user then reads its session from the cache, not the database:
  the console's poll (every second, from every open console) costs one query less;
- the database stays the record: a session survives a flushed or restarted cache.

Django's own cached_db tolerates a failing cache only in part (a failed read falls back
to the database, a failed write after a save is logged), but the write after a database
read, `exists()` and `delete()` still raise. Here every cache operation is tolerated: with
Redis down, sessions are read from and written to the database, and a warning is logged.

One limit follows: a session ended (logout, "log out my other sessions", a disabled
account) while the cache cannot be reached is gone from the database but may still be in
the cache when it comes back. So a session stays in the cache at most CACHE_SECONDS (it
is read from the database again after that), which bounds how long such a session could
still be used.
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger(__name__)

#: How long a session stays in the cache before it is read from the database again.
CACHE_SECONDS = 5 * 60


class SessionStore(CachedDBStore):
    def _cache_timeout(self, expire_date=None) -> int:
        age = self.get_expiry_age(expiry=expire_date) if expire_date else self.get_expiry_age()
        return max(0, min(age, CACHE_SECONDS))

    def _cache_failed(self, what: str) -> None:
        logger.warning("Session cache unavailable (%s); using the database only.", what)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            self._cache_failed("read")
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        try:
            self._cache.set(self.cache_key, data, self._cache_timeout(s.expire_date))
        except Exception:
            self._cache_failed("write")
        return data

    def exists(self, session_key):
        if not session_key:
            return False
        try:
            if (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            self._cache_failed("read")
        return super(CachedDBStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDBStore, self).save(must_create)
        try:
            self._cache.set(self.cache_key, self._session, self._cache_timeout())
        except Exception:
            self._cache_failed("write")

    def delete(self, session_key=None):
        super(CachedDBStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            # Gone from the database: the cache forgets it within CACHE_SECONDS.
            self._cache_failed("delete")
