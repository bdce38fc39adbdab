"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher.

Whatever DATABASE_URL and REDIS_URL say is kept, so the same suite runs on the
embedded default and on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Each pytest-xdist worker gets its own cache keys in a shared Redis (rate limits, locks).
os.environ.setdefault(
    "CACHE_KEY_PREFIX", "trackii-tests-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
)
# A fixed test-only key (never used outside tests), so that no key file is written.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdHMtb25seS1rZXktMzItYnl0ZXMtbG9uZy0wMDA=")

from trackii.settings import *  # noqa: F403 -- test settings extend the real ones

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
