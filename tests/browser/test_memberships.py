"""An organizer manages members in the browser; what the member sees follows at once."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD, DialogueFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def test_invited_member_sees_the_dialogue_once_they_accept_and_removed_member_no_longer_does(
    page, browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    dialogue = DialogueFactory(code_name="JUNIPER")
    MembershipFactory(
        dialogue=dialogue, user=UserFactory(email="org@example.org"), role="organizer"
    )
    UserFactory(email="newcomer@example.org", display_name="Newcomer")
    member_context = browser.new_context(base_url=live_server.url)
    member = member_context.new_page()
    login(member, live_server, "newcomer@example.org", PASSWORD)
    expect(member.get_by_text("You do not take part in any dialogue yet")).to_be_visible()

    login(page, live_server, "org@example.org", PASSWORD)
    page.goto(f"{live_server.url}/d/{dialogue.pk}/members/")
    invite_form = page.get_by_role("region", name="Invite a member")
    invite_form.get_by_label("E-mail address").fill("newcomer@example.org")
    invite_form.get_by_label("Role").select_option("observer")
    invite_form.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation was sent to newcomer@example.org.")).to_be_visible()

    member.reload()
    expect(member.get_by_text("You do not take part in any dialogue yet")).to_be_visible()
    link = re.search(r"http://\S+/join/[^/\s]+/", mail.outbox[-1].body).group(0)
    member.goto(link)
    member.get_by_role("button", name="Accept").click()
    expect(member.get_by_text("Welcome to JUNIPER. You take part as Observer.")).to_be_visible()
    member.goto(live_server.url + "/")
    expect(member.get_by_role("link", name="JUNIPER")).to_be_visible()
    member.get_by_role("link", name="JUNIPER").click()
    expect(member.get_by_role("heading", name="JUNIPER")).to_be_visible()

    page.reload()
    # Removing asks first and says what will happen.
    page.locator('summary[aria-label="Remove Newcomer"]').click()
    expect(page.get_by_text("Newcomer loses access to JUNIPER at once.")).to_be_visible()
    page.get_by_role("button", name="Remove Newcomer from the dialogue").click()
    expect(page.get_by_text("Member removed.")).to_be_visible()

    member.reload()
    expect(member.get_by_text("There is nothing here that you can see.")).to_be_visible()
    member.goto(live_server.url + "/")
    expect(member.get_by_text("JUNIPER")).to_have_count(0)
    member_context.close()
