"""Pickers in a real browser (trackii/privacy/pickers.py): typing in the search box swaps
in the matches without leaving the page, Enter does the same, and what is chosen among
them is saved."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from facilitation.models import Transfer
from tests.browser.conftest import login
from tests.browser.test_console import (
    one_request_at_a_time_on_sqlite,  # noqa: F401 (an autouse fixture: used by being here)
    open_console,
    session,  # noqa: F401 (a fixture, asked for by name)
)
from tests.facilitation.factories import OptionFactory
from tests.factories import PASSWORD
from trackii.privacy.pickers import LIMIT

pytestmark = pytest.mark.browser


@pytest.fixture
def options(session):  # noqa: F811 (the fixture imported above)
    """An old option with a title of its own, then more than a picker shows."""
    older = OptionFactory(session=session, title="Shared river survey", level="team")
    for i in range(LIMIT + 5):
        OptionFactory(session=session, title=f"Plain idea {i}", level="team")
    return older


def test_option_editor_search_finds_an_old_option_in_place_and_saves_it_as_parent(
    page,
    live_server,
    session,  # noqa: F811 (the fixture imported above)
    options,
):
    option = OptionFactory(session=session, title="A joint water commission", level="team")
    open_console(page, live_server, session, "jonas@example.org")
    console_url = page.url
    page.locator(".console-item").filter(has_text="A joint water commission").get_by_role(
        "link", name="Edit, move, stances"
    ).click()
    editor = page.locator(f"#option-{option.pk}.console-item--editing")
    parents = editor.get_by_role("group", name="Derived from")
    expect(parents.get_by_role("checkbox")).to_have_count(LIMIT)
    expect(parents.get_by_role("checkbox", name="Shared river survey")).to_have_count(0)

    editor.get_by_label("Search option titles").press_sequentially("river")
    expect(parents.get_by_role("checkbox")).to_have_count(1)
    parents.get_by_role("checkbox", name="Shared river survey").check()
    editor.get_by_label("Search option titles").fill("plain idea 3")
    editor.get_by_label("Search option titles").press("Enter")
    expect(parents.get_by_role("checkbox", name="Plain idea 3", exact=True)).to_be_visible()
    expect(parents.get_by_role("checkbox", name="Shared river survey")).to_be_checked()
    assert page.url == console_url  # Enter searched in place, it did not leave the console
    editor.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(f"#option-{option.pk}.console-item--editing")).to_have_count(0)
    assert list(option.lineage.values_list("parent_id", flat=True)) == [options.pk]


def test_transfer_form_search_finds_an_old_option_and_records_the_transfer(
    page,
    live_server,
    session,  # noqa: F811 (the fixture imported above)
    options,
):
    dialogue = session.round.dialogue
    login(page, live_server, "mei@example.org", PASSWORD)
    page.goto(live_server.url + reverse("facilitation:transfer-create", args=[dialogue.pk]))
    option = page.get_by_label("Option:", exact=True)
    expect(option.locator("option")).to_have_count(LIMIT + 1)  # and "---------"

    page.get_by_label("Search option titles").press_sequentially("survey")
    expect(option.locator("option")).to_have_count(2)
    option.select_option(label="Shared river survey")
    page.get_by_label("Date:", exact=True).fill(dt.date(2026, 5, 4).isoformat())
    page.get_by_label("Channel").select_option(index=1)
    page.get_by_label("Kind of recipient").select_option(index=1)
    page.get_by_role("button", name="Save transfer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Transfers to officials")
    assert list(Transfer.objects.values_list("option_id", flat=True)) == [options.pk]
