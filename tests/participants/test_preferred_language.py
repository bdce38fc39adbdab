"""A person's preferred language (issue 15): an organizer chooses it among the shipped
languages, Hebrew and Ukrainian included, and it is erased with the person's identity."""

from participants.models import Participant
from participants.services.rights import persons_identity_destroy
from tests.factories import ParticipantFactory, PersonFactory
from tests.participants.test_participant_create import form_data, participant_named


def test_organizer_sets_a_preferred_language_among_the_shipped_ones(cast, sides, client_for, url):
    client = client_for(cast["organizer"])

    form = client.get(url("create")).content.decode()
    client.post(url("create"), form_data(sides["north"], preferred_language="he"))

    assert '<option value="he">עברית</option>' in form
    assert participant_named("Dana Newcomer").person.preferred_language == "he"


def test_unknown_preferred_language_is_refused_and_nothing_lost(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).post(
        url("create"), form_data(sides["north"], preferred_language="xx")
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "Select a valid choice" in body
    assert 'value="Coastal Forum"' in body
    assert not Participant.objects.exists()


def test_erasing_a_person_forgets_their_preferred_language(sides):
    person = PersonFactory(preferred_language="ar")
    ParticipantFactory(side=sides["north"], person=person)

    persons_identity_destroy(person_ids=[person.pk])

    person.refresh_from_db()
    assert person.preferred_language == ""
