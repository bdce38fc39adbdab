"""Retention: what a dialogue keeps once it has been closed for longer than its organizers
chose (Dialogue.retention_days), and the purge that removes the rest.

The purge reaches into dialogues, facilitation and participants: it must remove their
confidential records, and, like reports, it reads all of them. So it lives here, above
those apps; nothing imports it but the daily task and the purge_retention command (both in
this app). When a dialogue is due is dialogues/services/retention.py.

What goes (for each dialogue past its retention period):
- deleted: notes, trust-building steps, session summaries, transfers, outcomes,
  reflections, vetting notes, invitations (with the needs people stated), reading links,
  and the restricted-item grants on what was deleted;
- blanked: the text, tags, proposer and title of options (the title is replaced by
  PURGED_OPTION_TITLE), the reasons given for option moves, the selection rationale of
  participants, sessions' agenda items, every encrypted field of the dialogue itself
  (real title, description, context, who may see records) and of its
  theory-of-change statements (if / then / because, assumptions, indicators): the
  fields are found by the same walk as key rotation (encrypted_field_names), so a field
  encrypted later is blanked too;
- deleted too: the statements' revisions (each is a copy of a statement's old text), and
  every version of the agreement and invitation texts, in every language (consent
  records keep only their language, version number and fingerprint);
- erased: the identity and contact fields of the people in it who take part in no
  other dialogue still within its retention (persons_identity_destroy in
  participants/services/rights.py).

What stays: the code name, sides, rounds, sessions' titles and times, attendance,
trust readings (scores, no text), options as rows (stage, topics, each side's stance,
moves between stages), participants as rows (side, state), consent records (no text,
no identity), and every published funder report, which is a frozen snapshot. These are
the counts reports are made of. Venues, funding and the theory of change are the
organizers' planning, not records of people or of what was said: they stay too, and so
do the theory-of-change statements as rows (reports point at their ids), blank.

Idempotent: a second run finds nothing left to remove, changes nothing and writes no
audit event. Each dialogue is purged in its own transaction, with its row locked.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from guardian.models import UserObjectPermission

from dialogues.models import ChangeStatement, ChangeStatementRevision, Dialogue, ParticipantText
from dialogues.services.retention import dialogues_past_retention, purge_due_at
from facilitation.models import (
    Note,
    Option,
    OptionEvent,
    Outcome,
    ReadingLink,
    Reflection,
    Session,
    SessionSummary,
    Transfer,
    TrustStep,
)
from participants.models import Invitation, Participant, Person, VettingNote
from participants.services.rights import persons_identity_destroy
from trackii.privacy.audit import audit_record
from trackii.privacy.encrypted import encrypted_field_names
from trackii.privacy.models import AuditEvent
from trackii.privacy.unscoped import Reason, unscoped

#: What a purged option is called from then on (its own title is confidential text).
PURGED_OPTION_TITLE = "Option purged after the retention period"

#: Kinds of record deleted outright, in an order that respects the foreign keys
#: (transfers before the options they point to; options themselves are kept).
DELETED = (
    ("notes", Note, "dialogue"),
    ("trust_steps", TrustStep, "dialogue"),
    ("session_summaries", SessionSummary, "dialogue"),
    ("transfers", Transfer, "dialogue"),
    ("outcomes", Outcome, "dialogue"),
    ("reflections", Reflection, "round__dialogue"),
    ("vetting_notes", VettingNote, "dialogue"),
    ("invitations", Invitation, "round__dialogue"),
    ("reading_links", ReadingLink, "session__round__dialogue"),
    ("change_statement_revisions", ChangeStatementRevision, "statement__dialogue"),
    ("participant_texts", ParticipantText, "dialogue"),
)

RATIONALE_FIELDS = (
    "rationale_influence",
    "rationale_access",
    "rationale_openness",
    "rationale_credibility",
)
OPTION_TEXT_FIELDS = ("text", "tags", "proposed_by")


@dataclass
class PurgePlan:
    """What the purge removes (or removed) from one dialogue, counted per kind."""

    dialogue_id: int
    code_name: str
    due_at: datetime
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _non_empty(*names: str) -> Q:
    """Rows where any of these (possibly encrypted) text columns holds something.

    Encrypted columns allow no SQL comparison, but an empty value is stored as an empty
    string, so the length of the stored value tells empty from not."""
    condition = Q()
    for name in names:
        condition |= Q(**{f"_len_{name}__gt": 0})
    return condition


def _with_lengths(queryset, *names: str):
    return queryset.annotate(**{f"_len_{name}": Length(name) for name in names}).filter(
        _non_empty(*names)
    )


def _targets(dialogue: Dialogue, *, erasable_people) -> dict[str, object]:
    """The querysets (or id lists) of what is still to purge in `dialogue`, per kind."""
    targets: dict[str, object] = {
        name: unscoped(model, reason=Reason.RETENTION).filter(**{path: dialogue})
        for name, model, path in DELETED
    }
    options = (
        unscoped(Option, reason=Reason.RETENTION)
        .filter(dialogue=dialogue)
        .only("title", *OPTION_TEXT_FIELDS)
    )
    targets["option_texts"] = [
        o.pk
        for o in options
        if o.title != PURGED_OPTION_TITLE or any(getattr(o, f) for f in OPTION_TEXT_FIELDS)
    ]
    targets["option_move_reasons"] = _with_lengths(
        OptionEvent.objects.filter(option__dialogue=dialogue), "reason"
    )
    targets["participant_rationales"] = _with_lengths(
        unscoped(Participant, reason=Reason.RETENTION).filter(dialogue=dialogue), *RATIONALE_FIELDS
    )
    targets["session_agendas"] = _with_lengths(
        Session.objects.filter(round__dialogue=dialogue), "agenda_item"
    )
    targets["dialogue_text"] = _with_lengths(
        Dialogue.objects.filter(pk=dialogue.pk), *encrypted_field_names(Dialogue)
    )
    targets["change_statements"] = _with_lengths(
        unscoped(ChangeStatement, reason=Reason.RETENTION).filter(dialogue=dialogue),
        *encrypted_field_names(ChangeStatement),
    )
    targets["identities"] = list(erasable_people)
    return targets


def _count(target) -> int:
    return len(target) if isinstance(target, list) else target.count()


def _erasable_people(dialogue: Dialogue, *, due_ids: set[int]):
    """People of `dialogue`, not yet erased, who take part in no dialogue still within its
    retention (every dialogue of theirs is past it: `due_ids`)."""
    return (
        Person.objects.filter(participations__dialogue=dialogue, erased_at__isnull=True)
        .exclude(participations__dialogue__in=Dialogue.objects.exclude(pk__in=due_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def _drop_grants(model, ids) -> None:
    """Restricted-item grants on rows about to be deleted would point at nothing."""
    UserObjectPermission.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in ids],
    ).delete()


def _apply(dialogue: Dialogue, targets: dict[str, object]) -> None:
    for name, model, _path in DELETED:
        queryset = targets[name]
        _drop_grants(model, list(queryset.values_list("pk", flat=True)))
        queryset.delete()
    if targets["option_texts"]:
        unscoped(Option, reason=Reason.RETENTION).filter(pk__in=targets["option_texts"]).update(
            title=PURGED_OPTION_TITLE, text="", tags="", proposed_by=""
        )
    OptionEvent.objects.filter(
        pk__in=list(targets["option_move_reasons"].values_list("pk", flat=True))
    ).update(reason="")
    unscoped(Participant, reason=Reason.RETENTION).filter(
        pk__in=list(targets["participant_rationales"].values_list("pk", flat=True))
    ).update(**dict.fromkeys(RATIONALE_FIELDS, ""))
    Session.objects.filter(
        pk__in=list(targets["session_agendas"].values_list("pk", flat=True))
    ).update(agenda_item="")
    Dialogue.objects.filter(pk=dialogue.pk).update(
        **dict.fromkeys(encrypted_field_names(Dialogue), "")
    )
    unscoped(ChangeStatement, reason=Reason.RETENTION).filter(
        pk__in=list(targets["change_statements"].values_list("pk", flat=True))
    ).update(**dict.fromkeys(encrypted_field_names(ChangeStatement), ""))
    persons_identity_destroy(person_ids=targets["identities"])


def retention_purge(
    *, dry_run: bool = False, now: datetime | None = None, dialogue_ids=None
) -> list[PurgePlan]:
    """Purge every dialogue past its retention period (or only those of `dialogue_ids`
    among them). Returns one plan per dialogue with something to remove, with its counts.

    With `dry_run`, nothing changes and nothing is audited: the plans say what would go.
    Otherwise each dialogue is purged in its own transaction and gets one RETENTION_PURGED
    audit event, with no actor (the system did it) and counts only.
    """
    now = now or timezone.now()
    due = dialogues_past_retention(now=now)
    due_ids = {d.pk for d in due}
    only = set(dialogue_ids) if dialogue_ids is not None else None
    plans = []
    for dialogue in due:
        if only is not None and dialogue.pk not in only:
            continue
        with transaction.atomic():
            locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
            due_at = purge_due_at(locked)
            if due_at is None or due_at > now:
                continue  # reopened, or its period changed, since the list was made
            targets = _targets(locked, erasable_people=_erasable_people(locked, due_ids=due_ids))
            plan = PurgePlan(
                dialogue_id=locked.pk,
                code_name=locked.code_name,
                due_at=due_at,
                counts={name: _count(target) for name, target in targets.items()},
            )
            if not plan.total:
                continue
            plans.append(plan)
            if dry_run:
                continue
            _apply(locked, targets)
            audit_record(
                action=AuditEvent.Action.RETENTION_PURGED,
                dialogue=locked,
                obj=locked,
                detail={"retention_days": locked.retention_days, **plan.counts},
            )
    return plans
