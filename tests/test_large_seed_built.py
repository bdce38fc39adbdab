"""The large demo (trackii/demo/large.py) at a tiny scale factor, built once for the
module: what it makes. (Runs that must start from an empty database are in
test_large_seed.py: the build here stays in place until the module is done.)"""

import pytest
from django.db.models import Max
from django_otp.plugins.otp_totp.models import TOTPDevice

from dialogues.models import Dialogue, Round, Side
from facilitation import models as fm
from participants.models import Participant, Person
from tests.conftest import data_for_the_module
from trackii.accounts.models import User
from trackii.demo import large
from trackii.demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_KEY
from trackii.privacy.models import Membership

TINY = 0.002  # as in test_large_seed.py


@pytest.fixture(scope="module")
def tiny_built(django_db_setup, django_db_blocker):
    """The large demo at the tiny factor, built once for the module (it takes seconds)."""
    with data_for_the_module(django_db_blocker):
        large.build(factor=TINY)
        yield


@pytest.fixture
def tiny(tiny_built, db):
    """The tiny large demo, in a test that may read and change it (changes are undone)."""


def test_build_tiny_makes_exact_counts_of_each_kind(tiny):
    made = {
        "dialogues": Dialogue.objects.count(),
        "sides": Side.objects.count(),
        "people": Person.objects.count(),
        "participants": Participant.objects.count(),
        "rounds": Round.objects.count(),
        "sessions": fm.Session.objects.count(),
        "notes": fm.Note.objects.count(),
        "options": fm.Option.objects.count(),
        "trust_readings": fm.TrustReading.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "totp_devices": TOTPDevice.objects.count(),
    }
    assert made == {
        "dialogues": 2,
        "sides": 6,
        "people": 12,
        "participants": 12,
        "rounds": 2,
        "sessions": 12,
        "notes": 600,
        "options": 40,
        "trust_readings": 120,
        "users": 5,
        "memberships": 5,
        "totp_devices": 2,
    }


@pytest.mark.skipif(not hasattr(fm, "Transfer"), reason="no Transfer model in this version")
def test_build_tiny_makes_transfers_and_outcomes(tiny):
    assert (fm.Transfer.objects.count(), fm.Outcome.objects.count()) == (4, 4)


def test_build_tiny_puts_a_third_of_the_notes_in_the_first_dialogue(tiny):
    first = Dialogue.objects.get(code_name=large.code_names(1)[0])
    assert fm.Note.objects.filter(dialogue=first).count() == 200


def test_build_team_logins_use_the_published_password_and_key(tiny):
    organizer = User.objects.get(email=large.login_email("organizer", 1))
    assert organizer.check_password(DEMO_PASSWORD)
    assert TOTPDevice.objects.get(user=organizer).key == DEMO_TOTP_KEY
    assert Membership.objects.get(user=organizer).dialogue.code_name == "ACACIA-L"


def test_build_session_revision_covers_its_entries(tiny):
    behind = [
        s
        for s in fm.Session.objects.annotate(last=Max("notes__session_rev"))
        if s.last is not None and s.revision < s.last
    ]
    assert behind == []


def test_build_tiny_publishes_one_funder_report_on_the_first_dialogue(tiny):
    reports = pytest.importorskip("reports.models")

    report = reports.Report.objects.get()
    assert report.dialogue.code_name == "ACACIA-L"
    assert report.status == reports.Report.Status.PUBLISHED
