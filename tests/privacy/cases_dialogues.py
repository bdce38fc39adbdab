"""Privacy cases for the dialogue itself (creating it, settings, sides) and its theory of change.

- Creating a dialogue: any logged-in user (they become its organizer).
- Settings and sides: organizers only; other members 403, non-members 404.
- The agreement and invitation texts in every language, with earlier versions: organizers
  only (the current agreement is on the home page for everyone who reads content).
- Theory of change: the team reads (organizers, facilitators); organizers write.
  Participants, observers and funders get 403 (they know the dialogue exists).
- An object of another dialogue, reached through JUNIPER's URLs: 404 for those who
  could otherwise open the page, 403 for the rest (the role check comes first).

Canaries: the theory of change (team only) with an earlier wording kept in its
history; the context and the confidentiality agreement (everyone who reads content,
funders not: they read published reports only).
"""

from dialogues.models import ChangeStatementRevision
from tests.factories import ChangeStatementFactory, ParticipantTextFactory, SideFactory
from tests.privacy.url_cases import CONTENT, TEAM, Case, everyone, in_dialogue
from trackii.privacy.levels import Level

ORGANIZER = ["organizer"]
TEAM_SET = set(TEAM)
CONTENT_SET = set(CONTENT)

CANARIES = {
    "CANARY-DIALOGUE-CONTEXT": CONTENT_SET,
    "CANARY-AGREEMENT-TEXT": CONTENT_SET,
    "CANARY-AGREEMENT-RECORDS-ACCESS": CONTENT_SET,
    "CANARY-AGREEMENT-EARLIER-FR": set(ORGANIZER),
    "CANARY-INVITATION-TEXT": set(ORGANIZER),
    "CANARY-THEORY-IF": TEAM_SET,
    "CANARY-THEORY-ASSUMPTION": TEAM_SET,
    "CANARY-THEORY-INDICATOR": TEAM_SET,
    "CANARY-THEORY-EARLIER-WORDING": TEAM_SET,
    "CANARY-OTHER-DIALOGUE-THEORY": {"other_member"},
    "CANARY-OTHER-DIALOGUE-CONTEXT": {"other_member"},
}


def plant(world):
    dialogue = world.dialogue
    dialogue.context = "CANARY-DIALOGUE-CONTEXT"
    dialogue.agreement_records_access = "CANARY-AGREEMENT-RECORDS-ACCESS"
    dialogue.agreement_years = 10
    dialogue.save()
    ParticipantTextFactory(dialogue=dialogue, text="CANARY-AGREEMENT-TEXT")
    # An earlier version and the invitation text: only organizers edit them, on the
    # texts page; everyone who reads content reads the current agreement on the home page.
    ParticipantTextFactory(
        dialogue=dialogue, language="fr", version=1, text="CANARY-AGREEMENT-EARLIER-FR"
    )
    ParticipantTextFactory(
        dialogue=dialogue, language="fr", version=2, text="Règle de Chatham House."
    )
    ParticipantTextFactory(
        dialogue=dialogue, kind="invitation", language="en", text="CANARY-INVITATION-TEXT"
    )
    other = world.cast.other_dialogue
    other.context = "CANARY-OTHER-DIALOGUE-CONTEXT"
    other.save()

    # Northern Council (the core world's side, with participants) plus two more:
    # removing the unused one still leaves two sides of the conflict.
    SideFactory(dialogue=dialogue, name="Southern Assembly")
    world.objects["side_unused"] = SideFactory(dialogue=dialogue, name="Eastern League")
    world.objects["side_other_dialogue"] = SideFactory(dialogue=other, name="Other side")

    statement = ChangeStatementFactory(
        dialogue=dialogue,
        level=Level.TEAM,
        if_text="CANARY-THEORY-IF",
        assumptions="CANARY-THEORY-ASSUMPTION",
        indicators="CANARY-THEORY-INDICATOR",
        author=world.cast["organizer"],
    )
    ChangeStatementRevision.objects.create(
        statement=statement,
        edited_by=world.cast["organizer"],
        content={
            "if_text": "CANARY-THEORY-EARLIER-WORDING",
            "then_text": statement.then_text,
            "because_text": statement.because_text,
            "assumptions": "",
            "indicators": "",
        },
    )
    world.objects["statement"] = statement
    world.objects["statement_other_dialogue"] = ChangeStatementFactory(
        dialogue=other, level=Level.TEAM, if_text="CANARY-OTHER-DIALOGUE-THEORY"
    )


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def side(key):
    return lambda w: {"dialogue_id": w.dialogue.pk, "side_id": w.objects[key].pk}


def statement(key):
    return lambda w: {"dialogue_id": w.dialogue.pk, "statement_id": w.objects[key].pk}


def new_dialogue(w):
    return {
        "code_name": "MATRIX-NEW-DIALOGUE",
        "status": "exploring",
        "track": "track2",
        "agreement_rule": "chatham_house",
        "default_level": Level.TEAM,
        "k_threshold": "5",
        "sides": "Upriver\nDownriver",
        "add_third_party": "on",
    }


def settings_of(w):
    d = w.dialogue
    return {
        "code_name": d.code_name,
        "title": d.title,
        "description": d.description,
        "context": d.context,
        "status": d.status,
        "track": d.track,
        "agreement_rule": d.agreement_rule,
        "agreement_records_access": d.agreement_records_access,
        "agreement_years": d.agreement_years or "",
        "default_level": d.default_level,
        "k_threshold": d.k_threshold,
    }


def statement_data(w):
    return {
        "if_text": "organizers meet both leaderships",
        "then_text": "the leaderships hear the options",
        "because_text": "the organizers are trusted messengers",
        "assumptions": "",
        "indicators": "",
    }


CASES = [
    # Administrators of an organization (JUNIPER's organizer; the other organization's
    # other_member) create dialogues in it; every other member or user gets 403.
    Case("dialogue-create", everyone(403, organizer=200, other_member=200)),
    Case(
        "dialogue-create",
        everyone(403, organizer=302, other_member=302),
        method="post",
        data=new_dialogue,
        label="post",
    ),
    Case("dialogues:edit", in_dialogue(ORGANIZER), kwargs=dialogue),
    Case(
        "dialogues:edit",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=settings_of,
        label="post",
    ),
    Case("dialogues:texts", in_dialogue(ORGANIZER), kwargs=dialogue),
    Case(
        "dialogues:texts",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=lambda w: {
            "reference_language": "en",
            "agreement_en": "CANARY-AGREEMENT-TEXT",
            "confirm": "yes",
        },
        label="post",
    ),
    Case(
        "dialogues:side-add",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=lambda w: {"name": "Western Forum"},
    ),
    Case("dialogues:side-edit", in_dialogue(ORGANIZER), kwargs=side("side_unused")),
    Case(
        "dialogues:side-edit",
        in_dialogue(ORGANIZER, 302),
        kwargs=side("side_unused"),
        method="post",
        data=lambda w: {"name": "Eastern Forum"},
        label="post",
    ),
    Case(
        "dialogues:side-edit",
        in_dialogue([], hidden=ORGANIZER),
        kwargs=side("side_other_dialogue"),
        label="other-dialogue",
    ),
    Case(
        "dialogues:side-remove",
        in_dialogue(ORGANIZER, 302),
        kwargs=side("side_unused"),
        method="post",
    ),
    Case(
        "dialogues:side-remove",
        in_dialogue([], hidden=ORGANIZER),
        kwargs=side("side_other_dialogue"),
        method="post",
        label="other-dialogue",
    ),
    Case("dialogues:theory", in_dialogue(TEAM), kwargs=dialogue),
    Case(
        "dialogues:theory-add",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=statement_data,
    ),
    Case("dialogues:theory-edit", in_dialogue(ORGANIZER), kwargs=statement("statement")),
    Case(
        "dialogues:theory-edit",
        in_dialogue(ORGANIZER, 302),
        kwargs=statement("statement"),
        method="post",
        data=statement_data,
        label="post",
    ),
    Case(
        "dialogues:theory-edit",
        in_dialogue([], hidden=ORGANIZER),
        kwargs=statement("statement_other_dialogue"),
        label="other-dialogue",
    ),
    Case("dialogues:theory-history", in_dialogue(TEAM), kwargs=statement("statement")),
    Case(
        "dialogues:theory-history",
        in_dialogue([], hidden=TEAM),
        kwargs=statement("statement_other_dialogue"),
        label="other-dialogue",
    ),
]
