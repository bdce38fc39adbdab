"""The organizers' page of the agreement and invitation texts, per language, and the
service behind it: a change is a new version, never an edit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dialogues.models import ParticipantText
from dialogues.services.participant_texts import participant_texts_save
from tests.factories import ParticipantTextFactory


def url(cast):
    return reverse("dialogues:texts", kwargs={"dialogue_id": cast.dialogue.pk})


def versions(cast, kind="agreement"):
    return list(
        ParticipantText.objects.filter(dialogue=cast.dialogue, kind=kind)
        .order_by("language", "version")
        .values_list("language", "version", "text")
    )


@pytest.fixture
def english(cast):
    return ParticipantTextFactory(dialogue=cast.dialogue, language="en", text="Chatham House.")


def test_texts_page_shows_each_language_with_its_newest_version(client_for, cast, english):
    body = client_for(cast["organizer"]).get(url(cast)).content.decode()

    assert 'name="agreement_ar"' in body
    assert 'name="invitation_uk"' in body
    assert "Chatham House.</textarea>" in body
    assert "Version 1, saved" in body


def test_changing_the_agreement_asks_first_and_saves_nothing(client_for, cast, english):
    data = {"reference_language": "en", "agreement_en": "Chatham House, for ten years."}

    response = client_for(cast["organizer"]).post(url(cast), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Save a new version of the agreement?" in body
    assert "The agreement changes in: English." in body
    assert "Chatham House, for ten years.</textarea>" in body
    assert versions(cast) == [("en", 1, "Chatham House.")]


def test_confirmed_change_adds_a_version_and_keeps_the_earlier_one(client_for, cast, english):
    data = {
        "reference_language": "en",
        "agreement_en": "Chatham House, for ten years.",
        "confirm": "yes",
    }

    response = client_for(cast["organizer"]).post(url(cast), data, follow=True)

    assert versions(cast) == [
        ("en", 1, "Chatham House."),
        ("en", 2, "Chatham House, for ten years."),
    ]
    body = response.content.decode()
    assert "Each changed text is a new version; earlier versions are kept." in body
    assert "Confidentiality agreement, English version 1, saved" in body


def test_changing_only_the_invitation_text_needs_no_confirmation(client_for, cast, english):
    data = {
        "reference_language": "en",
        "agreement_en": "Chatham House.",
        "invitation_ar": "يسعدنا حضوركم.",
    }

    response = client_for(cast["organizer"]).post(url(cast), data)

    assert response.status_code == 302
    assert versions(cast, "invitation") == [("ar", 1, "يسعدنا حضوركم.")]
    assert versions(cast) == [("en", 1, "Chatham House.")]


def test_reference_language_is_saved(client_for, cast, english):
    data = {"reference_language": "fr", "agreement_en": "Chatham House."}

    client_for(cast["organizer"]).post(url(cast), data)

    cast.dialogue.refresh_from_db()
    assert cast.dialogue.reference_language == "fr"


def test_unknown_reference_language_answers_422_and_keeps_what_was_typed(client_for, cast):
    data = {"reference_language": "xx", "agreement_fr": "Règle de Chatham House."}

    response = client_for(cast["organizer"]).post(url(cast), data)

    body = response.content.decode()
    assert response.status_code == 422
    assert "Choose one of the listed languages." in body
    assert "Règle de Chatham House.</textarea>" in body
    assert versions(cast) == []


def test_saving_the_same_text_twice_makes_one_version(cast):
    for _ in range(2):
        participant_texts_save(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            reference_language="en",
            texts={("agreement", "ar"): "نص الاتفاق."},
        )

    assert versions(cast) == [("ar", 1, "نص الاتفاق.")]


def test_facilitator_may_not_save_texts(cast):
    with pytest.raises(PermissionDenied):
        participant_texts_save(
            actor=cast["facilitator"],
            dialogue=cast.dialogue,
            reference_language="en",
            texts={("agreement", "en"): "Anything."},
        )

    assert versions(cast) == []


def test_dialogue_home_shows_the_agreement_in_the_readers_language(client_for, cast, english):
    ParticipantTextFactory(dialogue=cast.dialogue, language="ar", text="نص الاتفاق.")
    cast["observer"].language = "ar"
    cast["observer"].save()
    home = reverse("dialogues:detail", kwargs={"dialogue_id": cast.dialogue.pk})

    body = client_for(cast["observer"]).get(home).content.decode()

    assert '<p lang="ar" dir="rtl">نص الاتفاق.</p>' in body
    assert "Chatham House." not in body
