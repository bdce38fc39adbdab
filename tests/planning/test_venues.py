"""Venue pages: organizers add and edit venues; bad input is refused with a message."""

from decimal import Decimal

import pytest

from dialogues.models import Venue, VenueSideAccess
from tests.factories import DialogueFactory, VenueFactory, VenueSideAccessFactory
from tests.planning.conftest import url

pytestmark = pytest.mark.django_db


def venue_post(**overrides):
    data = {
        "name": "Lakeside house",
        "country": "Austria",
        "city": "Vienna",
        "kind": "retreat",
        "time_zone": "Europe/Vienna",
        "capacity": "24",
        "cost_per_day": "1800.50",
        "currency": "EUR",
        "neutrality": "4",
        "discretion": "5",
        "security": "",
        "accessibility": "3",
        "notes": "Quiet, owner is discreet.",
    }
    data.update(overrides)
    return data


def test_venue_create_with_valid_input_saves_venue_and_redirects(cast, client_for, north):
    client = client_for(cast["organizer"])

    response = client.post(url("dialogues:venue-create", cast), venue_post())

    venue = Venue.objects.get()
    assert response.status_code == 302
    assert response.url == url("dialogues:venue-detail", cast, venue_id=venue.pk)
    assert (venue.dialogue, venue.name, venue.city, venue.time_zone) == (
        cast.dialogue,
        "Lakeside house",
        "Vienna",
        "Europe/Vienna",
    )
    assert (venue.capacity, venue.cost_per_day, venue.neutrality, venue.security) == (
        24,
        Decimal("1800.50"),
        4,
        None,
    )


def test_venue_create_records_visa_and_travel_per_side(cast, client_for, north, south):
    client = client_for(cast["organizer"])
    data = venue_post(
        **{
            f"side-{north.pk}-visa_needed": "on",
            f"side-{north.pk}-travel_hours": "7.5",
            f"side-{north.pk}-notes": "Visa takes six weeks.",
            f"side-{south.pk}-travel_hours": "2",
        }
    )

    client.post(url("dialogues:venue-create", cast), data)

    rows = {
        a.side.name: (a.visa_needed, a.travel_hours, a.notes)
        for a in VenueSideAccess.objects.select_related("side")
    }
    assert rows == {
        "Northern Council": (True, Decimal("7.5"), "Visa takes six weeks."),
        "Southern Assembly": (False, Decimal("2.0"), ""),
    }


def test_venue_create_lowercase_currency_is_stored_uppercase(cast, client_for):
    client = client_for(cast["organizer"])

    client.post(url("dialogues:venue-create", cast), venue_post(currency="chf"))

    assert Venue.objects.get().currency == "CHF"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capacity", "-3", "A venue must hold at least one person."),
        ("capacity", "0", "A venue must hold at least one person."),
        ("cost_per_day", "-10", "The cost cannot be negative."),
        ("neutrality", "6", "Rate from 1 to 5."),
        ("security", "0", "Rate from 1 to 5."),
        ("time_zone", "Mars/Olympus_Mons", "Choose a time zone such as Europe/Vienna."),
        ("currency", "EU1", "Use a three-letter currency code, such as EUR."),
        ("name", "x" * 161, "Ensure this value has at most 160 characters (it has 161)."),
    ],
)
def test_venue_create_with_bad_input_answers_422_with_message_and_saves_nothing(
    cast, client_for, field, value, message
):
    client = client_for(cast["organizer"])

    response = client.post(url("dialogues:venue-create", cast), venue_post(**{field: value}))

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Venue.objects.count() == 0


def test_venue_create_with_bad_input_keeps_what_was_typed(cast, client_for, north):
    client = client_for(cast["organizer"])
    data = venue_post(capacity="-3", **{f"side-{north.pk}-notes": "Overland via the border"})

    response = client.post(url("dialogues:venue-create", cast), data)

    body = response.content.decode()
    assert 'value="Lakeside house"' in body
    assert 'value="-3"' in body
    assert 'value="1800.50"' in body
    assert "Quiet, owner is discreet." in body
    assert 'value="Overland via the border"' in body
    # The error summary speaks of what this form has: no passwords here.
    assert "Please correct the errors below. What you typed is kept.</p>" in body
    assert "passwords" not in body


def test_venue_create_with_negative_travel_time_answers_422_with_message(cast, client_for, north):
    client = client_for(cast["organizer"])
    data = venue_post(**{f"side-{north.pk}-travel_hours": "-1"})

    response = client.post(url("dialogues:venue-create", cast), data)

    assert response.status_code == 422
    assert "Travel time cannot be negative." in response.content.decode()
    assert Venue.objects.count() == 0


def test_venue_create_as_facilitator_answers_403(cast, client_for):
    client = client_for(cast["facilitator"])

    response = client.post(url("dialogues:venue-create", cast), venue_post())

    assert response.status_code == 403
    assert Venue.objects.count() == 0


def test_venue_edit_changes_fields_and_side_access(cast, client_for, north):
    venue = VenueFactory(dialogue=cast.dialogue, name="Old name")
    VenueSideAccessFactory(venue=venue, side=north, visa_needed=False)
    client = client_for(cast["organizer"])
    data = venue_post(name="New name", **{f"side-{north.pk}-visa_needed": "on"})

    response = client.post(url("dialogues:venue-edit", cast, venue_id=venue.pk), data)

    venue.refresh_from_db()
    assert response.status_code == 302
    assert venue.name == "New name"
    assert list(venue.side_access.values_list("side__name", "visa_needed")) == [
        ("Northern Council", True)
    ]


def test_venue_edit_with_bad_input_answers_422_and_changes_nothing(cast, client_for):
    venue = VenueFactory(dialogue=cast.dialogue, name="Old name", capacity=30)
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:venue-edit", cast, venue_id=venue.pk),
        venue_post(name="New name", neutrality="9"),
    )

    venue.refresh_from_db()
    assert response.status_code == 422
    assert "Rate from 1 to 5." in response.content.decode()
    assert (venue.name, venue.capacity) == ("Old name", 30)


def test_venue_edit_form_shows_saved_values(cast, client_for, north):
    venue = VenueFactory(dialogue=cast.dialogue, name="Fjord lodge", time_zone="Europe/Oslo")
    VenueSideAccessFactory(venue=venue, side=north, travel_hours=Decimal("3.5"))
    client = client_for(cast["organizer"])

    response = client.get(url("dialogues:venue-edit", cast, venue_id=venue.pk))

    body = response.content.decode()
    assert 'value="Fjord lodge"' in body
    assert '<option value="Europe/Oslo" selected>' in body
    assert 'value="3.5"' in body


def test_venue_edit_of_another_dialogues_venue_answers_404(cast, client_for):
    elsewhere = VenueFactory(dialogue=DialogueFactory())
    client = client_for(cast["organizer"])

    response = client.get(url("dialogues:venue-edit", cast, venue_id=elsewhere.pk))

    assert response.status_code == 404


def test_venue_detail_shows_notes_and_access_per_side(cast, client_for, north):
    venue = VenueFactory(dialogue=cast.dialogue, notes="Back entrance for arrivals.")
    VenueSideAccessFactory(venue=venue, side=north, visa_needed=True, notes="Apply early.")
    client = client_for(cast["facilitator"])

    response = client.get(url("dialogues:venue-detail", cast, venue_id=venue.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Back entrance for arrivals." in body
    assert "Apply early." in body


def test_venue_list_for_participant_answers_403(cast, client_for):
    VenueFactory(dialogue=cast.dialogue)
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:venue-list", cast))

    assert response.status_code == 403


def test_venue_list_shows_only_this_dialogues_venues(cast, client_for):
    VenueFactory(dialogue=cast.dialogue, name="Ours")
    VenueFactory(dialogue=cast.other_dialogue, name="Theirs")
    client = client_for(cast["facilitator"])

    response = client.get(url("dialogues:venue-list", cast))

    assert [v.name for v in response.context["page"].object_list] == ["Ours"]
