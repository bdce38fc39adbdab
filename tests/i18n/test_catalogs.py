"""The shipped catalogs, locale/<lang>/LC_MESSAGES/django.po (issue 15): each compiles with
`msgfmt --check`, has the plural forms of its language, and translates what it must.

What must be translated is read from the catalogs themselves (`make messages` writes every
marked string into each, with the files it comes from): in the app's languages (ar, fr, es,
ru) every string; in the participant-only languages (he, uk) every string that comes from a
participant-facing file (trackii.i18n.PARTICIPANT_FACING). An empty or fuzzy translation
counts as missing: gettext shows the English for both.
"""

import gettext
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from tests.i18n.catalogs import LOCALE, msgfmt, write_catalog
from trackii import i18n

#: The languages with a catalog of their own (English is the source).
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
APP = {code for code, _name in i18n.app_languages()}

#: How many plural forms a catalog of each language may have: GNU gettext's table, and
#: the count of Django's own catalog for it, which `makemessages` copies into a new one
#: (CLDR's: French and Spanish have a form for millions, Russian and Ukrainian one for
#: fractions, Hebrew one for two).
NPLURALS = {"ar": {6}, "fr": {2, 3}, "es": {2, 3}, "ru": {3, 4}, "uk": {3, 4}, "he": {2, 3, 4}}
#: Counts that must take the same form, group by group; different groups, different forms.
PLURAL_GROUPS = {
    # zero, one, two, few (3-10), many (11-99), other (100-102)
    "ar": [[0], [1], [2], [3, 10, 103], [11, 99], [100, 102]],
    "fr": [[0, 1], [2, 100]],
    "es": [[1], [0, 2, 100]],
    "ru": [[1, 21, 101], [2, 4, 22], [5, 11, 12, 14, 111]],
    "uk": [[1, 21, 101], [2, 4, 22], [5, 11, 12, 14, 111]],
    "he": [[1], [5, 7]],
}


def catalog_path(language: str, locale: Path = LOCALE) -> Path:
    return locale / language / "LC_MESSAGES" / "django.po"


def read_catalog(po: Path):
    with po.open("rb") as f:
        return read_po(f, locale=None)


def msgfmt_check(po: Path) -> str:
    """msgfmt --check's complaints about one catalog, "" when it has none."""
    command = [msgfmt(), "--check", "-o", "/dev/null", str(po)]
    # A fixed command line, no shell:
    result = subprocess.run(  # noqa: S603 -- see above
        command, capture_output=True, text=True, check=False
    )
    return result.stderr if result.returncode else ""


def plural_form_errors(po: Path, language: str) -> list[str]:
    """What is wrong with a catalog's Plural-Forms header for its language."""
    catalog = read_catalog(po)
    header = catalog.plural_forms or ""
    if catalog.num_plurals not in NPLURALS[language]:
        expected = " or ".join(str(n) for n in sorted(NPLURALS[language]))
        return [f"{language}: nplurals={catalog.num_plurals}, expected {expected} ({header})"]
    expression = header.split("plural=", 1)[-1].rstrip(";").strip()
    try:
        form = gettext.c2py(expression)
    except ValueError as e:
        return [f"{language}: the plural expression does not parse ({e}): {expression}"]
    groups = PLURAL_GROUPS[language]
    errors = [
        f"{language}: {group} take forms {[form(n) for n in group]}, expected one form"
        for group in groups
        if len({form(n) for n in group}) > 1
    ]
    if len({form(group[0]) for group in groups}) < len(groups):
        errors.append(f"{language}: {[g[0] for g in groups]} share forms ({expression})")
    return errors


def is_participant_facing(message) -> bool:
    return any(
        str(path).startswith(prefix)
        for path, _line in message.locations
        for prefix in i18n.PARTICIPANT_FACING
    )


def untranslated(po: Path, language: str) -> list[str]:
    """The msgids this catalog must translate and does not (empty or fuzzy)."""
    missing = []
    for message in read_catalog(po):
        if not message.id:
            continue
        if language not in APP and not is_participant_facing(message):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def existing_catalogs() -> list[tuple[str, Path]]:
    return [(lang, catalog_path(lang)) for lang in TRANSLATED if catalog_path(lang).exists()]


# --- The shipped catalogs ---------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated_where_it_must_be(language):
    """Fails until the translators' catalogs are merged: each shipped language needs one."""
    po = catalog_path(language)

    assert po.exists(), f"no catalog for {language}: run `make messages` and translate"
    missing = untranslated(po, language)
    assert missing == [], f"{len(missing)} strings untranslated or fuzzy in {language}"


def test_every_catalog_compiles_with_msgfmt_check():
    complaints = {lang: msgfmt_check(po) for lang, po in existing_catalogs()}

    assert {lang: text for lang, text in complaints.items() if text} == {}


def test_every_catalog_has_its_languages_plural_forms():
    errors = [e for lang, po in existing_catalogs() for e in plural_form_errors(po, lang)]

    assert errors == []


# --- The checks themselves, on catalogs made for the purpose ------------------------------


def test_completeness_check_counts_empty_and_fuzzy_as_missing(tmp_path):
    po = write_catalog(tmp_path, "he", {"Will you come?": ""})
    po.write_text(
        po.read_text(encoding="utf-8")
        + "\n#: participants/templates/participants/public/respond.html\n"
        + '#, fuzzy\nmsgid "Your invitation"\nmsgstr "ההזמנה שלך"\n'
        + '\n#: dialogues/templates/dialogues/venue_list.html\nmsgid "Venues"\nmsgstr ""\n',
        encoding="utf-8",
    )
    text = po.read_text(encoding="utf-8").replace(
        'msgid "Will you come?"',
        '#: participants/templates/participants/invitation_respondent.html\nmsgid "Will you come?"',
    )
    po.write_text(text, encoding="utf-8")

    # Hebrew is for participants' pages only: the venue list's string may stay empty.
    assert untranslated(po, "he") == ["Will you come?", "Your invitation"]


def test_plural_forms_check_refuses_arabic_with_two_forms(tmp_path):
    po = write_catalog(tmp_path, "fr", {})
    arabic = catalog_path("ar", tmp_path)
    arabic.parent.mkdir(parents=True)
    arabic.write_text(po.read_text(encoding="utf-8"), encoding="utf-8")

    assert plural_form_errors(arabic, "ar") == [
        "ar: nplurals=2, expected 6 (nplurals=2; plural=(n > 1);)"
    ]


def test_plural_forms_check_accepts_arabics_six_forms(tmp_path):
    po = write_catalog(tmp_path, "ar", {})

    assert plural_form_errors(po, "ar") == []


def test_msgfmt_check_reports_a_broken_placeholder(tmp_path):
    po = write_catalog(tmp_path, "fr", {})
    po.write_text(
        po.read_text(encoding="utf-8")
        + '\n#, python-format\nmsgid "Invitation: %(name)s"\nmsgstr "Invitation : %(nom)s"\n',
        encoding="utf-8",
    )

    assert "argument 'name' doesn't exist in 'msgstr'" in msgfmt_check(po)
