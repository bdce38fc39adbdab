"""/healthz: what a load balancer or Docker's health check reads, without logging in.

It names each dependency with "ok" or "down" and nothing more: no URL, host, port or error
text, which could tell an outsider where the database and Redis live. The outages here are
real: a throwaway redis-server is started, then killed.
"""

import socket
import subprocess
import time
from dataclasses import dataclass

import pytest
import redis
from celery import Celery

HEALTHZ = "/healthz"
REDIS_START_TIMEOUT = 10  # seconds
WORKER_CHECK_BOUND = 5  # seconds: a probe times out after a few, /healthz must answer first


@dataclass
class TemporaryRedis:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=REDIS_START_TIMEOUT)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(server: TemporaryRedis) -> None:
    client = redis.Redis(port=server.port, socket_connect_timeout=0.5)
    deadline = time.monotonic() + REDIS_START_TIMEOUT
    try:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                pytest.fail(f"redis-server exited with code {server.process.returncode}")
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not answer within {REDIS_START_TIMEOUT} s")
    finally:
        client.close()


@pytest.fixture
def temporary_redis(require_executable, tmp_path):
    """A redis-server of this test's own on a free port, keeping nothing on disk."""
    binary = require_executable("redis-server")
    port = _free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", str(tmp_path)]  # nothing kept on disk
    process = subprocess.Popen(  # noqa: S603 -- a fixed command line, no shell
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = TemporaryRedis(port=port, process=process)
    try:
        _wait_until_answering(server)
        yield server
    finally:
        server.stop()


@pytest.fixture
def celery_app_from_settings(monkeypatch):
    """trackii's Celery app, built afresh the way trackii/celery.py builds it.

    The running app read its broker once; this one reads Django's settings at first use, so a
    test that overrides CELERY_BROKER_URL gets /healthz asking that broker.
    """
    app = Celery("trackii", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    monkeypatch.setattr("trackii.celery.app", app)
    yield app
    app.close()


def _redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_healthz_for_anonymous_visitor_answers_200_with_database_and_cache_ok(client, db, settings):
    settings.HEALTHZ_CHECK_WORKER = False

    response = client.get(HEALTHZ)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_healthz_when_redis_cache_goes_down_answers_503_naming_only_the_cache(
    client, db, settings, temporary_redis
):
    settings.CACHES = _redis_cache(temporary_redis.url)
    settings.HEALTHZ_CHECK_WORKER = False
    healthy = client.get(HEALTHZ)
    assert healthy.status_code == 200
    assert healthy.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}

    temporary_redis.stop()
    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert response.json() == {"status": "down", "checks": {"database": "ok", "cache": "down"}}
    body = response.content.decode().lower()
    leaks = ("redis", "127.0.0.1", "localhost", str(temporary_redis.port), "error", "traceback")
    for leak in leaks:
        assert leak not in body


def test_healthz_in_production_with_no_worker_listening_answers_503_naming_the_worker(
    client, db, settings, temporary_redis, celery_app_from_settings
):
    # Production: Redis as cache and broker, and /healthz asks a worker to answer a ping. No
    # worker ever listens on this throwaway Redis.
    settings.CACHES = _redis_cache(temporary_redis.url)
    settings.CELERY_BROKER_URL = temporary_redis.url
    settings.HEALTHZ_CHECK_WORKER = True
    started = time.monotonic()

    response = client.get(HEALTHZ)

    assert time.monotonic() - started < WORKER_CHECK_BOUND
    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "checks": {"database": "ok", "cache": "ok", "worker": "down"},
    }
    assert celery_app_from_settings.conf.broker_url == temporary_redis.url
