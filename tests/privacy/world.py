"""A dialogue seeded with canaries: unique strings planted at every level and in every
field only some roles may read. To show something is hidden, first make it exist.

Each canary lists the cast members who may read it; every other visitor must find it
nowhere in any response (body or headers).

Areas add their own: a module tests/privacy/cases_<area>.py may define
`CANARIES` (canary -> readers) and `plant(world)`, which runs after the core
world is planted and may store objects in `world.objects`.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field

import tests.privacy
from tests.factories import (
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    SessionFactory,
    SideFactory,
)
from trackii.privacy.levels import Level

TEAM = {"organizer", "facilitator"}
CONTENT = TEAM | {"participant", "observer"}

#: canary -> who may read it
CANARIES = {
    "CANARY-REPORTABLE-NOTE": CONTENT,
    "CANARY-DIALOGUE-NOTE": CONTENT,
    "CANARY-TEAM-NOTE": TEAM,
    "CANARY-RESTRICTED-NOTE": {"facilitator"},  # its author; granted to nobody
    "CANARY-SPEAKER-OF-DIALOGUE-NOTE": TEAM,  # attribution is team at the least
    "CANARY-SPEAKER-OF-TEAM-NOTE": TEAM,
    "CANARY-AUTHOR-NAME": TEAM,  # the facilitator's display name: who logged what
    "CANARY-PROTECTED-REAL-NAME": {"organizer"},
    "CANARY-PROTECTED-AFFILIATION": {"organizer"},
    "CANARY-TEAM-LEVEL-PARTICIPANT": TEAM,
    "CANARY-DIALOGUE-REAL-TITLE": TEAM,
    "CANARY-CONFLICT-DESCRIPTION": TEAM,
    "JUNIPER": CONTENT | {"funder"},  # the code name: members only
    "OTHER-DIALOGUE-CODENAME": {"other_member"},
    "CANARY-OTHER-DIALOGUE-NOTE": {"other_member"},
}


def area_modules():
    """The cases_<area> modules beside this file, in name order."""
    return [
        importlib.import_module(f"tests.privacy.{m.name}")
        for m in sorted(pkgutil.iter_modules(tests.privacy.__path__), key=lambda m: m.name)
        if m.name.startswith("cases_")
    ]


def all_canaries() -> dict[str, set]:
    canaries = dict(CANARIES)
    for module in area_modules():
        for canary, readers in getattr(module, "CANARIES", {}).items():
            assert canary not in canaries, f"canary {canary} declared twice"
            canaries[canary] = readers
    return canaries


@dataclass
class World:
    cast: object
    notes: dict = field(default_factory=dict)
    participants: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    @property
    def dialogue(self):
        return self.cast.dialogue

    def forbidden_for(self, who: str) -> set[str]:
        return {canary for canary, readers in all_canaries().items() if who not in readers}


def plant(cast) -> World:
    world = World(cast=cast)
    dialogue = cast.dialogue
    dialogue.title = "CANARY-DIALOGUE-REAL-TITLE"
    dialogue.description = "CANARY-CONFLICT-DESCRIPTION"
    dialogue.save()
    facilitator = cast["facilitator"]
    facilitator.display_name = "CANARY-AUTHOR-NAME"
    facilitator.save()

    side = SideFactory(dialogue=dialogue, name="Northern Council")
    session = SessionFactory(round__dialogue=dialogue, title="Opening plenary")
    for level, text, speaker in [
        (Level.REPORTABLE, "CANARY-REPORTABLE-NOTE", ""),
        (Level.DIALOGUE, "CANARY-DIALOGUE-NOTE", "CANARY-SPEAKER-OF-DIALOGUE-NOTE"),
        (Level.TEAM, "CANARY-TEAM-NOTE", "CANARY-SPEAKER-OF-TEAM-NOTE"),
        (Level.RESTRICTED, "CANARY-RESTRICTED-NOTE", ""),
    ]:
        world.notes[level] = NoteFactory(
            session=session, text=text, level=level, speaker=speaker, author=facilitator
        )

    world.participants["protected"] = ParticipantFactory(
        side=side,
        level=Level.DIALOGUE,
        person=PersonFactory(
            name="CANARY-PROTECTED-REAL-NAME",
            affiliation="CANARY-PROTECTED-AFFILIATION",
            is_protected=True,
        ),
    )
    world.participants["team"] = ParticipantFactory(
        side=side, level=Level.TEAM, person=PersonFactory(name="CANARY-TEAM-LEVEL-PARTICIPANT")
    )
    world.participants["open"] = ParticipantFactory(
        side=side, level=Level.DIALOGUE, person=PersonFactory(name="Open Participant")
    )

    other_session = SessionFactory(round__dialogue=cast.other_dialogue)
    NoteFactory(session=other_session, text="CANARY-OTHER-DIALOGUE-NOTE", level=Level.DIALOGUE)

    for module in area_modules():
        if hasattr(module, "plant"):
            module.plant(world)
    return world
