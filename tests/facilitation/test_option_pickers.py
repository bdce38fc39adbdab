"""The option pickers (trackii/privacy/pickers.py) of the option editor ("derived from")
and of the transfer form: the newest few and the chosen ones, a search that reaches
further, and validation against every option the user may read, not only those drawn."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilitation import after
from facilitation.forms_entries import OptionForm
from facilitation.models import Option, OptionLineage, Transfer
from tests.facilitation.factories import OptionFactory
from tests.facilitation.test_transfers_outcomes import transfer_data
from tests.factories import SessionFactory
from trackii.privacy.levels import Level
from trackii.privacy.pickers import LIMIT

HTMX = {"HTTP_HX_REQUEST": "true"}


def checkboxes(html: str, name: str) -> list[int]:
    return [int(v) for v in re.findall(rf'type="checkbox" name="{name}" value="(\d+)"', html)]


def checked(html: str, name: str) -> list[int]:
    return [
        int(v)
        for v in re.findall(rf'type="checkbox" name="{name}" value="(\d+)"[^>]*checked', html)
    ]


def select_options(html: str, name: str) -> list[int]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select)]


def many_options(w, n, **more):
    """`n` options, oldest first (created in this order)."""
    return [OptionFactory(session=w.session, title=f"Plain idea {i}", **more) for i in range(n)]


# --- the option editor: "derived from" ------------------------------------------------


def edit_url(w, option):
    return reverse(
        "facilitation:console-option-edit", args=[w.dialogue.pk, w.session.pk, option.pk]
    )


@pytest.fixture
def lineage_world(console_world):
    """An old parent (with a title of its own), then more options than the picker shows,
    then the option being edited, derived from the old parent."""
    w = console_world
    w.parent = OptionFactory(session=w.session, title="Joint water commission")
    w.older = OptionFactory(session=w.session, title="Shared river survey")
    w.others = many_options(w, LIMIT + 5)
    w.option = OptionFactory(session=w.session, title="Water board")
    OptionLineage.objects.create(option=w.option, parent=w.parent)
    return w


def test_option_editor_shows_the_newest_few_and_the_saved_parent(lineage_world, client_for):
    w = lineage_world

    html = client_for(w["facilitator"]).get(edit_url(w, w.option)).text

    newest = [o.pk for o in reversed(w.others)][:LIMIT]
    assert checkboxes(html, "derived_from") == [w.parent.pk, *newest]
    assert checked(html, "derived_from") == [w.parent.pk]
    assert "The 20 newest are listed. Search to find others." in html
    # Without JS the search box submits a GET form of its own, outside the edit form.
    form_id = f"option-{w.option.pk}-derived_from-search-form"
    assert f'<form id="{form_id}" method="get" action="{edit_url(w, w.option)}"' in html
    assert f'name="derived_from_search" value="" form="{form_id}"' in html


def test_option_editor_search_without_js_finds_an_option_beyond_the_newest(
    lineage_world, client_for
):
    w = lineage_world

    response = client_for(w["facilitator"]).get(
        edit_url(w, w.option), {"derived_from_search": "river SURVEY"}
    )

    assert response.status_code == 200
    assert checkboxes(response.text, "derived_from") == [w.parent.pk, w.older.pk]
    assert 'value="river SURVEY"' in response.text
    assert "1 match." in response.text


def test_option_editor_search_with_htmx_answers_the_choices_alone_keeping_checked_ones(
    lineage_world, client_for
):
    w = lineage_world
    newest = w.others[-1]

    response = client_for(w["facilitator"]).get(
        edit_url(w, w.option),
        {"picker": "derived_from", "derived_from_search": "survey", "derived_from": newest.pk},
        **HTMX,
    )

    assert response.status_code == 200
    assert checkboxes(response.text, "derived_from") == [newest.pk, w.older.pk]
    assert checked(response.text, "derived_from") == [newest.pk]
    assert "<form" not in response.text
    assert "Water board" not in response.text  # the edited option's own form is not sent


def test_option_editor_saves_a_parent_beyond_the_newest(lineage_world, client_for):
    w = lineage_world
    data = {
        "title": "Water board",
        "level": Level.TEAM,
        "version": w.option.version,
        "derived_from": [w.parent.pk, w.older.pk],
        "lineage_kind": "merged",
    }

    response = client_for(w["facilitator"]).post(edit_url(w, w.option), data)

    assert response.status_code == 302
    assert set(w.option.lineage.values_list("parent_id", "kind")) == {
        (w.parent.pk, "merged"),
        (w.older.pk, "merged"),
    }


def test_option_editor_refuses_a_restricted_option_of_another_author(lineage_world, client_for):
    w = lineage_world
    hidden = OptionFactory(
        session=w.session,
        title="Hidden survey",
        level=Level.RESTRICTED,
        author=w["organizer"],
    )
    data = {
        "title": "Water board",
        "level": Level.TEAM,
        "version": w.option.version,
        "derived_from": [hidden.pk],
        "lineage_kind": "refined",
    }
    client = client_for(w["facilitator"])

    response = client.post(edit_url(w, w.option), data)
    search = client.get(edit_url(w, w.option), {"derived_from_search": "hidden"})

    assert response.status_code == 422
    assert response.context["form"].errors["derived_from"] == [
        f"Select a valid choice. {hidden.pk} is not one of the available choices."
    ]
    assert list(w.option.lineage.values_list("parent_id", flat=True)) == [w.parent.pk]
    assert "Hidden survey" not in search.text
    assert "Nothing matches." in search.text


def test_option_editor_search_never_shows_another_dialogues_option(lineage_world, client_for):
    w = lineage_world
    foreign_session = SessionFactory(round__dialogue=w.cast.other_dialogue)
    OptionFactory(session=foreign_session, title="Survey of the other dialogue")

    response = client_for(w["facilitator"]).get(
        edit_url(w, w.option), {"picker": "derived_from", "derived_from_search": "survey"}
    )

    assert checkboxes(response.text, "derived_from") == [w.older.pk]
    assert "other dialogue" not in response.text


@pytest.mark.parametrize("bad", ["abc", "-1", "9" * 30])
def test_option_editor_with_malformed_parent_answers_422_not_500(lineage_world, client_for, bad):
    w = lineage_world
    data = {
        "title": "Water board",
        "level": Level.TEAM,
        "version": w.option.version,
        "derived_from": [bad],
        "lineage_kind": "refined",
    }

    response = client_for(w["facilitator"]).post(edit_url(w, w.option), data)

    assert response.status_code == 422
    assert "derived_from" in response.context["form"].errors


def test_option_form_drawn_without_narrowing_still_shows_only_the_newest(lineage_world):
    w = lineage_world
    parents = (
        Option.objects.visible_to(w["facilitator"])
        .exclude(pk=w.option.pk)
        .order_by("-created_at", "-id")
    )
    form = OptionForm(instance=w.option, dialogue=w.dialogue, parents=parents)

    html = str(form["derived_from"])

    newest = [o.pk for o in reversed(w.others)][:LIMIT]
    assert checkboxes(html, "derived_from") == [w.parent.pk, *newest]
    assert "derived_from_search" not in html  # no search box: nowhere to send it


#: user and membership, session, option, its lineage, sides, topics, parents (chosen and
#: newest), the lifecycle's forms and history
EDITOR_QUERIES = 12


@pytest.mark.parametrize("search", ["", "survey"])
def test_option_editor_query_count_is_fixed(console_world, client_for, search):
    w = console_world
    option = OptionFactory(session=w.session, title="Water board")
    client = client_for(w["facilitator"])
    counts = []
    for n in (3, 40):
        many_options(w, n)
        client.get(edit_url(w, option))  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(edit_url(w, option), {"derived_from_search": search})
        counts.append(len(queries.captured_queries))

    assert counts == [EDITOR_QUERIES, EDITOR_QUERIES]


# --- the transfer form: its option ----------------------------------------------------


def transfer_url(name, w, *args):
    return reverse(f"facilitation:{name}", args=[w.dialogue.pk, *args])


@pytest.fixture
def options_world(console_world):
    w = console_world
    w.older = OptionFactory(session=w.session, title="Shared river survey")
    w.others = many_options(w, LIMIT + 5)
    return w


def test_transfer_form_offers_the_newest_few_options(options_world, client_for):
    w = options_world

    html = client_for(w["facilitator"]).get(transfer_url("transfer-create", w)).text

    assert select_options(html, "option") == [o.pk for o in reversed(w.others)][:LIMIT]
    assert "The 20 newest are listed. Search to find others." in html


def test_transfer_edit_keeps_its_option_beyond_the_newest(options_world, client_for):
    w = options_world
    transfer = after.transfer_save(
        actor=w["facilitator"], dialogue=w.dialogue, data=transfer_data(option=w.older)
    )

    html = client_for(w["facilitator"]).get(transfer_url("transfer-edit", w, transfer.pk)).text

    newest = [o.pk for o in reversed(w.others)][:LIMIT]
    assert select_options(html, "option") == [w.older.pk, *newest]
    assert f'<option value="{w.older.pk}" selected>' in html


def test_transfer_form_search_finds_an_option_beyond_the_newest(options_world, client_for):
    w = options_world
    client = client_for(w["facilitator"])

    page = client.get(transfer_url("transfer-create", w), {"option_search": "river"})
    fragment = client.get(
        transfer_url("transfer-create", w), {"picker": "option", "option_search": "river"}, **HTMX
    )

    assert select_options(page.text, "option") == [w.older.pk]
    assert select_options(fragment.text, "option") == [w.older.pk]
    assert "Record a transfer" in page.text
    assert "Record a transfer" not in fragment.text


def test_transfer_create_saves_an_option_beyond_the_newest(options_world, client_for):
    w = options_world
    data = transfer_data(transferred_on="2026-05-04", option=w.older.pk)

    response = client_for(w["facilitator"]).post(transfer_url("transfer-create", w), data)

    assert response.status_code == 302
    assert list(Transfer.objects.values_list("option_id", flat=True)) == [w.older.pk]


@pytest.mark.parametrize("bad", ["abc", "0", "9" * 30])
def test_transfer_create_with_malformed_option_answers_422_not_500(options_world, client_for, bad):
    w = options_world
    data = transfer_data(transferred_on="2026-05-04", option=bad)

    response = client_for(w["facilitator"]).post(transfer_url("transfer-create", w), data)

    assert response.status_code == 422
    assert response.context["form"].errors["option"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


@pytest.mark.parametrize("where", ["restricted", "other dialogue"])
def test_transfer_create_refuses_an_option_the_user_may_not_read(options_world, client_for, where):
    w = options_world
    if where == "restricted":
        hidden = OptionFactory(
            session=w.session, level=Level.RESTRICTED, author=w["organizer"], title="Hidden"
        )
    else:
        hidden = OptionFactory(
            session=SessionFactory(round__dialogue=w.cast.other_dialogue), title="Hidden"
        )
    data = transfer_data(transferred_on="2026-05-04", option=hidden.pk)

    response = client_for(w["facilitator"]).post(transfer_url("transfer-create", w), data)

    assert response.status_code == 422
    assert response.context["form"].errors["option"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Transfer.objects.count() == 0
    assert ">Hidden<" not in response.text


#: user and membership, the newest options (or the search), the grants check, and the
#: statements it may speak to
TRANSFER_FORM_QUERIES = 4


@pytest.mark.parametrize("search", ["", "survey"])
def test_transfer_form_query_count_is_fixed(console_world, client_for, search):
    w = console_world
    client = client_for(w["facilitator"])
    counts = []
    for n in (3, 40):
        many_options(w, n)
        client.get(transfer_url("transfer-create", w))  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(transfer_url("transfer-create", w), {"option_search": search})
        counts.append(len(queries.captured_queries))

    assert counts == [TRANSFER_FORM_QUERIES, TRANSFER_FORM_QUERIES]
