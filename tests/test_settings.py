"""Settings come from the environment only, and are read once per process: each case runs
manage.py in a fresh process with exactly the variables an operator would have set.

The suite's own process carries what settings_test.py sets (a throwaway SECRET_KEY, no HTTPS
redirect, ...), so the subprocesses start from a bare environment instead of a copy of it.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# What a shell has before anyone configures trackii; nothing of trackii's own.
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
PRODUCTION_DATABASE_URL = "postgres://trackii@db.internal:5432/trackii"
PRODUCTION_REDIS_URL = "redis://redis.internal:6379/0"
NO_ISSUES = "System check identified no issues"


def _environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    env["TRACKII_DATA_DIR"] = str(tmp_path / "data")
    env.update(variables)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 -- a fixed command line, no shell
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_manage_check_with_database_url_and_no_secret_key_refuses_to_start_naming_it(tmp_path):
    env = _environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="trackii.settings",
        DATABASE_URL=PRODUCTION_DATABASE_URL,
    )

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "set the SECRET_KEY environment variable" in result.stderr


def test_manage_check_deploy_with_production_variables_passes_without_warnings(tmp_path):
    env = _environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="trackii.settings",
        DATABASE_URL=PRODUCTION_DATABASE_URL,
        REDIS_URL=PRODUCTION_REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        ALLOWED_HOSTS="trackii.example.org",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )

    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr
    assert NO_ISSUES in result.stdout


def test_manage_check_with_no_variables_at_all_runs_embedded_without_issues(tmp_path):
    env = _environment(tmp_path)

    result = _manage("check", env=env)

    assert result.returncode == 0, result.stderr
    assert NO_ISSUES in result.stdout


def _session_engine(env: dict[str, str]) -> str:
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SESSION_ENGINE)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sessions_are_read_through_redis_when_every_process_shares_it(tmp_path):
    env = _environment(
        tmp_path,
        DATABASE_URL=PRODUCTION_DATABASE_URL,
        REDIS_URL=PRODUCTION_REDIS_URL,
        SECRET_KEY=secrets.token_urlsafe(45),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )

    assert _session_engine(env) == "trackii.lib.sessions"


def test_sessions_without_redis_are_read_from_the_database_alone(tmp_path):
    # Each gunicorn worker has a local-memory cache of its own: a session ended in one
    # must not live on in another's copy.
    env = _environment(
        tmp_path,
        DATABASE_URL=PRODUCTION_DATABASE_URL,
        SECRET_KEY=secrets.token_urlsafe(45),
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )

    assert _session_engine(env) == "django.contrib.sessions.backends.db"
