"""Every word a participant without an account reads is marked for translation (issue 15).

The pages and e-mails are rendered under a pseudo-translation: every string that went
through gettext (ours and Django's: form errors, month names) comes back between ⟦ and ⟧.
What is left outside the markers must be what people typed (names, the agreement's
text), the language switcher's names of languages (each written in itself, on purpose),
figures and punctuation. A word left over is a string nobody marked: translators would
never see it, and an Arabic or Hebrew reader would get English.
"""

import datetime as dt
import re
import time
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from facilitation import entries
from facilitation.views import reading as reading_views
from participants.tasks import invitation_send
from participants.views.public import RATE_SCOPE, RATE_WINDOW
from tests.factories import (
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SessionFactory,
    SideFactory,
    VenueFactory,
)
from trackii.i18n import participant_languages
from trackii.lib import ratelimit

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
LINK = re.compile(r"http://testserver/i/([A-Za-z0-9_-]+)/")
#: Not words to translate: the product's name, and the zone named beside a time.
NOT_WORDS = ["trackii", "UTC"]


class PseudoTranslation:
    """A translation object that marks instead of translating: "Yes" → "⟦Yes⟧". Texts
    with a context (pgettext) come back without it, marked, as if translated."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message.rsplit(trans_real.CONTEXT_SEPARATOR, 1)[-1]}{CLOSE}"

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self.gettext(singular if number == 1 else plural)

    def to_language(self) -> str:
        return "en"


@pytest.fixture
def pseudo(monkeypatch):
    """Every language, the active one and the default, is the pseudo-translation."""
    fake = PseudoTranslation()
    monkeypatch.setattr(trans_real, "translation", lambda language: fake)
    monkeypatch.setattr(trans_real, "_default", fake)
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _site_and_rate_limits(settings, monkeypatch):
    settings.SITE_URL = "http://testserver"
    held = time.time()  # every request of a test in one rate-limit window
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))
    ratelimit.reset(RATE_SCOPE, "127.0.0.1", window=RATE_WINDOW)
    _, window = reading_views.READING_POSTS_PER_ADDRESS
    ratelimit.reset(reading_views.READING_POSTS_SCOPE, "127.0.0.1", window=window)


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes (not scripts or styles), and the
    attributes a browser shows or reads out."""

    SHOWN = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in self.SHOWN and value]
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def unmarked(text: str, data: list[str]) -> list[str]:
    """The words of `text` outside every ⟦…⟧ and outside the data people typed."""
    while MARKED.search(text):
        text = MARKED.sub(" ", text)
    for value in sorted(data + NOT_WORDS, key=len, reverse=True):
        text = text.replace(value, " ")
    return re.findall(r"[^\W\d_][^\s⟦⟧]*", text)


def unmarked_on_page(response, data: list[str]) -> list[str]:
    parser = VisibleText()
    parser.feed(response.content.decode())
    text = "\n".join(parser.parts)
    assert OPEN in text, "the page was not rendered under the pseudo-translation"
    return unmarked(text, data)


@pytest.fixture
def world(cast):
    dialogue = cast.dialogue
    dialogue.agreement_text = "Nothing said here is quoted."
    dialogue.agreement_records_access = "The two facilitators"
    dialogue.agreement_years = 5
    dialogue.save()
    venue = VenueFactory(dialogue=dialogue, name="Hotel Bellevue", city="Oslo", country="Norway")
    round_ = RoundFactory(
        dialogue=dialogue,
        title="Second round",
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 3),
        venue=venue,
        venue_shared=True,
    )
    side = SideFactory(dialogue=dialogue, name="Northern Council")
    person = PersonFactory(name="Amira Haddad", email="amira@example.org")
    invitation = InvitationFactory(
        round=round_, participant=ParticipantFactory(side=side, person=person), show_venue=True
    )
    session = SessionFactory(round=round_, title="Morning plenary")
    session.facilitators.add(cast["facilitator"])
    data = [
        dialogue.code_name,
        dialogue.agreement_text,
        dialogue.agreement_records_access,
        venue.name,
        venue.city,
        venue.country,
        side.name,
        *(name for _code, name in participant_languages()),
    ]
    return SimpleNamespace(invitation=invitation, session=session, side=side, cast=cast, data=data)


def invitation_page(token: str) -> str:
    return reverse("invitation:respond", kwargs={"token": token})


def send(world) -> str:
    invitation_send(world.invitation.pk)
    [token] = LINK.findall(mail.outbox[-1].body)
    return token


def test_invitation_email_marks_every_word(world, pseudo):
    send(world)

    message = mail.outbox[-1]
    body = LINK.sub(" ", message.body)
    assert OPEN in message.subject
    assert OPEN in body
    assert unmarked(message.subject, world.data) == []
    assert unmarked(body, world.data) == []


@pytest.mark.parametrize(
    "posts",
    [
        pytest.param([], id="unanswered"),
        pytest.param([{"form": "answer", "response": "accepted"}], id="accepted"),
        pytest.param([{"form": "answer", "response": "declined"}], id="declined"),
        pytest.param([{"form": "consent", "decision": "give"}], id="consent-given"),
        pytest.param(
            [{"form": "consent", "decision": "give"}, {"form": "consent", "decision": "withdraw"}],
            id="consent-withdrawn",
        ),
        pytest.param([{"form": "needs", "dietary_needs": "No nuts"}], id="needs-saved"),
    ],
)
def test_private_invitation_page_marks_every_word(client, world, pseudo, posts):
    token = send(world)
    response = None
    for data in posts:
        response = client.post(invitation_page(token), data, follow=True)
    if response is None:
        response = client.get(invitation_page(token))

    assert response.status_code == 200
    assert unmarked_on_page(response, [*world.data, "No nuts"]) == []


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"form": "answer", "response": "maybe"}, id="bad-answer"),
        pytest.param({"form": "consent", "decision": "perhaps"}, id="bad-consent"),
        pytest.param({"form": "nothing"}, id="unknown-form"),
    ],
)
def test_private_invitation_page_with_bad_input_marks_every_word(client, world, pseudo, data):
    token = send(world)

    response = client.post(invitation_page(token), data)

    assert response.status_code == 422
    assert unmarked_on_page(response, world.data) == []


def test_private_invitation_page_for_an_unknown_link_marks_every_word(client, world, pseudo):
    response = client.get(invitation_page("no-such-token-at-all"))

    assert response.status_code == 404
    assert unmarked_on_page(response, world.data) == []


def test_private_invitation_page_over_the_rate_limit_marks_every_word(
    client, world, pseudo, monkeypatch
):
    token = send(world)
    monkeypatch.setattr(ratelimit, "allow", lambda *args, **kwargs: False)

    response = client.get(invitation_page(token))

    assert response.status_code == 429
    assert unmarked_on_page(response, world.data) == []


@pytest.fixture
def reading_page(world):
    _link, token = entries.reading_link_create(
        actor=world.cast["facilitator"], session=world.session, side=world.side
    )
    return reverse("reading:form", kwargs={"token": token})


def test_reading_page_marks_every_word(client, world, pseudo, reading_page):
    response = client.get(reading_page)

    assert response.status_code == 200
    assert unmarked_on_page(response, world.data) == []


def test_reading_page_with_bad_input_marks_every_word(client, world, pseudo, reading_page):
    response = client.post(reading_page, {"side": world.side.pk, "trust": "9", "belief": ""})

    assert response.status_code == 422
    assert unmarked_on_page(response, world.data) == []


def test_reading_page_after_an_answer_marks_every_word(client, world, pseudo, reading_page):
    answer = {
        "side": world.side.pk,
        "trust": "3",
        "belief": "3",
        "client_key": "00000000-0000-4000-8000-000000000001",
    }

    response = client.post(reading_page, answer)

    assert response.status_code == 200
    assert unmarked_on_page(response, world.data) == []


def test_check_finds_a_word_nobody_marked():
    text = f"{OPEN}Invitation to {OPEN}JUNIPER{CLOSE}{CLOSE} Dates: 1 {OPEN}March{CLOSE} 2027"

    assert unmarked(text, ["JUNIPER"]) == ["Dates:"]
