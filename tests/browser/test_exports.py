"""An observer asks for an export on the page, sees it ready with its expiry, and downloads
a CSV of what they may read. Celery runs eagerly here (settings_test)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    DialogueFactory,
    MembershipFactory,
    NoteFactory,
    SessionFactory,
    UserFactory,
)
from trackii.privacy.levels import Level

pytestmark = pytest.mark.browser


def test_observer_exports_notes_as_csv_and_downloads_only_what_they_may_read(
    page, live_server, tmp_path
):
    dialogue = DialogueFactory(code_name="JUNIPER")
    MembershipFactory(dialogue=dialogue, user=UserFactory(email="obs@example.org"), role="observer")
    session = SessionFactory(round__dialogue=dialogue, title="Opening plenary")
    NoteFactory(session=session, level=Level.DIALOGUE, text="=cmd|' /C calc'!A0")
    NoteFactory(session=session, level=Level.TEAM, text="CANARY-TEAM-ONLY")

    login(page, live_server, "obs@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/")
    page.get_by_role("link", name="Export data").click()
    page.get_by_label("Notes").check()
    page.get_by_label("CSV").check()
    page.get_by_role("button", name="Build the export").click()

    expect(page.get_by_text("1 row")).to_be_visible()
    expect(page.get_by_text("available until")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert download.suggested_filename.startswith("JUNIPER-notes-")
    assert "'=cmd|' /C calc'!A0" in text
    assert "CANARY-TEAM-ONLY" not in text
