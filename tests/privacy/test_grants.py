"""Restricted items are granted and revoked one member at a time, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from facilitation.models import Note
from trackii.privacy import services
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent


def access_url(world, note):
    return reverse(
        "facilitation:note-access", kwargs={"dialogue_id": world.dialogue.pk, "note_id": note.pk}
    )


def test_author_grants_restricted_note_and_grantee_reads_it(world, client_for):
    note = world.notes[Level.RESTRICTED]

    client_for(world.cast["facilitator"]).post(
        access_url(world, note), {"user": world.cast["observer"].pk}
    )

    assert Note.objects.visible_to(world.cast["observer"]).filter(pk=note.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRANT_ADDED)
    assert (event.actor, event.object_id, event.detail) == (
        world.cast["facilitator"],
        str(note.pk),
        {"user_id": world.cast["observer"].pk},
    )


def test_revoking_a_grant_hides_the_note_again_and_is_audited(world, client_for):
    note = world.notes[Level.RESTRICTED]
    services.restricted_grant(
        actor=world.cast["facilitator"], obj=note, user=world.cast["observer"]
    )

    client_for(world.cast["facilitator"]).post(
        access_url(world, note), {"user": world.cast["observer"].pk, "revoke": "1"}
    )

    assert not Note.objects.visible_to(world.cast["observer"]).filter(pk=note.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.GRANT_REVOKED).count() == 1


def test_granted_organizer_may_grant_further(world):
    note = world.notes[Level.RESTRICTED]
    services.restricted_grant(
        actor=world.cast["facilitator"], obj=note, user=world.cast["organizer"]
    )

    services.restricted_grant(
        actor=world.cast["organizer"], obj=note, user=world.cast["participant"]
    )

    assert Note.objects.visible_to(world.cast["participant"]).filter(pk=note.pk).exists()


def test_organizer_who_cannot_read_the_note_cannot_grant_it(world):
    with pytest.raises(PermissionDenied):
        services.restricted_grant(
            actor=world.cast["organizer"],
            obj=world.notes[Level.RESTRICTED],
            user=world.cast["organizer"],
        )


def test_restricted_note_cannot_be_granted_to_a_funder(world, client_for):
    note = world.notes[Level.RESTRICTED]

    with pytest.raises(ValidationError):
        services.restricted_grant(
            actor=world.cast["facilitator"], obj=note, user=world.cast["funder"]
        )

    assert not Note.objects.visible_to(world.cast["funder"]).filter(pk=note.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.GRANT_ADDED).exists()


def test_restricted_note_cannot_be_granted_to_a_non_member(world):
    with pytest.raises(ValidationError):
        services.restricted_grant(
            actor=world.cast["facilitator"],
            obj=world.notes[Level.RESTRICTED],
            user=world.cast["outsider"],
        )


def test_removing_a_member_drops_their_grants(world):
    note = world.notes[Level.RESTRICTED]
    services.restricted_grant(
        actor=world.cast["facilitator"], obj=note, user=world.cast["observer"]
    )
    membership = world.cast["observer"].memberships.get()

    services.membership_remove(actor=world.cast["organizer"], membership=membership)
    membership.pk = None
    membership.save()  # re-admitted later: the old grant must not come back

    assert not Note.objects.visible_to(world.cast["observer"]).filter(pk=note.pk).exists()
