"""An organizer imports 200 participants from a spreadsheet: three bad rows are shown and
nothing is imported until the file is fixed; then every row is imported, and the people
already known from another dialogue are linked, not added twice."""

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from participants.models import Participant, Person
from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    DialogueFactory,
    MembershipFactory,
    ParticipantFactory,
    PersonFactory,
    SideFactory,
    UserFactory,
)
from trackii.privacy.models import AuditEvent

pytestmark = pytest.mark.browser

HEADER = ["name", "side", "state", "email", "affiliation"]
#: Rows of the file (as the spreadsheet numbers them, header = 1) that are wrong at first.
MISSING_SIDE, UNKNOWN_SIDE, UNKNOWN_STATE = 51, 101, 151


def people(*, fixed: bool) -> list[list[str]]:
    """200 people, fixed content; the first five are known from another dialogue."""
    rows = []
    for i in range(1, 201):
        side = "North" if i % 2 else "South"
        rows.append([f"Person {i:03d}", side, "proposed", f"person{i:03d}@example.org", ""])
    rows[7][0] = "أمل حداد"  # a right-to-left name among them
    if not fixed:
        rows[MISSING_SIDE - 2][1] = ""
        rows[UNKNOWN_SIDE - 2][1] = "Westland"
        rows[UNKNOWN_STATE - 2][2] = "maybe"
    return rows


def write_xlsx(path, rows):
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    book.save(path)
    return path


def test_import_of_200_rows_with_3_bad_ones_imports_nothing_until_fixed_then_all(
    page, live_server, tmp_path
):
    organizer = UserFactory(email="org@example.org")
    dialogue = DialogueFactory(code_name="JUNIPER")
    SideFactory(dialogue=dialogue, name="North")
    SideFactory(dialogue=dialogue, name="South")
    MembershipFactory(dialogue=dialogue, user=organizer, role="organizer")
    earlier = DialogueFactory(code_name="ALDER", organization=dialogue.organization)
    MembershipFactory(dialogue=earlier, user=organizer, role="organizer")
    known = [
        ParticipantFactory(
            side__dialogue=earlier,
            person=PersonFactory(name=f"Known {i}", email=f"person{i:03d}@example.org"),
        ).person
        for i in range(1, 6)
    ]
    login(page, live_server, "org@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/participants/")
    page.get_by_role("link", name="Import from a spreadsheet").click()

    upload = page.get_by_label("Spreadsheet (CSV or XLSX)")
    upload.set_input_files(write_xlsx(tmp_path / "people.xlsx", people(fixed=False)))
    page.get_by_role("button", name="Check the file").click()

    expect(
        page.get_by_text("3 rows have problems. Nothing will be imported until they are fixed")
    ).to_be_visible()
    preview = page.locator("#import-preview")
    expect(preview.locator("tr.row--invalid")).to_have_count(3)
    for number, problem in [
        (MISSING_SIDE, "The side is missing."),
        (UNKNOWN_SIDE, "Unknown side “Westland”. This dialogue's sides are: North, South."),
        (UNKNOWN_STATE, "Unknown state “maybe”."),
    ]:
        row = preview.locator("tr", has=page.get_by_role("rowheader", name=str(number), exact=True))
        expect(row).to_contain_text(problem)
    expect(page.get_by_role("button", name="Import 200 participants")).to_have_count(0)
    assert Participant.objects.filter(dialogue=dialogue).count() == 0
    # A file with problems answers 422, which Chromium logs; that one error is expected.
    assert [m.text for m in page.console_messages] == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Content)"
    ]
    page.console_messages.clear()

    page.get_by_label("Spreadsheet (CSV or XLSX)").set_input_files(
        write_xlsx(tmp_path / "people-fixed.xlsx", people(fixed=True))
    )
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_text("200 participants will be added to JUNIPER.")).to_be_visible()
    expect(page.get_by_text("5 of them are people from your other dialogues")).to_be_visible()
    expect(page.get_by_text("Will be linked to the existing person Known 3.")).to_be_visible()
    expect(page.locator("#import-preview bdi", has_text="أمل حداد")).to_be_visible()
    assert Participant.objects.filter(dialogue=dialogue).count() == 0
    page.get_by_role("button", name="Import 200 participants").click()

    expect(page.get_by_text("200 participants imported.")).to_be_visible()
    imported = Participant.objects.filter(dialogue=dialogue)
    assert imported.count() == 200
    assert set(imported.filter(person__in=known).values_list("person", flat=True)) == {
        p.pk for p in known
    }
    assert Person.objects.count() == 200  # 5 known + 195 new: nobody twice
    assert [e.detail for e in AuditEvent.objects.filter(action="participants_imported")] == [
        {"rows": 200, "linked": 5}
    ]
