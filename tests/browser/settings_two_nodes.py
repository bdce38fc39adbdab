"""Settings of the two gunicorn web nodes that tests/browser/test_two_nodes.py starts.

trackii's production settings as the environment sets them (DEBUG off, PostgreSQL, Redis as
cache, session cache and broker), not the test settings: those give each process cache keys
of its own, which is just what several web nodes must not have. Two changes only, neither
about what a node keeps in memory:

- the test run's password hasher, since the users the test makes were saved with it;
- static files from the finders, since a test run has no collectstatic.
"""

from trackii.settings import *  # noqa: F403 -- the production settings, two things changed

# As in trackii/settings_test.py: the users the test makes are saved with it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405 -- from the star import
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing collected: whitenoise would warn of a missing directory
