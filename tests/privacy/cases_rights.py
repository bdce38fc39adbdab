"""Privacy cases for the rights of a person: the JSON export and the erasure.

Organizers of the dialogue only, for a participant they may read. Erasing asks for the
password again (nobody in the matrix re-authenticated in the last five minutes): the
organizer gets the "confirm it's you" form, 200 on GET and 403 on a POST of the page's
own form, so the matrix erases nobody.

Canaries: the core world's open participant (whose person the participants area fills
with identity canaries) also takes part in the other dialogue, with a vetting note there.
JUNIPER's organizer gets the export, with the JUNIPER data; the other dialogue's vetting
note never comes with it. (No new JUNIPER participant: core tests count them.)
"""

from tests.factories import ParticipantFactory, SideFactory, VettingNoteFactory
from tests.privacy.url_cases import Case, in_dialogue
from trackii.privacy.levels import Level

ORGANIZER = ["organizer"]

CANARIES = {
    "CANARY-RIGHTS-OTHER-DIALOGUE-VETTING": {"other_member"},
}


def plant(world):
    person = world.participants["open"].person
    there = ParticipantFactory(
        side=SideFactory(dialogue=world.cast.other_dialogue, name="Rights elsewhere"),
        person=person,
    )
    VettingNoteFactory(
        participant=there, text="CANARY-RIGHTS-OTHER-DIALOGUE-VETTING", level=Level.TEAM
    )


def rights_participant(w):
    return {"dialogue_id": w.dialogue.pk, "participant_id": w.participants["open"].pk}


CASES = [
    Case("participants:person-export", in_dialogue(ORGANIZER), kwargs=rights_participant),
    Case("participants:person-erase", in_dialogue(ORGANIZER), kwargs=rights_participant),
    Case(
        "participants:person-erase",
        in_dialogue(ORGANIZER, 403),
        kwargs=rights_participant,
        method="post",
        label="post",
    ),
]
