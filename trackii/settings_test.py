"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher.

Whatever DATABASE_URL and REDIS_URL say is kept, so the same suite runs on the
embedded default and on PostgreSQL and Redis.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# A fixed test-only key (never used outside tests), so that no key file is written.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdHMtb25seS1rZXktMzItYnl0ZXMtbG9uZy0wMDA=")

from trackii.settings import *  # noqa: F403 -- test settings extend the real ones

# Each test process has cache keys of its own in a shared Redis (rate limits, sessions): each
# pytest-xdist worker, and each run. Otherwise a test counting requests up to a rate limit
# would see another worker's test reset the count or add to it, or the counts of an earlier
# run (minutes before, not expired yet) on the same Redis database. Set here, not through
# CACHE_KEY_PREFIX: xdist workers inherit the environment of the process that starts them,
# so a prefix put there would be the same for all of them.
if "KEY_PREFIX" in CACHES["default"]:  # noqa: F405 -- from the star import above
    CACHES["default"]["KEY_PREFIX"] = (  # noqa: F405
        f"trackii-tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{secrets.token_hex(4)}"
    )

# The test run is one process, so its local-memory cache is shared by every request, as
# Redis is by every node in production: sessions are read through it as they are there, and
# the query counts the tests pin are those of production.
SESSION_ENGINE = "trackii.lib.sessions"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher"
]  # speed only, tests hold no real secrets
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405 -- no collectstatic in tests
# Serve static files from the finders (no collectstatic before tests; browser tests need them).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run in the test process, even with REDIS_URL set: a test that needs a real
# worker says so with the `through_broker` fixture (tests/integration/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
