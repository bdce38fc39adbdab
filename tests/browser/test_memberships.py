"""An organizer manages members in the browser; what the member sees follows at once."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD, DialogueFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def test_added_member_sees_the_dialogue_and_removed_member_no_longer_does(
    page, browser, live_server
):
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
    add_form = page.get_by_role("region", name="Add a member")
    add_form.get_by_label("E-mail of their trackii account").fill("newcomer@example.org")
    add_form.get_by_label("Role").select_option("observer")
    add_form.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Member added.")).to_be_visible()

    member.reload()
    expect(member.get_by_role("link", name="JUNIPER")).to_be_visible()
    member.get_by_role("link", name="JUNIPER").click()
    expect(member.get_by_role("heading", name="JUNIPER")).to_be_visible()

    page.get_by_role("button", name="Remove Newcomer").click()
    expect(page.get_by_text("Member removed.")).to_be_visible()

    member.reload()
    expect(member.get_by_text("There is nothing here that you can see.")).to_be_visible()
    member.goto(live_server.url + "/")
    expect(member.get_by_text("JUNIPER")).to_have_count(0)
    member_context.close()
