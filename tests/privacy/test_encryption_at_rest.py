"""Identity, contact and free-text fields are stored encrypted: a dump of the database
holds none of what people typed, while the app reads it back as typed."""

import pytest

from participants.models import Participant
from participants.services.participants import participant_create, vetting_note_create
from tests.factories import SideFactory
from tests.privacy.stored import all_stored_text, pg_dump_data
from trackii.privacy.levels import Level

CANARIES = {
    "name": "CANARY-ATREST-NAME",
    "affiliation": "CANARY-ATREST-AFFILIATION",
    "email": "canary-atrest@example.org",
    "phone": "+41 CANARY 555",
    "rationale": "CANARY-ATREST-RATIONALE",
    "vetting": "CANARY-ATREST-VETTING",
}


def write_canaries(cast):
    side = SideFactory(dialogue=cast.dialogue)
    participant = participant_create(
        actor=cast["organizer"],
        dialogue=cast.dialogue,
        side=side,
        person_data={
            "name": CANARIES["name"],
            "affiliation": CANARIES["affiliation"],
            "email": CANARIES["email"],
            "phone": CANARIES["phone"],
        },
        rationale_influence=CANARIES["rationale"],
    )
    vetting_note_create(
        actor=cast["organizer"], participant=participant, text=CANARIES["vetting"], level=Level.TEAM
    )
    return participant


def test_the_app_reads_back_what_was_typed(cast):
    participant = write_canaries(cast)

    stored = Participant.objects.select_related("person").get(pk=participant.pk)

    assert (stored.person.name, stored.person.email, stored.rationale_influence) == (
        CANARIES["name"],
        CANARIES["email"],
        CANARIES["rationale"],
    )
    assert stored.vetting_notes.get().text == CANARIES["vetting"]


def test_raw_database_holds_no_canary(cast):
    write_canaries(cast)

    raw = all_stored_text()

    assert [c for c in CANARIES.values() if c in raw] == []


@pytest.mark.django_db(transaction=True)
def test_pg_dump_holds_no_canary(cast):
    write_canaries(cast)

    dump = pg_dump_data()

    assert [c for c in CANARIES.values() if c in dump] == []
    assert "enc1:" in dump  # the rows are there, as ciphertext
