"""Reflections after a round, and the round review."""

import datetime as dt

import pytest
from django.urls import reverse

from facilitation import after
from facilitation.models import OptionEvent, Reflection, TrustStep
from tests.facilitation.factories import OptionFactory, TrustReadingFactory, TrustStepFactory
from tests.factories import (
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    RoundParticipationFactory,
    SessionFactory,
)


def reflections_url(w, round_):
    return reverse("facilitation:round-reflections", args=[w.dialogue.pk, round_.pk])


def review_url(w, round_):
    return reverse("facilitation:round-review", args=[w.dialogue.pk, round_.pk])


def test_reflection_post_by_facilitator_saves_own_reflection(console_world, client_for):
    w = console_world
    data = {"what_shifted": "North softened", "risks": "A participant was photographed"}

    response = client_for(w["facilitator"]).post(reflections_url(w, w.session.round), data)

    assert response.status_code == 302
    assert list(Reflection.objects.values_list("author", "risks")) == [
        (w["facilitator"].pk, "A participant was photographed")
    ]


def test_reflection_post_twice_updates_the_same_reflection(console_world, client_for):
    w = console_world
    client = client_for(w["facilitator"])
    client.post(reflections_url(w, w.session.round), {"what_worked": "Walks"})

    client.post(reflections_url(w, w.session.round), {"what_worked": "Walks and meals"})

    assert list(Reflection.objects.values_list("what_worked", flat=True)) == ["Walks and meals"]


def test_reflection_overlong_answers_422_and_keeps_text(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        reflections_url(w, w.session.round), {"risks": "x" * 5001, "what_worked": "kept"}
    )

    assert response.status_code == 422
    assert "kept" in response.content.decode()
    assert Reflection.objects.count() == 0


def test_round_reflections_for_organizer_shows_facilitator_risks(console_world, client_for):
    w = console_world
    after.reflection_save(
        actor=w["facilitator"], round_=w.session.round, data={"risks": "Leak risk in hotel"}
    )

    body = client_for(w["organizer"]).get(reflections_url(w, w.session.round)).content.decode()

    assert "Leak risk in hotel" in body


@pytest.mark.parametrize("who", ["participant", "observer", "funder"])
def test_round_reflections_and_review_for_non_team_return_403(console_world, client_for, who):
    w = console_world
    client = client_for(w[who])

    statuses = [
        client.get(reflections_url(w, w.session.round)).status_code,
        client.get(review_url(w, w.session.round)).status_code,
    ]

    assert statuses == [403, 403]


def test_reflection_visible_only_to_team(console_world):
    w = console_world
    after.reflection_save(actor=w["facilitator"], round_=w.session.round, data={"risks": "r"})

    seen = {
        who: Reflection.objects.visible_to(w[who]).count()
        for who in ["organizer", "facilitator", "participant", "observer", "funder", "outsider"]
    }

    assert seen == {
        "organizer": 1,
        "facilitator": 1,
        "participant": 0,
        "observer": 0,
        "funder": 0,
        "outsider": 0,
    }


def test_reflection_compare_lists_rounds_in_order(console_world, client_for):
    w = console_world
    later = RoundFactory(
        dialogue=w.dialogue,
        title="Second round",
        starts_on=w.session.round.starts_on + dt.timedelta(days=60),
        ends_on=w.session.round.ends_on + dt.timedelta(days=60),
    )
    after.reflection_save(actor=w["facilitator"], round_=later, data={"risks": "later"})
    after.reflection_save(actor=w["facilitator"], round_=w.session.round, data={"risks": "first"})
    url = reverse("facilitation:reflection-compare", args=[w.dialogue.pk, w["facilitator"].pk])

    response = client_for(w["organizer"]).get(url)

    assert [r.risks for r in response.context["reflections"]] == ["first", "later"]


def test_reflection_compare_for_non_team_user_id_returns_404(console_world, client_for):
    w = console_world
    url = reverse("facilitation:reflection-compare", args=[w.dialogue.pk, w["participant"].pk])

    response = client_for(w["organizer"]).get(url)

    assert response.status_code == 404


def test_round_review_means_per_session_and_side_with_counts(console_world, client_for):
    w = console_world
    TrustReadingFactory(session=w.session, side=w.north, trust=2, belief=4)
    TrustReadingFactory(session=w.session, side=w.north, trust=4, belief=4)

    response = client_for(w["organizer"]).get(review_url(w, w.session.round))

    row = response.context["per_session"][0]
    assert row.label == "Morning plenary"
    assert [(c["trust"], c["belief"], c["n"]) if c else None for c in row.cells] == [
        (3.0, 4.0, 2),
        None,
    ]


def test_round_review_counts_earlier_rounds(console_world, client_for):
    w = console_world
    first = w.session.round
    later = RoundFactory(
        dialogue=w.dialogue,
        starts_on=first.starts_on + dt.timedelta(days=60),
        ends_on=first.ends_on + dt.timedelta(days=60),
    )
    TrustReadingFactory(session=w.session, side=w.river, trust=5, belief=1)

    response = client_for(w["organizer"]).get(review_url(w, later))

    assert [
        [(c["trust"], c["n"]) if c else None for c in r.cells] for r in response.context["earlier"]
    ] == [[None, (5.0, 1)]]


def test_round_review_counts_options_moves_and_steps(console_world, client_for):
    w = console_world
    option = OptionFactory(session=w.session)
    OptionEvent.objects.create(option=option, from_state="", to_state="floated")
    OptionEvent.objects.create(option=option, from_state="floated", to_state="explored")
    TrustStepFactory(session=w.session, kind=TrustStep.Kind.MEAL, effect=2)
    TrustStepFactory(session=w.session, kind=TrustStep.Kind.MEAL, effect=None)

    context = client_for(w["organizer"]).get(review_url(w, w.session.round)).context

    assert context["options_created"] == 1
    assert context["moves"] == [{"state": "Explored", "n": 1}]
    assert [(s["label"], s["n"], s["judged"], s["mean"]) for s in context["steps"]] == [
        ("Informal meal", 2, 1, 2.0)
    ]


@pytest.mark.parametrize("count", [1, 10])
def test_round_review_query_count_is_fixed(
    console_world, client_for, django_assert_num_queries, count
):
    w = console_world
    client = client_for(w["organizer"])
    for i in range(count):
        session = SessionFactory(round=w.session.round, title=f"S{i}")
        TrustReadingFactory(session=session, side=w.north)
        TrustStepFactory(session=session, effect=1)

    with django_assert_num_queries(REVIEW_QUERIES):
        client.get(review_url(w, w.session.round))


REVIEW_QUERIES = 10


def round_page(w, client_for, who):
    url = reverse("dialogues:round-detail", args=[w.dialogue.pk, w.session.round.pk])
    return client_for(w[who]).get(url)


@pytest.mark.parametrize("who", ["organizer", "facilitator"])
def test_round_page_links_the_team_to_the_review_and_the_reflections(
    console_world, client_for, who
):
    w = console_world

    html = round_page(w, client_for, who).content.decode()

    assert f'href="{review_url(w, w.session.round)}"' in html
    assert f'href="{reflections_url(w, w.session.round)}"' in html


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_round_page_shows_participants_and_observers_no_review_or_reflections(
    console_world, client_for, who
):
    w = console_world
    me = ParticipantFactory(side=w.north, person=PersonFactory(user=w["participant"]))
    RoundParticipationFactory(round=w.session.round, participant=me)

    response = round_page(w, client_for, who)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/review/" not in html
    assert "/reflections/" not in html
    assert "Round review" not in html


def test_review_and_reflections_pages_link_back_to_the_round(console_world, client_for):
    w = console_world
    client = client_for(w["facilitator"])
    round_url = reverse("dialogues:round-detail", args=[w.dialogue.pk, w.session.round.pk])

    for page in (review_url(w, w.session.round), reflections_url(w, w.session.round)):
        assert f'href="{round_url}"' in client.get(page).content.decode()
