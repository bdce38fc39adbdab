"""PostgreSQL restarts while trackii serves: requests fail only while it is down, and succeed
again as soon as it is back, without restarting the app (CONN_HEALTH_CHECKS with
CONN_MAX_AGE: a connection that died with the server is noticed and replaced).

The machine's PostgreSQL is shared and never touched: the test makes a cluster of its own
(initdb, a free port, a temporary directory), copies the test database's schema into it, and
runs gunicorn against it. Needs PostgreSQL's programs and the test database on PostgreSQL;
skipped on a workstation without them, failed in CI.
"""

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from tests.conftest import service_missing
from tests.integration.conftest import PROJECT_ROOT
from tests.integration.reliability import (
    TemporaryPostgres,
    connection_kwargs,
    free_port,
    postgres_bindir,
    require_postgresql,
    wait_for,
)

START_TIMEOUT = 30  # seconds for gunicorn to answer
REQUEST_TIMEOUT = 10  # seconds for one request


@pytest.fixture
def cluster(transactional_db):
    require_postgresql()
    bindir = postgres_bindir()
    if bindir is None:
        service_missing("needs PostgreSQL's initdb and pg_ctl; CI installs them")
    pg = TemporaryPostgres(bindir)
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        if (pg.datadir / "postmaster.pid").exists():
            pg.stop(mode="immediate")
        pg.remove()


def _copy_schema(pg: TemporaryPostgres) -> None:
    """The test database's tables (migrated by pytest-django), into the cluster's `postgres`."""
    source = connection_kwargs()
    dump = subprocess.run(  # noqa: S603 -- fixed command lines, no shell
        [str(pg.bindir / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges",
         "-h", source.get("host", "127.0.0.1"), "-p", str(source.get("port", 5432)),
         "-U", source.get("user", "postgres"), source["dbname"]],
        capture_output=True, check=True, timeout=60,
        env={**os.environ, "PGPASSWORD": source.get("password", "")},
    )  # fmt: skip
    subprocess.run(  # noqa: S603
        [str(pg.bindir / "psql"), "-q", "-v", "ON_ERROR_STOP=1",
         "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "postgres"],
        input=dump.stdout, capture_output=True, check=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def app_server(cluster, tmp_path):
    """gunicorn, one worker with two threads, on the cluster: persistent connections
    (CONN_MAX_AGE 60) with health checks, as in production."""
    _copy_schema(cluster)
    port = free_port()
    env = {
        # No REDIS_URL: the local-memory cache, so only PostgreSQL is under test here.
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "trackii.settings_test",
        "DATABASE_URL": cluster.url(),
        "HEALTHZ_CHECK_WORKER": "false",
        "LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 -- a fixed command line, no shell
            [sys.executable, "-m", "gunicorn", "trackii.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(
            lambda: process.poll() is None and _get(base + "/healthz")[0] in (200, 503),
            timeout=START_TIMEOUT,
            what=f"gunicorn to answer; its log:\n{log.read_text(errors='replace')[-3000:]}",
            step=0.2,
        )
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=REQUEST_TIMEOUT)
        except subprocess.TimeoutExpired:  # a slow machine: never leave gunicorn running
            process.kill()
            process.wait(timeout=REQUEST_TIMEOUT)


def _get(url: str) -> tuple[int, dict | None]:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")
    except (urllib.error.URLError, ConnectionError):
        return 0, None


def _failed_login(base: str) -> int:
    """A login with an unknown address: the users table and the lockout's are read and written
    (django-axes records the failure), and the page answers 200 with the error."""
    csrf = secrets.token_hex(16)
    request = urllib.request.Request(  # noqa: S310 -- the app's http URL
        base + "/accounts/login/",
        data=urllib.parse.urlencode(
            {"username": "nobody@example.org", "password": "wrong", "csrfmiddlewaretoken": csrf}
        ).encode(),
        headers={"Cookie": f"{settings.CSRF_COOKIE_NAME}={csrf}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


HEALTHY = (200, {"status": "ok", "checks": {"database": "ok", "cache": "ok"}})


def test_postgres_restart_between_requests_costs_no_failed_request_and_no_app_restart(
    cluster, app_server
):
    base, gunicorn = app_server
    before = [(_get(base + "/healthz"), _failed_login(base)) for _ in range(2)]

    cluster.stop()
    cluster.start()
    # The first requests after the restart: each thread's kept connection died with the server.
    after = [(_get(base + "/healthz"), _failed_login(base)) for _ in range(2)]

    assert before == [(HEALTHY, 200)] * 2
    assert after == [(HEALTHY, 200)] * 2
    assert gunicorn.poll() is None  # the same app, never restarted


def test_postgres_down_fails_requests_with_503_until_it_is_back(cluster, app_server):
    base, gunicorn = app_server
    before = _get(base + "/healthz")

    cluster.stop()
    during = (_get(base + "/healthz"), _get(base + "/healthz"))
    cluster.start()
    after = _get(base + "/healthz")

    assert before == HEALTHY
    assert during == ((503, {"status": "down", "checks": {"database": "down", "cache": "ok"}}),) * 2
    assert after == HEALTHY
    assert gunicorn.poll() is None
