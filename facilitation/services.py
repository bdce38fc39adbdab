import csv
import datetime
import io
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from facilitation.entries import entry_create
from facilitation.models import Note, Session
from trackii.lib.spreadsheet import csv_safe
from trackii.privacy.access import require_organizer, require_role
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import TEAM_ROLES, Role


def note_create(
    *, actor, dialogue, session, text: str, level: str, speaker_side=None, speaker_participant=None
) -> Note:
    """Log a note from the notes page: the console's own write (entries.entry_create), so
    the same rules hold (who may write, an open session, the speaker chosen among the
    session's participants or a side only)."""
    if session.round.dialogue_id != dialogue.pk:
        raise ValidationError(_("The session belongs to another dialogue."))
    note, _created = entry_create(
        actor=actor,
        session=session,
        kind="note",
        text=text,
        level=level,
        client_key=uuid.uuid4(),
        side=speaker_side,
        speaker=speaker_participant,
    )
    return note


# ---------------------------------------------------------------- sessions

# Sessions are read by whoever reads their round (dialogues.services.rounds:
# the team and observers all rounds, participants the rounds they take part in);
# organizers plan them; the agenda's exports are for the team and audited.


def sessions_visible_to(user):
    """Session.objects.visible_to(user), with the round's venue joined for the pages."""
    return Session.objects.visible_to(user).select_related("round__venue")


def session_facilitator_choices(dialogue):
    """Who may facilitate a session: the dialogue's organizers and facilitators."""
    return (
        get_user_model()
        .objects.filter(
            memberships__dialogue=dialogue, memberships__role__in=[Role.FACILITATOR, Role.ORGANIZER]
        )
        .order_by("email")  # display names are encrypted: SQL cannot sort them
    )


def _local(value, tz) -> str:
    """A time in a message, in the zone named beside it and the reader's language."""
    return date_format(value.astimezone(tz), "DATETIME_FORMAT")


def _check_facilitators(*, actor, session: Session, facilitators) -> None:
    """Facilitators must be on the dialogue's team and free at the session's time.

    A clash is named (title and time) when the acting organizer may read the
    clashing session; a clash in a dialogue they do not belong to is reported
    without any of its details, so planning never leaks another dialogue.
    """
    dialogue = session.round.dialogue
    team = set(session_facilitator_choices(dialogue).values_list("pk", flat=True))
    strangers = [u for u in facilitators if u.pk not in team]
    if strangers:
        raise ValidationError(
            {"facilitators": _("Facilitators must be organizers or facilitators of this dialogue.")}
        )
    if not facilitators:
        return
    # Serialize plans for the same people, so two organizers cannot book one
    # facilitator twice at once (a no-op on SQLite, which locks the whole database).
    list(
        get_user_model()
        .objects.select_for_update()
        .filter(pk__in=[u.pk for u in facilitators])
        .values_list("pk", flat=True)
    )
    clashes = (
        Session.objects.overlapping(
            users=facilitators, starts_at=session.starts_at, ends_at=session.ends_at
        )
        .exclude(pk=session.pk)
        .select_related("round")
        .prefetch_related("facilitators")
        .order_by("starts_at", "id")
    )
    readable = set(
        sessions_visible_to(actor).filter(pk__in=clashes.values("pk")).values_list("pk", flat=True)
    )
    chosen = {u.pk for u in facilitators}
    tz = session.round.time_zone
    messages = []
    for clash in clashes:
        for person in clash.facilitators.all():
            if person.pk not in chosen:
                continue
            if clash.pk in readable:
                messages.append(
                    _(
                        "%(person)s already facilitates “%(title)s” from %(start)s to %(end)s "
                        "(%(zone)s)."
                    )
                    % {
                        "person": person,
                        "title": clash.title,
                        "start": _local(clash.starts_at, tz),
                        "end": _local(clash.ends_at, tz),
                        "zone": tz.key,
                    }
                )
            else:
                messages.append(
                    _("%(person)s has another session at that time.") % {"person": person}
                )
    if messages:
        raise ValidationError({"facilitators": messages})


SESSION_FIELDS = ("title", "agenda_item", "format", "starts_at", "ends_at")


def _session_save(*, actor, session: Session, data: dict) -> Session:
    require_organizer(actor, session.round.dialogue)
    for name in SESSION_FIELDS:
        if name in data:
            setattr(session, name, data[name])
    facilitators = list(data.get("facilitators") or [])
    session.full_clean()
    with transaction.atomic():
        _check_facilitators(actor=actor, session=session, facilitators=facilitators)
        session.save()
        session.facilitators.set(facilitators)
    return session


def session_create(*, actor, round_, data: dict) -> Session:
    """Plan a session of `round`. Organizers only.

    `data` holds title, agenda_item, format, starts_at, ends_at (aware datetimes)
    and facilitators (users). Refused: ending before it starts, outside the
    round's days (in the venue's time zone), a facilitator who is not on the
    dialogue's team or who has an overlapping session.
    """
    return _session_save(actor=actor, session=Session(round=round_), data=data)


def session_update(*, actor, session: Session, data: dict) -> Session:
    """Change a session; the same checks as session_create, ignoring the session itself."""
    return _session_save(actor=actor, session=session, data=data)


# ---------------------------------------------------------------- the agenda


@dataclass
class AgendaItem:
    session: Session
    starts: datetime.datetime  # in the venue's time zone
    ends: datetime.datetime


@dataclass
class AgendaDay:
    day: datetime.date
    items: list[AgendaItem] = field(default_factory=list)


def agenda_sessions(user, round_):
    """The sessions of one round this user may read, with their facilitators, in order."""
    return (
        sessions_visible_to(user)
        .filter(round=round_)
        .prefetch_related("facilitators")
        .order_by("starts_at", "id")
    )


def agenda_days(round_, sessions) -> list[AgendaDay]:
    """The round's days, each with its sessions, in the venue's local time.

    Every day of the round is listed (an empty day shows as such); a session is
    filed under the local day it starts on.
    """
    tz = round_.time_zone
    days = {
        round_.starts_on + datetime.timedelta(days=i): AgendaDay(
            day=round_.starts_on + datetime.timedelta(days=i)
        )
        for i in range((round_.ends_on - round_.starts_on).days + 1)
    }
    for session in sessions:
        starts = session.starts_at.astimezone(tz)
        day = days.setdefault(starts.date(), AgendaDay(day=starts.date()))
        day.items.append(
            AgendaItem(session=session, starts=starts, ends=session.ends_at.astimezone(tz))
        )
    return [days[d] for d in sorted(days)]


def agenda_export_csv(*, actor, round_, ip: str | None = None) -> str:
    """The round's agenda as CSV, for the team; audited as an export.

    Times are the venue's local time, with the zone in its own column.
    """
    require_role(actor, round_.dialogue, TEAM_ROLES)
    sessions = list(agenda_sessions(actor, round_))
    tz = round_.time_zone
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date"),
            _("Starts"),
            _("Ends"),
            _("Time zone"),
            _("Session"),
            _("Format"),
            _("Agenda item"),
            _("Facilitators"),
        ]
    )
    for s in sessions:
        starts, ends = s.starts_at.astimezone(tz), s.ends_at.astimezone(tz)
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    starts.date().isoformat(),
                    starts.strftime("%H:%M"),
                    ends.strftime("%H:%M"),
                    tz.key,
                    s.title,
                    s.get_format_display(),
                    s.agenda_item,
                    "; ".join(str(u) for u in s.facilitators.all()),
                )
            ]
        )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        dialogue=round_.dialogue,
        obj=round_,
        ip=ip,
        detail={"format": "csv", "what": "agenda", "sessions": len(sessions)},
    )
    return out.getvalue()


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma, newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        n = len(char.encode())
        limit = 75 if not parts else 74  # continuation lines start with a space
        if size + n > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def _ics_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def agenda_export_ics(*, actor, round_, ip: str | None = None) -> str:
    """The round's sessions as an iCalendar file, for the team; audited as an export.

    Calendars are synced to outside services, so each event carries the least:
    its title, UTC times and the venue's city. No agenda item, no venue name,
    no facilitators or participants.
    """
    require_role(actor, round_.dialogue, TEAM_ROLES)
    sessions = list(agenda_sessions(actor, round_))
    city = round_.venue.city if round_.venue_id else ""
    stamp = _ics_time(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//trackii//agenda//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for s in sessions:
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{s.pk}@trackii",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(s.starts_at)}",
            f"DTEND:{_ics_time(s.ends_at)}",
            f"SUMMARY:{ics_escape(s.title)}",
        ]
        if city:
            lines.append(f"LOCATION:{ics_escape(city)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=actor,
        dialogue=round_.dialogue,
        obj=round_,
        ip=ip,
        detail={"format": "ics", "what": "agenda", "sessions": len(sessions)},
    )
    return "".join(ics_fold(line) + "\r\n" for line in lines)
