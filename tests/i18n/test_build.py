"""Catalogs are compiled where trackii is built and run, never committed (issue 15); the
fonts that draw Arabic and Hebrew in report PDFs are installed in the same places."""

import subprocess

from tests.i18n.catalogs import ROOT
from tests.test_deployment_files import dockerfile_instructions


def test_dockerfile_installs_gettext_and_noto_and_compiles_the_catalogs():
    runs = [args for instr, args in dockerfile_instructions() if instr == "RUN"]

    [apt] = [run for run in runs if "apt-get install" in run]
    assert {"gettext", "fonts-noto-core"} <= set(apt.split())
    assert any("manage.py compilemessages" in run for run in runs)


def test_ci_installs_gettext_and_noto():
    script = (ROOT / ".ci" / "run").read_text()

    assert "apt-get install -y -qq gettext" in script
    assert "fonts-noto-core)" in script


def make_dry_run(target: str) -> str:
    """What `make <target>` would run, without running it."""
    return subprocess.run(  # noqa: S603 -- a fixed command line, no shell
        ["make", "-n", target],  # noqa: S607 -- make from PATH, as developers run it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_test_compiles_the_catalogs_before_pytest():
    commands = make_dry_run("test")

    assert "manage.py compilemessages" in commands
    assert commands.index("manage.py compilemessages") < commands.index("pytest")


def test_make_run_compiles_the_catalogs_before_serving():
    commands = make_dry_run("run")

    assert "manage.py compilemessages" in commands
    assert commands.index("manage.py compilemessages") < commands.index("runserver")


def test_compiled_catalogs_are_never_committed():
    assert "*.mo" in (ROOT / ".gitignore").read_text().splitlines()
    assert "**/*.mo" in (ROOT / ".dockerignore").read_text().splitlines()
