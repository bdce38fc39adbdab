"""One trackii web node: gunicorn with the production settings, on loopback, plain HTTP.

Used by scripts/bench (one node under load) and tests/browser/test_two_nodes.py (two nodes
on one PostgreSQL and one Redis). The caller gives the environment (database, Redis, keys);
`loopback_env` adds what lets the production settings serve plain HTTP on 127.0.0.1.

The port is never guessed: this process binds a socket to port 0, the kernel picks a free
port, and gunicorn is handed the bound socket itself (``--bind fd://N``), so no other
program can take the port between choosing it and listening on it.
"""
# Fixed programs (python -m gunicorn) and loopback URLs only:
# ruff: noqa: S603, S310

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Seconds a node has to answer /healthz after it was started.
START_TIMEOUT = 60


def loopback_env(env: dict[str, str]) -> dict[str, str]:
    """`env` with the production settings opened up for plain HTTP on 127.0.0.1: no HTTPS
    redirect, no HSTS, cookies without the Secure flag (so they keep their plain names),
    no Celery worker asked for by /healthz, quiet logs."""
    return {
        **env,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "HEALTHZ_CHECK_WORKER": "false",
        "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
    }


@dataclass
class WebNode:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    process: subprocess.Popen

    def stop(self, timeout: float = 30) -> None:
        """Graceful stop (SIGTERM), then a kill if gunicorn will not go."""
        stop(self, timeout=timeout)


def stop(*nodes: WebNode, timeout: float = 30) -> None:
    """Stop every node in `nodes` at once: SIGTERM to all, then wait for each (a kill for
    one that will not go within `timeout` seconds)."""
    running = [node for node in nodes if node.process.poll() is None]
    for node in running:
        node.process.terminate()
    for node in running:
        try:
            node.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait(timeout=timeout)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def launch(
    env: dict[str, str], *, workers: int = 2, stderr=None, extra_args: tuple[str, ...] = ()
) -> WebNode:
    """Start gunicorn on a port of its own, without waiting for it (see `wait`): nodes
    launched one after the other then boot at the same time.

    `stderr` is where its log goes (a file object; the caller's own stderr when None).
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    fd = listener.fileno()
    os.set_inheritable(fd, True)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "trackii.wsgi",
                "--bind",
                f"fd://{fd}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                *extra_args,
            ],
            env=env,
            cwd=ROOT,
            pass_fds=(fd,),
            stderr=stderr,
        )
    finally:
        listener.close()  # gunicorn holds its own copy of the socket now
    return WebNode(url=url, process=process)


def wait(node: WebNode) -> WebNode:
    """Wait until the node's /healthz answers 200. Raises RuntimeError (with the exit code)
    when gunicorn exits or stays silent for START_TIMEOUT seconds; it is stopped before."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {node.process.returncode} at {node.url}")
        if _answers(node.url):
            return node
        time.sleep(0.2)
    node.stop()
    raise RuntimeError(f"gunicorn did not answer {node.url}/healthz within {START_TIMEOUT} s")


def start(env: dict[str, str], **options) -> WebNode:
    """`launch` a node (same options) and `wait` until it answers."""
    return wait(launch(env, **options))
