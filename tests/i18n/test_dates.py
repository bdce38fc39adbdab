"""Team pages write dates in the reader's language (issue 15): Django's named formats
(DATE_FORMAT, DATETIME_FORMAT) and, for a day with its weekday, CLDR's full date; never a
fixed pattern such as "Y-m-d", which is no language's way of writing a date. Machine-read
dates (<time datetime>, form values, CSV) stay ISO."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import FundingFactory, ReportingObligationFactory, RoundFactory


@pytest.fixture
def french_organizer(cast):
    user = cast["organizer"]
    user.language = "fr"
    user.save()
    return user


def test_round_list_for_french_user_writes_dates_the_french_way(cast, client_for, french_organizer):
    RoundFactory(
        dialogue=cast.dialogue, starts_on=dt.date(2026, 10, 12), ends_on=dt.date(2026, 10, 14)
    )

    body = (
        client_for(french_organizer)
        .get(reverse("dialogues:round-list", args=[cast.dialogue.pk]))
        .content.decode()
    )

    assert "12 octobre 2026 – 14 octobre 2026" in body
    assert "2026-10-12" not in body


def test_round_page_for_french_user_names_the_weekday_in_french(cast, client_for, french_organizer):
    round_ = RoundFactory(
        dialogue=cast.dialogue, starts_on=dt.date(2026, 10, 12), ends_on=dt.date(2026, 10, 14)
    )

    body = (
        client_for(french_organizer)
        .get(reverse("dialogues:round-detail", args=[cast.dialogue.pk, round_.pk]))
        .content.decode()
    )

    assert "lundi 12 octobre 2026 – mercredi 14 octobre 2026" in body


def test_funding_list_for_french_user_shows_french_dates_and_keeps_iso_for_machines(
    cast, client_for, french_organizer
):
    funding = FundingFactory(dialogue=cast.dialogue)
    ReportingObligationFactory(funding=funding, due_on=dt.date(2027, 3, 31))

    body = (
        client_for(french_organizer)
        .get(reverse("dialogues:funding-list", args=[cast.dialogue.pk]))
        .content.decode()
    )

    assert '<time datetime="2027-03-31">31 mars 2027</time>' in body


def test_round_list_for_english_user_writes_dates_the_english_way(cast, client_for):
    RoundFactory(
        dialogue=cast.dialogue, starts_on=dt.date(2026, 10, 12), ends_on=dt.date(2026, 10, 14)
    )

    body = (
        client_for(cast["organizer"])
        .get(reverse("dialogues:round-list", args=[cast.dialogue.pk]))
        .content.decode()
    )

    assert "Oct. 12, 2026 – Oct. 14, 2026" in body
