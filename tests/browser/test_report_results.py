"""A funder reads a published report at 1280 px: the results against the theory of change
with a chart and its table per indicator, the options table whole (wrapped or scrolled
inside its box, never cut off), and nothing of the statement's confidential words."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dialogues.models import ChangeStatement, Indicator, IndicatorValue
from facilitation.models import Topic
from reports import services
from reports.models import Report
from tests.browser.conftest import login
from tests.factories import (
    PASSWORD,
    ChangeStatementFactory,
    DialogueFactory,
    MembershipFactory,
    RoundFactory,
    SessionFactory,
    SideFactory,
    UserFactory,
)
from tests.reports.conftest import AT, attend, option, readings
from trackii.privacy.levels import Level

pytestmark = pytest.mark.browser

STATES = ("floated", "explored", "refined", "supported", "transferred", "adopted")

#: Whether a table's last column can be seen: inside its box, or reachable by scrolling
#: that box sideways (and the box itself inside the page).
LAST_COLUMN_REACHABLE = """(wrap) => {
  const box = wrap.getBoundingClientRect();
  const cells = wrap.querySelectorAll("thead th");
  const last = cells[cells.length - 1].getBoundingClientRect();
  const style = getComputedStyle(wrap);
  const scrolls = ["auto", "scroll"].includes(style.overflowX);
  return {
    inPage: box.left >= 0 && box.right <= document.documentElement.clientWidth,
    fits: wrap.scrollWidth <= wrap.clientWidth + 1 && last.right <= box.right + 1,
    scrollsToIt: scrolls && wrap.scrollWidth > wrap.clientWidth,
  };
}"""


@pytest.fixture
def published(transactional_db):
    dialogue = DialogueFactory(code_name="JUNIPER")
    organizer = UserFactory(email="org@example.org")
    MembershipFactory(dialogue=dialogue, user=organizer, role="organizer")
    MembershipFactory(dialogue=dialogue, user=UserFactory(email="fund@example.org"), role="funder")
    north = SideFactory(dialogue=dialogue, name="North")
    round_ = RoundFactory(dialogue=dialogue)
    session = SessionFactory(round=round_, starts_at=AT, ends_at=AT + dt.timedelta(hours=2))
    attend(round_, north, 6)
    readings(session, north, [4, 4, 3, 5, 4, 4])
    # Every state and the longest topic names: the widest options table there is.
    for topic, _label in Topic.choices:
        option(dialogue, session, f"Option on {topic}", states=STATES, topic=topic)
    statement = ChangeStatementFactory(
        dialogue=dialogue, level=Level.TEAM, if_text="CANARY-STATEMENT-IF"
    )
    ChangeStatement.objects.filter(pk=statement.pk).update(
        publishable=True, funder_wording="Officials hear new options"
    )
    briefings = Indicator.objects.create(
        statement=statement,
        name="Briefings held",
        measure=Indicator.Measure.MANUAL,
        baseline=Decimal(0),
        baseline_on=dt.date(2026, 1, 1),
        target=Decimal(4),
        direction=Indicator.Direction.INCREASE,
        target_on=dt.date(2027, 6, 30),
    )
    IndicatorValue.objects.create(
        indicator=briefings, measured_on=dt.date(2026, 11, 1), value=3, note="CANARY-NOTE"
    )
    report = services.report_create(
        actor=organizer,
        dialogue=dialogue,
        title="Q4 2026",
        period_kind=Report.Period.RANGE,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    report = Report.objects.get(pk=report.pk)
    services.report_publish(actor=organizer, report=report)
    return report


def test_funder_reads_results_and_the_whole_options_table_at_1280(page, live_server, published):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "fund@example.org", PASSWORD)

    page.goto(f"{live_server.url}/d/{published.dialogue_id}/reports/{published.pk}/")

    results = page.locator("section.results")
    expect(
        results.get_by_role("heading", name="Results against the theory of change")
    ).to_be_visible()
    expect(results.get_by_role("heading", name="Officials hear new options")).to_be_visible()
    expect(
        results.get_by_role("img", name="Briefings held, at the end of each report's period")
    ).to_be_visible()
    table = results.get_by_role("table", name="Briefings held across the reports")
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("cell", name="On track")).to_be_visible()
    options = page.locator(
        ".table-wrap",
        has=page.get_by_role("table", name="Options that reached each state in the period"),
    )
    reach = options.evaluate(LAST_COLUMN_REACHABLE)
    assert reach["inPage"]
    assert reach["fits"] or reach["scrollsToIt"]
    body = page.content()
    assert [c for c in ("CANARY-STATEMENT-IF", "CANARY-NOTE") if c in body] == []
