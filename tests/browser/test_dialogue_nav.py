"""The organizer's navigation fits in one row at 1280 px (issue 17), its groups open like
menus, and on a phone nothing runs off the screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD, DialogueFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser

#: The top row of the dialogue navigation: where each item's top edge is.
ROW_TOPS = """nav => Array.from(nav.querySelectorAll(':scope > ul > li'))
    .map(li => Math.round(li.getBoundingClientRect().top))"""


@pytest.fixture
def organizer_on_overview(page, live_server):
    dialogue = DialogueFactory(code_name="JUNIPER")
    MembershipFactory(
        dialogue=dialogue, user=UserFactory(email="org@example.org"), role="organizer"
    )
    login(page, live_server, "org@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/")
    return page


def test_organizer_navigation_is_one_row_at_1280(organizer_on_overview):
    page = organizer_on_overview
    page.set_viewport_size({"width": 1280, "height": 800})
    nav = page.get_by_role("navigation", name="Dialogue")
    tops = nav.evaluate(ROW_TOPS)
    assert len(tops) == 7, tops  # Overview, Plan, People, Notes, Options, Reports, Manage
    assert len(set(tops)) == 1, f"the navigation wraps: item tops {tops}"
    # The code name, the role and the items share that one row too.
    name_top = nav.locator(".dialogue-nav__name").evaluate(
        "el => Math.round(el.getBoundingClientRect().top)"
    )
    assert abs(name_top - tops[0]) < 20


def test_a_group_opens_like_a_menu_and_escape_closes_it(organizer_on_overview):
    page = organizer_on_overview
    page.set_viewport_size({"width": 1280, "height": 800})
    nav = page.get_by_role("navigation", name="Dialogue")
    venues = nav.get_by_role("link", name="Venues", exact=True)
    expect(venues).to_be_hidden()

    nav.get_by_text("Plan", exact=True).click()
    expect(venues).to_be_visible()
    nav.get_by_text("People", exact=True).click()  # one open at a time
    expect(venues).to_be_hidden()
    members = nav.get_by_role("link", name="Members", exact=True)
    expect(members).to_be_visible()
    page.keyboard.press("Escape")
    expect(members).to_be_hidden()

    nav.get_by_text("Plan", exact=True).click()
    venues.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Venues")
    # On a page of a group, the group's label is marked and the page's link is current.
    expect(nav.locator("summary[data-current]")).to_have_text("Plan")
    expect(nav.locator('[aria-current="page"]')).to_have_text("Venues")


def test_navigation_stays_on_a_phone_screen(organizer_on_overview):
    page = organizer_on_overview
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    nav = page.get_by_role("navigation", name="Dialogue")
    nav.get_by_text("Manage", exact=True).click()
    settings = nav.get_by_role("link", name="Settings", exact=True)
    expect(settings).to_be_visible()
    box = settings.bounding_box()
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= 390, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_search_box_is_on_every_dialogue_page(organizer_on_overview):
    page = organizer_on_overview
    page.set_viewport_size({"width": 1280, "height": 800})
    box = page.get_by_role("search").get_by_label("Search this dialogue")
    box.fill("water")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search this dialogue")
    expect(page.get_by_role("heading", name="0 hits")).to_be_visible()
    # The box keeps the question on the results page, and the row still fits.
    expect(
        page.get_by_role("navigation", name="Dialogue").get_by_label("Search this dialogue")
    ).to_have_value("water")
    tops = page.get_by_role("navigation", name="Dialogue").evaluate(ROW_TOPS)
    assert len(set(tops)) == 1, tops
