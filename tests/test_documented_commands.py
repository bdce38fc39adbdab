"""Every command the README and docs/ show works as written on a machine set up as the
README says (issue 20).

The commands are read from the documents' code (inline `code` and fenced blocks):
- those without side effects are run as written, in a subprocess, in the embedded mode
  against a SQLite database in a temporary directory: `.venv/bin/python manage.py
  demo_code ...` (after loading the demos there: the one slow test here),
  `python3 scripts/generate-secrets`, `make help`, and the scripts' `--help`;
- every other `manage.py` command must exist, with every option the documents give it;
- every `make` target shown must be one the Makefile has.
"""

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
VENV_PYTHON = ".venv/bin/python"
#: The test run's own settings, which a command run as the README says must not inherit.
NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "CACHE_KEY_PREFIX",
    "TRACKII_DATA_DIR",
)


def code_lines() -> list[tuple[str, str]]:
    """(document name, line of code) for every inline code span and fenced code line."""
    found = []
    for path in DOCUMENTS:
        text = path.read_text()
        fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)
        for block in fenced:
            # A line ending in a backslash goes on on the next one.
            for line in block.replace("\\\n", " ").splitlines():
                found.append((path.name, line.strip()))
        outside = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
        found += [(path.name, span.strip()) for span in re.findall(r"`([^`\n]+)`", outside)]
    return found


def manage_commands() -> list[tuple[str, str, str]]:
    """(document, command name, the rest of the line) for each `manage.py <command>`."""
    return [
        (doc, m.group(1), m.group(2))
        for doc, line in code_lines()
        for m in re.finditer(r"manage\.py ([a-z_]+)([^|;&>]*)", line)
    ]


def runnable(prefix: str) -> list[str]:
    """The documented lines that start with `prefix`, as written (a redirect cut off)."""
    lines = {line.split(" > ")[0].strip() for _doc, line in code_lines()}
    return sorted(line for line in lines if line.startswith(prefix))


def runner(data_dir: Path):
    """run(command line): runs it in the repository, in the embedded mode with `data_dir`
    as its data directory (its own SQLite database), and answers the finished process."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env["TRACKII_DATA_DIR"] = str(data_dir)

    def run(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 -- commands from the project's own documents
            shlex.split(command),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert (ROOT / VENV_PYTHON).exists(), "the README's .venv is missing (run `make test`)"
    return run


@pytest.fixture
def as_in_the_readme(tmp_path):
    """A runner for commands that need no database."""
    return runner(tmp_path)


@pytest.fixture
def with_the_demos_loaded(tmp_path):
    """A runner whose database has the small demo and a tiny large demo loaded."""
    run = runner(tmp_path)
    for setup in (
        f"{VENV_PYTHON} manage.py migrate --verbosity 0",
        f"{VENV_PYTHON} manage.py seed_demo --quiet-logins",
        f"{VENV_PYTHON} manage.py seed_demo --scale large --scale-factor 0.002 --quiet-logins",
    ):
        done = run(setup)
        assert done.returncode == 0, f"{setup}\n{done.stderr[-3000:]}"
    return run


def test_documents_show_commands_this_test_reads():
    names = {name for _doc, name, _rest in manage_commands()}

    assert {"demo_code", "create_organization", "seed_demo", "migrate"} <= names
    assert runnable(f"{VENV_PYTHON} manage.py demo_code")
    assert runnable("python3 scripts/generate-secrets")


def test_documented_demo_code_commands_print_a_code(with_the_demos_loaded):
    commands = runnable(f"{VENV_PYTHON} manage.py demo_code")

    results = {command: with_the_demos_loaded(command) for command in commands}

    assert len(commands) >= 2  # the small demo's (README) and the large demo's (performance)
    for command, done in results.items():
        assert done.returncode == 0, f"{command}: {done.stderr[-2000:]}"
        assert re.fullmatch(r"\d{6}\n", done.stdout), command


def test_documented_generate_secrets_prints_every_secret_as_a_variable(as_in_the_readme):
    for command in runnable("python3 scripts/generate-secrets"):
        done = as_in_the_readme(command)

        assert done.returncode == 0, done.stderr
        variables = dict(
            line.split("=", 1) for line in done.stdout.splitlines() if re.match(r"^[A-Z_]+=", line)
        )
        assert {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS"} <= set(variables)
        assert all(variables.values())


def test_documented_scripts_answer_help_without_side_effects(as_in_the_readme):
    scripts = {
        m.group(1)
        for _doc, line in code_lines()
        for m in re.finditer(r"(scripts/bench(?:_report)?)\b", line)
    }

    assert scripts == {"scripts/bench", "scripts/bench_report"}
    for script in sorted(scripts):
        done = as_in_the_readme(f"{VENV_PYTHON} {script} --help")

        assert done.returncode == 0, f"{script}: {done.stderr[-2000:]}"
        assert "created database" not in done.stdout


def test_documented_make_targets_exist(as_in_the_readme):
    shown = {
        m.group(1)
        for _doc, line in code_lines()
        for m in re.finditer(r"(?:^|\s)make ([a-z][\w-]*)", line)
    }
    done = as_in_the_readme("make help")

    assert done.returncode == 0, done.stderr
    listed = {"help", *re.findall(r"^make ([a-z][\w-]*)", done.stdout, re.M)}
    assert shown <= listed, shown - listed


def test_documented_manage_commands_exist_with_the_options_shown():
    commands = get_commands()
    problems = []
    for doc, name, rest in manage_commands():
        if name not in commands:
            problems.append(f"{doc}: manage.py {name}: no such command")
            continue
        parser = load_command_class(commands[name], name).create_parser("manage.py", name)
        known = {option for action in parser._actions for option in action.option_strings}
        for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", rest):
            if option not in known:
                problems.append(f"{doc}: manage.py {name} has no option {option}")

    assert problems == []


def test_printed_and_documented_manage_lines_use_the_readmes_python():
    """Bare `python manage.py` has no Django on a machine like the README's, and `uv` may
    not be on its PATH (the Makefile finds it). Only commands run inside the Docker image,
    where `python` is the image's (deployment.md, and `docker compose` lines), may say so."""
    bare = [
        (doc, line)
        for doc, line in code_lines()
        if re.search(r"(?:^|\s)python3? manage\.py", line)
        and "docker compose" not in line
        and doc != "deployment.md"
    ]
    bare_uv = [(doc, line) for doc, line in code_lines() if re.match(r"uv run\b", line)]

    assert bare == []
    assert bare_uv == []
