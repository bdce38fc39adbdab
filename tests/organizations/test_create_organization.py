"""The first administrator of a new instance: `manage.py create_organization`."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from trackii.organizations.models import AccountInvitation, Organization, OrgRole
from trackii.privacy.models import AuditEvent


def create(*args):
    out = StringIO()
    call_command("create_organization", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_create_organization_prints_a_link_that_makes_its_first_administrator(client):
    output = create("Peace Works", "Head@Example.org")

    link = re.search(r"https?://\S+/join/(\S+)/", output)
    org = Organization.objects.get()
    invitation = AccountInvitation.objects.get(org=org)
    assert org.name == "Peace Works"
    assert (invitation.email, invitation.org_role, invitation.dialogue) == (
        "head@example.org",
        OrgRole.ADMIN,
        None,
    )
    assert link is not None
    assert link.group(1) not in str(AuditEvent.objects.values_list("detail", flat=True))

    page = client.get(reverse("organizations:invitation-accept", args=[link.group(1)]))
    assert page.status_code == 200
    assert "Peace Works" in page.text


@pytest.mark.django_db
def test_create_organization_with_a_bad_address_says_so_and_creates_nothing():
    with pytest.raises(CommandError):
        create("Peace Works", "not an address")

    assert Organization.objects.count() == 0
