"""The texts participants read, per language: the confidentiality agreement and the
invitation text (dialogues.models.ParticipantText).

An organizer gives each text in any of the participant languages and marks one language as
the reference. A version is never edited: saving a changed text adds the next version of
its kind and language, so a consent can name the version and the fingerprint of exactly the
text that was agreed to (participants/services/invitations.py, consent_record).

A participant reads their language's newest version; if it has none (or an empty one),
the reference language's, with a note that theirs is not available (`shown_text`).
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import get_language_info

from dialogues.models import Dialogue, ParticipantText
from trackii import i18n
from trackii.privacy.access import require_organizer

Kind = ParticipantText.Kind


# --- reading -------------------------------------------------------------------


def text_digest(text: str) -> str:
    """The fingerprint of a text (SHA-256), so a consent shows once the text changes."""
    return hashlib.sha256(text.encode()).hexdigest()


def newest_versions(versions) -> dict[tuple[str, str], ParticipantText]:
    """The newest version of each (kind, language) among `versions` (any order)."""
    newest: dict[tuple[str, str], ParticipantText] = {}
    for v in versions:
        key = (v.kind, v.language)
        if key not in newest or v.version > newest[key].version:
            newest[key] = v
    return newest


@dataclass(frozen=True)
class ShownText:
    """What a participant reads of one kind of text, in the language they asked for.

    `version` is None when there is no text at all (not even in the reference language).
    `is_fallback` says the text is the reference language's because theirs has none.
    """

    version: ParticipantText | None
    requested_language: str

    @property
    def text(self) -> str:
        return self.version.text if self.version else ""

    @property
    def language(self) -> str:
        return self.version.language if self.version else ""

    @property
    def number(self) -> int | None:
        return self.version.version if self.version else None

    @property
    def digest(self) -> str:
        return text_digest(self.text)

    @property
    def is_fallback(self) -> bool:
        return self.version is not None and self.version.language != self.requested_language

    @property
    def direction(self) -> str:
        """The text's writing direction, for its `dir` attribute (it may differ from the
        page's when the reference version is shown)."""
        if not self.language:
            return "auto"
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"


def shown_text(dialogue: Dialogue, *, kind: str, language: str, versions=None) -> ShownText:
    """The version of `kind` a participant reading in `language` is shown: their
    language's newest if it holds text, else the reference language's newest.

    `versions` are the dialogue's ParticipantText rows if the caller prefetched them
    (`dialogue.participant_texts.all()` is used otherwise)."""
    if versions is None:
        versions = dialogue.participant_texts.all()
    newest = newest_versions(versions)
    for code in (language, dialogue.reference_language):
        version = newest.get((kind, code))
        if version is not None and version.text:
            return ShownText(version=version, requested_language=language)
    return ShownText(version=None, requested_language=language)


def is_current(*, language: str, digest: str, versions) -> bool:
    """Whether a consent to `language` (its `version`, fingerprint `digest`) is to the
    agreement as it reads now in that language: the newest version of that language has the
    same text. A consent given to the reference version while the participant's language had
    none stays current until the reference text changes."""
    newest = newest_versions(versions).get((Kind.AGREEMENT, language))
    current_text = newest.text if newest else ""
    return text_digest(current_text) == digest


# --- organizers ------------------------------------------------------------------


def participant_texts_save(
    *, actor, dialogue: Dialogue, reference_language: str, texts: dict[tuple[str, str], str]
) -> list[ParticipantText]:
    """Set the reference language and save the texts an organizer typed, keyed by
    (kind, language). Organizers only.

    A text that differs from its language's newest version becomes the next version; an
    unchanged one writes nothing, so saving the form twice leaves one version. Returns the
    versions written. The dialogue's row is locked, so two organizers saving at once never
    write the same version number.
    """
    require_organizer(actor, dialogue)
    languages = {code for code, _name in i18n.participant_languages()}
    unknown = [key for key in texts if key[0] not in Kind.values or key[1] not in languages]
    if unknown or reference_language not in languages:
        raise ValueError(f"unknown kinds or languages: {unknown or reference_language}")
    written = []
    with transaction.atomic():
        locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
        newest = newest_versions(ParticipantText.objects.filter(dialogue=locked))
        for (kind, language), text in texts.items():
            text = text.strip()
            before = newest.get((kind, language))
            if text == (before.text if before else ""):
                continue
            version = ParticipantText(
                dialogue=locked,
                kind=kind,
                language=language,
                version=(before.version if before else 0) + 1,
                text=text,
                created_by=actor,
            )
            version.full_clean()
            written.append(version)
        ParticipantText.objects.bulk_create(written)
        if locked.reference_language != reference_language:
            locked.reference_language = reference_language
            locked.save(update_fields=["reference_language"])
        dialogue.reference_language = reference_language
    return written
