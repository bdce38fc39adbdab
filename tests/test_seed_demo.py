"""The demo, seeded on an empty database: a second run changes nothing. (What the demo
holds is checked in test_demo_readme.py, on one seeding shared by its tests.)"""

import io

from django.apps import apps
from django.core.management import call_command


def row_counts():
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert row_counts() == first
