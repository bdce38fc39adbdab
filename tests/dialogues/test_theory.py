"""The theory of change: the team reads it, organizers write it; every edit leaves a revision."""

import pytest
from django.urls import reverse

from dialogues.models import ChangeStatement, ChangeStatementRevision
from tests.factories import ChangeStatementFactory
from trackii.privacy.levels import Level

HTMX = {"HX-Request": "true"}


def statement_data(**overrides):
    data = {
        "if_text": "elders from both valleys meet every season",
        "then_text": "they argue for the water-sharing option at home",
        "because_text": "they come to see the other valley's losses",
        "assumptions": "the elders are heard by the councils",
        "indicators": "a council statement mentions shared water",
    }
    data.update(overrides)
    return data


@pytest.fixture
def statement(cast):
    return ChangeStatementFactory(
        dialogue=cast.dialogue,
        level=Level.TEAM,
        if_text="the old wording",
        author=cast["organizer"],
    )


@pytest.fixture
def organizer(cast, client_for):
    return client_for(cast["organizer"])


def url(name, dialogue, statement=None):
    args = [dialogue.pk] if statement is None else [dialogue.pk, statement.pk]
    return reverse(f"dialogues:{name}", args=args)


def test_theory_add_by_organizer_creates_team_statement(cast, organizer):
    response = organizer.post(url("theory-add", cast.dialogue), statement_data())

    statement = ChangeStatement.objects.get(dialogue=cast.dialogue)
    assert response.status_code == 302
    assert (statement.if_text, statement.level, statement.author) == (
        "elders from both valleys meet every season",
        Level.TEAM,
        cast["organizer"],
    )


def test_theory_add_puts_new_statement_last(cast, statement, organizer):
    organizer.post(url("theory-add", cast.dialogue), statement_data())

    assert list(
        ChangeStatement.objects.filter(dialogue=cast.dialogue).values_list("if_text", flat=True)
    ) == ["the old wording", "elders from both valleys meet every season"]


def test_theory_add_without_because_answers_422_and_keeps_input(cast, organizer):
    response = organizer.post(url("theory-add", cast.dialogue), statement_data(because_text=""))

    assert response.status_code == 422
    assert "Say why you expect it (the “because”)." in response.text
    assert "elders from both valleys meet every season</textarea>" in response.text
    assert not ChangeStatement.objects.exists()


def test_theory_add_with_overlong_text_answers_422(cast, organizer):
    response = organizer.post(url("theory-add", cast.dialogue), statement_data(if_text="x" * 2001))

    assert response.status_code == 422
    assert not ChangeStatement.objects.exists()


def test_theory_add_by_facilitator_returns_403(cast, client_for):
    response = client_for(cast["facilitator"]).post(
        url("theory-add", cast.dialogue), statement_data()
    )

    assert response.status_code == 403
    assert not ChangeStatement.objects.exists()


def test_theory_for_facilitator_shows_statements_without_edit_or_add(cast, statement, client_for):
    response = client_for(cast["facilitator"]).get(url("theory", cast.dialogue))

    assert response.status_code == 200
    assert "the old wording" in response.text
    assert url("theory-edit", cast.dialogue, statement) not in response.text
    assert url("theory-add", cast.dialogue) not in response.text


@pytest.mark.parametrize("who", ["participant", "observer", "funder"])
def test_theory_for_non_team_member_returns_403(who, cast, statement, client_for):
    response = client_for(cast[who]).get(url("theory", cast.dialogue))

    assert response.status_code == 403


def test_theory_history_for_participant_returns_403(cast, statement, client_for):
    response = client_for(cast["participant"]).get(url("theory-history", cast.dialogue, statement))

    assert response.status_code == 403


def test_theory_history_of_another_dialogues_statement_returns_404(cast, client_for):
    other = ChangeStatementFactory(dialogue=cast.other_dialogue)

    response = client_for(cast["facilitator"]).get(url("theory-history", cast.dialogue, other))

    assert response.status_code == 404


def test_theory_edit_writes_revision_with_previous_text_and_editor(cast, statement, organizer):
    response = organizer.post(
        url("theory-edit", cast.dialogue, statement), statement_data(if_text="the new wording")
    )

    revision = ChangeStatementRevision.objects.get(statement=statement)
    statement.refresh_from_db()
    assert response.status_code == 302
    assert (statement.if_text, revision.content["if_text"], revision.edited_by) == (
        "the new wording",
        "the old wording",
        cast["organizer"],
    )


def test_theory_edit_keeps_the_statement_id(cast, statement, organizer):
    organizer.post(url("theory-edit", cast.dialogue, statement), statement_data())

    assert list(ChangeStatement.objects.values_list("pk", flat=True)) == [statement.pk]


def test_theory_edit_without_changes_writes_no_revision(cast, statement, organizer):
    same = {
        "if_text": statement.if_text,
        "then_text": statement.then_text,
        "because_text": statement.because_text,
        "assumptions": statement.assumptions,
        "indicators": statement.indicators,
    }

    organizer.post(url("theory-edit", cast.dialogue, statement), same)

    assert not ChangeStatementRevision.objects.exists()


def test_theory_edit_with_empty_if_answers_422_and_keeps_old_text(cast, statement, organizer):
    response = organizer.post(
        url("theory-edit", cast.dialogue, statement), statement_data(if_text="")
    )

    statement.refresh_from_db()
    assert response.status_code == 422
    assert "Say what the dialogue does (the “if”)." in response.text
    assert statement.if_text == "the old wording"
    assert not ChangeStatementRevision.objects.exists()


def test_theory_edit_by_facilitator_returns_403(cast, statement, client_for):
    response = client_for(cast["facilitator"]).post(
        url("theory-edit", cast.dialogue, statement), statement_data(if_text="changed")
    )

    statement.refresh_from_db()
    assert response.status_code == 403
    assert statement.if_text == "the old wording"


def test_theory_edit_with_htmx_get_returns_form_in_place_of_row(cast, statement, organizer):
    response = organizer.get(url("theory-edit", cast.dialogue, statement), headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="entry" id="statement-{statement.pk}">')
    assert "<form" in response.text
    assert "<html" not in response.text


def test_theory_edit_with_htmx_post_returns_updated_row(cast, statement, organizer):
    response = organizer.post(
        url("theory-edit", cast.dialogue, statement),
        statement_data(if_text="the new wording"),
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="entry" id="statement-{statement.pk}">')
    assert "the new wording" in response.text
    assert "History (1 edit)" in response.text


def test_theory_edit_with_htmx_and_bad_input_answers_422_with_form(cast, statement, organizer):
    response = organizer.post(
        url("theory-edit", cast.dialogue, statement), statement_data(then_text=""), headers=HTMX
    )

    assert response.status_code == 422
    assert "Say what should change (the “then”)." in response.text
    assert "<html" not in response.text


def test_theory_history_shows_earlier_wording_and_editor(cast, statement, organizer, client_for):
    organizer.post(
        url("theory-edit", cast.dialogue, statement), statement_data(if_text="the new wording")
    )

    response = client_for(cast["facilitator"]).get(url("theory-history", cast.dialogue, statement))

    assert response.status_code == 200
    assert "the old wording" in response.text
    assert "the new wording" in response.text
    assert "edited by The organizer" in response.text


def test_theory_offers_no_delete(cast, statement, organizer):
    response = organizer.get(url("theory", cast.dialogue))

    assert ("Delete" in response.text, "Remove" in response.text) == (False, False)
