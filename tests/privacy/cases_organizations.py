"""Privacy cases for an organization's own pages: administrators only.

JUNIPER's organizer administers its organization (200, and 302 after a POST); the
facilitator is a member without that role (403: they know it exists); participants,
funders, observers, users with no membership and the administrator of ANOTHER
organization (other_member) get 404: they may not learn it exists.

Canaries: the organization's name (its members see it on their home page), another
organization's name, and a failed sign-in of the facilitator's account, which its owner
and the organization's administrators may see (the attempt names the account, never the
address typed).
"""

from tests.factories import AccountInvitationFactory
from tests.privacy.url_cases import Case, everyone
from trackii.organizations.models import OrganizationMembership, OrgRole
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent

CANARIES = {
    # A colleague invited into JUNIPER's organization: its administrators see the address.
    "canary-colleague-invitee@example.org": {"organizer"},
    "CANARY-ORGANIZATION-NAME": {"organizer", "facilitator"},
    "CANARY-OTHER-ORGANIZATION-NAME": {"other_member"},
    "198.51.100.77": {"organizer", "facilitator"},
}


def plant(world):
    org = world.cast.organization
    org.name = "CANARY-ORGANIZATION-NAME"
    org.save()
    other = world.cast.other_organization
    other.name = "CANARY-OTHER-ORGANIZATION-NAME"
    other.save()
    world.objects["org_invitation"] = AccountInvitationFactory(
        org=org, email="canary-colleague-invitee@example.org", org_role=OrgRole.MEMBER
    )
    # What a failed login with the facilitator's address records (see test_sign_ins.py).
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED, obj=world.cast["facilitator"], ip="198.51.100.77"
    )


def org(w):
    return {"org_id": w.cast.organization.pk}


def facilitator_member(w):
    membership = OrganizationMembership.objects.get(
        org=w.cast.organization, user=w.cast["facilitator"]
    )
    return {"org_id": w.cast.organization.pk, "membership_id": membership.pk}


def org_invitation(w):
    return {"org_id": w.cast.organization.pk, "invitation_id": w.objects["org_invitation"].pk}


def admin_only(ok):
    return everyone(404, organizer=ok, facilitator=403)


CASES = [
    Case("organizations:detail", admin_only(200), kwargs=org),
    Case(
        "organizations:detail",
        admin_only(302),
        kwargs=org,
        method="post",
        data=lambda w: {"email": "new-colleague@example.org", "role": "member"},
        label="invite",
    ),
    Case(
        "organizations:invitation-resend",
        admin_only(302),
        kwargs=org_invitation,
        method="post",
    ),
    Case(
        "organizations:invitation-revoke",
        admin_only(302),
        kwargs=org_invitation,
        method="post",
    ),
    Case("organizations:member", admin_only(200), kwargs=facilitator_member),
    Case(
        "organizations:member-role",
        admin_only(302),
        kwargs=facilitator_member,
        method="post",
        data=lambda w: {"role": "creator"},
    ),
    Case(
        "organizations:member-remove",
        admin_only(302),
        kwargs=facilitator_member,
        method="post",
        data=lambda w: {"remove-confirm": "on"},
    ),
    Case(
        "organizations:member-deactivate",
        admin_only(302),
        kwargs=facilitator_member,
        method="post",
        data=lambda w: {"deactivate-confirm": "on"},
    ),
]
