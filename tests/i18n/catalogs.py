"""Translation catalogs for tests: compiling the project's once per run, and writing small
ones of a test's own (the project's catalogs are the translators'; a test that needs a
known translation brings it).

Needs gettext's msgfmt (Debian: apt-get install gettext), as `make compilemessages` does.
"""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE = ROOT / "locale"

#: Plural-Forms of the test catalogs, as Django's own catalogs for these languages have them.
PLURAL_FORMS = {
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 && n%100<=99 ? 4 : 5;",
    "fr": "nplurals=2; plural=(n > 1);",
}


def msgfmt() -> str:
    program = shutil.which("msgfmt")
    if program is None:
        raise RuntimeError("msgfmt not found: install gettext (apt-get install gettext)")
    return program


def compile_po(po: Path) -> Path:
    """Compile one .po next to it, atomically: a reader sees the old .mo or the new one,
    never half of one (xdist workers, a second run)."""
    mo = po.with_suffix(".mo")
    partial = po.with_name(f".{po.stem}.{os.getpid()}.mo")
    command = [msgfmt(), "--check-format", "-o", str(partial), str(po)]
    subprocess.run(command, check=True)  # noqa: S603 -- a fixed command line, no shell
    os.replace(partial, mo)
    return mo


def compile_stale(locale: Path = LOCALE) -> list[Path]:
    """Compile every catalog under `locale` whose .mo is missing or older than its .po."""
    compiled = []
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compiled.append(compile_po(po))
    return compiled


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_catalog(locale: Path, language: str, translations: dict[str, str]) -> Path:
    """Write and compile locale/<language>/LC_MESSAGES/django.po with these translations
    (msgid → msgstr). Returns the .po's path."""
    po = locale / language / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "Content-Type: text/plain; charset=UTF-8\n"
        f"Language: {language}\n"
        f"Plural-Forms: {PLURAL_FORMS.get(language, 'nplurals=2; plural=(n != 1);')}\n"
    )
    lines = ['msgid ""', f"msgstr {_quote(header)}", ""]
    for msgid, msgstr in translations.items():
        lines += [f"msgid {_quote(msgid)}", f"msgstr {_quote(msgstr)}", ""]
    po.write_text("\n".join(lines), encoding="utf-8")
    compile_po(po)
    return po


#: What the language tests translate (tests/i18n/test_app_language.py,
#: tests/invitations/test_private_link_language.py).
TEST_TRANSLATIONS = {
    "ar": {
        "Hello,": "مرحبًا،",
        "Invitation: %(name)s": "دعوة: %(name)s",
        "Will you come?": "هل ستحضر؟",
    },
    "fr": {
        "Hello,": "Bonjour,",
        "Will you come?": "Viendrez-vous ?",
        "My dialogues": "Mes dialogues",
        "A quick, anonymous reading": "Un relevé rapide et anonyme",
        "Confirm your new trackii login address": "Confirmez votre nouvelle adresse de connexion",
    },
}


def use_test_catalogs(locale: Path, settings) -> None:
    """Write TEST_TRANSLATIONS' catalogs under `locale` and make them the project's."""
    for language, translations in TEST_TRANSLATIONS.items():
        write_catalog(locale, language, translations)
    settings.LOCALE_PATHS = [locale]
