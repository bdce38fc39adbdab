"""Invitations to an account (issue 12): inviting reveals nothing about accounts, nothing
changes until the invited person accepts, and the link is single use."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AccountInvitationFactory,
    DialogueFactory,
    OrganizationMembershipFactory,
    UserFactory,
)
from tests.organizations.conftest import token_from_mail
from trackii.lib.tokens import hash_token
from trackii.organizations import services
from trackii.organizations.models import AccountInvitation, OrganizationMembership, OrgRole
from trackii.outbox.models import OutboxMessage
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role

STRONG = "a long passphrase nobody guesses 7"


def _actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


# --- inviting ------------------------------------------------------------------------


def test_invitation_create_makes_no_membership_until_accepted(cast, invite):
    existing = UserFactory(email="colleague@example.org")

    invitation, _token = invite("Colleague@Example.org", "facilitator")

    assert invitation.email == "colleague@example.org"
    assert invitation.state == AccountInvitation.State.PENDING
    assert invitation.org_role == OrgRole.MEMBER
    assert not Membership.objects.filter(user=existing).exists()
    assert not OrganizationMembership.objects.filter(user=existing).exists()


def test_invitation_email_names_code_name_role_inviter_link_and_expiry_not_the_title(cast, invite):
    cast.dialogue.title = "CANARY-REAL-TITLE"
    cast.dialogue.save()

    invitation, token = invite("new@example.org", "facilitator")

    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "JUNIPER" in message.subject
    assert "JUNIPER" in message.body
    assert "Facilitator" in message.body
    assert "The organizer" in message.body  # who invited, by display name
    assert f"http://testserver/join/{token}/" in message.body
    assert invitation.expires_at.strftime("%Y") in message.body
    assert "CANARY-REAL-TITLE" not in message.subject + message.body
    assert cast.organization.name not in message.body
    assert invitation.token_hash == hash_token(token)
    assert invitation.sent_at is not None


def test_invitation_expires_after_the_configured_days(cast, invite, settings):
    settings.ACCOUNT_INVITATION_DAYS = 3

    invitation, _token = invite("new@example.org")

    left = invitation.expires_at - timezone.now()
    assert dt.timedelta(days=2, hours=23) < left <= dt.timedelta(days=3)


def _shapes(queries) -> list[str]:
    """The queries with their values (addresses, hashes, ids, times) left out."""
    return [re.sub(r"\d+", "?", re.sub(r"'[^']*'", "?", q["sql"])) for q in queries]


def _create(cast, email):
    return services.account_invitation_create(
        actor=cast["organizer"],
        org=cast.organization,
        dialogue=cast.dialogue,
        email=email,
        dialogue_role=Role.OBSERVER,
    )


def test_invitation_create_does_the_same_work_whether_or_not_an_account_uses_the_address(cast):
    UserFactory(email="has-account@example.org")
    # Warm up what is cached per process (content types, ...), so both runs start alike.
    _create(cast, "warm-up@example.org")

    with CaptureQueriesContext(connection) as with_account:
        _create(cast, "has-account@example.org")
    with CaptureQueriesContext(connection) as without_account:
        _create(cast, "no-account@example.org")

    assert len(with_account) == len(without_account)
    assert _shapes(with_account) == _shapes(without_account)
    tasks = list(OutboxMessage.objects.order_by("pk").values_list("task_name", flat=True))
    assert tasks == ["trackii.organizations.tasks.account_invitation_send"] * 3


def test_invitation_of_a_member_of_the_dialogue_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        _create(cast, "Participant@example.org")

    assert "already a member" in str(refused.value)
    assert not AccountInvitation.objects.exists()


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b@example.org"])
def test_invitation_of_an_invalid_address_is_refused(cast, email):
    with pytest.raises(ValidationError) as refused:
        _create(cast, email)

    assert refused.value.message_dict == {"email": ["Enter a valid e-mail address."]}


def test_invitation_with_an_unknown_role_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        services.account_invitation_create(
            actor=cast["organizer"],
            org=cast.organization,
            dialogue=cast.dialogue,
            email="new@example.org",
            dialogue_role="king",
        )

    assert list(refused.value.message_dict) == ["role"]


def test_new_invitation_replaces_the_live_one_of_the_same_address(cast, invite):
    first, first_token = invite("new@example.org", "observer")

    second, second_token = invite("NEW@example.org", "facilitator")

    first.refresh_from_db()
    assert first.state == AccountInvitation.State.REVOKED
    assert second.state == AccountInvitation.State.PENDING
    assert services.account_invitation_for_token(first_token) is None
    assert services.account_invitation_for_token(second_token) == second
    revoked = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_REVOKED)
    assert revoked.detail == {"invitation_id": first.pk, "replaced_by": second.pk}


@pytest.mark.parametrize(
    "who", ["facilitator", "participant", "funder", "observer", "other_member", "outsider"]
)
def test_only_organizers_of_the_dialogue_invite_into_it(cast, who):
    with pytest.raises(PermissionDenied):
        services.account_invitation_create(
            actor=cast[who],
            org=cast.organization,
            dialogue=cast.dialogue,
            email="new@example.org",
            dialogue_role=Role.OBSERVER,
        )

    assert not AccountInvitation.objects.exists()


def test_a_dialogue_is_invited_into_only_through_its_own_organization(cast):
    with pytest.raises(PermissionDenied):
        services.account_invitation_create(
            actor=cast["organizer"],
            org=cast.other_organization,
            dialogue=cast.dialogue,
            email="new@example.org",
            dialogue_role=Role.OBSERVER,
        )


@pytest.mark.parametrize("who", ["facilitator", "participant", "other_member", "outsider"])
def test_only_administrators_invite_into_the_organization(cast, who):
    with pytest.raises(PermissionDenied):
        services.account_invitation_create(
            actor=cast[who], org=cast.organization, email="new@example.org", org_role="member"
        )

    assert not AccountInvitation.objects.exists()


def test_administrator_invites_a_colleague_into_the_organization(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.account_invitation_create(
            actor=cast["organizer"],
            org=cast.organization,
            email="colleague@example.org",
            org_role=OrgRole.CREATOR,
        )

    assert (invitation.dialogue, invitation.dialogue_role, invitation.org_role) == (
        None,
        "",
        OrgRole.CREATOR,
    )
    [message] = mail.outbox
    assert cast.organization.name in message.body
    assert "Member who may create dialogues" in message.body


def test_invitation_sent_is_audited_without_the_address(cast):
    invitation = services.account_invitation_create(
        actor=cast["organizer"],
        org=cast.organization,
        dialogue=cast.dialogue,
        email="new@example.org",
        dialogue_role=Role.FACILITATOR,
        ip="10.0.0.7",
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_SENT)
    assert (event.actor, event.dialogue, event.organization, event.ip_address) == (
        cast["organizer"],
        cast.dialogue,
        cast.organization,
        "10.0.0.7",
    )
    assert event.detail == {
        "invitation_id": invitation.pk,
        "role": "facilitator",
        "org_role": "member",
    }
    assert "new@example.org" not in str(event.detail)


# --- resending and revoking ---------------------------------------------------------------


def test_resend_kills_the_old_link_and_sends_a_new_one_with_a_new_expiry(
    cast, invite, django_capture_on_commit_callbacks
):
    invitation, old_token = invite("new@example.org")
    invitation.expires_at = timezone.now() - dt.timedelta(days=1)  # even an expired one
    invitation.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.account_invitation_resend(actor=cast["organizer"], invitation=invitation)

    new_token = token_from_mail(mail.outbox[-1])
    assert new_token != old_token
    assert services.account_invitation_for_token(old_token) is None
    assert services.account_invitation_for_token(new_token).pk == invitation.pk
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)
    assert _actions().count(AuditEvent.Action.INVITATION_SENT) == 2


def test_resend_kills_the_old_link_even_before_the_new_email_goes_out(cast, invite):
    invitation, old_token = invite("new@example.org")

    services.account_invitation_resend(actor=cast["organizer"], invitation=invitation)

    assert services.account_invitation_for_token(old_token) is None


def test_revoke_kills_the_link_and_is_audited(cast, invite):
    invitation, token = invite("new@example.org")

    services.account_invitation_revoke(
        actor=cast["organizer"], invitation=invitation, ip="10.0.0.9"
    )

    assert services.account_invitation_for_token(token) is None
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_REVOKED)
    assert (event.actor, event.dialogue, event.ip_address, event.detail) == (
        cast["organizer"],
        cast.dialogue,
        "10.0.0.9",
        {"invitation_id": invitation.pk},
    )


def test_a_revoked_invitation_is_not_sent_again(cast, invite):
    invitation, _token = invite("new@example.org")
    services.account_invitation_revoke(actor=cast["organizer"], invitation=invitation)

    with pytest.raises(ValidationError):
        services.account_invitation_resend(actor=cast["organizer"], invitation=invitation)

    assert services.account_invitation_deliver(invitation_id=invitation.pk) == "not-live"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["facilitator", "observer", "other_member", "outsider"])
def test_only_organizers_resend_or_revoke(cast, invite, who):
    invitation, token = invite("new@example.org")

    with pytest.raises(PermissionDenied):
        services.account_invitation_resend(actor=cast[who], invitation=invitation)
    with pytest.raises(PermissionDenied):
        services.account_invitation_revoke(actor=cast[who], invitation=invitation)

    assert services.account_invitation_for_token(token) == invitation


# --- accepting -------------------------------------------------------------------------


def test_new_person_creates_account_and_becomes_facilitator_and_member_of_the_org(cast, invite):
    invitation, _token = invite("new@example.org", "facilitator")

    user = services.account_create_from_invitation(
        invitation=invitation, display_name=" Lena Berg ", password=STRONG, ip="10.0.0.8"
    )

    assert (user.email, user.display_name) == ("new@example.org", "Lena Berg")
    assert user.check_password(STRONG)
    assert Membership.objects.get(user=user).role == Role.FACILITATOR
    assert OrganizationMembership.objects.get(user=user).role == OrgRole.MEMBER
    invitation.refresh_from_db()
    assert (invitation.state, invitation.accepted_by) == (AccountInvitation.State.ACCEPTED, user)
    assert _actions() == [
        AuditEvent.Action.INVITATION_SENT,
        AuditEvent.Action.MEMBER_ADDED,
        AuditEvent.Action.ORG_MEMBER_ADDED,
        AuditEvent.Action.INVITATION_ACCEPTED,
    ]
    added = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_ADDED)
    assert (added.actor, added.dialogue, added.detail) == (
        user,
        cast.dialogue,
        {"user_id": user.pk, "role": "facilitator", "invitation_id": invitation.pk},
    )
    org_added = AuditEvent.objects.get(action=AuditEvent.Action.ORG_MEMBER_ADDED)
    assert (org_added.organization, org_added.detail) == (
        cast.organization,
        {"user_id": user.pk, "role": "member", "invitation_id": invitation.pk},
    )
    accepted = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_ACCEPTED)
    assert (accepted.actor, accepted.ip_address, accepted.detail) == (
        user,
        "10.0.0.8",
        {"invitation_id": invitation.pk, "user_id": user.pk},
    )


def test_observer_joins_the_dialogue_but_not_the_organization(cast, invite):
    invitation, _token = invite("new@example.org", "observer")

    user = services.account_create_from_invitation(
        invitation=invitation, display_name="Observer", password=STRONG
    )

    assert Membership.objects.get(user=user).role == Role.OBSERVER
    assert not OrganizationMembership.objects.filter(user=user).exists()


def test_weak_password_is_refused_and_no_account_is_made(cast, invite):
    invitation, _token = invite("new@example.org")

    with pytest.raises(ValidationError) as refused:
        services.account_create_from_invitation(
            invitation=invitation, display_name="Lena", password="short"
        )

    assert list(refused.value.message_dict) == ["password"]
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.state == AccountInvitation.State.PENDING


def test_account_is_not_made_for_an_address_that_has_one_says_log_in(cast, invite):
    invitation, _token = invite("new@example.org")
    UserFactory(email="new@example.org")

    with pytest.raises(ValidationError) as refused:
        services.account_create_from_invitation(
            invitation=invitation, display_name="Lena", password=STRONG
        )

    assert "Log in" in str(refused.value)
    assert not Membership.objects.filter(user__email="new@example.org").exists()


def test_existing_account_accepts_and_gets_the_role(cast, invite):
    user = UserFactory(email="new@example.org")
    invitation, _token = invite("NEW@example.org", "participant")

    services.account_invitation_accept(invitation=invitation, user=user)

    assert Membership.objects.get(user=user).role == Role.PARTICIPANT
    assert not OrganizationMembership.objects.filter(user=user).exists()


def test_existing_member_keeps_their_role_and_the_invitation_is_used(cast):
    invitation = AccountInvitationFactory(
        org=cast.organization,
        dialogue=cast.dialogue,
        email="observer@example.org",
        dialogue_role=Role.ORGANIZER,
        org_role=OrgRole.MEMBER,
    )

    services.account_invitation_accept(invitation=invitation, user=cast["observer"])

    assert cast["observer"].memberships.get().role == Role.OBSERVER
    assert not OrganizationMembership.objects.filter(user=cast["observer"]).exists()
    invitation.refresh_from_db()
    assert invitation.state == AccountInvitation.State.ACCEPTED
    assert AuditEvent.Action.MEMBER_ADDED not in _actions()


def test_existing_org_member_keeps_their_org_role(cast):
    invitation = AccountInvitationFactory(
        org=cast.organization,
        dialogue=DialogueFactory(organization=cast.organization),
        email="facilitator@example.org",
        dialogue_role=Role.ORGANIZER,
        org_role=OrgRole.MEMBER,
    )
    OrganizationMembership.objects.filter(user=cast["facilitator"]).update(role=OrgRole.CREATOR)

    services.account_invitation_accept(invitation=invitation, user=cast["facilitator"])

    assert OrganizationMembership.objects.get(user=cast["facilitator"]).role == OrgRole.CREATOR
    assert AuditEvent.Action.ORG_MEMBER_ADDED not in _actions()


def test_organization_invitation_gives_the_org_role_and_no_dialogue(cast):
    user = UserFactory(email="colleague@example.org")
    invitation = AccountInvitationFactory(
        org=cast.organization, email="colleague@example.org", org_role=OrgRole.ADMIN
    )

    services.account_invitation_accept(invitation=invitation, user=user)

    assert OrganizationMembership.objects.get(user=user).role == OrgRole.ADMIN
    assert not Membership.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ORG_MEMBER_ADDED)
    assert (event.organization, event.dialogue) == (cast.organization, None)


def test_another_account_cannot_accept_and_nothing_changes(cast, invite):
    invitation, token = invite("new@example.org", "organizer")

    with pytest.raises(PermissionDenied):
        services.account_invitation_accept(invitation=invitation, user=cast["outsider"])

    assert not cast["outsider"].memberships.exists()
    assert services.account_invitation_for_token(token) == invitation
    assert AuditEvent.Action.INVITATION_ACCEPTED not in _actions()


def test_invitation_is_single_use(cast, invite):
    user = UserFactory(email="new@example.org")
    invitation, token = invite("new@example.org", "observer")
    services.account_invitation_accept(invitation=invitation, user=user)
    Membership.objects.filter(user=user).delete()

    with pytest.raises(PermissionDenied):
        services.account_invitation_accept(invitation=invitation, user=user)

    assert services.account_invitation_for_token(token) is None
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_dead_invitation_cannot_be_accepted(cast, state):
    user = UserFactory(email="new@example.org")
    invitation = AccountInvitationFactory(
        org=cast.organization,
        dialogue=cast.dialogue,
        email="new@example.org",
        dialogue_role=Role.OBSERVER,
    )
    if state == "expired":
        invitation.expires_at = timezone.now() - dt.timedelta(seconds=1)
    else:
        invitation.revoked_at = timezone.now()
    invitation.save()

    with pytest.raises(PermissionDenied):
        services.account_invitation_accept(invitation=invitation, user=user)

    assert not Membership.objects.filter(user=user).exists()


def test_an_accepted_invitation_is_not_revoked(cast, invite):
    user = UserFactory(email="new@example.org")
    invitation, _token = invite("new@example.org", "observer")
    services.account_invitation_accept(invitation=invitation, user=user)

    with pytest.raises(ValidationError):
        services.account_invitation_revoke(actor=cast["organizer"], invitation=invitation)


def test_org_membership_of_the_other_organization_is_untouched(cast):
    other_org_member = OrganizationMembershipFactory(
        org=cast.other_organization, user=UserFactory(email="new@example.org")
    )
    invitation = AccountInvitationFactory(
        org=cast.organization,
        dialogue=cast.dialogue,
        email="new@example.org",
        dialogue_role=Role.FACILITATOR,
        org_role=OrgRole.MEMBER,
    )

    services.account_invitation_accept(invitation=invitation, user=other_org_member.user)

    assert set(
        OrganizationMembership.objects.filter(user=other_org_member.user).values_list(
            "org_id", flat=True
        )
    ) == {cast.organization.pk, cast.other_organization.pk}
    assert Membership.objects.get(user=other_org_member.user).role == Role.FACILITATOR
