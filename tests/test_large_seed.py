"""The large demo (trackii/demo/large.py) at a tiny scale factor, and the benchmark floor."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from dialogues.models import Dialogue
from facilitation import models as fm
from participants.models import Person
from trackii import bench
from trackii.demo import large

TINY = 0.002


class _Rollback(Exception):
    pass


def _build_and_look(seed):
    """What a run made that a user would recognise, then undo the run."""
    seen = {}
    try:
        with transaction.atomic():
            large.build(seed=seed, factor=TINY)
            seen["code_names"] = list(
                Dialogue.objects.order_by("id").values_list("code_name", flat=True)
            )
            seen["titles"] = list(Dialogue.objects.order_by("id").values_list("title", flat=True))
            sessions = fm.Session.objects.order_by("id")
            seen["sessions"] = list(sessions.values_list("title", flat=True))
            seen["notes"] = list(fm.Note.objects.order_by("id").values_list("text", flat=True))
            seen["people"] = [p.name for p in Person.objects.order_by("id")]
            raise _Rollback
    except _Rollback:
        pass
    return seen


def test_counts_for_tiny_factor_are_the_documented_minimums_or_scaled(db):
    counts = large.counts_for(TINY)

    assert counts == {
        "dialogues": 2,
        "people": 12,
        "rounds": 2,
        "sessions": 12,
        "notes": 600,
        "options": 40,
        "trust_readings": 120,
        "transfers": 4,
        "outcomes": 4,
        "users": 5,
    }


def test_counts_for_full_factor_match_the_issue():
    counts = large.counts_for(1.0)

    assert counts == {
        "dialogues": 40,
        "people": 4_000,
        "rounds": 300,
        "sessions": 6_000,
        "notes": 300_000,
        "options": 20_000,
        "trust_readings": 60_000,
        "transfers": 2_000,
        "outcomes": 2_000,
        "users": 500,
    }


def test_build_same_seed_twice_gives_same_names_titles_and_texts(db):
    one = _build_and_look(seed=7)

    two = _build_and_look(seed=7)

    assert one == two
    assert one["code_names"] == ["ACACIA-L", "BIRCH-L"]


def test_build_other_seed_gives_other_texts(db):
    one = _build_and_look(seed=7)

    two = _build_and_look(seed=8)

    assert one["notes"] != two["notes"]


def test_build_second_run_changes_nothing(db):
    large.build(factor=TINY)

    result = large.build(factor=TINY)

    assert result.already_seeded is True
    assert fm.Note.objects.count() == 600


def test_seed_demo_scale_large_reports_what_it_made(db, capsys):
    call_command("seed_demo", scale="large", scale_factor=TINY, quiet_logins=True)

    out = capsys.readouterr().out
    assert "notes                        600" in out
    assert "Large demo made in" in out


def test_floor_url_is_not_mounted_without_the_env_var():
    with pytest.raises(NoReverseMatch):
        reverse("bench-floor")


def test_floor_view_answers_the_role_with_one_query(cast, rf, django_assert_num_queries):
    request = rf.get("/bench/floor/")
    request.user = cast["facilitator"]

    with django_assert_num_queries(1):
        response = bench.floor(request)

    assert response.status_code == 200
    assert b"<p>facilitator</p>" in response.content
