"""Who takes part in a round, attendance, and the round balance warnings."""

import datetime as dt

import pytest

from participants.models import RoundParticipation
from participants.selectors import round_balance
from tests.factories import ParticipantFactory, RoundFactory, RoundParticipationFactory


def confirmed_in(rnd, side, n, state="confirmed"):
    for _ in range(n):
        RoundParticipationFactory(round=rnd, participant=ParticipantFactory(side=side, state=state))


def test_round_balance_with_every_side_present_has_no_warning(sides, upcoming_round):
    confirmed_in(upcoming_round, sides["north"], 2)
    confirmed_in(upcoming_round, sides["south"], 3)

    balance = round_balance(upcoming_round)

    assert [(side.name, n) for side, n in balance.counts] == [
        ("North", 2),
        ("South", 3),
        ("Conveners", 0),
    ]
    assert balance.warnings == []


def test_round_balance_warns_when_a_conflict_side_has_no_one(sides, upcoming_round):
    confirmed_in(upcoming_round, sides["north"], 2)

    balance = round_balance(upcoming_round)

    assert balance.warnings == ["No confirmed participant from South."]


def test_round_balance_warns_when_largest_side_is_more_than_twice_the_smallest(
    sides, upcoming_round
):
    confirmed_in(upcoming_round, sides["north"], 5)
    confirmed_in(upcoming_round, sides["south"], 2)

    balance = round_balance(upcoming_round)

    assert balance.warnings == [
        "North has 5 confirmed participants, more than twice the 2 of South."
    ]


def test_round_balance_exactly_twice_is_not_a_warning(sides, upcoming_round):
    confirmed_in(upcoming_round, sides["north"], 4)
    confirmed_in(upcoming_round, sides["south"], 2)

    assert round_balance(upcoming_round).warnings == []


def test_round_balance_counts_confirmed_participants_only(sides, upcoming_round):
    confirmed_in(upcoming_round, sides["north"], 1)
    confirmed_in(upcoming_round, sides["south"], 3, state="invited")

    balance = round_balance(upcoming_round)

    assert balance.warnings == ["No confirmed participant from South."]


def test_round_balance_ignores_the_third_party(sides, upcoming_round):
    confirmed_in(upcoming_round, sides["north"], 1)
    confirmed_in(upcoming_round, sides["south"], 1)
    confirmed_in(upcoming_round, sides["third"], 9)

    assert round_balance(upcoming_round).warnings == []


def test_participant_list_shows_warnings_of_upcoming_rounds_to_team(
    cast, sides, upcoming_round, client_for, url
):
    confirmed_in(upcoming_round, sides["north"], 1)

    page = client_for(cast["facilitator"]).get(url("list")).text

    assert "Autumn round" in page
    assert "No confirmed participant from South." in page


def test_participant_list_leaves_out_past_rounds(cast, sides, client_for, url):
    RoundFactory(
        dialogue=cast.dialogue,
        title="Old round",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2020, 1, 2),
    )

    page = client_for(cast["organizer"]).get(url("list")).text

    assert "Old round" not in page


def test_participant_list_shows_no_round_balance_to_participant(
    cast, sides, upcoming_round, client_for, url
):
    confirmed_in(upcoming_round, sides["north"], 1)

    page = client_for(cast["participant"]).get(url("list")).text

    assert "No confirmed participant from South." not in page


@pytest.fixture
def two(sides):
    return ParticipantFactory(side=sides["north"]), ParticipantFactory(side=sides["south"])


def post_round(client_for, cast, url, rnd, data):
    return client_for(cast["organizer"]).post(url("round-participants", round_id=rnd.pk), data)


def test_round_participants_adds_participants_and_records_attendance(
    cast, two, upcoming_round, client_for, url
):
    first, second = two

    response = post_round(
        client_for,
        cast,
        url,
        upcoming_round,
        {f"in_{first.pk}": "on", f"attended_{first.pk}": "yes", f"in_{second.pk}": "on"},
    )

    assert response.status_code == 302
    assert sorted(
        RoundParticipation.objects.filter(round=upcoming_round).values_list(
            "participant_id", "attended"
        )
    ) == sorted([(first.pk, True), (second.pk, None)])


def test_round_participants_removes_unticked_participants(
    cast, two, upcoming_round, client_for, url
):
    first, second = two
    RoundParticipationFactory(round=upcoming_round, participant=first)
    RoundParticipationFactory(round=upcoming_round, participant=second, attended=True)

    post_round(
        client_for,
        cast,
        url,
        upcoming_round,
        {f"in_{second.pk}": "on", f"attended_{second.pk}": "no"},
    )

    assert list(
        RoundParticipation.objects.filter(round=upcoming_round).values_list(
            "participant_id", "attended"
        )
    ) == [(second.pk, False)]


def test_round_participants_attendance_without_taking_part_answers_422(
    cast, two, upcoming_round, client_for, url
):
    first, _ = two

    response = post_round(client_for, cast, url, upcoming_round, {f"attended_{first.pk}": "yes"})

    assert response.status_code == 422
    assert (
        f"Tick “in this round” for {first.person.name} before recording attendance."
        in response.text
    )
    assert RoundParticipation.objects.exists() is False


def test_round_participants_ignores_participants_of_another_dialogue(
    cast, two, upcoming_round, client_for, url
):
    foreign = ParticipantFactory(side__dialogue=cast.other_dialogue)

    post_round(client_for, cast, url, upcoming_round, {f"in_{foreign.pk}": "on"})

    assert RoundParticipation.objects.filter(participant=foreign).exists() is False


def test_round_participants_of_another_dialogues_round_answers_404(cast, two, client_for, url):
    foreign_round = RoundFactory(dialogue=cast.other_dialogue)

    response = client_for(cast["organizer"]).get(
        url("round-participants", round_id=foreign_round.pk)
    )

    assert response.status_code == 404


def test_round_participants_page_shows_current_choices(cast, two, upcoming_round, client_for, url):
    first, _ = two
    RoundParticipationFactory(round=upcoming_round, participant=first, attended=False)

    response = client_for(cast["organizer"]).get(
        url("round-participants", round_id=upcoming_round.pk)
    )

    form = response.context["form"]
    assert (form[f"in_{first.pk}"].value(), form[f"attended_{first.pk}"].value()) == (True, "no")


def test_round_participants_for_facilitator_answers_403(cast, two, upcoming_round, client_for, url):
    response = client_for(cast["facilitator"]).get(
        url("round-participants", round_id=upcoming_round.pk)
    )

    assert response.status_code == 403


# user, membership (2; session from the cache); round; participants counted, then one page of
# them; participations; sides; confirmed counts per side (5).
@pytest.mark.parametrize("size", [3, 30, 60])  # 60: more than one page
def test_round_participants_query_count_is_fixed(
    size, cast, sides, upcoming_round, client_for, url, django_assert_num_queries
):
    for _ in range(size):
        RoundParticipationFactory(
            round=upcoming_round, participant=ParticipantFactory(side=sides["north"])
        )
    client = client_for(cast["organizer"])

    with django_assert_num_queries(8):
        response = client.get(url("round-participants", round_id=upcoming_round.pk))

    assert response.status_code == 200
