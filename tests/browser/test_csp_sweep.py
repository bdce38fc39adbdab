"""A sweep of the main pages in a real browser, as organizer, facilitator and funder, on the
demo dialogue: no page breaks its Content-Security-Policy.

The page listens for `securitypolicyviolation` events from before any of its own code runs
(an init script, which the page's CSP does not govern), so a violation is caught even when
it logs nothing to the console; the console itself is checked by the conftest as well.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from dialogues.models import Dialogue
from facilitation.models import Session
from reports import services as report_services
from reports import tasks as report_tasks
from reports.models import Report
from tests.browser.conftest import login
from trackii.demo.management.commands.seed_demo import DEMO_PASSWORD, DOMAIN

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


@pytest.fixture
def demo(db):
    """The demo dialogue, with one funder report built and published."""
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    dialogue = Dialogue.objects.get(code_name="JUNIPER")
    organizer = get_user_model().objects.get(email=f"organizer@{DOMAIN}")
    report = report_services.report_create(
        actor=organizer, dialogue=dialogue, title="Autumn report", period_kind="whole"
    )
    if Report.objects.get(pk=report.pk).status != Report.Status.READY:
        report_tasks.report_build(report.pk)  # when the outbox did not run it already
    report_services.report_publish(actor=organizer, report=report)
    return dialogue


def team_pages(dialogue) -> list[str]:
    session = Session.objects.filter(round__dialogue=dialogue).order_by("starts_at", "pk").first()
    d = {"dialogue_id": dialogue.pk}
    pages = [
        reverse("dialogues:detail", kwargs=d),
        reverse("participants:list", kwargs=d),
        reverse("dialogues:round-list", kwargs=d),
        reverse("facilitation:console", kwargs={**d, "session_id": session.pk}),
        reverse("facilitation:option-board", kwargs=d),
    ]
    return pages


def organizer_pages(dialogue) -> list[str]:
    d = {"dialogue_id": dialogue.pk}
    return [
        *team_pages(dialogue),
        reverse("dialogues:edit", kwargs=d),
        reverse("reports:list", kwargs=d),
        reverse("reports:detail", args=[dialogue.pk, Report.objects.get(dialogue=dialogue).pk]),
    ]


def funder_pages(dialogue) -> list[str]:
    published = Report.objects.published().get(dialogue=dialogue)
    return [
        reverse("reports:funder-dashboard"),
        reverse("reports:detail", args=[dialogue.pk, published.pk]),
    ]


def sweep(page, live_server, paths) -> dict[str, list[str]]:
    """Visit each path; answer the violations seen on each (and any status but 200)."""
    found = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # htmx requests fired on load, and their swaps
        problems = list(page.evaluate("window.__cspViolations"))
        if response is None or response.status != 200:
            problems.append(f"status {response.status if response else 'none'}")
        found[path] = problems
    return found


@pytest.mark.parametrize(
    ("who", "pages"),
    [
        ("organizer", organizer_pages),
        ("facilitator", team_pages),
        ("funder", funder_pages),
    ],
)
def test_main_pages_break_no_content_security_policy(page, live_server, demo, who, pages):
    page.add_init_script(LISTEN)
    login(page, live_server, f"{who}@{DOMAIN}", DEMO_PASSWORD)
    paths = pages(demo)

    found = sweep(page, live_server, paths)

    assert len(paths) >= 2
    assert {path: problems for path, problems in found.items() if problems} == {}
