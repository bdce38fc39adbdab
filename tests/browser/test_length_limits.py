"""Text longer than a field takes is never cut without a word (issue 17): the page says how
much is too long as it is pasted, and the server refuses it with the text kept."""

import re

import pytest
from playwright.sync_api import expect

from participants.models import Person
from tests.browser.conftest import login
from tests.factories import PASSWORD, DialogueFactory, MembershipFactory, SideFactory, UserFactory

pytestmark = pytest.mark.browser

LONG_NAME = "Amira Haddad " + "x" * 9_987  # 10,000 characters; the field takes 200


def test_a_long_name_is_neither_cut_nor_saved(page, live_server):
    dialogue = DialogueFactory(code_name="JUNIPER")
    SideFactory(dialogue=dialogue, name="Northern Council")
    MembershipFactory(
        dialogue=dialogue, user=UserFactory(email="org@example.org"), role="organizer"
    )
    login(page, live_server, "org@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/participants/new/")

    name = page.get_by_label(re.compile("^Name:?$"))
    name.fill(LONG_NAME)
    expect(name).to_have_value(LONG_NAME)  # the browser did not cut it
    expect(page.get_by_text("This is 9800 characters longer than this field takes")).to_be_visible()
    expect(name).to_have_attribute("aria-invalid", "true")

    page.get_by_label(re.compile("^Side:?$")).select_option(label="Northern Council")
    page.get_by_role("button", name=re.compile("^(Add|Save)")).click()
    expect(page.get_by_text("Ensure this value has at most 200 characters")).to_be_visible()
    expect(page.get_by_label(re.compile("^Name:?$"))).to_have_value(LONG_NAME)
    assert not Person.objects.exists()
    # The refusal is a 422, which Chromium logs as a failed load: expected here.
    page.console_messages[:] = [m for m in page.console_messages if "422" not in m.text]

    name = page.get_by_label(re.compile("^Name:?$"))
    name.fill("Amira Haddad")
    expect(page.get_by_text("characters longer than this field takes")).to_be_hidden()
    expect(name).not_to_have_attribute("aria-invalid", "true")
