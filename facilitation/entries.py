"""Writes of the live console: quick entries, edits, option lifecycle and stances, trust
readings, reading links, closing and tidying a session.

Every write here:
- checks the actor may write into the session (require_writer: Session.objects.writable_by,
  organizers of the dialogue and the session's own facilitators) and, for new content,
  that it is open (require_open); for the anonymous reading, that the link is live;
- bumps the session's revision first, in the same transaction, so co-facilitators'
  consoles pick the change up (facilitation/live.py);
- is idempotent where the browser may retry (a `client_key` per entry), and refuses to
  overwrite what someone else changed since the editor loaded it (EditConflict).
"""

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from facilitation.live import bump, removed
from facilitation.models import (
    NOT_IN_ROUND,
    OTHER_SIDE,
    Note,
    Option,
    OptionEvent,
    OptionLineage,
    OptionStance,
    OptionTopic,
    ReadingLink,
    Session,
    SessionAttendance,
    SessionSummary,
    TrustReading,
    TrustStep,
    hash_token,
)
from participants.models import Participant
from trackii.privacy.access import require_role
from trackii.privacy.audit import audit_record
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import Role

#: The kinds of quick entry, and the model each one makes.
KINDS = {"note": Note, "step": TrustStep, "option": Option}
KIND_OF = {model: kind for kind, model in KINDS.items()}

TITLE_LENGTH = 160


class EditConflict(Exception):
    """The item changed since the editor loaded it. Nothing was written."""


def require_writer(actor, session: Session | None) -> None:
    """PermissionDenied unless `actor` may write into `session`: Session.objects.writable_by,
    the one rule every writer of a session follows (organizers of the dialogue, the
    facilitators listed on the session). One query."""
    if session is None or not Session.objects.writable_by(actor).filter(pk=session.pk).exists():
        raise PermissionDenied


def require_open(session: Session) -> None:
    """For new content (entries, notes, readings): ValidationError (code "closed") unless
    the session is open (Session.objects.open).

    Call inside the writer's transaction, after bump(): the session row is locked, so a
    close that committed first is seen, and one that comes later waits for this write."""
    if not Session.objects.open().filter(pk=session.pk).exists():
        raise ValidationError(
            _(
                "This session is closed: nothing new can be logged. "
                "An organizer can reopen it. Your text is kept below."
            ),
            code="closed",
        )


def speakers_for(user, *, dialogue_id: int, round_id: int | None = None, keep=None):
    """The participants `user` may name as a note's speaker: those they may see
    (Participant.objects.visible_to), not erased, of the session's round when `round_id`
    is given (of any round of the dialogue otherwise), and the participant `keep` (a
    note's current speaker) if they may see them. Shown by `shown_name(role)`."""
    chosen = (
        Participant.objects.visible_to(user)
        .filter(dialogue_id=dialogue_id, person__erased_at__isnull=True)
        .select_related("person", "side")
    )
    taking_part = (
        Q(round_participations__round_id=round_id)
        if round_id is not None
        else Q(round_participations__isnull=False)
    )
    if keep is not None:
        taking_part |= Q(pk=keep)
    return chosen.filter(taking_part).distinct()


def note_speaker(*, actor, session: Session, speaker=None, side=None):
    """The one validation of a note's speaker, for every path that writes a note (the
    console, its queue, edits, the notes page). Returns (participant, side).

    - a participant, who must be among those `actor` may name in the session's round
      (speakers_for); their side goes with them;
    - or a side only ("someone from side X"), of the session's dialogue;
    - or neither. A typed name is no longer taken (Note.speaker keeps old ones)."""
    if side is not None and side.dialogue_id != session.round.dialogue_id:
        raise ValidationError(_("That side belongs to another dialogue."))
    if speaker is None:
        return None, side
    named = speakers_for(
        actor, dialogue_id=session.round.dialogue_id, round_id=session.round_id
    ).filter(pk=speaker.pk)
    if not named.exists():
        raise ValidationError(NOT_IN_ROUND, code="speaker")
    if side is not None and side.pk != speaker.side_id:
        raise ValidationError(OTHER_SIDE, code="speaker")
    return speaker, speaker.side


def _title_and_text(typed: str) -> tuple[str, str]:
    """An option's short title and its text from what was typed: the first line is the
    title and the rest the text; a first line too long for a title is cut at a word, and
    then the text keeps all of it."""
    lines = typed.strip().splitlines() or [""]
    first, rest = lines[0].strip(), "\n".join(lines[1:]).strip()
    if len(first) <= TITLE_LENGTH:
        return first, rest
    return first[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…", typed.strip()


def entry_create(
    *,
    actor,
    session: Session,
    kind: str,
    text: str,
    level: str,
    client_key: uuid.UUID,
    side=None,
    speaker=None,
    tags: str = "",
):
    """Log a quick entry (note, trust-building step or option). Returns (entry, created).

    A note's `speaker` (a participant) and `side` are checked by note_speaker; the other
    kinds have no speaker.

    A retry with a `client_key` already stored in this session returns that entry and
    creates nothing, even when two retries race (the unique constraint decides). A new
    entry in a closed session is refused; a retry of one stored before closing is not.
    """
    require_writer(actor, session)
    model = KINDS[kind]
    existing = model.objects.filter(session=session, client_key=client_key).first()
    if existing is not None:
        return _same_author(existing, actor), False
    common = {
        "dialogue_id": session.round.dialogue_id,
        "session": session,
        "level": level,
        "author": actor,
        "client_key": client_key,
        "tags": tags,
    }
    if kind == "note":
        speaker, side = note_speaker(actor=actor, session=session, speaker=speaker, side=side)
        entry = Note(text=text, speaker_side=side, speaker_participant=speaker, **common)
    elif kind == "step":
        entry = TrustStep(observed=text, **common)
    else:
        title, body = _title_and_text(text)
        entry = Option(
            title=title,
            text=body,
            state_changed_at=timezone.now(),
            **common,
        )
    if side is not None and side.dialogue_id != session.round.dialogue_id:
        raise ValidationError({"side": _("That side belongs to another dialogue.")})
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            entry.session_rev = bump(session.pk)
            require_open(session)
            entry.save()
            if kind != "note" and side is not None:
                entry.sides.set([side])
            if kind == "option":
                OptionEvent.objects.create(
                    option=entry, from_state="", to_state=Option.State.FLOATED, by=actor
                )
    except IntegrityError:
        # The same entry, sent twice at once: the other request stored it.
        existing = model.objects.filter(session=session, client_key=client_key).first()
        if existing is None:
            raise
        return _same_author(existing, actor), False
    return entry, True


def _same_author(entry, actor):
    # A key is the browser's own; another member's key reused is a forged retry.
    if entry.author_id != actor.pk:
        raise ValidationError(_("This entry key is already used. Reload the page and retry."))
    return entry


def _save_versioned(entry, *, version: int, fields: Iterable[str]) -> None:
    """Write `fields` of `entry` only if its row is still at `version` (EditConflict else).

    A conditional UPDATE, so two editors starting from the same version cannot both win,
    on SQLite and PostgreSQL alike. Call inside a transaction.
    """
    revision = bump(entry.session_id) if entry.session_id else entry.session_rev
    now = timezone.now()
    changes = {
        **{f: getattr(entry, f) for f in fields},
        "version": F("version") + 1,
        "session_rev": revision,
        "updated_at": now,
    }
    rows = type(entry).objects.filter(pk=entry.pk, version=version)
    updated = 0
    if "level" in fields and entry.level == Level.RESTRICTED and entry.session_id:
        # Made restricted now: the rest of the team's consoles must take it away.
        updated = rows.exclude(level=Level.RESTRICTED).update(**changes)
        if updated:
            removed(entry.session_id, KIND_OF[type(entry)], entry.pk, revision)
    if not updated:
        updated = rows.update(**changes)
    if updated != 1:
        raise EditConflict
    entry.version = version + 1
    entry.session_rev = revision
    entry.updated_at = now


#: note_update: leave the note's speaker as it is.
KEEP = object()


def note_update(
    *,
    actor,
    note: Note,
    version: int,
    text: str,
    level: str,
    speaker_side=None,
    speaker_participant=KEEP,
    speaker: str | None = None,
    tags: str = "",
) -> Note:
    """Edit a note logged in a session. EditConflict if it changed since `version`.

    The speaker is checked as for a new note (note_speaker); KEEP (the editor may not see
    the recorded speaker) leaves them and their side. `speaker`, the text typed before
    speakers were chosen, may only be corrected or cleared (None leaves it)."""
    require_writer(actor, note.session)
    if speaker_participant is KEEP:
        speaker_participant, speaker_side = note.speaker_participant, note.speaker_side
    if speaker_participant is not None and speaker_participant.pk == note.speaker_participant_id:
        # Kept as it was: still valid even if the reader may no longer pick them.
        chosen, side = speaker_participant, speaker_side or speaker_participant.side
    else:
        chosen, side = note_speaker(
            actor=actor, session=note.session, speaker=speaker_participant, side=speaker_side
        )
    note.text, note.level, note.speaker_side = text, level, side
    note.speaker_participant, note.tags = chosen, tags
    if speaker is not None:
        note.speaker = speaker
    note.full_clean(validate_constraints=False)
    with transaction.atomic():
        _save_versioned(
            note,
            version=version,
            fields=["text", "level", "speaker_side", "speaker_participant", "speaker", "tags"],
        )
    return note


def trust_step_update(
    *,
    actor,
    step: TrustStep,
    version: int,
    kind: str,
    sides,
    observed: str,
    effect: int | None,
    level: str,
    tags: str = "",
) -> TrustStep:
    """Edit a trust-building step. EditConflict if it changed since `version`."""
    require_writer(actor, step.session)
    _same_dialogue(sides, step.dialogue_id)
    step.kind, step.observed, step.effect, step.level, step.tags = (
        kind,
        observed,
        effect,
        level,
        tags,
    )
    step.full_clean(validate_constraints=False)
    with transaction.atomic():
        _save_versioned(
            step, version=version, fields=["kind", "observed", "effect", "level", "tags"]
        )
        step.sides.set(sides)
    return step


def _same_dialogue(sides, dialogue_id: int) -> None:
    if any(side.dialogue_id != dialogue_id for side in sides):
        raise ValidationError({"sides": _("That side belongs to another dialogue.")})


def _ancestors(option_ids: set[int]) -> set[int]:
    """Every option the given ones derive from, however far back."""
    seen: set[int] = set()
    frontier = set(option_ids)
    while frontier:
        parents = set(
            OptionLineage.objects.filter(option_id__in=frontier).values_list("parent_id", flat=True)
        )
        frontier = parents - seen
        seen |= parents
    return seen


def option_update(
    *,
    actor,
    option: Option,
    version: int,
    title: str,
    text: str,
    level: str,
    sides,
    proposed_by: str = "",
    topics: Iterable[str] = (),
    tags: str = "",
    derived_from=(),
    lineage_kind: str = OptionLineage.Kind.REFINED,
) -> Option:
    """Edit an option's content, sides, topics and lineage. EditConflict if it changed
    since `version`. Its state moves only through option_transition.

    Lineage the actor cannot see (a parent at a level they may not read) is kept as it is:
    an editor changes only the links they can see.
    """
    require_writer(actor, option.session)
    _same_dialogue(sides, option.dialogue_id)
    parents = list(derived_from)
    if any(p.dialogue_id != option.dialogue_id for p in parents):
        raise ValidationError({"derived_from": _("That option belongs to another dialogue.")})
    if any(p.pk == option.pk for p in parents):
        raise ValidationError({"derived_from": _("An option cannot derive from itself.")})
    if option.pk in _ancestors({p.pk for p in parents}):
        raise ValidationError(
            {
                "derived_from": _(
                    "That would make the option derive from one of its own refinements."
                )
            }
        )
    option.title, option.text, option.level = title, text, level
    option.proposed_by, option.tags = proposed_by, tags
    option.full_clean(validate_constraints=False)
    visible_ids = set(Option.objects.visible_to(actor).values_list("pk", flat=True))
    with transaction.atomic():
        _save_versioned(
            option,
            version=version,
            fields=["title", "text", "level", "proposed_by", "tags"],
        )
        option.sides.set(sides)
        OptionTopic.objects.filter(option=option).exclude(topic__in=list(topics)).delete()
        have = set(OptionTopic.objects.filter(option=option).values_list("topic", flat=True))
        OptionTopic.objects.bulk_create(
            [OptionTopic(option=option, topic=t) for t in topics if t not in have]
        )
        wanted = {p.pk for p in parents}
        OptionLineage.objects.filter(option=option, parent_id__in=visible_ids - wanted).delete()
        OptionLineage.objects.filter(option=option, parent_id__in=wanted).update(kind=lineage_kind)
        kept = set(OptionLineage.objects.filter(option=option).values_list("parent_id", flat=True))
        OptionLineage.objects.bulk_create(
            [
                OptionLineage(option=option, parent_id=pk, kind=lineage_kind)
                for pk in sorted(wanted - kept)
            ]
        )
    return option


def option_transition(
    *, actor, option: Option, from_state: str, to_state: str, reason: str
) -> OptionEvent:
    """Move an option along its lifecycle, recording when, why and by whom.

    `from_state` is the state the actor saw: if someone moved the option meanwhile, the
    move is refused (EditConflict) rather than applied to a state they did not see.
    """
    require_writer(actor, option.session)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, in a few words.")})
    if from_state != option.state:
        raise EditConflict
    if not option.can_move_to(to_state):
        raise ValidationError(
            {
                "to_state": _("A %(state)s option cannot move there.")
                % {"state": option.get_state_display().lower()}
            }
        )
    now = timezone.now()
    with transaction.atomic():
        revision = bump(option.session_id) if option.session_id else option.session_rev
        moved = Option.objects.filter(pk=option.pk, state=from_state).update(
            state=to_state,
            state_changed_at=now,
            session_rev=revision,
            version=F("version") + 1,
            updated_at=now,
        )
        if moved != 1:
            raise EditConflict
        event = OptionEvent.objects.create(
            option=option, from_state=from_state, to_state=to_state, reason=reason.strip(), by=actor
        )
    option.state, option.state_changed_at, option.session_rev = to_state, now, revision
    option.version += 1
    return event


def option_stances_set(*, actor, option: Option, changes: dict) -> int:
    """Record sides' stances. `changes` maps a side to (stance seen, stance chosen); only
    sides whose choice differs from what was seen are written. If a side's stance changed
    since it was seen, nothing is written (EditConflict). Returns how many changed."""
    require_writer(actor, option.session)
    _same_dialogue(changes.keys(), option.dialogue_id)
    wanted = {side: new for side, (seen, new) in changes.items() if seen != new}
    if not wanted:
        return 0
    with transaction.atomic():
        revision = bump(option.session_id) if option.session_id else option.session_rev
        current = {
            s.side_id: s
            for s in OptionStance.objects.select_for_update().filter(
                option=option, side__in=list(wanted)
            )
        }
        for side, new in wanted.items():
            seen = changes[side][0]
            row = current.get(side.pk)
            if (row.stance if row else OptionStance.Stance.UNKNOWN) != seen:
                raise EditConflict
            if row is None:
                OptionStance.objects.create(option=option, side=side, stance=new, updated_by=actor)
            else:
                row.stance, row.updated_by = new, actor
                row.save(update_fields=["stance", "updated_by", "updated_at"])
        Option.objects.filter(pk=option.pk).update(session_rev=revision)
    option.session_rev = revision
    return len(wanted)


def trust_readings_record(
    *, actor, session: Session, readings: dict, client_key: uuid.UUID
) -> list[TrustReading]:
    """Record a facilitator's quick reading for one or more sides: {side: (trust, belief)}.

    Idempotent per `client_key`: each side's row gets a key derived from it, so a retry
    stores nothing twice.
    """
    require_writer(actor, session)
    _same_dialogue(readings.keys(), session.round.dialogue_id)
    rows = [
        TrustReading(
            session=session,
            side=side,
            trust=trust,
            belief=belief,
            source=TrustReading.Source.FACILITATOR,
            author=actor,
            client_key=uuid.uuid5(client_key, str(side.pk)),
        )
        for side, (trust, belief) in readings.items()
    ]
    return _store_readings(session, rows)


def _store_readings(session: Session, rows: list[TrustReading]) -> list[TrustReading]:
    for row in rows:
        if row.side.is_third_party:
            raise ValidationError({"side": _("Readings are taken for the sides of the conflict.")})
        row.full_clean(validate_constraints=False)
    keys = [r.client_key for r in rows]
    try:
        with transaction.atomic():
            stored = set(
                TrustReading.objects.filter(session=session, client_key__in=keys).values_list(
                    "client_key", flat=True
                )
            )
            new = [r for r in rows if r.client_key not in stored]
            if new:
                revision = bump(session.pk)
                require_open(session)
                for row in new:
                    row.session_rev = revision
                TrustReading.objects.bulk_create(new)
    except IntegrityError:
        pass  # a concurrent retry stored them
    return list(TrustReading.objects.filter(session=session, client_key__in=keys))


def holder_digest(link: ReadingLink, holder_key: str) -> str:
    """What a reading keeps of its giver (TrustReading.holder): a keyed HMAC of the link and
    the random key their browser holds. The same browser answering through the same link
    again gets the same digest; nothing in it leads back to the key, the browser or a
    person, and two links give unrelated digests for the same browser."""
    value = f"{link.pk}:{holder_key}"
    return salted_hmac(HOLDER_SALT, value, algorithm="sha256").hexdigest()


HOLDER_SALT = "trackii.facilitation.reading-holder"


def _side_only(side) -> ValidationError:
    return ValidationError(
        {
            "side": _("This link is for %(side)s only. Ask the facilitator for your side's link.")
            % {"side": side.name}
        }
    )


def anonymous_reading_record(
    *, link: ReadingLink, side, trust: int, belief: int, client_key: uuid.UUID, holder_key: str
) -> TrustReading:
    """A participant's anonymous reading through a live link of an open session.

    One reading per holder of the link: `holder_key` is the random key their browser keeps
    (a cookie); a second answer from it replaces the first, so one person cannot stuff the
    count. Only for the link's side (a link made without one takes the side of its first
    answer). Stored with no author, no link and no address; of the holder only a keyed
    digest (holder_digest): nothing ties it to a person.
    """
    if not link.is_live:
        raise PermissionDenied
    session = link.session
    if side.dialogue_id != session.round.dialogue_id or side.is_third_party:
        raise ValidationError({"side": _("Choose one of the listed sides.")})
    if link.side_id is not None and link.side_id != side.pk:
        raise _side_only(link.side)
    holder = holder_digest(link, holder_key)
    row = TrustReading(
        session=session,
        side=side,
        trust=trust,
        belief=belief,
        source=TrustReading.Source.ANONYMOUS,
        client_key=client_key,
        holder=holder,
    )
    row.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            revision = bump(session.pk)
            require_open(session)
            # A link made without a side takes the first answer's; the row lock of bump()
            # orders two first answers, and the second reads the side the first fixed.
            ReadingLink.objects.filter(pk=link.pk, side__isnull=True).update(side=side)
            link.side = ReadingLink.objects.select_related("side").get(pk=link.pk).side
            if link.side_id != side.pk:
                raise _side_only(link.side)
            earlier = TrustReading.objects.filter(session=session, holder=holder).first()
            if earlier is not None:
                row.pk, row.created_at = earlier.pk, earlier.created_at
            row.session_rev = revision
            row.save()
    except IntegrityError:
        # The same answer sent twice at once (its client_key is stored): the other stored it.
        stored = TrustReading.objects.filter(session=session, client_key=client_key).first()
        if stored is None:
            raise
        return stored
    return row


def reading_link_create(
    *, actor, session: Session, hours: int = 3, side=None
) -> tuple[ReadingLink, str]:
    """Open a private link for anonymous readings of one side's participants (`side`; None
    leaves it to the first answer). Returns the link and its raw token, which is shown once
    and stored nowhere (only its hash is kept). Not in a closed session: its links die."""
    require_writer(actor, session)
    if not 1 <= hours <= 72:
        raise ValidationError({"hours": _("Choose between 1 and 72 hours.")})
    if side is not None and (side.dialogue_id != session.round.dialogue_id or side.is_third_party):
        raise ValidationError({"side": _("Choose one of the sides of the conflict.")})
    require_open(session)
    token = secrets.token_urlsafe(24)
    link = ReadingLink.objects.create(
        session=session,
        side=side,
        token_hash=hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(hours=hours),
    )
    # Audited by ids and duration only: never the token, which opens the reading form.
    audit_record(
        action=AuditEvent.Action.READING_LINK_CREATED,
        actor=actor,
        dialogue=session.round.dialogue,
        obj=link,
        detail={"session_id": session.pk, "hours": hours},
    )
    return link, token


def reading_link_revoke(*, actor, link: ReadingLink) -> ReadingLink:
    require_writer(actor, link.session)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def session_close(
    *,
    actor,
    session: Session,
    attendance: dict,
    summary: str,
    summary_level: str = Level.TEAM,
    summary_version: int | None = None,
) -> Session:
    """Close a session with attendance per side and a short summary; or, once closed,
    correct that record. After closing, no new quick entries or readings (organizers may
    reopen) and its reading links are revoked; editing and tidying the entries goes on.

    `summary_version` is the version of the summary the closer saw (None if there was
    none); a summary changed meanwhile is not overwritten (EditConflict).
    """
    require_writer(actor, session)
    _same_dialogue(attendance.keys(), session.round.dialogue_id)
    if any(count is not None and count < 0 for count in attendance.values()):
        raise ValidationError(_("Attendance cannot be negative."))
    with transaction.atomic():
        bump(session.pk)
        if session.closed_at is None:
            session.closed_at = timezone.now()
            session.closed_by = actor
            session.save(update_fields=["closed_at", "closed_by"])
        # Its reading links die with it, and stay dead if an organizer reopens it.
        ReadingLink.objects.filter(session=session, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        for side, count in attendance.items():
            if count is None:
                SessionAttendance.objects.filter(session=session, side=side).delete()
            else:
                SessionAttendance.objects.update_or_create(
                    session=session, side=side, defaults={"count": count}
                )
        current = SessionSummary.objects.filter(session=session).first()
        if current is None:
            if summary_version is not None:
                raise EditConflict
            row = SessionSummary(
                dialogue_id=session.round.dialogue_id,
                session=session,
                text=summary,
                level=summary_level,
                author=actor,
            )
            row.full_clean(validate_constraints=False)
            row.save()
        else:
            if summary_version != current.version:
                raise EditConflict
            current.text, current.level = summary, summary_level
            current.full_clean(validate_constraints=False)
            SessionSummary.objects.filter(pk=current.pk, version=summary_version).update(
                text=summary,
                level=summary_level,
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
    return session


def session_reopen(*, actor, session: Session) -> Session:
    """Organizers only: let entries be logged in a closed session again."""
    require_role(actor, session.round.dialogue_id, {Role.ORGANIZER})
    with transaction.atomic():
        bump(session.pk)
        Session.objects.filter(pk=session.pk).update(closed_at=None, closed_by=None)
    session.closed_at = session.closed_by = None
    return session


def entries_set_level(*, actor, session: Session, items: Iterable, level: str) -> tuple[int, int]:
    """Tidy: set the level of several entries at once. `items` are (kind, id, version seen).

    Only entries of this session that the actor may read are touched; one changed by
    someone else since it was seen is skipped, not overwritten. Returns (changed, skipped).
    """
    require_writer(actor, session)
    if level not in Level.values:
        raise ValidationError({"level": _("Choose one of the listed levels.")})
    changed = skipped = 0
    now = timezone.now()
    with transaction.atomic():
        revision = bump(session.pk)
        for kind, pk, version in items:
            rows = (
                KINDS[kind]
                .objects.visible_to(actor)
                .filter(session=session, pk=pk, version=version)
            )
            changes = {
                "level": level,
                "version": F("version") + 1,
                "session_rev": revision,
                "updated_at": now,
            }
            n = 0
            if level == Level.RESTRICTED:
                # Made restricted now: the rest of the team's consoles must take it away.
                n = rows.exclude(level=Level.RESTRICTED).update(**changes)
                if n:
                    removed(session.pk, kind, pk, revision)
            if not n:
                n = rows.update(**changes)
            changed += n
            skipped += 1 - n
    return changed, skipped


#: kind -> (update service, the fields it takes): what the console's editors write.
UPDATES = {
    # `speaker` (typed before speakers were chosen) is in the form only where kept.
    "note": (
        note_update,
        ["text", "level", "speaker_participant", "speaker_side", "speaker", "tags"],
    ),
    "step": (trust_step_update, ["kind", "sides", "observed", "effect", "level", "tags"]),
    "option": (
        option_update,
        [
            "title",
            "text",
            "level",
            "sides",
            "proposed_by",
            "topics",
            "tags",
            "derived_from",
            "lineage_kind",
        ],
    ),
}


def entry_update(*, actor, kind: str, entry, data: dict):
    """Edit a note, trust step or option with an editor's cleaned data (its fields and
    `version`), through that kind's update service. EditConflict if it changed since."""
    service, fields = UPDATES[kind]
    return service(
        actor=actor,
        **{kind: entry},
        version=data["version"],
        **{f: data[f] for f in fields if f in data},
    )
