"""The report review's option titles page in place with htmx (issue 9): the rest of the
page, a narrative being typed included, stays as it was; a save keeps to its page."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from facilitation.models import Option
from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    DialogueFactory,
    MembershipFactory,
    RoundFactory,
    SessionFactory,
    UserFactory,
)
from tests.reports.conftest import AT, option

pytestmark = pytest.mark.browser


def test_organizer_pages_and_filters_option_titles_in_place(page, live_server):
    dialogue = DialogueFactory(code_name="JUNIPER")
    MembershipFactory(
        dialogue=dialogue, user=UserFactory(email="org@example.org"), role="organizer"
    )
    session = SessionFactory(
        round=RoundFactory(dialogue=dialogue), starts_at=AT, ends_at=AT + dt.timedelta(hours=2)
    )
    for i in range(53):
        option(dialogue, session, f"Paged option {i:03}")

    login(page, live_server, "org@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/reports/")
    page.get_by_label("Title (shown to funders)").fill("Autumn report")
    page.get_by_role("button", name="Create and compute").click()
    expect(page.get_by_text("The figures are ready.")).to_be_visible()
    page.get_by_label("Narrative for the funder").fill("Not saved yet")

    page.get_by_role("link", name="Next").click()
    expect(page.get_by_label("Paged option 052")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query)["page"] == ["2"]
    expect(page.get_by_label("Paged option 000")).to_have_count(0)
    expect(page.get_by_label("Narrative for the funder")).to_have_value("Not saved yet")

    page.get_by_label("Paged option 051").check()
    page.get_by_role("button", name="Save option titles and rebuild").click()
    expect(page.get_by_text("Option titles saved.")).to_be_visible()
    expect(page.get_by_label("Paged option 051")).to_be_checked()
    assert list(Option.objects.filter(publishable=True).values_list("title", flat=True)) == [
        "Paged option 051"
    ]

    page.get_by_role("combobox", name="Show").select_option("publishable")
    expect(page.get_by_text("1 option", exact=True)).to_be_visible()
    expect(page.get_by_label("Paged option 052")).to_have_count(0)
    expect(page.get_by_label("Paged option 051")).to_be_checked()
