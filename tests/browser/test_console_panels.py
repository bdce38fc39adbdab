"""The console's panel forms in a real browser: fetched when the panel is opened from the
keyboard, then saved like any form (issue 19)."""

import pytest
from playwright.sync_api import expect

from facilitation.models import TrustReading
from tests.browser import test_console

pytestmark = pytest.mark.browser

session = test_console.session
one_request_at_a_time_on_sqlite = test_console.one_request_at_a_time_on_sqlite


def test_reading_panel_opened_from_the_keyboard_loads_its_form_and_saves_a_reading(
    page, live_server, session
):
    test_console.open_console(page, live_server, session, "jonas@example.org")
    panel = page.locator("summary", has_text="Take a reading")
    expect(page.locator(".console-reading-form")).to_have_count(0)

    panel.focus()
    page.keyboard.press("Enter")

    form = page.locator(".console-reading-form")
    expect(form).to_be_visible()
    form.get_by_label("Northern Council: trust").select_option("4")
    form.get_by_label("Northern Council: belief").select_option("2")
    form.get_by_role("button", name="Save reading").click()
    expect(page.get_by_text("Reading saved.")).to_be_visible()
    reading = TrustReading.objects.get()
    assert (reading.side.name, reading.trust, reading.belief) == ("Northern Council", 4, 2)
