"""One member's reflections across rounds, 50 rounds to a page (issue 9: no page loads an
unbounded list)."""

import datetime as dt

from django.urls import reverse

from facilitation import after
from tests.factories import RoundFactory

PER_PAGE = 50


def test_reflection_compare_shows_one_page_and_a_link_to_the_next(console_world, client_for):
    w = console_world
    start = w.session.round.starts_on + dt.timedelta(days=30)
    for i in range(PER_PAGE + 2):
        day = start + dt.timedelta(days=7 * i)
        round_ = RoundFactory(dialogue=w.dialogue, starts_on=day, ends_on=day)
        after.reflection_save(actor=w["facilitator"], round_=round_, data={"risks": f"r{i:03}"})
    after.reflection_save(actor=w["facilitator"], round_=w.session.round, data={"risks": "first"})
    in_order = ["first", *(f"r{i:03}" for i in range(PER_PAGE + 2))]
    url = reverse("facilitation:reflection-compare", args=[w.dialogue.pk, w["facilitator"].pk])
    client = client_for(w["organizer"])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert [r.risks for r in first.context["reflections"]] == in_order[:PER_PAGE]
    assert 'href="?page=2" rel="next"' in first.text
    assert [r.risks for r in second.context["reflections"]] == in_order[PER_PAGE:]
    assert 'rel="next"' not in second.text
