"""Attribution is team-only; protected participants appear by a stable pseudonym
to everyone but organizers."""

from django.test import override_settings
from django.urls import reverse

from tests.factories import ParticipantFactory
from trackii.privacy.pseudonyms import pseudonym_for


def participants_page(world, client_for, who):
    url = reverse("participants:list", kwargs={"dialogue_id": world.dialogue.pk})
    return client_for(world.cast[who]).get(url).text


def test_protected_participant_is_shown_by_pseudonym_to_facilitator(world, client_for):
    protected = world.participants["protected"]

    page = participants_page(world, client_for, "facilitator")

    assert protected.pseudonym in page
    assert "CANARY-PROTECTED-REAL-NAME" not in page


def test_protected_participant_is_named_for_organizer(world, client_for):
    page = participants_page(world, client_for, "organizer")

    assert "CANARY-PROTECTED-REAL-NAME" in page
    assert "CANARY-PROTECTED-AFFILIATION" in page


def test_pseudonym_is_stable_across_requests_and_differs_between_participants(world, client_for):
    protected = world.participants["protected"]
    other = ParticipantFactory(side=protected.side, person__is_protected=True)

    first = participants_page(world, client_for, "participant")
    second = participants_page(world, client_for, "participant")

    assert protected.pseudonym in first
    assert protected.pseudonym in second
    assert protected.pseudonym != other.pseudonym


def test_same_person_in_two_dialogues_gets_unrelated_pseudonyms(world):
    protected = world.participants["protected"]
    elsewhere = ParticipantFactory(
        person=protected.person, side__dialogue=world.cast.other_dialogue
    )

    assert protected.pseudonym != elsewhere.pseudonym


def test_pseudonym_depends_on_the_pseudonym_key_not_on_stored_data():
    with override_settings(PSEUDONYM_KEY="one"):
        first = pseudonym_for("participant", 7)
    with override_settings(PSEUDONYM_KEY="two"):
        second = pseudonym_for("participant", 7)

    assert first != second
    assert first.startswith("Participant ")


def test_note_attribution_is_shown_to_the_team(world, client_for):
    url = reverse("facilitation:note-list", kwargs={"dialogue_id": world.dialogue.pk})

    page = client_for(world.cast["organizer"]).get(url).text

    assert "CANARY-SPEAKER-OF-DIALOGUE-NOTE" in page
    assert "logged by CANARY-AUTHOR-NAME" in page


def test_participant_reads_a_dialogue_note_without_its_speaker_or_author(world, client_for):
    url = reverse("facilitation:note-list", kwargs={"dialogue_id": world.dialogue.pk})

    page = client_for(world.cast["participant"]).get(url).text

    assert "CANARY-DIALOGUE-NOTE" in page
    assert "CANARY-SPEAKER-OF-DIALOGUE-NOTE" not in page
    assert "CANARY-AUTHOR-NAME" not in page
    assert "logged by" not in page
