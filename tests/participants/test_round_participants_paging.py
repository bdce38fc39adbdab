"""The round's participants form comes 50 participants to a page (issue 9: no page loads an
unbounded list); saving one page leaves the participants of the other pages as they were."""

import re

from participants.models import Participant, RoundParticipation
from participants.views.participants import ROUND_PAGE_SIZE
from tests.factories import ParticipantFactory, RoundParticipationFactory


def _participants(sides, n):
    for _ in range(n):
        ParticipantFactory(side=sides["north"])
    return list(
        Participant.objects.filter(side=sides["north"]).order_by(
            "side__is_third_party", "side_id", "id"
        )
    )


def _rows(response):
    return [int(pk) for pk in re.findall(r'name="shown" value="(\d+)"', response.text)]


def test_round_participants_show_one_page_and_a_link_to_the_next(
    cast, sides, upcoming_round, client_for, url
):
    everyone = _participants(sides, ROUND_PAGE_SIZE + 3)
    client = client_for(cast["organizer"])

    first = client.get(url("round-participants", round_id=upcoming_round.pk))
    second = client.get(url("round-participants", round_id=upcoming_round.pk), {"page": 2})

    assert _rows(first) == [p.pk for p in everyone[:ROUND_PAGE_SIZE]]
    assert 'href="?page=2" rel="next"' in first.text
    assert _rows(second) == [p.pk for p in everyone[ROUND_PAGE_SIZE:]]
    assert 'rel="next"' not in second.text


def test_saving_one_page_of_round_participants_keeps_the_other_pages(
    cast, sides, upcoming_round, client_for, url
):
    everyone = _participants(sides, ROUND_PAGE_SIZE + 3)
    on_page_one, on_page_two = everyone[0], everyone[ROUND_PAGE_SIZE]
    RoundParticipationFactory(round=upcoming_round, participant=on_page_one, attended=True)
    client = client_for(cast["organizer"])
    page_url = url("round-participants", round_id=upcoming_round.pk) + "?page=2"
    shown = _rows(client.get(page_url))

    response = client.post(page_url, {"shown": shown, f"in_{on_page_two.pk}": "on"})

    assert response.status_code == 302
    assert response["Location"] == page_url
    assert sorted(
        RoundParticipation.objects.filter(round=upcoming_round).values_list(
            "participant_id", "attended"
        )
    ) == [(on_page_one.pk, True), (on_page_two.pk, None)]
