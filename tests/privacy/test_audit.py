"""The audit log: append-only, written for logins and restricted reads, never breaking a request."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import reverse

from tests.factories import PASSWORD
from trackii.privacy.audit import audit_record
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent


def test_login_is_audited_with_the_address(cast, client):
    client.post(
        reverse("accounts:login"), {"username": "organizer@example.org", "password": PASSWORD}
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert (event.actor, event.ip_address) == (cast["organizer"], "127.0.0.1")


def test_failed_login_is_audited_without_what_was_typed(cast, client):
    client.post(
        reverse("accounts:login"), {"username": "organizer@example.org", "password": "wrong-guess"}
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.actor is None
    assert event.detail == {}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()


def test_audit_events_cannot_be_edited_or_deleted(cast):
    event = audit_record(
        action=AuditEvent.Action.EXPORT, actor=cast["organizer"], dialogue=cast.dialogue
    )

    event.action = AuditEvent.Action.LOGIN
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="login")
    assert AuditEvent.objects.get().action == AuditEvent.Action.EXPORT


def test_reading_a_restricted_note_is_audited(world, client_for):
    note = world.notes[Level.RESTRICTED]
    url = reverse(
        "facilitation:note-detail", kwargs={"dialogue_id": world.dialogue.pk, "note_id": note.pk}
    )

    client_for(world.cast["facilitator"]).get(url)

    event = AuditEvent.objects.get(action=AuditEvent.Action.RESTRICTED_READ)
    assert (event.actor, event.object_type, event.object_id) == (
        world.cast["facilitator"],
        "facilitation.note",
        str(note.pk),
    )


def test_listing_notes_audits_each_restricted_one_shown_and_nothing_else(world, client_for):
    url = reverse("facilitation:note-list", kwargs={"dialogue_id": world.dialogue.pk})

    client_for(world.cast["facilitator"]).get(url)
    client_for(world.cast["organizer"]).get(url)  # sees no restricted note: nothing to audit

    reads = AuditEvent.objects.filter(action=AuditEvent.Action.RESTRICTED_READ)
    assert [(e.actor, e.object_id) for e in reads] == [
        (world.cast["facilitator"], str(world.notes[Level.RESTRICTED].pk))
    ]


def test_a_failing_audit_write_does_not_break_the_page(world, client_for):
    note = world.notes[Level.RESTRICTED]
    url = reverse(
        "facilitation:note-detail", kwargs={"dialogue_id": world.dialogue.pk, "note_id": note.pk}
    )

    with mock.patch.object(AuditEvent, "save", side_effect=DatabaseError("disk full")):
        response = client_for(world.cast["facilitator"]).get(url)

    assert response.status_code == 200
    assert "CANARY-RESTRICTED-NOTE" in response.text


def test_organizer_filters_audit_log_by_action(world, client_for):
    for _ in range(2):
        audit_record(
            action=AuditEvent.Action.EXPORT, actor=world.cast["organizer"], dialogue=world.dialogue
        )
    audit_record(
        action=AuditEvent.Action.MEMBER_ADDED,
        actor=world.cast["organizer"],
        dialogue=world.dialogue,
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=world.cast["other_member"],
        dialogue=world.cast.other_dialogue,
    )
    url = reverse("dialogues:audit-list", kwargs={"dialogue_id": world.dialogue.pk})

    response = client_for(world.cast["organizer"]).get(url, {"action": "export"})

    assert [e.action for e in response.context["page"]] == ["export", "export"]
    assert "Member added" not in response.text.split("<tbody>")[1]
