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


def test_make_test_and_run_compile_the_catalogs_first():
    dry_run = subprocess.run(
        ["make", "-n", "test", "run"],  # noqa: S607 -- make from PATH, as developers run it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    lines = [line for line in dry_run.splitlines() if "compilemessages" in line or "pytest" in line]
    assert "compilemessages" in lines[0]
    assert "pytest" in lines[1]


def test_compiled_catalogs_are_never_committed():
    assert "*.mo" in (ROOT / ".gitignore").read_text().splitlines()
    assert "**/*.mo" in (ROOT / ".dockerignore").read_text().splitlines()
