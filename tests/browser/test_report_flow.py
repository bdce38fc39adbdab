"""An organizer builds, reviews, previews and publishes a funder report in the browser;
the funder logs in, reads it and downloads its PDF; the organizer withdraws it and the
funder's dashboard says so. Celery runs eagerly here (settings_test)."""

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    DialogueFactory,
    MembershipFactory,
    RoundFactory,
    SessionFactory,
    SideFactory,
    UserFactory,
)
from tests.reports.conftest import AT, attend, option, readings

pytestmark = pytest.mark.browser


def test_organizer_publishes_a_report_the_funder_reads_it_then_it_is_withdrawn(
    page, browser, live_server
):
    dialogue = DialogueFactory(code_name="JUNIPER")
    MembershipFactory(
        dialogue=dialogue, user=UserFactory(email="org@example.org"), role="organizer"
    )
    MembershipFactory(dialogue=dialogue, user=UserFactory(email="fund@example.org"), role="funder")
    north = SideFactory(dialogue=dialogue, name="North")
    round_ = RoundFactory(dialogue=dialogue, title="CANARY-ROUND-TITLE")
    session = SessionFactory(round=round_, starts_at=AT, ends_at=AT + dt.timedelta(hours=2))
    attend(round_, north, 6, prefix="CANARY-NAME")
    readings(session, north, [4, 4, 3, 5, 4, 4])
    option(dialogue, session, "Joint water commission", states=("floated", "explored"))
    option(dialogue, session, "CANARY-OPTION-KEPT-BACK")

    # The organizer creates the report; its figures are computed (eagerly here).
    login(page, live_server, "org@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/reports/")
    page.get_by_label("Title (shown to funders)").fill("Autumn report")
    page.get_by_role("button", name="Create and compute").click()
    expect(page.get_by_role("heading", name="Autumn report", level=1)).to_be_visible()
    expect(page.get_by_text("The figures are ready.")).to_be_visible()

    # Review: release one option title, write the narrative, publish.
    page.get_by_label("Joint water commission").check()
    page.get_by_role("button", name="Save option titles and rebuild").click()
    expect(page.get_by_text("Option titles saved.")).to_be_visible()
    page.get_by_label("Narrative for the funder").fill("Steady **progress** this autumn.")
    page.get_by_role("button", name="Save narrative").click()
    expect(page.get_by_text("Narrative saved.")).to_be_visible()
    # Publishing asks first, after showing the report as the funders will read it.
    page.get_by_role("link", name="Preview and publish to funders…").click()
    expect(page.get_by_role("heading", name="Publish Autumn report to funders?")).to_be_visible()
    expect(page.get_by_text("shown at once to the 1 funder account of JUNIPER")).to_be_visible()
    preview = page.locator("section.preview")
    expect(preview.get_by_text("Steady progress this autumn.")).to_be_visible()
    expect(preview.get_by_text("Joint water commission")).to_be_visible()
    page.get_by_role("button", name="Publish to funders").click()
    expect(page.get_by_text("Published. The dialogue's funders have been told.")).to_be_visible()

    # The funder finds it on the dashboard, reads it and downloads the PDF.
    funder_context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    funder = funder_context.new_page()
    login(funder, live_server, "fund@example.org", PASSWORD)
    funder.goto(f"{live_server.url}/reports/")
    expect(funder.get_by_role("heading", name="JUNIPER")).to_be_visible()
    funder.get_by_role("link", name="Autumn report").click()
    expect(funder.get_by_role("heading", name="Autumn report", level=1)).to_be_visible()
    expect(funder.get_by_text("Steady progress this autumn.")).to_be_visible()
    expect(
        funder.get_by_role("heading", name="Options the organizers chose to name")
    ).to_be_visible()
    expect(funder.get_by_text("Joint water commission")).to_be_visible()
    body = funder.content()
    assert [c for c in ("CANARY-NAME", "CANARY-ROUND-TITLE", "CANARY-OPTION") if c in body] == []

    with funder.expect_download() as download_info:
        funder.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"

    # The organizer withdraws it, after a confirmation that says what will happen.
    page.get_by_role("link", name="Withdraw from funders…").click()
    expect(page.get_by_text("can no longer open the report")).to_be_visible()
    page.get_by_role("button", name="Withdraw from funders").click()
    expect(page.get_by_text("Withdrawn. The dialogue's funders have been told")).to_be_visible()

    # The report leaves the funder's dashboard, and a notice says it was withdrawn.
    funder.goto(f"{live_server.url}/reports/")
    expect(funder.get_by_text("The organizers withdrew the report Autumn report")).to_be_visible()
    expect(funder.get_by_role("link", name="Autumn report")).to_have_count(0)
    funder_context.close()
