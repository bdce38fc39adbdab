"""Helpers of the reliability tests (tests/integration/test_reliability_*.py)."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from django.db import connection

from tests.conftest import service_missing


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, step=0.1) -> None:
    """Poll `condition` until it holds; fail the test naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    pytest.fail(f"waited {timeout} s for {what}", pytrace=False)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        service_missing("needs PostgreSQL (DATABASE_URL); CI sets it")


def connection_kwargs(dbname: str | None = None) -> dict:
    """psycopg.connect() arguments for the test database (or `dbname` on the same server)."""
    s = connection.settings_dict
    kwargs = {
        "dbname": dbname or s["NAME"],
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "host": s.get("HOST") or None,
        "port": s.get("PORT") or None,
    }
    return {k: v for k, v in kwargs.items() if v is not None}


def side_connection(dbname: str | None = None) -> psycopg.Connection:
    """A connection of the test's own, beside Django's (to hold a lock, or read raw rows)."""
    require_postgresql()
    return psycopg.connect(**connection_kwargs(dbname))


REDIS_START_TIMEOUT = 10  # seconds


def free_port() -> int:
    """A port free now, for a server the test starts next. Another process could take it in
    between (not likely); for a port that must refuse connections, use `refusing_port`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def refusing_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses every connection while the block runs.

    The port is bound but never listened on: a connection gets "refused" at once, and no
    other process (a live server of another test, say) can take the port and answer.
    A port that was merely free a moment ago gives no such promise.
    """
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


def _hold_port(port: int = 0) -> socket.socket | None:
    """Bind `port` (0: any free one) on 127.0.0.1 without listening; None if it is taken."""
    held = socket.socket()
    held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past its TIME_WAIT sockets
    try:
        held.bind(("127.0.0.1", port))
    except OSError:
        held.close()
        return None
    return held


class RedisServer:
    """A redis-server of the test's own on a free port, keeping nothing on disk; it can be
    stopped (killed: an outage, not a shutdown) and started again on the same port.

    While no redis-server runs, the test holds the port (bound, never listened on):
    connections are refused as by a dead server, and no other process can take the port
    meanwhile (an outgoing connection using it as its own port would keep redis-server
    from starting again). Call `release` when done.
    """

    def __init__(self, binary: str, workdir: Path):
        self.binary = binary
        self.workdir = workdir
        self._held = _hold_port()
        self.port = self._held.getsockname()[1]
        self.process: subprocess.Popen | None = None

    def release(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.release()
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.workdir)]
        self.process = subprocess.Popen(  # noqa: S603 -- a fixed command line, no shell
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        try:

            def answers() -> bool:
                if self.process.poll() is not None:
                    pytest.fail(f"redis-server exited with code {self.process.returncode}")
                try:
                    return bool(client.ping())
                except redis.ConnectionError:
                    return False

            wait_for(answers, timeout=REDIS_START_TIMEOUT, what="redis-server to answer")
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=REDIS_START_TIMEOUT)
        if self._held is None:
            self._held = _hold_port(self.port)


PG_TIMEOUT = 30  # seconds for initdb, start, stop


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: Debian keeps them off PATH, per major version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent  # a symlink on PATH leads to the others
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),  # Debian's layout, not this machine's
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


class TemporaryPostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary directory, a free port,
    trust authentication on 127.0.0.1), so the test may stop and restart it: the machine's
    server is shared and never touched. Run as the `postgres` user when this is root, since
    PostgreSQL refuses to run as root."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        # Under the system's temporary directory, not pytest's (private to root): the
        # postgres user must reach it.
        self.workdir = Path(tempfile.mkdtemp(prefix="trackii-test-pg-"))
        self.datadir = self.workdir / "data"
        self.port = free_port()

    def _run(self, *command: str) -> None:
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(  # noqa: S603 -- fixed command lines, no shell
            command, capture_output=True, text=True, timeout=PG_TIMEOUT, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")

    def init(self) -> None:
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.workdir, pw.pw_uid, pw.pw_gid)
        initdb = str(self.bindir / "initdb")
        self._run(initdb, "-D", str(self.datadir), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.workdir} -c fsync=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-l",
            str(self.workdir / "server.log"),
            "-w",
            "-t",
            str(PG_TIMEOUT),
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-m",
            mode,
            "-w",
            "-t",
            str(PG_TIMEOUT),
            "stop",
        )

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def remove(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)
