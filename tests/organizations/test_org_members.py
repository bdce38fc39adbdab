"""An organization's administrators manage its members: roles, removal, deactivating an
account. Each change asks first where it cannot be undone, and is audited."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AccountInvitationFactory, OrganizationMembershipFactory, UserFactory
from trackii.accounts.testing import verify_session
from trackii.lib.tokens import hash_token
from trackii.organizations.models import AccountInvitation, OrganizationMembership, OrgRole
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent


def member_of(cast, who):
    return OrganizationMembership.objects.get(org=cast.organization, user=cast[who])


def url(name, membership):
    return reverse(
        f"organizations:{name}",
        kwargs={"org_id": membership.org_id, "membership_id": membership.pk},
    )


def org_events(cast, action):
    return [
        (e.actor, e.detail)
        for e in AuditEvent.objects.filter(organization=cast.organization, action=action)
    ]


def test_org_page_lists_its_members_only(cast, client_for):
    response = client_for(cast["organizer"]).get(
        reverse("organizations:detail", args=[cast.organization.pk])
    )

    assert [m.user for m in response.context["page"]] == [cast["facilitator"], cast["organizer"]]
    assert "other@example.org" not in response.text


def test_org_member_role_change_by_admin_is_saved_and_audited(cast, client_for):
    membership = member_of(cast, "facilitator")

    response = client_for(cast["organizer"]).post(
        url("member-role", membership), {"role": "creator"}
    )

    membership.refresh_from_db()
    assert (response.status_code, membership.role) == (302, OrgRole.CREATOR)
    assert org_events(cast, "org_member_role_changed") == [
        (cast["organizer"], {"user_id": cast["facilitator"].pk, "from": "member", "to": "creator"})
    ]


def test_org_member_role_change_of_the_last_admin_is_refused(cast, client_for):
    membership = member_of(cast, "organizer")

    client_for(cast["organizer"]).post(url("member-role", membership), {"role": "member"})

    membership.refresh_from_db()
    assert membership.role == OrgRole.ADMIN


def test_org_member_remove_without_confirmation_answers_422_and_keeps_them(cast, client_for):
    membership = member_of(cast, "facilitator")

    response = client_for(cast["organizer"]).post(url("member-remove", membership), {})

    assert response.status_code == 422
    assert "Tick the box to confirm, or go back." in response.text
    assert OrganizationMembership.objects.filter(pk=membership.pk).exists()


def test_org_member_remove_with_confirmation_removes_and_audits(cast, client_for):
    membership = member_of(cast, "facilitator")

    response = client_for(cast["organizer"]).post(
        url("member-remove", membership), {"remove-confirm": "on"}
    )

    assert response.status_code == 302
    assert not OrganizationMembership.objects.filter(pk=membership.pk).exists()
    assert org_events(cast, "org_member_removed") == [
        (cast["organizer"], {"user_id": cast["facilitator"].pk, "role": "member"})
    ]
    # Their role in the dialogue is separate, as the page says.
    assert cast["facilitator"].memberships.filter(dialogue=cast.dialogue).exists()


def test_account_deactivate_ends_its_sessions_and_is_audited(cast, client_for):
    facilitator = Client()
    facilitator.force_login(cast["facilitator"])
    verify_session(facilitator, cast["facilitator"])
    membership = member_of(cast, "facilitator")

    response = client_for(cast["organizer"]).post(
        url("member-deactivate", membership), {"deactivate-confirm": "on"}
    )

    cast["facilitator"].refresh_from_db()
    assert (response.status_code, cast["facilitator"].is_active) == (302, False)
    after = facilitator.get(reverse("dialogues:detail", args=[cast.dialogue.pk]))
    assert after.status_code == 302
    assert after.url.startswith(reverse("accounts:login"))
    event = AuditEvent.objects.get(action="user_disabled")
    assert (event.actor, event.organization, event.object_id) == (
        cast["organizer"],
        cast.organization,
        str(cast["facilitator"].pk),
    )


def test_account_deactivate_without_confirmation_changes_nothing(cast, client_for):
    response = client_for(cast["organizer"]).post(
        url("member-deactivate", member_of(cast, "facilitator")), {}
    )

    cast["facilitator"].refresh_from_db()
    assert (response.status_code, cast["facilitator"].is_active) == (422, True)


def test_account_deactivate_of_an_account_of_another_organization_too_is_refused(cast, client_for):
    OrganizationMembershipFactory(org=cast.other_organization, user=cast["facilitator"])

    client_for(cast["organizer"]).post(
        url("member-deactivate", member_of(cast, "facilitator")), {"deactivate-confirm": "on"}
    )

    cast["facilitator"].refresh_from_db()
    assert cast["facilitator"].is_active is True


def test_account_deactivate_of_ones_own_account_is_refused(cast, client_for):
    OrganizationMembershipFactory(org=cast.organization, user=UserFactory(), role=OrgRole.ADMIN)

    client_for(cast["organizer"]).post(
        url("member-deactivate", member_of(cast, "organizer")), {"deactivate-confirm": "on"}
    )

    cast["organizer"].refresh_from_db()
    assert cast["organizer"].is_active is True


def test_member_page_shows_the_members_sign_ins_to_the_admin(cast, client_for):
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, obj=cast["facilitator"], ip="203.0.113.44")

    response = client_for(cast["organizer"]).get(url("member", member_of(cast, "facilitator")))

    assert [(e.action, e.ip_address) for e in response.context["sign_ins"]] == [
        ("login_failed", "203.0.113.44")
    ]


@pytest.mark.parametrize(("who", "status"), [("facilitator", 403), ("other_member", 404)])
def test_member_page_of_someone_else_is_refused(cast, client_for, who, status):
    response = client_for(cast[who]).get(url("member", member_of(cast, "organizer")))

    assert response.status_code == status


def invite_colleague(client, cast, email, role="member"):
    return client.post(
        reverse("organizations:detail", args=[cast.organization.pk]),
        {"email": email, "role": role},
    )


def test_invite_colleague_answers_the_same_with_or_without_an_account(cast, client_for):
    client = client_for(cast["organizer"])

    known = invite_colleague(client, cast, cast["participant"].email)
    unknown = invite_colleague(client, cast, "nobody-yet@example.org")

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert not OrganizationMembership.objects.filter(
        org=cast.organization, user=cast["participant"]
    ).exists()
    page = client.get(reverse("organizations:detail", args=[cast.organization.pk]))
    assert [(i.email, i.org_role) for i in page.context["invitation_page"]] == [
        ("nobody-yet@example.org", "member"),
        (cast["participant"].email, "member"),
    ]


def test_invite_colleague_offers_the_least_powerful_role_first(cast, client_for):
    page = client_for(cast["organizer"]).get(
        reverse("organizations:detail", args=[cast.organization.pk])
    )

    assert page.context["invite_form"]["role"].value() == OrgRole.MEMBER


def test_invite_colleague_by_a_member_who_is_no_admin_is_403(cast, client_for):
    response = invite_colleague(client_for(cast["facilitator"]), cast, "x@example.org")

    assert response.status_code == 403
    assert not AccountInvitation.objects.exists()


def test_colleague_accepting_with_an_account_joins_in_the_invited_role(cast, client_for):
    invite_colleague(client_for(cast["organizer"]), cast, cast["participant"].email, "creator")
    invitation = AccountInvitation.objects.get()
    token = "colleague-token"
    AccountInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(token))

    response = client_for(cast["participant"]).post(
        reverse("organizations:invitation-accept", args=[token]), {"action": "accept"}
    )

    assert response.status_code == 302
    assert (
        OrganizationMembership.objects.get(org=cast.organization, user=cast["participant"]).role
        == OrgRole.CREATOR
    )


def test_org_invitation_revoke_kills_it_and_is_audited(cast, client_for):
    invitation = AccountInvitationFactory(org=cast.organization)

    client_for(cast["organizer"]).post(
        reverse("organizations:invitation-revoke", args=[cast.organization.pk, invitation.pk])
    )

    invitation.refresh_from_db()
    assert invitation.state == AccountInvitation.State.REVOKED
    assert org_events(cast, "invitation_revoked")[0][0] == cast["organizer"]


def test_org_invitation_of_another_organization_is_404(cast, client_for):
    theirs = AccountInvitationFactory(org=cast.other_organization)

    response = client_for(cast["organizer"]).post(
        reverse("organizations:invitation-revoke", args=[cast.organization.pk, theirs.pk])
    )

    theirs.refresh_from_db()
    assert (response.status_code, theirs.revoked_at) == (404, None)
