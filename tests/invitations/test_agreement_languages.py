"""The confidentiality agreement in the participant's language (issue 15): which version a
participant reads, what their consent records, and what the organizers see of it."""

import hashlib
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from dialogues.models import ParticipantText
from dialogues.services.participant_texts import participant_texts_save
from participants.models import ConsentRecord
from tests.factories import ParticipantTextFactory
from tests.invitations.conftest import send_link

ENGLISH = "Nothing said in the room is attributed to anyone."
ARABIC = "لا يُنسب أي قول في القاعة إلى قائله."
FRENCH = "Rien de ce qui est dit dans la salle ne sera attribué à quiconque."
FALLBACK_NOTE = (
    "This agreement is not available in your language. You are reading it in the language "
    "the organizers chose as the reference."
)
CHANGED_WHILE_READING = (
    "The agreement was changed while you were reading it. Please read it again before you agree."
)
EMAIL_FALLBACK = (
    "The organizers' message is not available in your language. Here it is in the language "
    "they wrote it in:"
)


def said_in(language: str, message: str) -> str:
    """`message` as the catalog of `language` has it: the page speaks the reader's language."""
    with translation.override(language):
        translated = translation.gettext(message)
    assert translated != message, f"{message!r} has no {language} translation"
    return translated


def page(token):
    return reverse("invitation:respond", kwargs={"token": token})


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def texts(cast):
    """English (the reference), Arabic in its second version, French."""
    dialogue = cast.dialogue
    ParticipantTextFactory(dialogue=dialogue, language="en", version=1, text=ENGLISH)
    ParticipantTextFactory(dialogue=dialogue, language="ar", version=1, text="مسودة قديمة")
    ParticipantTextFactory(dialogue=dialogue, language="ar", version=2, text=ARABIC)
    ParticipantTextFactory(dialogue=dialogue, language="fr", version=1, text=FRENCH)


def prefer(invitation, language):
    person = invitation.participant.person
    person.preferred_language = language
    person.save()


@pytest.fixture
def arabic_link(invitation, texts):
    prefer(invitation, "ar")
    return send_link(invitation)


def test_arabic_participant_reads_the_arabic_agreement_marked_right_to_left(client, arabic_link):
    body = client.get(page(arabic_link)).content.decode()

    assert f'<div lang="ar" dir="rtl" class="agreement-text"><p>{ARABIC}</p></div>' in body
    assert ENGLISH not in body
    assert html.escape(said_in("ar", FALLBACK_NOTE)) not in body


def test_arabic_consent_records_the_arabic_version_and_its_fingerprint(
    client, invitation, arabic_link
):
    client.post(page(arabic_link), {"form": "consent", "decision": "give", "shown": "ar:2"})

    record = ConsentRecord.objects.get()
    assert (record.given, record.agreement_language, record.agreement_version) == (True, "ar", 2)
    assert record.agreement_digest == sha(ARABIC)
    assert record.invitation == invitation


def test_consent_to_a_version_replaced_while_reading_is_refused(client, arabic_link):
    response = client.post(
        page(arabic_link), {"form": "consent", "decision": "give", "shown": "ar:1"}
    )

    assert response.status_code == 422
    assert html.escape(said_in("ar", CHANGED_WHILE_READING)) in response.content.decode()
    assert not ConsentRecord.objects.exists()


def test_missing_language_shows_the_reference_version_with_a_note(client, invitation, texts):
    prefer(invitation, "uk")
    link = send_link(invitation)

    body = client.get(page(link)).content.decode()

    assert html.escape(said_in("uk", FALLBACK_NOTE)) in body
    assert f'<div lang="en" dir="ltr" class="agreement-text"><p>{ENGLISH}</p></div>' in body


def test_consent_to_the_reference_version_records_its_language(client, invitation, texts):
    prefer(invitation, "uk")
    link = send_link(invitation)

    client.post(page(link), {"form": "consent", "decision": "give", "shown": "en:1"})

    record = ConsentRecord.objects.get()
    assert (record.agreement_language, record.agreement_version) == ("en", 1)
    assert record.agreement_digest == sha(ENGLISH)


def test_the_switched_language_decides_which_version_is_read_and_agreed_to(client, arabic_link):
    client.post(page(arabic_link), {"set_language": "fr"})

    body = client.get(page(arabic_link)).content.decode()
    client.post(page(arabic_link), {"form": "consent", "decision": "give", "shown": "fr:1"})

    assert f'<div lang="fr" dir="ltr" class="agreement-text"><p>{FRENCH}</p></div>' in body
    record = ConsentRecord.objects.get()
    assert (record.agreement_language, record.agreement_digest) == ("fr", sha(FRENCH))


def invitation_list(client_for, cast):
    client = client_for(cast["organizer"])
    url = reverse("participants:invitation-list", kwargs={"dialogue_id": cast.dialogue.pk})
    return client.get(url).content.decode()


def test_editing_the_french_version_leaves_the_arabic_consent_current(
    client, client_for, cast, arabic_link
):
    client.post(page(arabic_link), {"form": "consent", "decision": "give", "shown": "ar:2"})

    participant_texts_save(
        actor=cast["organizer"],
        dialogue=cast.dialogue,
        reference_language="en",
        texts={("agreement", "fr"): FRENCH + " Pour dix ans."},
    )

    french = ParticipantText.objects.filter(dialogue=cast.dialogue, kind="agreement", language="fr")
    assert sorted(french.values_list("version", flat=True)) == [1, 2]
    body = invitation_list(client_for, cast)
    assert "Agreed to the Arabic version 2 on" in body
    assert "(to an earlier version" not in body


def test_editing_the_arabic_version_shows_the_consent_was_to_an_earlier_version(
    client, client_for, cast, arabic_link
):
    client.post(page(arabic_link), {"form": "consent", "decision": "give", "shown": "ar:2"})
    before = client.get(page(arabic_link)).content.decode()
    assert 'name="decision" value="give"' not in before

    participant_texts_save(
        actor=cast["organizer"],
        dialogue=cast.dialogue,
        reference_language="en",
        texts={("agreement", "ar"): ARABIC + " لمدة عشر سنوات."},
    )

    body = invitation_list(client_for, cast)
    assert "Agreed to the Arabic version 2 on" in body
    assert "(to an earlier version: the agreement in that language has changed since)" in body
    # The participant is asked to agree again: the "I agree" button is back.
    participant_page = client.get(page(arabic_link)).content.decode()
    assert 'name="decision" value="give"' in participant_page


def test_invitation_email_carries_the_invitation_text_in_the_persons_language(cast, invitation):
    ParticipantTextFactory(
        dialogue=cast.dialogue, kind="invitation", language="en", text="We hope you can come."
    )
    ParticipantTextFactory(
        dialogue=cast.dialogue, kind="invitation", language="fr", text="Nous espérons vous voir."
    )
    prefer(invitation, "fr")

    send_link(invitation)

    body = mail.outbox[-1].body
    assert "Nous espérons vous voir." in body
    assert "We hope you can come." not in body


def test_invitation_email_without_a_version_in_the_language_carries_the_reference_text(
    cast, invitation
):
    ParticipantTextFactory(
        dialogue=cast.dialogue, kind="invitation", language="en", text="We hope you can come."
    )
    prefer(invitation, "es")

    send_link(invitation)

    body = mail.outbox[-1].body
    assert "We hope you can come." in body
    assert said_in("es", EMAIL_FALLBACK) in body
