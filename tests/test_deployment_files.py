"""The production deployment files: docker-compose.yml, Dockerfile, .dockerignore and
docs/deployment.md.

Docker itself cannot run here, so these check what an operator would notice breaking:
services that start in the wrong order or never report healthy, a secret written into
the repository, an image that runs as root or ships dev dependencies, and a compose
environment that does not configure trackii as the production stack.
"""

import http.server
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
# A valid Fernet key made for these tests only.
FERNET_KEY = "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
DEPLOYMENT_DOC = ROOT / "docs" / "deployment.md"
SETTINGS = ROOT / "trackii" / "settings.py"

APP_SERVICES = ["migrate", "web", "worker", "beat"]
LONG_RUNNING = ["db", "redis", "web", "worker", "beat"]
# Read by gunicorn from its environment, not by trackii's settings.
GUNICORN_VARIABLES = {"WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_CMD_ARGS"}
# Of those, the one gunicorn reads as nothing to add when it is empty.
EMPTY_IS_GUNICORNS_DEFAULT = {"GUNICORN_CMD_ARGS"}
# Inside the beat container, which nothing else shares.
BEAT_SCHEDULE = "/tmp/celerybeat-schedule"  # noqa: S108

# ${NAME}, ${NAME:-default} or ${NAME:?error}, as compose interpolates them.
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-?])([^}]*))?\}")


def settings_variables() -> dict[str, str]:
    """Every environment variable trackii/settings.py reads, mapped to its env.<type>."""
    found = re.findall(
        r"\.(str|bool|int|float|list|db|email_url)\(\s*\"([A-Z][A-Z0-9_]*)\"",
        SETTINGS.read_text(),
    )
    return {name: kind for kind, name in found}


def interpolate(value: str, environ: dict[str, str]) -> str:
    """Resolve compose interpolation in one value, the way `docker compose` does."""

    def resolve(match):
        name, op, arg = match.group(1), match.group(2), match.group(3)
        current = environ.get(name, "")
        if op == ":?" and not current:
            raise LookupError(f"{name} is required: {arg}")
        if op == ":-" and not current:
            return arg
        return current

    return INTERPOLATION.sub(resolve, value.replace("$$", "\0")).replace("\0", "$")


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    logical, current = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    pairs = []
    for entry in logical:
        instruction, _, arguments = entry.partition(" ")
        pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def dockerfile_healthcheck_command() -> list[str]:
    [arguments] = [args for instr, args in dockerfile_instructions() if instr == "HEALTHCHECK"]
    _, _, exec_form = arguments.partition(" CMD ")
    return json.loads(exec_form)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


# --- docker-compose.yml: services, order, health ---------------------------------


def test_compose_defines_the_production_stack(services):
    assert {"db", "redis", "migrate", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"] == "postgres:17"
    assert services["redis"]["image"] == "redis:7"


def test_app_services_are_built_from_the_dockerfile_as_one_image(services):
    for name in APP_SERVICES:
        assert services[name]["build"] == ".", name
    assert len({services[name]["image"] for name in APP_SERVICES}) == 1


def test_app_service_commands(services):
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    web = services["web"]["command"]
    assert web[:2] == ["gunicorn", "trackii.wsgi:application"]
    assert web[web.index("--bind") + 1] == "0.0.0.0:8000"
    assert services["worker"]["command"] == ["celery", "-A", "trackii", "worker", "-l", "info"]
    beat = services["beat"]["command"]
    assert beat[:4] == ["celery", "-A", "trackii", "beat"]
    assert beat[beat.index("--schedule") + 1] == BEAT_SCHEDULE


def test_every_long_running_service_has_a_healthcheck(services):
    for name in LONG_RUNNING:
        check = services[name].get("healthcheck")
        assert check, f"{name} has no healthcheck"
        assert not check.get("disable", False), name
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert "".join(check["test"][1:]).strip(), name


def test_healthchecks_probe_the_right_thing(services):
    def command(name):
        return interpolate(" ".join(services[name]["healthcheck"]["test"][1:]), {})

    assert "pg_isready" in command("db")
    assert "-U trackii -d trackii" in command("db")
    assert "redis-cli ping" in command("redis")
    assert "http://127.0.0.1:8000/healthz" in command("web")
    # $$ in the file reaches the container's shell as $, so it expands there to the
    # container's hostname, which is the worker's default node name.
    assert "celery -A trackii inspect ping -d celery@$HOSTNAME" in command("worker")
    assert BEAT_SCHEDULE in command("beat")


def test_web_healthcheck_matches_the_image_healthcheck(services):
    assert services["web"]["healthcheck"]["test"] == ["CMD", *dockerfile_healthcheck_command()]


def test_migrate_runs_once_after_the_database_is_healthy(services):
    migrate = services["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    # One-shot: the image's HTTP health check would never pass for it.
    assert migrate["healthcheck"] == {"disable": True}


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_service_waits_for_migrations_and_healthy_backends(services, name):
    depends_on = services[name]["depends_on"]
    assert depends_on["migrate"] == {"condition": "service_completed_successfully"}
    assert depends_on["db"] == {"condition": "service_healthy"}
    assert depends_on["redis"] == {"condition": "service_healthy"}


def test_database_lives_in_a_declared_named_volume(compose, services):
    mounts = [entry.split(":") for entry in services["db"]["volumes"]]
    [source] = [m[0] for m in mounts if m[1] == "/var/lib/postgresql/data"]
    assert not source.startswith(("/", ".", "~")), "a bind mount, not a named volume"
    assert source in compose["volumes"]


def test_only_web_publishes_a_port_and_on_loopback_by_default(services):
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"web"}
    assert [interpolate(p, {}) for p in services["web"]["ports"]] == ["127.0.0.1:8000:8000"]


# --- docker-compose.yml: environment and secrets ---------------------------------


def test_app_services_get_connection_and_keys_from_the_environment(services):
    required = re.compile(r"^\$\{(\w+):\?[^}]+\}$")
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["DATABASE_URL"] == (
            "postgres://trackii:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@db:5432/trackii"
        ), name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        for key in ("SECRET_KEY", "PSEUDONYM_KEY", "FIELD_ENCRYPTION_KEYS", "EMAIL_URL"):
            match = required.match(env[key])
            assert match, f"{name}: {key} must be a required ${{{key}:?...}}"
            assert match.group(1) == key
        assert env["DEBUG"] == "false", name


def test_no_secret_value_is_written_in_the_compose_file(services):
    secretish = re.compile(r"SECRET|PASSWORD|KEY|TOKEN")
    for name, service in services.items():
        for variable, value in (service.get("environment") or {}).items():
            # Not secrets, though named like them: a key prefix and a host name.
            if not secretish.search(variable) or variable in ("CACHE_KEY_PREFIX", "PASSKEY_RP_ID"):
                continue
            assert re.fullmatch(r"\$\{" + variable + r":\?[^}]+\}", value), (
                f"{name}: {variable} is not taken from the environment"
            )
    # The only credential inside a URL is interpolated, never written.
    for name in APP_SERVICES:
        for variable, value in services[name]["environment"].items():
            userinfo = re.match(r"^\w[\w+.-]*://([^@/]*)@", value)
            if userinfo:
                _, _, password = userinfo.group(1).partition(":")
                assert INTERPOLATION.fullmatch(password), f"{name}: {variable}"


def test_compose_passes_only_variables_trackii_or_gunicorn_read(services):
    known = set(settings_variables()) | GUNICORN_VARIABLES
    for name in APP_SERVICES:
        unknown = set(services[name]["environment"]) - known
        assert not unknown, f"{name} sets variables nothing reads: {unknown}"


def empty_string_defaults() -> set[str]:
    """Variables settings.py reads as strings whose own default is the empty string."""
    return set(
        re.findall(r'env\.str\(\s*"([A-Z][A-Z0-9_]*)",\s*default=""\)', SETTINGS.read_text())
    )


def test_empty_defaults_only_where_empty_is_trackiis_own_default(services):
    # An empty value is not "unset": SESSION_COOKIE_SECURE= reads as false and
    # EMAIL_URL= stops trackii. Only lists (read "" as []) and strings whose own default
    # is "" may be passed empty.
    kinds = settings_variables()
    for name in APP_SERVICES:
        for value in services[name]["environment"].values():
            for variable, op, default in INTERPOLATION.findall(value):
                if op == ":-" and default == "":
                    assert (
                        kinds.get(variable) == "list"
                        or variable in empty_string_defaults() | EMPTY_IS_GUNICORNS_DEFAULT
                    ), f"{variable} defaults to ''"


#: Listed in the deployment table but not passed by compose, each for a reason the table
#: gives: the embedded mode's data directory, and where the image collected static files.
NOT_FOR_COMPOSE = {"TRACKII_DATA_DIR", "STATIC_ROOT"}


def deployment_table_variables() -> set[str]:
    doc = DEPLOYMENT_DOC.read_text()
    section = doc.split("### Read by trackii", 1)[1].split("### Read by the compose file", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, flags=re.MULTILINE))


def test_compose_passes_every_variable_the_deployment_table_lists(services):
    listed = deployment_table_variables() - NOT_FOR_COMPOSE

    for name in APP_SERVICES:
        missing = listed - set(services[name]["environment"])
        assert missing == set(), f"{name} does not pass {sorted(missing)}"


def generated_secrets() -> dict[str, str]:
    out = subprocess.run(  # noqa: S603 -- our own script, no shell
        [sys.executable, str(ROOT / "scripts" / "generate-secrets")],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "")},  # no settings, no Django: a bare server
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines())


def test_generate_secrets_makes_every_secret_compose_requires_but_the_mail_server(services):
    dotenv = generated_secrets()

    env = services["web"]["environment"]
    # Step 1 of docs/deployment.md: the generated lines, plus EMAIL_URL by hand.
    resolved = {
        key: interpolate(value, {**dotenv, "EMAIL_URL": "smtp+tls://mail.example.org:587"})
        for key, value in env.items()
    }
    from cryptography.fernet import Fernet

    Fernet(resolved["FIELD_ENCRYPTION_KEYS"].encode())  # a valid key, or this raises
    assert sorted(dotenv) == [
        "FIELD_ENCRYPTION_KEYS",
        "POSTGRES_PASSWORD",
        "PSEUDONYM_KEY",
        "SECRET_KEY",
    ]
    assert len(set(dotenv.values())) == 4
    assert re.fullmatch(r"[0-9a-f]{64}", dotenv["POSTGRES_PASSWORD"])
    assert resolved["DATABASE_URL"] == (
        f"postgres://trackii:{dotenv['POSTGRES_PASSWORD']}@db:5432/trackii"
    )
    with pytest.raises(LookupError, match="EMAIL_URL"):
        interpolate(" ".join(env.values()), dotenv)


def test_deployment_doc_step_one_uses_the_secrets_script():
    doc = DEPLOYMENT_DOC.read_text()
    assert "python3 scripts/generate-secrets > .env" in doc
    assert "generate_encryption_key>" not in doc


def web_environment(services, **dotenv):
    """The web container's environment, given what an operator put in .env."""
    env = {k: interpolate(v, dotenv) for k, v in services["web"]["environment"].items()}
    return {"PATH": os.environ.get("PATH", ""), **env}


def production_settings(services, **overrides):
    """trackii's settings as the web container would load them, with .env values given."""
    env = web_environment(
        services,
        SECRET_KEY="s" * 64,
        PSEUDONYM_KEY="p" * 64,
        FIELD_ENCRYPTION_KEYS=FERNET_KEY,
        POSTGRES_PASSWORD="0123abcd",
        EMAIL_URL="smtp+tls://mailer:pw@mail.example.org:587",
        **overrides,
    )
    probe = (
        "import json, trackii.settings as s; db = s.DATABASES['default']; print(json.dumps({"
        "'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, 'PSEUDONYM_KEY': s.PSEUDONYM_KEY,"
        "'ENGINE': db['ENGINE'], 'HOST': db['HOST'], 'NAME': db['NAME'], 'USER': db['USER'],"
        "'PASSWORD': db['PASSWORD'], 'CONN_MAX_AGE': db['CONN_MAX_AGE'],"
        "'CACHE': s.CACHES['default']['BACKEND'], 'BROKER': s.CELERY_BROKER_URL,"
        "'EAGER': s.CELERY_TASK_ALWAYS_EAGER, 'HEALTHZ_CHECK_WORKER': s.HEALTHZ_CHECK_WORKER,"
        "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE,"
        "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE,"
        "'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT,"
        "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS,"
        "'PROXY_HEADER': getattr(s, 'SECURE_PROXY_SSL_HEADER', None),"
        "'EMAIL_BACKEND': s.EMAIL_BACKEND, 'EMAIL_HOST': s.EMAIL_HOST,"
        "'EMAIL_USE_TLS': s.EMAIL_USE_TLS, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS,"
        "'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS,"
        "'DEFAULT_FROM_EMAIL': s.DEFAULT_FROM_EMAIL, 'SESSION_ENGINE': s.SESSION_ENGINE,"
        "'AXES_HANDLER': getattr(s, 'AXES_HANDLER', None),"
        "'REDIRECT_EXEMPT': getattr(s, 'SECURE_REDIRECT_EXEMPT', None)}))"
    )
    result = subprocess.run(  # noqa: S603 -- fixed interpreter and code
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_compose_environment_configures_the_production_stack(services):
    s = production_settings(services)
    assert s["DEBUG"] is False
    assert s["SECRET_KEY"] == "s" * 64
    assert s["PSEUDONYM_KEY"] == "p" * 64
    assert (s["ENGINE"], s["HOST"], s["NAME"], s["USER"], s["PASSWORD"]) == (
        "django.db.backends.postgresql",
        "db",
        "trackii",
        "trackii",
        "0123abcd",
    )
    assert s["CONN_MAX_AGE"] == 60
    assert s["CACHE"] == "trackii.outbox.cache.TolerantRedisCache"  # Redis down: a miss
    assert s["BROKER"] == "redis://redis:6379/0"
    assert s["EAGER"] is False
    assert s["HEALTHZ_CHECK_WORKER"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert s["PROXY_HEADER"] is None
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_USE_TLS"]) == ("mail.example.org", True)
    assert s["ALLOWED_HOSTS"] == ["localhost"]
    assert s["CSRF_TRUSTED_ORIGINS"] == []
    assert s["DEFAULT_FROM_EMAIL"] == "trackii <no-reply@localhost>"


def test_compose_environment_behind_a_tls_proxy(services):
    s = production_settings(
        services,
        BEHIND_TLS_PROXY="true",
        ALLOWED_HOSTS="trackii.example.org",
        CSRF_TRUSTED_ORIGINS="https://trackii.example.org",
    )
    assert s["PROXY_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["ALLOWED_HOSTS"] == ["trackii.example.org"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://trackii.example.org"]


def test_compose_environment_passes_django_deploy_checks(services):
    env = web_environment(
        services,
        SECRET_KEY=secrets.token_urlsafe(50),
        PSEUDONYM_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEYS=FERNET_KEY,
        POSTGRES_PASSWORD=secrets.token_hex(16),
        EMAIL_URL="smtp+tls://mailer:pw@mail.example.org:587",
        ALLOWED_HOSTS="trackii.example.org",
        CSRF_TRUSTED_ORIGINS="https://trackii.example.org",
        BEHIND_TLS_PROXY="true",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_refuses_to_start_without_required_secrets(services):
    env = services["web"]["environment"]
    for variable in (
        "SECRET_KEY",
        "PSEUDONYM_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "POSTGRES_PASSWORD",
        "EMAIL_URL",
    ):
        given = {
            "SECRET_KEY": "s",
            "PSEUDONYM_KEY": "p",
            "FIELD_ENCRYPTION_KEYS": "k",
            "POSTGRES_PASSWORD": "pw",
            "EMAIL_URL": "smtp://mail.example.org",
        }
        del given[variable]
        with pytest.raises(LookupError, match=variable):
            interpolate(" ".join(env.values()), given)


# --- Dockerfile -------------------------------------------------------------------


def test_dockerfile_base_image_and_uv_from_pypi():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.13-slim")
    runs = [args for instr, args in instructions if instr == "RUN"]
    assert any(re.search(r"\bpip install\b.*\buv\b", run) for run in runs)
    for instr, args in instructions:
        assert not re.search(r"\b(curl|wget)\b", args), f"{instr} {args}"


def test_dockerfile_installs_from_the_lock_without_dev_dependencies():
    syncs = [
        args for instr, args in dockerfile_instructions() if instr == "RUN" and "uv sync" in args
    ]
    assert syncs
    for run in syncs:
        assert "--frozen" in run.split()
        assert "--no-dev" in run.split()


def test_dockerfile_collects_static_with_build_only_secrets():
    instructions = dockerfile_instructions()
    [collect] = [args for instr, args in instructions if "collectstatic" in args]
    assert "--noinput" in collect
    assert re.search(r"\bSECRET_KEY=\S+", collect)
    assert re.search(r"\bDATABASE_URL=\S+", collect)
    # Throwaway values must not outlive that RUN line as ENV or ARG.
    for instr, args in instructions:
        if instr in ("ENV", "ARG"):
            assert not re.search(
                r"\b(SECRET_KEY|DATABASE_URL|PSEUDONYM_KEY|FIELD_ENCRYPTION_KEYS)\b", args
            )


def test_dockerfile_runs_as_a_non_root_user():
    users = [args for instr, args in dockerfile_instructions() if instr == "USER"]
    assert users, "no USER: the container runs as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")


def test_dockerfile_exposes_and_serves_on_8000():
    instructions = dockerfile_instructions()
    assert ("EXPOSE", "8000") in instructions
    [cmd] = [args for instr, args in instructions if instr == "CMD"]
    cmd = json.loads(cmd)
    assert cmd[:2] == ["gunicorn", "trackii.wsgi:application"]
    assert cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    # Left to gunicorn's own environment variables (WEB_CONCURRENCY, FORWARDED_ALLOW_IPS).
    assert not {"--workers", "-w", "--forwarded-allow-ips"} & set(cmd)


def test_dockerfile_healthcheck_probes_healthz_with_python():
    command = dockerfile_healthcheck_command()
    assert command[:2] == ["python", "-c"]
    assert "/healthz" in command[2]


class _HealthzStub(http.server.BaseHTTPRequestHandler):
    status = 200
    seen: list

    def do_GET(self):
        self.seen.append((self.path, self.headers["Host"]))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    ("allowed_hosts", "status", "expected_host", "healthy"),
    [
        ("trackii.example.org,other.example.org", 200, "trackii.example.org", True),
        (".example.org", 200, "example.org", True),
        ("*", 200, "localhost", True),
        ("trackii.example.org", 503, "trackii.example.org", False),
    ],
)
def test_image_healthcheck_sends_an_allowed_host_and_fails_on_503(
    allowed_hosts, status, expected_host, healthy
):
    handler = type("Handler", (_HealthzStub,), {"status": status, "seen": []})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        python, flag, code = dockerfile_healthcheck_command()
        assert code.count("http://127.0.0.1:8000/") == 1
        code = code.replace("http://127.0.0.1:8000/", f"http://127.0.0.1:{server.server_port}/")
        result = subprocess.run(  # noqa: S603 -- the image's own health check
            [sys.executable, flag, code],
            env={"PATH": os.environ.get("PATH", ""), "ALLOWED_HOSTS": allowed_hosts},
            capture_output=True,
            timeout=30,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert python == "python"
    assert handler.seen == [("/healthz", expected_host)]
    assert (result.returncode == 0) is healthy


# --- .dockerignore and docs ------------------------------------------------------


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image():
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for required in (".git", ".venv", ".env", "data/", "staticfiles/", "**/__pycache__"):
        assert required in patterns, required


def test_deployment_doc_lists_every_variable_settings_reads():
    doc = DEPLOYMENT_DOC.read_text()
    table_rows = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", doc, flags=re.MULTILINE))
    missing = set(settings_variables()) - table_rows
    assert not missing, f"docs/deployment.md does not document {missing}"
    assert (
        'docker compose run --rm web python manage.py create_organization "Your organization" '
        "admin@example.org"
    ) in doc
    assert "BEHIND_TLS_PROXY=true" in doc


# --- docs/deployment.md: several web nodes and workers ----------------------------


def several_nodes_section() -> str:
    doc = DEPLOYMENT_DOC.read_text()
    return doc.split("## Several web nodes and workers", 1)[1].split("\n## ", 1)[0]


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def test_several_nodes_doc_scales_only_the_worker_with_compose(services):
    section = several_nodes_section()
    scaled = set(re.findall(r"--scale (\w+)=", section))

    assert scaled == {"worker"}
    # What lets compose start several workers side by side: no host port, no fixed name.
    assert "ports" not in services["worker"]
    assert "container_name" not in services["worker"]
    # And why web is not scaled there: one fixed host port per web container.
    assert [interpolate(p, {}) for p in services["web"]["ports"]] == ["127.0.0.1:8000:8000"]


def test_beat_runs_once_in_the_compose_file(services):
    beats = [name for name, s in services.items() if "beat" in (s.get("command") or [])]

    assert beats == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in services["beat"]
    assert "**Beat: exactly one**" in several_nodes_section()


def test_several_nodes_doc_runs_the_images_own_commands(services):
    commands = [
        " ".join(tokens[tokens.index("trackii") + 1 :])  # what follows the image's name
        for block in shell_blocks(several_nodes_section())
        for tokens in map(shlex.split, block.splitlines())
        if tokens[:2] == ["docker", "run"]
    ]

    # Web: the image's own command (gunicorn on 8000); worker and migrate: as in compose.
    assert commands == [
        " ".join(services["migrate"]["command"]),
        "",
        " ".join(services["worker"]["command"]),
    ]
    assert " ".join(services["beat"]["command"]).removeprefix("celery -A trackii ") in (
        several_nodes_section()
    )


def test_several_nodes_env_file_sets_what_every_node_must_share():
    [env_file] = [b for b in shell_blocks(several_nodes_section()) if "DATABASE_URL=" in b]
    names = [line.split("=", 1)[0] for line in env_file.splitlines() if line]

    assert set(names) <= set(settings_variables()) | GUNICORN_VARIABLES
    for shared in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PSEUDONYM_KEY"):
        assert shared in names, shared
    assert "FIELD_ENCRYPTION_KEYS" in names
    assert "EMAIL_URL" in names  # compose requires it: the console's default leaks links


def test_several_nodes_doc_health_check_is_the_exempt_healthz(services):
    section = several_nodes_section()
    s = production_settings(services)

    assert "`GET /healthz`" in section
    assert reverse("healthz") == "/healthz"
    assert s["REDIRECT_EXEMPT"] == [r"^healthz$"]
    assert "HEALTHZ_CHECK_WORKER=false" in section


def test_no_sticky_sessions_needed_in_the_compose_environment(services):
    s = production_settings(services)

    # Logins in the database, read through the Redis cache every node shares; lockouts in
    # the database (django-axes' default handler, not replaced).
    assert s["SESSION_ENGINE"] == "trackii.lib.sessions"
    assert s["CACHE"] == "trackii.outbox.cache.TolerantRedisCache"
    assert s["AXES_HANDLER"] is None
    assert "no sticky\nsessions" in several_nodes_section()


def test_compose_web_takes_the_proxy_protocol_options_the_doc_gives(services):
    section = several_nodes_section()
    given = {"GUNICORN_CMD_ARGS": "--proxy-protocol --proxy-allow-from 10.0.0.2"}

    passed = interpolate(services["web"]["environment"]["GUNICORN_CMD_ARGS"], given)

    assert passed == "--proxy-protocol --proxy-allow-from 10.0.0.2"
    assert interpolate(services["web"]["environment"]["GUNICORN_CMD_ARGS"], {}) == ""
    assert "`GUNICORN_CMD_ARGS=--proxy-protocol --proxy-allow-from 10.0.0.2`" in section
    assert "GUNICORN_CMD_ARGS" not in services["worker"]["environment"]
