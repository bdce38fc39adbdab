"""Search within one dialogue's notes, options and outcomes.

Their text is encrypted at rest (trackii.privacy.fields), so SQL cannot search it: the
candidates are read through visible_to (only what the user may read), bounded to the
newest CANDIDATES_PER_KIND of each kind, decrypted in Python and matched there,
case-insensitively. Attribution (a note's speaker, an option's proposer) is searched
only for those who may see it (DESIGN.md: attribution is `team` at the least).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from facilitation.models import Note, Option, Outcome
from trackii.privacy.roles import sees_attribution

CANDIDATES_PER_KIND = 5_000
MAX_HITS = 50
SNIPPET = 80


@dataclass
class Hit:
    code: str
    kind: str
    obj: object
    snippet: str


def _snippet(text: str, at: int, length: int) -> str:
    start = max(0, at - SNIPPET)
    end = min(len(text), at + length + SNIPPET)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _fields(kind: str, role: str) -> tuple[str, ...]:
    attribution = sees_attribution(role)
    if kind == "note":
        return ("text", "speaker") if attribution else ("text",)
    if kind == "option":
        return ("title", "text", "proposed_by") if attribution else ("title", "text")
    return ("who_description", "what_changed", "contribution", "evidence", "evidence_source")


KINDS = (
    ("note", _("Note"), Note, ("session",)),
    ("option", _("Option"), Option, ()),
    ("outcome", _("Outcome"), Outcome, ()),
)


def dialogue_search(user, *, dialogue, role: str, query: str) -> tuple[list[Hit], bool]:
    """Hits (at most MAX_HITS, newest first per kind) and whether more were left out."""
    needle = query.strip().casefold()
    hits: list[Hit] = []
    more = False
    if not needle:
        return hits, more
    for kind, label, model, related in KINDS:
        candidates = (
            model.objects.visible_to(user)
            .filter(dialogue=dialogue)
            .select_related(*related)
            .order_by("-created_at", "-id")[:CANDIDATES_PER_KIND]
        )
        names = _fields(kind, role)
        for obj in candidates:
            for name in names:
                text = getattr(obj, name) or ""
                at = text.casefold().find(needle)
                if at >= 0:
                    if len(hits) >= MAX_HITS:
                        return hits, True
                    hits.append(
                        Hit(code=kind, kind=label, obj=obj, snippet=_snippet(text, at, len(needle)))
                    )
                    break
    return hits, more
