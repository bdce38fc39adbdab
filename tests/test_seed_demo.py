"""The demo: one login per role, content at every level, and a second run changes nothing."""

import io

from django.apps import apps
from django.core.management import call_command

from participants.models import Invitation
from trackii.privacy.levels import Level


def row_counts():
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert row_counts() == first


def test_seed_demo_prints_every_login_and_a_working_invitation_link(demo, client):
    text = demo
    for role in ("organizer", "facilitator", "participant", "funder", "observer", "outsider"):
        assert f"{role}@demo.trackii.test" in text
    link = text.rsplit("(no login): ", 1)[1].strip()
    path = link.split("8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    assert "JUNIPER" in response.text


def test_seed_demo_has_content_at_every_level_a_protected_participant_and_a_grant(demo):
    from guardian.models import UserObjectPermission

    from facilitation.models import Note
    from participants.models import Participant

    assert set(
        Note.objects.filter(dialogue__code_name="JUNIPER").values_list("level", flat=True)
    ) == set(Level.values)
    assert Participant.objects.filter(person__is_protected=True).exists()
    assert (
        UserObjectPermission.objects.filter(
            user__email="facilitator@demo.trackii.test", permission__codename="view_note"
        ).count()
        == 1
    )
    assert Invitation.objects.filter(response="accepted").count() == 1


def test_demo_organizer_logs_in_with_the_code_demo_code_prints(demo, client):
    client.post(
        "/accounts/login/",
        {"username": "organizer@demo.trackii.test", "password": "trackii-demo-2026"},
    )
    code = io.StringIO()
    call_command("demo_code", "organizer", stdout=code)

    response = client.post("/accounts/second-factor/verify/", {"code": code.getvalue().strip()})
    home = client.get("/")

    assert response.status_code == 302
    assert home.status_code == 200
    assert "JUNIPER" in home.text
