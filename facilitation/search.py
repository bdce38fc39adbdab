"""Search within one dialogue: notes, options, outcomes, transfers, trust steps,
reflections and participants, each only as far as the user may read it.

Their text is encrypted at rest (trackii.privacy.fields), so SQL cannot search it: the
candidates are read through visible_to (only what the user may read), bounded to the
newest CANDIDATES_PER_KIND of each kind, decrypted in Python and matched there,
case-insensitively. Attribution (a note's speaker, an option's proposer, a transfer's
recipient) is searched only for those who may see it (DESIGN.md: attribution is `team`
at the least). A participant is matched by the name the role may see: a protected
person's pseudonym for everyone but organizers (Participant.shown_name).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from facilitation.models import Note, Option, Outcome, Reflection, Transfer, TrustStep
from participants.selectors import visible_participants
from trackii.privacy.roles import TEAM_ROLES, sees_attribution

CANDIDATES_PER_KIND = 5_000
MAX_HITS = 50
SNIPPET = 80


@dataclass
class Hit:
    code: str
    kind: str
    obj: object
    snippet: str
    url: str | None = None

    @property
    def level(self) -> str | None:
        return getattr(self.obj, "level", None)


@dataclass(frozen=True)
class Filters:
    """What the search form narrows to: kinds (codes; none means all), a level, and the
    days the item was recorded (inclusive)."""

    kinds: frozenset = frozenset()
    level: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def _snippet(text: str, at: int, length: int) -> str:
    start = max(0, at - SNIPPET)
    end = min(len(text), at + length + SNIPPET)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class Kind:
    code: str
    label: object
    #: (user, dialogue, role) -> the visible queryset of this kind in the dialogue.
    rows: object
    #: role -> the fields searched, as (attribute or callable of (obj, role)).
    fields: object
    #: (obj, dialogue_id, role) -> the page to open it on, or None.
    url: object = None
    roles: frozenset = field(default_factory=lambda: frozenset())  # empty: every reader


def _scoped(model, *related):
    def rows(user, dialogue, role):
        return model.objects.visible_to(user).filter(dialogue=dialogue).select_related(*related)

    return rows


def _note_url(note, dialogue_id, role):
    return reverse("facilitation:note-detail", args=[dialogue_id, note.pk])


def _option_url(option, dialogue_id, role):
    return reverse("facilitation:option-detail", args=[dialogue_id, option.pk])


def _team_url(name):
    def url(obj, dialogue_id, role):
        return reverse(name, args=[dialogue_id]) if role in TEAM_ROLES else None

    return url


def _console_url(step, dialogue_id, role):
    if role not in TEAM_ROLES:
        return None
    return reverse("facilitation:console", args=[dialogue_id, step.session_id])


def _reflections_url(reflection, dialogue_id, role):
    return reverse("facilitation:round-reflections", args=[dialogue_id, reflection.round_id])


def _participant_url(participant, dialogue_id, role):
    return reverse("participants:detail", args=[dialogue_id, participant.pk])


def _participants(user, dialogue, role):
    return visible_participants(user=user, dialogue=dialogue, role=role)


def _reflections(user, dialogue, role):
    return Reflection.objects.visible_to(user).filter(round__dialogue=dialogue)


def _shown_name(participant, role):
    return participant.shown_name(role)


KINDS = (
    Kind(
        "note",
        _("Note"),
        _scoped(Note, "session"),
        lambda role: ("text", "speaker") if sees_attribution(role) else ("text",),
        _note_url,
    ),
    Kind(
        "option",
        _("Option"),
        _scoped(Option),
        lambda role: (
            ("title", "text", "proposed_by") if sees_attribution(role) else ("title", "text")
        ),
        _option_url,
    ),
    Kind(
        "outcome",
        _("Outcome"),
        _scoped(Outcome),
        lambda role: (
            "who_description",
            "what_changed",
            "contribution",
            "evidence",
            "evidence_source",
        ),
        _team_url("facilitation:outcome-list"),
    ),
    Kind(
        "transfer",
        _("Transfer"),
        _scoped(Transfer),
        lambda role: (
            ("insight", "response", "recipient_name")
            if sees_attribution(role)
            else ("insight", "response")
        ),
        _team_url("facilitation:transfer-list"),
    ),
    Kind(
        "trust_step",
        _("Trust-building step"),
        _scoped(TrustStep, "session"),
        lambda role: ("observed",),
        _console_url,
    ),
    Kind(
        "reflection",
        _("Reflection"),
        _reflections,
        lambda role: ("what_shifted", "what_worked", "risks", "change_next"),
        _reflections_url,
        roles=TEAM_ROLES,
    ),
    Kind(
        "participant",
        _("Participant"),
        _participants,
        lambda role: (_shown_name,),
        _participant_url,
    ),
)

#: (code, label) of every kind, for the search form.
KIND_CHOICES = [(kind.code, kind.label) for kind in KINDS]


def kinds_for(role: str | None) -> list[Kind]:
    return [kind for kind in KINDS if not kind.roles or role in kind.roles]


def _narrowed(queryset, model_has_level: bool, filters: Filters):
    if filters.level:
        if not model_has_level:
            return queryset.none()
        queryset = queryset.filter(level=filters.level)
    if filters.since:
        queryset = queryset.filter(created_at__date__gte=filters.since)
    if filters.until:
        queryset = queryset.filter(created_at__date__lte=filters.until)
    return queryset


def _text(obj, name, role) -> str:
    value = name(obj, role) if callable(name) else getattr(obj, name)
    return value or ""


def dialogue_search(
    user, *, dialogue, role: str, query: str, filters: Filters | None = None
) -> tuple[list[Hit], bool]:
    """Hits (at most MAX_HITS, newest first per kind) and whether more were left out."""
    filters = filters or Filters()
    needle = query.strip().casefold()
    hits: list[Hit] = []
    if not needle:
        return hits, False
    for kind in kinds_for(role):
        if filters.kinds and kind.code not in filters.kinds:
            continue
        rows = kind.rows(user, dialogue, role)
        has_level = any(f.name == "level" for f in rows.model._meta.fields)
        candidates = _narrowed(rows, has_level, filters).order_by("-created_at", "-id")
        names = kind.fields(role)
        for obj in candidates[:CANDIDATES_PER_KIND]:
            for name in names:
                text = _text(obj, name, role)
                at = text.casefold().find(needle)
                if at >= 0:
                    if len(hits) >= MAX_HITS:
                        return hits, True
                    hits.append(
                        Hit(
                            code=kind.code,
                            kind=kind.label,
                            obj=obj,
                            snippet=_snippet(text, at, len(needle)),
                            url=kind.url(obj, dialogue.pk, role) if kind.url else None,
                        )
                    )
                    break
    return hits, False
