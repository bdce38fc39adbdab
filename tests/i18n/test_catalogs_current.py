"""The shipped catalogs hold every string the code marks (issue 15): a string marked but
missing from locale/<lang>/LC_MESSAGES/django.po is shown in English to everyone, and no
translator ever sees it.

The strings are extracted the way `make messages` does (its very command, read from the
Makefile), in a copy of the source tree in a temporary directory, so the catalogs in the
repository are never touched. When this fails, run `make messages`, translate, commit.
"""

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.i18n.catalogs import ROOT, write_catalog
from tests.i18n.test_build import make_dry_run
from tests.i18n.test_catalogs import TRANSLATED, catalog_path, read_catalog

#: Not source: what `make messages` ignores, and what a copy does not need.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "tests", "scripts", "docs", "data", "locale", "*.mo"
)


def makemessages_command() -> list[str]:
    """`make messages`' extraction command, run by this Python."""
    [line] = [line for line in make_dry_run("messages").splitlines() if "makemessages" in line]
    words = shlex.split(line)
    start = words.index("manage.py")
    return [sys.executable, *words[start:]]


def keys(po: Path) -> set[tuple[str, str]]:
    """(context, msgid) of every message of a catalog; a plural by its singular."""
    return {
        (message.context or "", message.id if isinstance(message.id, str) else message.id[0])
        for message in read_catalog(po)
        if message.id
    }


def missing_from(extracted: set, po: Path) -> list[str]:
    """The extracted strings a catalog lacks, readably: "context|msgid" or "msgid"."""
    return sorted(f"{ctx}|{msgid}" if ctx else msgid for ctx, msgid in extracted - keys(po))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple[str, str]]:
    """Every string the source marks, extracted by `make messages`' command into a copy."""
    copy = tmp_path_factory.mktemp("source") / "trackii"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE)
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "trackii.settings_test"}
    subprocess.run(  # noqa: S603 -- a fixed command line (the Makefile's), no shell
        makemessages_command(), cwd=copy, env=env, check=True, capture_output=True
    )
    po = catalog_path(TRANSLATED[0], copy / "locale")
    return keys(po)


def test_extraction_finds_the_strings_the_code_marks(extracted):
    # One from a template, one from Python with a context.
    assert {("", "Will you come?"), ("report status", "Withdrawn")} <= extracted


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_holds_every_string_the_code_marks(language, extracted):
    po = catalog_path(language)

    assert po.exists(), f"no catalog for {language}: run `make messages`"
    missing = missing_from(extracted, po)
    assert missing == [], (
        f"locale/{language}/LC_MESSAGES/django.po lacks {len(missing)} strings the code "
        "marks (run `make messages` and translate them):\n" + "\n".join(missing)
    )


def test_check_names_a_string_the_catalog_lacks(tmp_path):
    po = write_catalog(tmp_path, "fr", {"Will you come?": "Viendrez-vous ?"})

    assert missing_from({("", "Will you come?"), ("", "Your needs")}, po) == ["Your needs"]
