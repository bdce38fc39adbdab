"""Creating, sending, re-sending and revoking invitations: the token, the task, the e-mail."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participants import tasks
from participants.models import Invitation, hash_token
from participants.services.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from tests.factories import InvitationFactory, ParticipantFactory, PersonFactory
from tests.invitations.conftest import send_link, token_from_mail


def test_invitation_send_stores_only_the_hash_of_the_token(invitation):
    token = send_link(invitation)

    invitation.refresh_from_db()
    stored = list(Invitation.objects.values_list("token_hash", flat=True))
    assert stored == [hash_token(token)]
    assert token not in str(Invitation.objects.values().get(pk=invitation.pk))


def test_invitation_send_sets_sent_at(invitation):
    send_link(invitation)

    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_invitation_create_enqueues_the_task_only_after_commit_with_the_id_only(
    cast, round_, invitee, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.invitation_send, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            invitation = invitation_create(
                actor=cast["organizer"], round=round_, participant=invitee
            )
        enqueued_before_commit = delay.call_count
        for callback in callbacks:
            callback()

    assert enqueued_before_commit == 0
    assert delay.call_args_list == [mock.call(invitation.pk)]


def test_invitation_create_sends_the_email_once_committed(
    cast, round_, invitee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(actor=cast["organizer"], round=round_, participant=invitee)

    assert [m.to for m in mail.outbox] == [["amira@example.org"]]


def test_invitation_create_expires_in_21_days_by_default(cast, round_, invitee):
    invitation = invitation_create(actor=cast["organizer"], round=round_, participant=invitee)

    days = (invitation.expires_at - timezone.now()) / dt.timedelta(days=1)
    assert round(days) == 21


def test_invitation_create_by_facilitator_is_refused(cast, round_, invitee):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=cast["facilitator"], round=round_, participant=invitee)


def test_invitation_create_for_participant_of_another_dialogue_is_refused(cast, round_):
    stranger = ParticipantFactory(side__dialogue=cast.other_dialogue)

    with pytest.raises(ValidationError) as error:
        invitation_create(actor=cast["organizer"], round=round_, participant=stranger)

    assert error.value.message_dict == {"participant": ["Choose one of the listed participants."]}


def test_invitation_create_twice_for_the_same_round_is_refused(cast, round_, invitee):
    invitation_create(actor=cast["organizer"], round=round_, participant=invitee)

    with pytest.raises(ValidationError) as error:
        invitation_create(actor=cast["organizer"], round=round_, participant=invitee)

    assert "already has a live invitation" in error.value.message_dict["participant"][0]


def test_email_contains_the_link_and_the_code_name(invitation):
    token = send_link(invitation)

    message = mail.outbox[-1]
    assert f"http://testserver/i/{token}/" in message.body
    assert "JUNIPER" in message.subject
    assert "JUNIPER" in message.body


def test_email_names_no_one_and_not_the_real_title(cast, invitation, side):
    cast.dialogue.title = "Talks on the northern border"
    cast.dialogue.save()
    ParticipantFactory(side=side, person=PersonFactory(name="Yosef Levi"))
    InvitationFactory(round=invitation.round, participant__side=side)

    send_link(invitation)

    message = mail.outbox[-1]
    text = message.subject + message.body
    assert "Talks on the northern border" not in text
    assert "Yosef Levi" not in text
    assert "Amira Haddad" not in text


def test_email_without_show_venue_does_not_name_the_venue(invitation):
    send_link(invitation)

    text = mail.outbox[-1].body
    assert "Hotel Bellevue" not in text
    assert "Oslo" not in text


def test_email_with_show_venue_names_the_venue(invitation):
    invitation.show_venue = True
    invitation.save()

    send_link(invitation)

    assert "Venue: Hotel Bellevue, Oslo, Norway" in mail.outbox[-1].body


def test_invitation_send_to_person_without_email_sends_nothing_and_logs_no_address(
    invitation, caplog
):
    person = invitation.participant.person
    person.email = ""
    person.save()

    result = tasks.invitation_send(invitation.pk)

    invitation.refresh_from_db()
    assert (result, mail.outbox, invitation.token_hash) == ("no-email", [], None)
    assert caplog.messages == [f"invitation {invitation.pk}: not sent, the person has no e-mail"]


def test_invitation_send_of_revoked_invitation_sends_nothing(invitation):
    invitation.revoked_at = timezone.now()
    invitation.save()

    result = tasks.invitation_send(invitation.pk)

    assert (result, mail.outbox) == ("not-live", [])


def test_invitation_send_failing_smtp_keeps_the_previous_link(invitation):
    old = send_link(invitation)

    with (
        mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("down")
        ),
        pytest.raises(ConnectionRefusedError),
    ):
        tasks.invitation_send.run(invitation.pk)

    invitation.refresh_from_db()
    assert invitation.token_hash == hash_token(old)


def test_invitation_resend_replaces_the_token(cast, invitation, django_capture_on_commit_callbacks):
    old = send_link(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(actor=cast["organizer"], invitation=invitation)

    new = token_from_mail(mail.outbox[-1])
    invitation.refresh_from_db()
    assert new != old
    assert invitation.token_hash == hash_token(new)


def test_invitation_resend_of_revoked_invitation_is_refused(cast, invitation):
    invitation_revoke(actor=cast["organizer"], invitation=invitation)

    with pytest.raises(ValidationError):
        invitation_resend(actor=cast["organizer"], invitation=invitation)


def test_invitation_revoke_by_participant_is_refused(cast, invitation):
    with pytest.raises(PermissionDenied):
        invitation_revoke(actor=cast["participant"], invitation=invitation)
