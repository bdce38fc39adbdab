"""Consent records are append-only in the database, not only in Python: a queryset
update() or delete() and raw SQL are refused by triggers (SQLite and PostgreSQL), while
the two legitimate paths still work: an invitation's deletion unlinks its consents
(ON DELETE SET NULL), and ``with consent_purge_allowed():`` deletes them."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from participants.models import ConsentRecord, Invitation
from participants.services.consent_guard import consent_purge_allowed
from tests.factories import ConsentRecordFactory, InvitationFactory, ParticipantFactory


@pytest.fixture
def record(db):
    invitation = InvitationFactory()
    return ConsentRecordFactory(participant=invitation.participant, invitation=invitation)


def test_queryset_update_of_a_consent_record_is_refused(record):
    with pytest.raises(DatabaseError), transaction.atomic():
        ConsentRecord.objects.filter(pk=record.pk).update(given=False)

    assert ConsentRecord.objects.get(pk=record.pk).given is True


def test_raw_update_of_a_consent_record_is_refused(record):
    table = ConsentRecord._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET agreement_digest = 'x' WHERE id = %s", [record.pk])  # noqa: S608 -- a model's table name

    assert ConsentRecord.objects.get(pk=record.pk).agreement_digest == "0" * 64


def test_queryset_delete_of_a_consent_record_is_refused(record):
    with pytest.raises(DatabaseError), transaction.atomic():
        ConsentRecord.objects.filter(pk=record.pk).delete()

    assert ConsentRecord.objects.filter(pk=record.pk).exists()


def test_deleting_a_participant_does_not_take_its_consents_along(record):
    with pytest.raises(DatabaseError), transaction.atomic():
        record.participant.delete()

    assert ConsentRecord.objects.filter(pk=record.pk).exists()


def test_deleting_the_invitation_unlinks_its_consent_and_keeps_it(record):
    Invitation.objects.filter(pk=record.invitation_id).delete()

    stored = ConsentRecord.objects.get(pk=record.pk)
    assert (stored.invitation_id, stored.given) == (None, True)


def test_consent_purge_allowed_deletes_and_then_refuses_again(record):
    other = ConsentRecordFactory(participant=record.participant)

    with consent_purge_allowed():
        ConsentRecord.objects.filter(pk=record.pk).delete()

    assert list(ConsentRecord.objects.values_list("pk", flat=True)) == [other.pk]
    with pytest.raises(DatabaseError), transaction.atomic():
        ConsentRecord.objects.filter(pk=other.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_consent_records_as_the_test_runner_does(cast):
    ConsentRecordFactory(participant=ParticipantFactory(side__dialogue=cast.dialogue))

    call_command("flush", interactive=False, verbosity=0)

    assert ConsentRecord.objects.count() == 0
