"""The theory-of-change page shows, under each statement, the outcomes recorded against it
(issue 17), as far as the reader may read them."""

import datetime as dt

import pytest
from django.urls import reverse

from facilitation import after
from facilitation.models import Outcome
from tests.factories import ChangeStatementFactory
from trackii.privacy.levels import Level


@pytest.fixture
def statement(console_world):
    w = console_world
    statement = ChangeStatementFactory(dialogue=w.dialogue)
    other = ChangeStatementFactory(dialogue=w.dialogue)
    for text, target, level, author in (
        ("Water ministry opened talks", statement, Level.TEAM, w["organizer"]),
        ("Border crossing hours extended", statement, Level.DIALOGUE, w["organizer"]),
        ("Private word from the envoy", statement, Level.RESTRICTED, w["organizer"]),
        ("Schools exchange resumed", other, Level.TEAM, w["organizer"]),
    ):
        after.outcome_save(
            actor=author,
            dialogue=w.dialogue,
            data={
                "who_kind": Outcome.WhoKind.GROUP,
                "what_changed": text,
                "observed_on": "2026-05-04",
                "level": level,
                "statement": target,
            },
        )
    return statement


def fragment(client, w, statement):
    url = reverse("facilitation:statement-outcomes", args=[w.dialogue.pk, statement.pk])
    return client.get(url, headers={"HX-Request": "true"})


def test_the_statement_shows_its_outcomes_the_reader_may_read(console_world, statement, client_for):
    w = console_world
    for level, insight in (
        (Level.TEAM, "Briefed the water ministry"),
        (Level.RESTRICTED, "Quiet word"),
    ):
        after.transfer_save(
            actor=w["organizer"],
            dialogue=w.dialogue,
            data={
                "insight": insight,
                "transferred_on": dt.date(2026, 5, 6),
                "channel": "briefing",
                "recipient_kind": "ministry",
                "statement": statement,
                "level": level,
            },
        )
    text = fragment(client_for(w["facilitator"]), w, statement).text

    # The team transfer speaks to it; the organizer's restricted one is not the
    # facilitator's to see.
    assert "1 transfer to officials speaks to it" in text

    assert "2 outcomes recorded against it" in text
    assert "Water ministry opened talks" in text
    assert "Border crossing hours extended" in text
    assert "Private word from the envoy" not in text  # restricted to its author
    assert "Schools exchange resumed" not in text  # another statement's


def test_the_theory_page_loads_them_under_each_statement(console_world, statement, client_for):
    w = console_world
    page = client_for(w["organizer"]).get(reverse("dialogues:theory", args=[w.dialogue.pk])).text
    url = reverse("facilitation:statement-outcomes", args=[w.dialogue.pk, statement.pk])
    assert f'hx-get="{url}"' in page
    # Without JavaScript: a link to the outcome list, narrowed to this statement.
    narrowed = reverse("facilitation:outcome-list", args=[w.dialogue.pk])
    assert f'href="{narrowed}?statement={statement.pk}"' in page


def test_without_htmx_it_is_the_narrowed_outcome_list(console_world, statement, client_for):
    w = console_world
    client = client_for(w["organizer"])
    url = reverse("facilitation:statement-outcomes", args=[w.dialogue.pk, statement.pk])
    response = client.get(url, follow=True)

    assert response.status_code == 200
    text = response.text
    assert "Only those recorded against statement" in text
    assert "Water ministry opened talks" in text
    assert "Private word from the envoy" in text  # the organizer wrote it
    assert "Schools exchange resumed" not in text


def test_a_statement_of_another_dialogue_answers_404(console_world, client_for):
    w = console_world
    foreign = ChangeStatementFactory(dialogue=w.cast.other_dialogue)
    response = fragment(client_for(w["organizer"]), w, foreign)
    assert response.status_code == 404
    listed = client_for(w["organizer"]).get(
        reverse("facilitation:outcome-list", args=[w.dialogue.pk]), {"statement": foreign.pk}
    )
    assert listed.status_code == 404
