"""Privacy cases for the live console of a session and the anonymous reading link.

Who reads what (DESIGN.md, "The privacy model"; docs/facilitation.md):
- the console, its poll and every write: organizers of the dialogue and the session's own
  facilitators (the world's facilitator facilitates the planted session); participants,
  observers and funders 403; non-members 404; reopening a closed session: organizers;
- a `team` trust-building step, a `team` option: the team; a `dialogue` option: everyone
  who reads content (the console itself is for the team, so nobody else meets it there);
- attribution (a note's speaker, an option's proposer): the team, whatever the level;
- the summary written when closing, at `team`: the team;
- the session's title: everyone who reads content, never the holder of a reading link;
- a reading link's token: shown once when the link is opened, stored as a hash, never in
  any page afterwards, not even the link's own page.
"""

import datetime as dt
import secrets
import uuid

from django.utils import timezone

from dialogues.models import Side
from facilitation.models import (
    Note,
    Option,
    OptionLineage,
    ReadingLink,
    SessionSummary,
    TrustReading,
    TrustStep,
    hash_token,
)
from tests.factories import SessionFactory
from tests.privacy.url_cases import TEAM, Case, everyone, in_dialogue
from trackii.privacy.levels import Level

TEAM_READERS = {"organizer", "facilitator"}
CONTENT_READERS = TEAM_READERS | {"participant", "observer"}

# Random per run, so that a rate-limit counter kept in a shared cache (Redis) from an
# earlier run never stands in the way.
READING_TOKEN = f"CANARY-READING-TOKEN-{secrets.token_urlsafe(12)}"

CANARIES = {
    "CANARY-CONSOLE-SESSION-TITLE": CONTENT_READERS,
    "CANARY-CONSOLE-TEAM-STEP-OBSERVATION": TEAM_READERS,
    "CANARY-CONSOLE-TEAM-OPTION": TEAM_READERS,
    "CANARY-CONSOLE-DIALOGUE-OPTION": CONTENT_READERS,
    "CANARY-CONSOLE-SPEAKER": TEAM_READERS,
    "CANARY-CONSOLE-OPTION-PROPOSER": TEAM_READERS,
    "CANARY-CONSOLE-SUMMARY": TEAM_READERS,
    READING_TOKEN: set(),
}


def plant(world):
    dialogue = world.dialogue
    facilitator = world.cast["facilitator"]
    side = world.participants["open"].side
    session = SessionFactory(round__dialogue=dialogue, title="CANARY-CONSOLE-SESSION-TITLE")
    session.facilitators.add(facilitator)
    # As if logged live: each entry stamped with the session revision of its write.
    common = {"dialogue": dialogue, "session": session, "author": facilitator, "session_rev": 1}
    # `team`, so that the core's counts of what participants read stay as they are; the
    # core world already plants a speaker on a `dialogue` note.
    note = Note.objects.create(
        level=Level.TEAM,
        text="A note logged live",
        speaker="CANARY-CONSOLE-SPEAKER",
        speaker_side=side,
        **common,
    )
    step = TrustStep.objects.create(
        level=Level.TEAM,
        kind=TrustStep.Kind.MEAL,
        observed="CANARY-CONSOLE-TEAM-STEP-OBSERVATION",
        **common,
    )
    team_option = Option.objects.create(
        level=Level.TEAM,
        title="CANARY-CONSOLE-TEAM-OPTION",
        text="CANARY-CONSOLE-TEAM-OPTION, in full",
        **common,
    )
    dialogue_option = Option.objects.create(
        level=Level.DIALOGUE,
        title="CANARY-CONSOLE-DIALOGUE-OPTION",
        proposed_by="CANARY-CONSOLE-OPTION-PROPOSER",
        **common,
    )
    OptionLineage.objects.create(option=dialogue_option, parent=team_option)
    SessionSummary.objects.create(
        dialogue=dialogue, session=session, level=Level.TEAM, text="CANARY-CONSOLE-SUMMARY"
    )
    TrustReading.objects.create(
        session=session,
        side=side,
        trust=3,
        belief=4,
        source="facilitator",
        author=facilitator,
        session_rev=1,
    )
    TrustReading.objects.create(session=session, side=side, trust=2, belief=2, source="anonymous")
    link = ReadingLink.objects.create(
        session=session,
        token_hash=hash_token(READING_TOKEN),
        created_by=facilitator,
        expires_at=timezone.now() + dt.timedelta(hours=3),
    )
    session.revision = 1
    session.save(update_fields=["revision"])
    world.objects.update(
        console_session=session,
        console_note=note,
        console_step=step,
        console_option=team_option,
        console_dialogue_option=dialogue_option,
        console_link=link,
    )


def console(w, **more):
    return {"dialogue_id": w.dialogue.pk, "session_id": w.objects["console_session"].pk, **more}


def sides(w):
    return list(Side.objects.filter(dialogue=w.dialogue))


def conflict_sides(w):
    return [s for s in sides(w) if not s.is_third_party]


def stances(w):
    data = {}
    for side in sides(w):
        data[f"stance_{side.pk}"] = "supports"
        data[f"seen_{side.pk}"] = "unknown"
    return data


def reading(w):
    data = {"client_key": str(uuid.uuid4())}
    for side in conflict_sides(w):
        data[f"trust_{side.pk}"] = "3"
        data[f"belief_{side.pk}"] = "4"
    return data


def closing(w):
    data = {"summary": "We closed on time.", "summary_level": Level.TEAM, "summary_version": 1}
    for side in sides(w):
        data[f"attended_{side.pk}"] = "4"
    return data


def anonymous_reading(w):
    side = conflict_sides(w)[0]
    return {"side": side.pk, "trust": "2", "belief": "3", "client_key": str(uuid.uuid4())}


CASES = [
    Case("facilitation:console", in_dialogue(TEAM), kwargs=console),
    Case("facilitation:console-poll", in_dialogue(TEAM), kwargs=console, data=lambda w: {}),
    Case(
        "facilitation:console-poll",
        in_dialogue(TEAM, 204),
        kwargs=console,
        data=lambda w: {"since": w.objects["console_session"].revision},
        label="unchanged",
    ),
    Case(
        "facilitation:console-form",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: console(w, panel="link"),
    ),
    Case(
        "facilitation:console-form",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: console(w, panel="close"),
        label="close",
    ),
    Case(
        "facilitation:console-entry",
        in_dialogue(TEAM, 302),
        kwargs=console,
        method="post",
        data=lambda w: {
            "text": "Logged from the matrix",
            "kind": "note",
            "level": Level.TEAM,
            "client_key": str(uuid.uuid4()),
        },
    ),
    Case(
        "facilitation:console-note-edit",
        in_dialogue(TEAM),
        kwargs=lambda w: console(w, note_id=w.objects["console_note"].pk),
    ),
    Case(
        "facilitation:console-note-edit",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: console(w, note_id=w.objects["console_note"].pk),
        method="post",
        data=lambda w: {"text": "Tidied", "level": Level.DIALOGUE, "version": 1},
        label="save",
    ),
    Case(
        "facilitation:console-step-edit",
        in_dialogue(TEAM),
        kwargs=lambda w: console(w, step_id=w.objects["console_step"].pk),
    ),
    Case(
        "facilitation:console-option-edit",
        in_dialogue(TEAM),
        kwargs=lambda w: console(w, option_id=w.objects["console_option"].pk),
    ),
    Case(
        "facilitation:console-option-transition",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: console(w, option_id=w.objects["console_option"].pk),
        method="post",
        data=lambda w: {
            "from_state": "floated",
            "to_state": "explored",
            "reason": "Both sides asked questions",
        },
    ),
    Case(
        "facilitation:console-option-stances",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: console(w, option_id=w.objects["console_option"].pk),
        method="post",
        data=stances,
    ),
    Case(
        "facilitation:console-reading",
        in_dialogue(TEAM, 302),
        kwargs=console,
        method="post",
        data=reading,
    ),
    Case(
        "facilitation:console-reading-link",
        in_dialogue(TEAM),
        kwargs=console,
        method="post",
        data=lambda w: {"hours": "2", "side": conflict_sides(w)[0].pk},
    ),
    Case(
        "facilitation:console-reading-link-revoke",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: console(w, link_id=w.objects["console_link"].pk),
        method="post",
    ),
    Case(
        "facilitation:console-close",
        in_dialogue(TEAM, 302),
        kwargs=console,
        method="post",
        data=closing,
    ),
    Case(
        "facilitation:console-reopen",
        in_dialogue(["organizer"], 302),
        kwargs=console,
        method="post",
    ),
    Case(
        "facilitation:console-tidy",
        in_dialogue(TEAM, 302),
        kwargs=console,
        method="post",
        data=lambda w: {
            "items": [f"note:{w.objects['console_note'].pk}:1"],
            "level": Level.REPORTABLE,
        },
    ),
    Case(
        "reading:form",
        everyone(200, anonymous=200),
        kwargs=lambda w: {"token": READING_TOKEN},
    ),
    Case(
        "reading:form",
        everyone(200, anonymous=200),
        kwargs=lambda w: {"token": READING_TOKEN},
        method="post",
        data=anonymous_reading,
        label="send",
    ),
    Case(
        "reading:form",
        everyone(404, anonymous=404),
        kwargs=lambda w: {"token": "not-a-live-token"},
        label="unknown-token",
    ),
]
