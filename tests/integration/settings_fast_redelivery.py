"""Test settings for a worker that takes back, within seconds, a message whose worker died.

Kombu's Redis transport keeps a delivered, not yet acknowledged message in its "unacked"
hash with the time it was delivered. A consumer's periodic sweep (every
``unacked_restore_interval`` s, scanning on every ``unacked_restore_throttle``-th call, and
once when the worker starts polling) puts back on its queue every message older than
``visibility_timeout``. Production waits an hour (longer than any task); a test that kills a
worker cannot wait that long, so the worker that replaces the killed one runs with three
seconds. The killed one keeps the hour (TRACKII_TEST_VISIBILITY_TIMEOUT=3600): a sweep of its
own must not hand back the message it is still running.
"""

import os

from trackii.settings_test import *  # noqa: F403 -- the test settings, with a faster sweep

#: Where these workers keep their delivered, unacknowledged messages: not Redis's usual
#: "unacked" hash, so that their three-second timeout never hands back a message of another
#: worker sharing the Redis database (another test's, still running it).
UNACKED_KEY = "unacked-fast-redelivery"

CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405 -- from the star import above
    "visibility_timeout": int(os.environ.get("TRACKII_TEST_VISIBILITY_TIMEOUT", "3")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "unacked_key": UNACKED_KEY,
    "unacked_index_key": f"{UNACKED_KEY}_index",
    "unacked_mutex_key": f"{UNACKED_KEY}_mutex",
}
