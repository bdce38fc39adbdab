"""Planning sessions: times typed in the venue's local time, kept inside the round's days,
and facilitators from the team who are not booked twice."""

import pytest

from facilitation.models import Session
from tests.factories import (
    MembershipFactory,
    RoundFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.planning.conftest import url, utc

pytestmark = pytest.mark.django_db


def session_post(**overrides):
    data = {
        "title": "Morning plenary",
        "agenda_item": "Ground rules; introductions",
        "format": "plenary",
        "starts_at": "2026-10-12T09:00",
        "ends_at": "2026-10-12T12:00",
    }
    data.update(overrides)
    return data


def create(client, cast, round_, **overrides):
    return client.post(
        url("facilitation:session-create", cast, round_id=round_.pk), session_post(**overrides)
    )


def test_session_create_stores_venue_local_time_in_utc(cast, client_for, tokyo_round):
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round)

    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.starts_at, session.ends_at) == (utc(2026, 10, 12, 0), utc(2026, 10, 12, 3))


def test_session_create_form_names_the_venue_time_zone(cast, client_for, tokyo_round):
    client = client_for(cast["organizer"])

    response = client.get(url("facilitation:session-create", cast, round_id=tokyo_round.pk))

    assert "In the venue's local time (Asia/Tokyo)." in response.content.decode()


def test_session_edit_form_shows_times_in_venue_local_time(cast, client_for, tokyo_round):
    session = SessionFactory(
        round=tokyo_round, starts_at=utc(2026, 10, 12, 0), ends_at=utc(2026, 10, 12, 3)
    )
    client = client_for(cast["organizer"])

    response = client.get(url("facilitation:session-edit", cast, session_id=session.pk))

    body = response.content.decode()
    assert 'value="2026-10-12T09:00"' in body
    assert 'value="2026-10-12T12:00"' in body


def test_session_create_outside_the_rounds_days_answers_422_with_message(
    cast, client_for, tokyo_round
):
    client = client_for(cast["organizer"])

    response = create(
        client, cast, tokyo_round, starts_at="2026-10-15T09:00", ends_at="2026-10-15T10:00"
    )

    assert response.status_code == 422
    assert (
        "The session must fall within the round&#x27;s days (2026-10-12 to 2026-10-14)."
        in response.content.decode()
    )
    assert Session.objects.count() == 0


def test_session_create_on_the_last_local_day_late_in_utc_is_refused(cast, client_for, tokyo_round):
    # 2026-10-15 01:00 in Tokyo is still 2026-10-14 in UTC: the venue's day decides.
    client = client_for(cast["organizer"])

    response = create(
        client, cast, tokyo_round, starts_at="2026-10-15T01:00", ends_at="2026-10-15T02:00"
    )

    assert response.status_code == 422


def test_session_create_ending_before_it_starts_answers_422_with_message(
    cast, client_for, tokyo_round
):
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, ends_at="2026-10-12T08:00")

    assert response.status_code == 422
    assert response.context["form"].errors == {"ends_at": ["A session must end after it starts."]}


def test_session_create_with_bad_input_keeps_what_was_typed(cast, client_for, tokyo_round):
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, ends_at="2026-10-12T08:00")

    body = response.content.decode()
    assert 'value="Morning plenary"' in body
    assert 'value="2026-10-12T09:00"' in body
    assert "Ground rules; introductions" in body


def test_session_create_with_facilitator_booked_at_that_time_names_the_clash(
    cast, client_for, tokyo_round
):
    facilitator = cast["facilitator"]
    booked = SessionFactory(
        round=tokyo_round,
        title="Working group A",
        starts_at=utc(2026, 10, 12, 1),
        ends_at=utc(2026, 10, 12, 4),
    )
    booked.facilitators.add(facilitator)
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, facilitators=[facilitator.pk])

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "facilitators": [
            "The facilitator already facilitates “Working group A” from Oct. 12, 2026, 10 a.m. "
            "to Oct. 12, 2026, 1 p.m. (Asia/Tokyo)."
        ]
    }
    assert Session.objects.count() == 1


def test_session_create_overlapping_with_another_facilitators_session_is_saved(
    cast, client_for, tokyo_round
):
    booked = SessionFactory(
        round=tokyo_round, starts_at=utc(2026, 10, 12, 1), ends_at=utc(2026, 10, 12, 4)
    )
    booked.facilitators.add(cast["facilitator"])
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, facilitators=[cast["organizer"].pk])

    assert response.status_code == 302
    assert list(Session.objects.latest("id").facilitators.all()) == [cast["organizer"]]


def test_session_create_right_after_the_facilitators_last_session_is_saved(
    cast, client_for, tokyo_round
):
    booked = SessionFactory(
        round=tokyo_round, starts_at=utc(2026, 10, 11, 23), ends_at=utc(2026, 10, 12, 0)
    )
    booked.facilitators.add(cast["facilitator"])
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, facilitators=[cast["facilitator"].pk])

    assert response.status_code == 302


def test_session_edit_does_not_clash_with_itself(cast, client_for, tokyo_round):
    session = SessionFactory(
        round=tokyo_round, starts_at=utc(2026, 10, 12, 0), ends_at=utc(2026, 10, 12, 3)
    )
    session.facilitators.add(cast["facilitator"])
    client = client_for(cast["organizer"])

    response = client.post(
        url("facilitation:session-edit", cast, session_id=session.pk),
        session_post(
            title="Renamed", ends_at="2026-10-12T12:30", facilitators=[cast["facilitator"].pk]
        ),
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert (session.title, session.ends_at) == ("Renamed", utc(2026, 10, 12, 3, 30))


def test_session_create_with_facilitator_busy_in_another_dialogue_gives_no_details(
    cast, client_for, tokyo_round
):
    facilitator = cast["facilitator"]
    MembershipFactory(dialogue=cast.other_dialogue, user=facilitator, role="facilitator")
    elsewhere = SessionFactory(
        round=RoundFactory(dialogue=cast.other_dialogue, venue=None),
        title="Secret talks",
        starts_at=utc(2026, 10, 12, 0),
        ends_at=utc(2026, 10, 12, 2),
    )
    elsewhere.facilitators.add(facilitator)
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, facilitators=[facilitator.pk])

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "facilitators": ["The facilitator has another session at that time."]
    }
    assert "Secret talks" not in response.content.decode()


def test_session_create_with_a_participant_as_facilitator_answers_422(
    cast, client_for, tokyo_round
):
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, facilitators=[cast["participant"].pk])

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "facilitators": ["Facilitators must be organizers or facilitators of this dialogue."]
    }


def test_session_create_with_another_dialogues_facilitator_answers_422(
    cast, client_for, tokyo_round
):
    stranger = UserFactory()
    MembershipFactory(dialogue=cast.other_dialogue, user=stranger, role="facilitator")
    client = client_for(cast["organizer"])

    response = create(client, cast, tokyo_round, facilitators=[stranger.pk])

    assert response.status_code == 422
    assert Session.objects.count() == 0


def test_session_create_offers_only_the_dialogues_organizers_and_facilitators(
    cast, client_for, tokyo_round
):
    client = client_for(cast["organizer"])

    response = client.get(url("facilitation:session-create", cast, round_id=tokyo_round.pk))

    choices = set(response.context["form"].fields["facilitators"].queryset)
    assert choices == {cast["organizer"], cast["facilitator"]}


def test_session_create_as_facilitator_answers_403(cast, client_for, tokyo_round):
    client = client_for(cast["facilitator"])

    response = create(client, cast, tokyo_round)

    assert response.status_code == 403
    assert Session.objects.count() == 0


def test_session_create_in_a_round_without_venue_uses_utc(cast, client_for):
    round_ = RoundFactory(dialogue=cast.dialogue)
    client = client_for(cast["organizer"])

    create(client, cast, round_)

    assert Session.objects.get().starts_at == utc(2026, 10, 12, 9)


def test_session_create_at_a_time_skipped_by_daylight_saving_answers_422(cast, client_for):
    # Europe/Vienna skips 02:00–03:00 on 2027-03-28.
    venue = VenueFactory(dialogue=cast.dialogue, time_zone="Europe/Vienna")
    round_ = RoundFactory(
        dialogue=cast.dialogue, venue=venue, starts_on="2027-03-27", ends_on="2027-03-29"
    )
    client = client_for(cast["organizer"])

    response = create(
        client, cast, round_, starts_at="2027-03-28T02:30", ends_at="2027-03-28T04:00"
    )

    assert response.status_code == 422
    assert Session.objects.count() == 0


def test_session_detail_shows_facilitators_to_the_team_only(cast, client_for, tokyo_round):
    cast["facilitator"].display_name = "Amina Facilitator"
    cast["facilitator"].save()
    session = SessionFactory(
        round=tokyo_round, starts_at=utc(2026, 10, 12, 0), ends_at=utc(2026, 10, 12, 3)
    )
    session.facilitators.add(cast["facilitator"])
    detail = url("facilitation:session-detail", cast, session_id=session.pk)

    team_body = client_for(cast["organizer"]).get(detail).content.decode()
    observer_body = client_for(cast["observer"]).get(detail).content.decode()

    assert ("Amina Facilitator" in team_body, "Amina Facilitator" in observer_body) == (True, False)


def test_session_detail_shows_times_in_venue_local_time(cast, client_for, tokyo_round):
    session = SessionFactory(
        round=tokyo_round, starts_at=utc(2026, 10, 12, 0), ends_at=utc(2026, 10, 12, 3)
    )
    client = client_for(cast["observer"])

    response = client.get(url("facilitation:session-detail", cast, session_id=session.pk))

    assert "Monday, October 12, 2026, 09:00 – 12:00" in response.content.decode()
