"""Planning rounds: organizers create and edit them; bad days and foreign venues are refused."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dialogues.models import Round
from dialogues.services.rounds import round_create, round_update
from tests.factories import RoundFactory, SessionFactory, VenueFactory
from tests.planning.conftest import url, utc

pytestmark = pytest.mark.django_db


def round_post(**overrides):
    data = {
        "title": "Spring round",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-03",
        "venue": "",
        "methodology": "sustained",
        "objectives": "Agree on a joint fact-finding mandate.",
    }
    data.update(overrides)
    return data


def test_round_create_with_valid_input_saves_round_and_redirects(cast, client_for):
    venue = VenueFactory(dialogue=cast.dialogue)
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:round-create", cast), round_post(venue=venue.pk, venue_shared="on")
    )

    round_ = Round.objects.get()
    assert response.status_code == 302
    assert response.url == url("dialogues:round-detail", cast, round_id=round_.pk)
    assert (
        round_.dialogue,
        round_.starts_on,
        round_.ends_on,
        round_.venue,
        round_.venue_shared,
    ) == (
        cast.dialogue,
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 3),
        venue,
        True,
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "warned"),
    [("2001-05-01", "2001-05-03", True), ("2999-05-01", "2999-05-03", False)],
)
def test_a_round_in_the_past_is_saved_with_a_warning(cast, client_for, starts_on, ends_on, warned):
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:round-create", cast),
        round_post(starts_on=starts_on, ends_on=ends_on),
        follow=True,
    )

    body = response.content.decode()
    assert Round.objects.count() == 1  # a warning, not a refusal
    assert "Round saved." in body
    assert ("This round ended on May 3, 2001, in the past." in body) is warned
    assert ("in the past. If that is not what you meant" in body) is warned


def test_required_fields_are_marked_and_optional_ones_are_not(cast, client_for):
    body = client_for(cast["organizer"]).get(url("dialogues:round-create", cast)).content.decode()

    required = re.findall(
        r'<div class="field [^"]*field--required[^"]*">\s*<label for="id_(\w+)"', body
    )
    assert "title" in required
    assert "starts_on" in required
    assert "objectives" not in required


def test_round_create_ending_before_it_starts_answers_422_with_message_on_the_field(
    cast, client_for
):
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:round-create", cast),
        round_post(starts_on="2027-03-05", ends_on="2027-03-01"),
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "ends_on": ["The last day cannot be before the first day."]
    }
    assert Round.objects.count() == 0


def test_round_create_with_bad_input_keeps_what_was_typed(cast, client_for):
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:round-create", cast),
        round_post(starts_on="2027-03-05", ends_on="2027-03-01"),
    )

    body = response.content.decode()
    assert 'value="Spring round"' in body
    assert 'value="2027-03-05"' in body
    assert "Agree on a joint fact-finding mandate." in body


def test_round_create_with_another_dialogues_venue_answers_422(cast, client_for):
    elsewhere = VenueFactory(dialogue=cast.other_dialogue)
    client = client_for(cast["organizer"])

    response = client.post(url("dialogues:round-create", cast), round_post(venue=elsewhere.pk))

    assert response.status_code == 422
    assert response.context["form"].errors == {"venue": ["Choose one of this dialogue's venues."]}
    assert Round.objects.count() == 0


def test_round_create_service_with_another_dialogues_venue_is_refused(cast):
    elsewhere = VenueFactory(dialogue=cast.other_dialogue)

    with pytest.raises(ValidationError) as error:
        round_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            data={
                "title": "R",
                "starts_on": dt.date(2027, 3, 1),
                "ends_on": dt.date(2027, 3, 1),
                "venue": elsewhere,
            },
        )

    assert error.value.message_dict == {"venue": ["That venue belongs to another dialogue."]}


def test_round_create_service_by_facilitator_is_denied(cast):
    with pytest.raises(PermissionDenied):
        round_create(
            actor=cast["facilitator"],
            dialogue=cast.dialogue,
            data={"title": "R", "starts_on": dt.date(2027, 3, 1), "ends_on": dt.date(2027, 3, 1)},
        )


def test_round_create_with_overlong_title_answers_422(cast, client_for):
    client = client_for(cast["organizer"])

    response = client.post(url("dialogues:round-create", cast), round_post(title="t" * 121))

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "title": ["Ensure this value has at most 120 characters (it has 121)."]
    }


def test_round_edit_changes_the_round(cast, client_for):
    round_ = RoundFactory(dialogue=cast.dialogue, title="Before")
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:round-edit", cast, round_id=round_.pk),
        round_post(title="After", methodology="scenarios"),
    )

    round_.refresh_from_db()
    assert response.status_code == 302
    assert (round_.title, round_.methodology, round_.starts_on) == (
        "After",
        "scenarios",
        dt.date(2027, 3, 1),
    )


def test_round_edit_leaving_sessions_outside_its_days_answers_422(cast, client_for):
    round_ = RoundFactory(
        dialogue=cast.dialogue, starts_on=dt.date(2026, 10, 12), ends_on=dt.date(2026, 10, 14)
    )
    SessionFactory(round=round_, starts_at=utc(2026, 10, 14, 9), ends_at=utc(2026, 10, 14, 10))
    client = client_for(cast["organizer"])

    response = client.post(
        url("dialogues:round-edit", cast, round_id=round_.pk),
        round_post(starts_on="2026-10-12", ends_on="2026-10-13"),
    )

    round_.refresh_from_db()
    assert response.status_code == 422
    assert (
        "1 session would fall outside the round&#x27;s days. Move it first, or choose other days."
        in response.content.decode()
    )
    assert round_.ends_on == dt.date(2026, 10, 14)


def test_round_update_moving_to_a_venue_whose_day_differs_is_refused(cast):
    # 23:30 UTC on the last day is the next morning in Tokyo: outside the round there.
    round_ = RoundFactory(
        dialogue=cast.dialogue, starts_on=dt.date(2026, 10, 12), ends_on=dt.date(2026, 10, 14)
    )
    SessionFactory(
        round=round_, starts_at=utc(2026, 10, 14, 23, 30), ends_at=utc(2026, 10, 14, 23, 45)
    )
    tokyo = VenueFactory(dialogue=cast.dialogue, time_zone="Asia/Tokyo")

    with pytest.raises(ValidationError):
        round_update(actor=cast["organizer"], round_=round_, data={"venue": tokyo})


def test_round_edit_as_facilitator_answers_403(cast, client_for):
    round_ = RoundFactory(dialogue=cast.dialogue)
    client = client_for(cast["facilitator"])

    response = client.get(url("dialogues:round-edit", cast, round_id=round_.pk))

    assert response.status_code == 403
