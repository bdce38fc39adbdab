"""Privacy cases for the pages after the round: the options board, transfers, outcomes,
reflections, the round review and search.

Who reads what (DESIGN.md, "The privacy model"):
- the options board: everyone who reads content; options through visible_to (the console
  area's canaries show it: a `team` option and a proposer for the team only); funders 403;
  moving an option: the team (organizers and the session's facilitators);
- transfers and outcomes: the team's pages (participants, observers, funders 403); a
  `team` record for the team; a `restricted` one (a recipient named, who changed named)
  for its author only, 404 to the rest of the team; who may read a restricted one (and
  granting it): its author, or an organizer who reads it;
- reflections (always `team`) and the round review: the team; others 403;
- search: everyone who reads content, funders 403; hits only in what visible_to gives
  (notes planted at every level, searched for; a speaker searched for only by the team).
"""

import datetime as dt

from facilitation.models import Note, Outcome, Reflection, Transfer
from tests.privacy.url_cases import CONTENT, TEAM, Case, in_dialogue
from trackii.privacy.levels import Level

TEAM_READERS = {"organizer", "facilitator"}
AUTHOR_ONLY = {"facilitator"}
CONTENT_READERS = TEAM_READERS | {"participant", "observer"}

CANARIES = {
    "CANARY-F2-TRANSFER-INSIGHT": TEAM_READERS,
    "CANARY-F2-TRANSFER-RESPONSE": TEAM_READERS,
    "CANARY-F2-TRANSFER-RECIPIENT-NAME": AUTHOR_ONLY,
    "CANARY-F2-RESTRICTED-TRANSFER-RESPONSE": AUTHOR_ONLY,
    "CANARY-F2-OUTCOME-WHAT": TEAM_READERS,
    "CANARY-F2-OUTCOME-EVIDENCE": TEAM_READERS,
    "CANARY-F2-OUTCOME-WHO": AUTHOR_ONLY,
    "CANARY-F2-RESTRICTED-OUTCOME-WHAT": AUTHOR_ONLY,
    "CANARY-F2-REFLECTION-RISK": TEAM_READERS,
    "CANARY-F2-REFLECTION-SHIFT": TEAM_READERS,
    "CANARY-F2-SEARCH-REPORTABLE": CONTENT_READERS,
    "CANARY-F2-SEARCH-DIALOGUE": CONTENT_READERS,
    "CANARY-F2-SEARCH-TEAM": TEAM_READERS,
    "CANARY-F2-SEARCH-SPEAKER": TEAM_READERS,
}

DAY = dt.date(2026, 5, 4)


def plant(world):
    dialogue = world.dialogue
    facilitator = world.cast["facilitator"]
    common = {"dialogue": dialogue, "author": facilitator}
    transfer = {
        "transferred_on": DAY,
        "channel": Transfer.Channel.PAPER,
        "recipient_kind": Transfer.RecipientKind.HEAD_OF_DELEGATION,
        "response_kind": Transfer.ResponseKind.WELCOMED,
    }
    team_transfer = Transfer.objects.create(
        level=Level.TEAM,
        insight="CANARY-F2-TRANSFER-INSIGHT",
        response="CANARY-F2-TRANSFER-RESPONSE",
        **transfer,
        **common,
    )
    restricted_transfer = Transfer.objects.create(
        level=Level.RESTRICTED,
        insight="A transfer named",
        recipient_name="CANARY-F2-TRANSFER-RECIPIENT-NAME",
        response="CANARY-F2-RESTRICTED-TRANSFER-RESPONSE",
        **transfer,
        **common,
    )
    outcome = {"who_kind": Outcome.WhoKind.PERSON, "observed_on": DAY}
    team_outcome = Outcome.objects.create(
        level=Level.TEAM,
        what_changed="CANARY-F2-OUTCOME-WHAT",
        evidence="CANARY-F2-OUTCOME-EVIDENCE",
        **outcome,
        **common,
    )
    restricted_outcome = Outcome.objects.create(
        level=Level.RESTRICTED,
        who_description="CANARY-F2-OUTCOME-WHO",
        what_changed="CANARY-F2-RESTRICTED-OUTCOME-WHAT",
        **outcome,
        **common,
    )
    session = world.objects["console_session"]
    # The core world's restricted note (CANARY-RESTRICTED-NOTE, its author only) is found
    # by the "every-canary" search; no second restricted note, so the core's audit counts
    # stay as they are.
    for level in (Level.REPORTABLE, Level.DIALOGUE, Level.TEAM):
        Note.objects.create(
            session=session,
            level=level,
            text=f"CANARY-F2-SEARCH-{level.upper()} water sharing",
            **common,
        )
    Note.objects.create(
        session=session,
        level=Level.DIALOGUE,
        text="Said about the search",
        speaker="CANARY-F2-SEARCH-SPEAKER",
        **common,
    )
    round_ = session.round
    Reflection.objects.create(
        round=round_,
        author=facilitator,
        what_shifted="CANARY-F2-REFLECTION-SHIFT",
        risks="CANARY-F2-REFLECTION-RISK",
    )
    world.objects.update(
        f2_round=round_,
        f2_team_transfer=team_transfer,
        f2_restricted_transfer=restricted_transfer,
        f2_team_outcome=team_outcome,
        f2_restricted_outcome=restricted_outcome,
    )


def dialogue(w, **more):
    return {"dialogue_id": w.dialogue.pk, **more}


def obj(name, key):
    return lambda w: dialogue(w, **{key: w.objects[name].pk})


def new_transfer(w):
    return {
        "insight": "Passed on from the matrix",
        "transferred_on": "2026-05-04",
        "channel": "briefing",
        "recipient_kind": "mediator",
        "response_kind": "pending",
        "level": Level.TEAM,
    }


def new_outcome(w):
    return {
        "who_kind": "group",
        "what_changed": "A change seen from the matrix",
        "observed_on": "2026-05-04",
        "significance": "low",
        "level": Level.TEAM,
    }


def statement_of(w):
    return dialogue(w, statement_id=w.objects["statement"].pk)


CASES = [
    # A statement's outcomes on the theory-of-change page: the team; without htmx the
    # outcome list narrowed to it (302), which is the team's too.
    Case("facilitation:statement-outcomes", in_dialogue(TEAM, 302), kwargs=statement_of),
    Case(
        "facilitation:outcome-list",
        in_dialogue(TEAM),
        kwargs=dialogue,
        data=lambda w: {"statement": w.objects["statement"].pk},
        label="one statement",
    ),
    Case("facilitation:option-board", in_dialogue(CONTENT), kwargs=dialogue),
    # An option's page: a `team` option for the team; others may not know it exists.
    Case(
        "facilitation:option-detail",
        in_dialogue(TEAM, hidden=CONTENT),
        kwargs=lambda w: dialogue(w, option_id=w.objects["console_option"].pk),
    ),
    # A `dialogue` option for every content reader; its `team` parent only for the team
    # (the console's canaries check that its title shows to nobody else).
    Case(
        "facilitation:option-detail",
        in_dialogue(CONTENT),
        kwargs=lambda w: dialogue(w, option_id=w.objects["console_dialogue_option"].pk),
        label="dialogue option",
    ),
    Case(
        "facilitation:option-board",
        in_dialogue(CONTENT),
        kwargs=dialogue,
        data=lambda w: {"state": "floated"},
        label="filtered",
    ),
    Case(
        "facilitation:option-board-move",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: dialogue(w, option_id=w.objects["console_option"].pk),
        method="post",
        data=lambda w: {"from_state": "floated", "to_state": "explored", "reason": "Matrix"},
    ),
    Case(
        "facilitation:option-board-move",
        in_dialogue(TEAM),
        kwargs=lambda w: dialogue(w, option_id=w.objects["console_option"].pk),
        label="form",
    ),
    Case("facilitation:transfer-list", in_dialogue(TEAM), kwargs=dialogue),
    Case("facilitation:transfer-create", in_dialogue(TEAM), kwargs=dialogue),
    Case(
        "facilitation:transfer-create",
        in_dialogue(TEAM, 302),
        kwargs=dialogue,
        method="post",
        data=new_transfer,
        label="save",
    ),
    Case(
        "facilitation:transfer-edit",
        in_dialogue(TEAM),
        kwargs=obj("f2_team_transfer", "transfer_id"),
        label="team",
    ),
    Case(
        "facilitation:transfer-edit",
        in_dialogue(["facilitator"], hidden=["organizer"]),
        kwargs=obj("f2_restricted_transfer", "transfer_id"),
        label="restricted",
    ),
    Case("facilitation:outcome-list", in_dialogue(TEAM), kwargs=dialogue),
    Case("facilitation:outcome-create", in_dialogue(TEAM), kwargs=dialogue),
    Case(
        "facilitation:outcome-create",
        in_dialogue(TEAM, 302),
        kwargs=dialogue,
        method="post",
        data=new_outcome,
        label="save",
    ),
    Case(
        "facilitation:outcome-edit",
        in_dialogue(TEAM),
        kwargs=obj("f2_team_outcome", "outcome_id"),
        label="team",
    ),
    Case(
        "facilitation:outcome-edit",
        in_dialogue(["facilitator"], hidden=["organizer"]),
        kwargs=obj("f2_restricted_outcome", "outcome_id"),
        label="restricted",
    ),
    # Who may read a restricted transfer or outcome: its author (here the facilitator) or
    # an organizer who reads it; a record that is not restricted has no such page (403).
    Case(
        "facilitation:transfer-access",
        in_dialogue(["facilitator"], hidden=["organizer"]),
        kwargs=obj("f2_restricted_transfer", "transfer_id"),
        label="restricted",
    ),
    Case(
        "facilitation:transfer-access",
        in_dialogue(["facilitator"], 302, hidden=["organizer"]),
        kwargs=obj("f2_restricted_transfer", "transfer_id"),
        method="post",
        data=lambda w: {"user": w.cast["organizer"].pk},
        label="grant",
    ),
    Case(
        "facilitation:transfer-access",
        in_dialogue([]),
        kwargs=obj("f2_team_transfer", "transfer_id"),
        label="team",
    ),
    Case(
        "facilitation:outcome-access",
        in_dialogue(["facilitator"], hidden=["organizer"]),
        kwargs=obj("f2_restricted_outcome", "outcome_id"),
        label="restricted",
    ),
    Case(
        "facilitation:outcome-access",
        in_dialogue(["facilitator"], 302, hidden=["organizer"]),
        kwargs=obj("f2_restricted_outcome", "outcome_id"),
        method="post",
        data=lambda w: {"user": w.cast["organizer"].pk},
        label="grant",
    ),
    Case(
        "facilitation:outcome-access",
        in_dialogue([]),
        kwargs=obj("f2_team_outcome", "outcome_id"),
        label="team",
    ),
    Case(
        "facilitation:round-reflections",
        in_dialogue(TEAM),
        kwargs=lambda w: dialogue(w, round_id=w.objects["f2_round"].pk),
    ),
    Case(
        "facilitation:round-reflections",
        in_dialogue(TEAM, 302),
        kwargs=lambda w: dialogue(w, round_id=w.objects["f2_round"].pk),
        method="post",
        data=lambda w: {"what_worked": "The matrix walked in"},
        label="save",
    ),
    Case(
        "facilitation:reflection-compare",
        in_dialogue(TEAM),
        kwargs=lambda w: dialogue(w, user_id=w.cast["facilitator"].pk),
    ),
    Case(
        "facilitation:round-review",
        in_dialogue(TEAM),
        kwargs=lambda w: dialogue(w, round_id=w.objects["f2_round"].pk),
    ),
    Case("facilitation:search", in_dialogue(CONTENT), kwargs=dialogue),
    Case(
        "facilitation:search",
        in_dialogue(CONTENT),
        kwargs=dialogue,
        data=lambda w: {"q": "water sharing"},
        label="levels",
    ),
    Case(
        "facilitation:search",
        in_dialogue(CONTENT),
        kwargs=dialogue,
        data=lambda w: {"q": "CANARY"},
        label="every-canary",
    ),
    Case(
        "facilitation:search",
        in_dialogue(CONTENT),
        kwargs=dialogue,
        data=lambda w: {"q": "search-speaker"},
        label="speaker",
    ),
]
