"""Each export holds exactly what the exporting member may read: the privacy world's
canaries at every level, for every kind and both formats, as an organizer, a facilitator
and an observer."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.exports.conftest import read_cells
from tests.factories import NoteFactory, RoundParticipationFactory
from tests.privacy.world import all_canaries
from trackii.privacy.levels import Level
from trackii.workflows.exports import KIND_ROLES, SHEET_KINDS
from trackii.workflows.models import Export

#: The canaries of the privacy world that belong to each kind (who may read each one is
#: declared beside it, in tests/privacy/).
KIND_CANARIES = {
    "participants": [
        "CANARY-PROTECTED-REAL-NAME",
        "CANARY-PROTECTED-AFFILIATION",
        "CANARY-TEAM-LEVEL-PARTICIPANT",
        "CANARY-CONTACT-EMAIL",
        "CANARY-CONTACT-PHONE",
        "CANARY-PARTICIPANT-AFFILIATION",
        "CANARY-PARTICIPANT-RATIONALE",
    ],
    "notes": [
        "CANARY-REPORTABLE-NOTE",
        "CANARY-DIALOGUE-NOTE",
        "CANARY-TEAM-NOTE",
        "CANARY-RESTRICTED-NOTE",
        "CANARY-SPEAKER-OF-DIALOGUE-NOTE",
        "CANARY-SPEAKER-OF-TEAM-NOTE",
        "CANARY-AUTHOR-NAME",
        "CANARY-CONSOLE-SPEAKER",
        "CANARY-F2-SEARCH-REPORTABLE",
        "CANARY-F2-SEARCH-DIALOGUE",
        "CANARY-F2-SEARCH-TEAM",
        "CANARY-F2-SEARCH-SPEAKER",
    ],
    "options": [
        "CANARY-CONSOLE-TEAM-OPTION",
        "CANARY-CONSOLE-DIALOGUE-OPTION",
        "CANARY-CONSOLE-OPTION-PROPOSER",
        "CANARY-CONSOLE-SESSION-TITLE",
    ],
    "trust_readings": ["CANARY-CONSOLE-SESSION-TITLE", "CANARY-AUTHOR-NAME"],
    "trust_steps": ["CANARY-CONSOLE-TEAM-STEP-OBSERVATION", "CANARY-AUTHOR-NAME"],
    "transfers": [
        "CANARY-F2-TRANSFER-INSIGHT",
        "CANARY-F2-TRANSFER-RESPONSE",
        "CANARY-F2-TRANSFER-RECIPIENT-NAME",
        "CANARY-F2-RESTRICTED-TRANSFER-RESPONSE",
    ],
    "outcomes": [
        "CANARY-F2-OUTCOME-WHAT",
        "CANARY-F2-OUTCOME-EVIDENCE",
        "CANARY-F2-OUTCOME-WHO",
        "CANARY-F2-RESTRICTED-OUTCOME-WHAT",
    ],
}
EXPORTERS = ["organizer", "facilitator", "observer"]

#: Every kind each exporter may export, in both formats (everything: XLSX only).
ALLOWED = [
    (who, kind, fmt)
    for who in EXPORTERS
    for kind in [*SHEET_KINDS, Export.Kind.ALL]
    if who in KIND_ROLES[kind]
    for fmt in (["xlsx"] if kind == Export.Kind.ALL else ["csv", "xlsx"])
]


def text_of(export, response) -> str:
    return "\n".join("\t".join(str(v) for v in row) for row in read_cells(export, response.content))


def test_every_kind_is_checked_for_canaries():
    assert set(KIND_CANARIES) == {str(k) for k in SHEET_KINDS}


@pytest.mark.parametrize(("who", "kind", "fmt"), ALLOWED)
def test_export_holds_exactly_the_canaries_the_exporter_may_read(who, kind, fmt, world, export_as):
    readers = all_canaries()
    kinds = [k for k in SHEET_KINDS if who in KIND_ROLES[k]] if kind == "all" else [kind]
    expected = {c for k in kinds for c in KIND_CANARIES[k] if who in readers[c]}

    export, response = export_as(world.cast[who], world.dialogue, kind, fmt)

    text = text_of(export, response)
    found = {c for k in kinds for c in KIND_CANARIES[k] if c in text}
    assert response.status_code == 200
    assert found == expected
    assert sorted(c for c in world.forbidden_for(who) if c in text) == []


@pytest.mark.parametrize(
    ("who", "kind"),
    [(who, kind) for who in EXPORTERS for kind in SHEET_KINDS if who not in KIND_ROLES[kind]],
)
def test_kind_the_role_may_not_export_is_refused_with_a_message(who, kind, world, client_for):
    url = reverse("dialogues:export-list", kwargs={"dialogue_id": world.dialogue.pk})

    response = client_for(world.cast[who]).post(url, {"kind": kind, "format": "csv"})

    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert Export.objects.filter(created_by=world.cast[who]).exists() is False


def test_all_as_workbook_has_one_sheet_per_kind_the_role_may_read(world, export_as):
    _export, response = export_as(world.cast["observer"], world.dialogue, "all", "xlsx")

    sheets = load_workbook(BytesIO(response.content)).sheetnames
    assert sheets == ["notes", "options", "trust_steps", "transfers", "outcomes"]


def test_protected_participant_appears_by_pseudonym_in_organizer_notes_only_by_name(
    world, export_as
):
    protected = world.participants["protected"]
    session = world.notes[Level.TEAM].session
    RoundParticipationFactory(round=session.round, participant=protected)
    NoteFactory(
        session=session,
        level=Level.TEAM,
        text="Said by the protected one",
        speaker_participant=protected,
    )

    organizer = text_of(*export_as(world.cast["organizer"], world.dialogue, "notes", "csv"))
    facilitator = text_of(*export_as(world.cast["facilitator"], world.dialogue, "notes", "csv"))

    assert "CANARY-PROTECTED-REAL-NAME" in organizer
    assert "CANARY-PROTECTED-REAL-NAME" not in facilitator
    assert protected.pseudonym in facilitator
