"""A participant opens their private invitation link on a phone in Arabic or Hebrew (issue
15): the page runs right to left, nothing sticks out sideways at 390 px, and Latin text
(the dialogue's code name, an e-mail address in the agreement) is isolated so that it
cannot reorder the sentence around it. A screenshot of each is saved in the test's
tmp_path (never committed) and its path recorded in the test's output."""

import datetime as dt
import re

import pytest
from django.core import mail

from participants.tasks import invitation_send
from tests.factories import (
    DialogueFactory,
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SideFactory,
    VenueFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CODE_NAME = "JUNIPER-NORTH"
EMAIL = "records.office@example.org"

#: For each text, whether every place it appears on the page sits inside <bdi>, an element
#: with dir="auto" (the browser then takes its direction from the text itself), or a block
#: marked with its own language and direction (the agreement, in the language it is in).
ISOLATED = """(text) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.textContent.includes(text)) {
      found.push(node.parentElement.closest("bdi, [dir=auto], body [lang][dir]") !== null);
    }
  }
  return found;
}"""

#: Elements whose box reaches past either side of the viewport.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
    })
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
}"""


@pytest.fixture
def invitation_link(live_server, settings):
    """Send an invitation to a person who prefers `language`; the link from the e-mail."""
    settings.SITE_URL = live_server.url

    def send(language: str) -> str:
        dialogue = DialogueFactory(
            code_name=CODE_NAME,
            agreement_records_access=f"The facilitators ({EMAIL})",
            agreement_text=f"Nothing said here is quoted. Questions: {EMAIL}",
        )
        venue = VenueFactory(
            dialogue=dialogue, name="Hotel Bellevue", city="Oslo", country="Norway"
        )
        round_ = RoundFactory(
            dialogue=dialogue,
            starts_on=dt.date(2027, 3, 1),
            ends_on=dt.date(2027, 3, 3),
            venue=venue,
        )
        person = PersonFactory(
            name="Amira Haddad", email="amira@example.org", preferred_language=language
        )
        participant = ParticipantFactory(
            side=SideFactory(dialogue=dialogue, name="Northern Council"), person=person
        )
        invitation = InvitationFactory(round=round_, participant=participant, show_venue=True)
        invitation_send(invitation.pk)
        [link] = re.findall(r"https?://\S+/i/[A-Za-z0-9_-]+/", mail.outbox[-1].body)
        return link

    return send


@pytest.mark.parametrize("language", ["ar", "he"])
def test_private_link_on_a_phone_runs_right_to_left_without_sideways_overflow(
    page, invitation_link, tmp_path, record_property, language
):
    link = invitation_link(language)
    page.set_viewport_size(PHONE)

    page.goto(link)
    screenshot = tmp_path / f"private-link-{language}-390.png"
    page.screenshot(path=str(screenshot), full_page=True)
    record_property("screenshot", str(screenshot))
    print(f"screenshot: {screenshot}")  # the path, in the test's output

    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, "rtl")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING) == []
    # The heading names the dialogue; the agreement gives the address twice.
    assert page.evaluate(ISOLATED, CODE_NAME) == [True]
    assert page.evaluate(ISOLATED, EMAIL) == [True, True]
