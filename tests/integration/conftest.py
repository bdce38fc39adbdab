"""Integration tests against the real services: Redis as broker and a real Celery worker.

``celery_worker_process`` starts ``celery worker`` as a separate process with the test run's
settings, pointed at the *test* database, listening on a queue of its own. A task sent with
``apply_async(queue=worker.queue)`` can only be taken by that worker, never by a stray one on
the same Redis. The worker sees only committed rows, so a test that gives it data uses
``transactional_db``.

It needs REDIS_URL, and a database another process can open (PostgreSQL through
DATABASE_URL, not the in-memory SQLite of the embedded default): without them the tests are
skipped on a workstation and fail in CI.
"""

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from celery.utils.nodenames import host_format
from django.db import connection

from tests.conftest import service_missing
from tests.facilitation.conftest import console_world  # noqa: F401 -- a fixture, re-exported
from trackii.celery import app as celery_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
WORKER_START_TIMEOUT = 30  # seconds until the worker must answer a ping
WORKER_STOP_TIMEOUT = 15  # seconds for a warm shutdown before the worker is killed
PING_TIMEOUT = 0.5


@dataclass(frozen=True)
class WorkerProcess:
    queue: str  # the only queue the worker consumes
    node_name: str  # e.g. trackii-test-1a2b3c@host: what self.request.hostname says in a task
    process: subprocess.Popen


def _database_url(settings_dict) -> str:
    """DATABASE_URL for the database this test run really uses (test_<name>, once set up)."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    scheme = {"django.db.backends.postgresql": "postgres"}[settings_dict["ENGINE"]]
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    options = {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str)}
    query = f"?{urlencode(options)}" if options else ""
    name = quote(settings_dict["NAME"], safe="")
    return f"{scheme}://{credentials}{settings_dict.get('HOST') or ''}{port}/{name}{query}"


def _worker_stderr(path: Path) -> str:
    return path.read_text(errors="replace")[-5000:] or "(nothing on stderr)"


def _wait_until_answering(
    process: subprocess.Popen, node_name: str, stderr_path: Path, control_app=None
) -> None:
    control_app = control_app or celery_app
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the Celery worker exited with code {process.returncode} before answering a "
                f"ping; its stderr:\n{_worker_stderr(stderr_path)}",
                pytrace=False,
            )
        if control_app.control.ping(destination=[node_name], timeout=PING_TIMEOUT):
            return
    pytest.fail(
        f"the Celery worker did not answer a ping within {WORKER_START_TIMEOUT} s; its stderr:\n"
        f"{_worker_stderr(stderr_path)}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: Celery's warm shutdown
    try:
        process.wait(timeout=WORKER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WORKER_STOP_TIMEOUT)


def _forget_queue(redis_url: str, queue: str) -> None:
    """Remove the binding tables kombu left in Redis for the worker's one-off queue."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    finally:
        client.close()


def start_worker(
    *,
    redis_url: str,
    database_url: str,
    log_dir: Path,
    queue: str | None = None,
    settings_module: str = "trackii.settings_test",
    control_app=None,
    pool: str = "solo",
    extra_env: dict[str, str] | None = None,
) -> WorkerProcess:
    """Start ``celery worker`` (solo pool, one task at a time) and wait for it to answer a ping.

    ``queue`` defaults to a fresh one of its own; a test that replaces a worker it killed
    passes the old worker's queue. ``control_app`` pings it (an app on ``redis_url`` when
    that is not the run's REDIS_URL). ``pool="prefork"`` runs tasks in a child process, as
    production does; the worker then leads a process group of its own, so a test can kill
    it with its child (``os.killpg``). The caller stops it with ``stop_worker``.
    """
    unique = f"trackii-test-{uuid.uuid4().hex[:12]}"
    queue = queue or unique
    node_name = host_format(f"{unique}@%h")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        **(extra_env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "trackii",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{unique}@%h",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "warning",
    ]
    stderr_path = log_dir / f"{unique}.stderr.log"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603 -- a fixed command line, no shell
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=pool != "solo",
        )
    try:
        _wait_until_answering(process, node_name, stderr_path, control_app)
    except BaseException:
        _stop(process)
        raise
    return WorkerProcess(queue=queue, node_name=node_name, process=process)


def stop_worker(worker: WorkerProcess) -> None:
    """Warm shutdown, or a kill if the worker will not stop (does nothing if it exited)."""
    _stop(worker.process)


def worker_database_url() -> str:
    """DATABASE_URL of this run's test database, for a worker process; fails the test when
    that database cannot be opened by another process (the embedded in-memory SQLite)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The embedded default tests on an in-memory SQLite database that no other process
        # can open; the worker needs a real database server.
        service_missing("needs DATABASE_URL: a worker cannot open an in-memory SQLite database")
    return _database_url(connection.settings_dict)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, require_service, tmp_path_factory):
    """A real ``celery worker`` process on its own queue, with this run's settings and test DB.

    Stopped (and killed if it will not stop) when the session ends, before the test database is
    dropped. A worker that dies or stays silent fails the test with the worker's stderr.
    """
    redis_url = require_service("REDIS_URL")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The embedded default tests on an in-memory SQLite database that no other process
        # can open; the worker needs a real database server.
        require_service("DATABASE_URL")
        pytest.fail("the worker cannot open an in-memory SQLite test database", pytrace=False)
    worker = start_worker(
        redis_url=redis_url,
        database_url=_database_url(connection.settings_dict),
        log_dir=tmp_path_factory.mktemp("celery-worker"),
    )
    try:
        yield worker
    finally:
        stop_worker(worker)
        _forget_queue(redis_url, worker.queue)


@pytest.fixture
def through_broker(celery_worker_process, settings):
    """Send tasks through Redis to the real worker for one test (the suite runs them eagerly
    in process otherwise). The running Celery app read its settings once, so its conf is
    switched as well as Django's setting; both are put back afterwards."""
    from trackii.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    yield celery_worker_process
    app.conf.task_always_eager = True


@pytest.fixture
def broker_sends(settings):
    """Tasks sent from this test go through the broker to whichever worker the test starts
    itself (``start_worker``); like ``through_broker`` without the session's worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True
