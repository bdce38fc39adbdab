"""The checks behind /healthz. Each answers "ok" or "down" and swallows the error's text,
which could name hosts, users or paths."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return "ok" if ok else "down"


def check_worker() -> str:
    from trackii.celery import app

    replies = app.control.ping(timeout=1.0)
    return "ok" if replies else "down"


def run_checks() -> dict[str, str]:
    checks = {"database": check_database, "cache": check_cache}
    if settings.HEALTHZ_CHECK_WORKER:
        checks["worker"] = check_worker
    results = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except Exception:
            logger.warning("healthz: %s check failed", name, exc_info=True)
            results[name] = "down"
    return results
