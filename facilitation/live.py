"""The live console's change feed and the reads behind the console page.

How it works (docs/facilitation.md, "Live updates"):

- every write to a session's entries first bumps `Session.revision` (an UPDATE of one row,
  in the writer's transaction) and stamps the entry with the new value (`session_rev`);
  the row lock orders concurrent writers, so revisions are committed in order;
- a console polls with the revision it has; if the session's revision is the same, the
  answer is empty (204) after one query (role and revision together, see poll_access);
- otherwise it gets the entries with `session_rev` greater than its own, read through
  visible_to like every other read, and moves on to the newest revision.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Subquery

from dialogues.models import Side
from facilitation.models import (
    LiveRemoval,
    Note,
    Option,
    OptionLineage,
    OptionStance,
    ReadingLink,
    Session,
    SessionAttendance,
    SessionSummary,
    TrustReading,
    TrustStep,
)
from trackii.privacy.models import Membership


def bump(session_id: int) -> int:
    """Advance a session's revision and return the new value. Call inside the writer's
    transaction, before its other writes: the row stays locked until commit, so two
    writers get distinct revisions and commit in revision order."""
    Session.objects.filter(pk=session_id).update(revision=F("revision") + 1)
    return Session.objects.filter(pk=session_id).values_list("revision", flat=True).get()


def removed(session_id: int, kind: str, entry_id: int, revision: int) -> None:
    """Record that an entry the whole team could read left the session's console (made
    restricted, deleted, moved to another session), at `revision` (from bump(), in the
    same transaction). Consoles that poll are told to take it away. Whoever may still
    read it gets it back in the same poll, as a changed entry, and keeps it."""
    LiveRemoval.objects.create(
        session_id=session_id, kind=kind, entry_id=entry_id, session_rev=revision
    )


def removals_since(session, since: int) -> set[str]:
    """Ids (`note-12`) of the entries that left the session's console after `since`."""
    rows = LiveRemoval.objects.filter(session=session, session_rev__gt=since).values_list(
        "kind", "entry_id"
    )
    return {f"{kind}-{entry_id}" for kind, entry_id in rows}


@dataclass(frozen=True)
class PollAccess:
    role: str
    revision: int | None  # None: no such session in this dialogue


def poll_access(user, *, dialogue_id: int, session_id: int) -> PollAccess | None:
    """The user's role in the dialogue and the session's revision, in one query.

    None when the user holds no role in the dialogue (the caller answers 404, as for any
    page of a dialogue one is not a member of). Role checks stay with the caller.
    """
    # Without the models' default orderings: no join of the users' table for an ORDER BY
    # (one membership per user and dialogue, one session per id).
    revision = (
        Session.objects.filter(pk=session_id, round__dialogue_id=OuterRef("dialogue_id"))
        .order_by()
        .values("revision")[:1]
    )
    row = (
        Membership.objects.for_user(user)
        .filter(dialogue_id=dialogue_id)
        .order_by()
        .annotate(session_revision=Subquery(revision))
        .values_list("role", "session_revision")
        .first()
    )
    if row is None:
        return None
    return PollAccess(role=row[0], revision=row[1])


def console_session(user, *, dialogue, session_id: int):
    """The session of a console, with its round, and whether `user` may write into it
    (`can_write`: Session.objects.writable_by, organizers of the dialogue and the session's
    own facilitators), in one query. None if not visible."""
    writable = Session.objects.writable_by(user).filter(pk=OuterRef("pk"))
    return (
        Session.objects.visible_to(user)
        .filter(round__dialogue=dialogue, pk=session_id)
        .select_related("round__venue", "closed_by")
        .annotate(can_write=Exists(writable))
        .first()
    )


def notes_for(user, session, since: int | None = None):
    notes = (
        Note.objects.visible_to(user)
        .with_speakers(user)
        .filter(session=session)
        .select_related("author")
    )
    if since is not None:
        return notes.filter(session_rev__gt=since).order_by("session_rev", "id")
    return notes.order_by("-id")


def steps_for(user, session, since: int | None = None):
    steps = (
        TrustStep.objects.visible_to(user)
        .filter(session=session)
        .select_related("author")
        .prefetch_related("sides")
    )
    if since is not None:
        return steps.filter(session_rev__gt=since).order_by("session_rev", "id")
    return steps.order_by("-id")


def options_for(user, session=None, since: int | None = None, *, dialogue=None):
    """Options of a session (or of a dialogue), with stances, topics, sides and the lineage
    the user may see: a parent the user may not read is left out, never named."""
    visible = Option.objects.visible_to(user)
    options = (
        visible.filter(session=session)
        if session is not None
        else visible.filter(dialogue=dialogue)
    )
    options = options.select_related("author").prefetch_related(
        "sides",
        "topics",
        Prefetch("stances", queryset=OptionStance.objects.select_related("side")),
        Prefetch(
            "lineage",
            queryset=OptionLineage.objects.filter(parent__in=visible.values("pk")).select_related(
                "parent"
            ),
        ),
    )
    if since is not None:
        return options.filter(session_rev__gt=since).order_by("session_rev", "id")
    # Newest first by id: the console pages through them with "id < the last one shown".
    return options.order_by("-id")


@dataclass
class SideReadings:
    side: Side
    facilitator: dict | None
    anonymous: dict | None


def reading_summary(session, sides) -> list[SideReadings]:
    """Per side of the conflict: count and means of facilitator and anonymous readings
    taken in this session. One query. For the team only (the console)."""
    rows = (
        TrustReading.objects.filter(session=session)
        .values("side_id", "source")
        .annotate(n=Count("id"), trust=Avg("trust"), belief=Avg("belief"))
        .order_by()
    )
    by_key = {(r["side_id"], r["source"]): r for r in rows}
    return [
        SideReadings(
            side=side,
            facilitator=by_key.get((side.pk, TrustReading.Source.FACILITATOR)),
            anonymous=by_key.get((side.pk, TrustReading.Source.ANONYMOUS)),
        )
        for side in sides
        if not side.is_third_party
    ]


def closing_record(user, session):
    """Attendance per side and the summary the user may read (None if none or hidden)."""
    attendance = list(SessionAttendance.objects.filter(session=session).select_related("side"))
    summary = SessionSummary.objects.visible_to(user).filter(session=session).first()
    return attendance, summary


def live_links(session):
    return list(ReadingLink.objects.live().filter(session=session).select_related("side"))
