"""Privacy cases for the pickers' searches (trackii/privacy/pickers.py): the option editor's
"derived from", the transfer form's option, the invitation form's participant and the
"reuse a person" choice of the add-participant form.

Who reads what: a search runs on the page it belongs to, for the same roles (the team for
options, organizers for people), and matches only what that page may list:
- an option `restricted` to its author (here the facilitator) is found by them alone;
- another dialogue's option or participant is found by nobody here;
- a person is offered for reuse only to an organizer of a dialogue they take part in.
Each case searches for "CANARY", which every planted canary holds.
"""

from tests.facilitation.factories import OptionFactory
from tests.factories import (
    DialogueFactory,
    MembershipFactory,
    ParticipantFactory,
    PersonFactory,
    SessionFactory,
)
from tests.privacy.cases_console import console
from tests.privacy.url_cases import TEAM, Case, in_dialogue
from trackii.privacy.levels import Level
from trackii.privacy.roles import Role

CANARIES = {
    "CANARY-PICKER-RESTRICTED-OPTION": {"facilitator"},
    "CANARY-PICKER-OTHER-DIALOGUE-OPTION": {"other_member"},
    "CANARY-PICKER-REUSABLE-PERSON": {"organizer"},
    "CANARY-PICKER-STRANGER-PERSON": {"other_member"},
}


def plant(world):
    dialogue, cast = world.dialogue, world.cast
    OptionFactory(
        session=None,
        dialogue=dialogue,
        title="CANARY-PICKER-RESTRICTED-OPTION",
        level=Level.RESTRICTED,
        author=cast["facilitator"],
    )
    OptionFactory(
        session=SessionFactory(round__dialogue=cast.other_dialogue),
        title="CANARY-PICKER-OTHER-DIALOGUE-OPTION",
        level=Level.DIALOGUE,
    )
    # Someone in another dialogue the organizer organizes too: theirs to reuse.
    third = DialogueFactory(code_name="PICKER-THIRD")
    MembershipFactory(dialogue=third, user=cast["organizer"], role=Role.ORGANIZER)
    ParticipantFactory(
        side__dialogue=third,
        level=Level.TEAM,
        person=PersonFactory(name="CANARY-PICKER-REUSABLE-PERSON"),
    )
    # Someone in a dialogue the organizer does not organize: never theirs to reuse.
    ParticipantFactory(
        side__dialogue=cast.other_dialogue,
        level=Level.DIALOGUE,
        person=PersonFactory(name="CANARY-PICKER-STRANGER-PERSON"),
    )


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def search(name, *, alone=True):
    """The search box's request: the choices alone (htmx), or the page (without JS)."""
    data = {f"{name}_search": "CANARY"}
    return lambda w: {**data, "picker": name} if alone else data


ORGANIZER = ["organizer"]

CASES = [
    Case(
        "facilitation:console-option-edit",
        in_dialogue(TEAM),
        kwargs=lambda w: console(w, option_id=w.objects["console_option"].pk),
        data=search("derived_from"),
        label="picker-search",
    ),
    Case(
        "facilitation:console-option-edit",
        in_dialogue(TEAM),
        kwargs=lambda w: console(w, option_id=w.objects["console_option"].pk),
        data=search("derived_from", alone=False),
        label="picker-search-page",
    ),
    Case(
        "facilitation:transfer-create",
        in_dialogue(TEAM),
        kwargs=dialogue,
        data=search("option"),
        label="picker-search",
    ),
    Case(
        "facilitation:transfer-create",
        in_dialogue(TEAM),
        kwargs=dialogue,
        data=search("option", alone=False),
        label="picker-search-page",
    ),
    Case(
        "participants:invitation-create",
        in_dialogue(ORGANIZER),
        kwargs=dialogue,
        data=search("participant"),
        label="picker-search",
    ),
    Case(
        "participants:create",
        in_dialogue(ORGANIZER),
        kwargs=dialogue,
        data=search("existing_person"),
        label="picker-search",
    ),
    Case(
        "participants:create",
        in_dialogue(ORGANIZER),
        kwargs=dialogue,
        data=search("existing_person", alone=False),
        label="picker-search-page",
    ),
]
