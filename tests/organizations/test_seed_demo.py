"""The demo prints a working link of a pending invitation to an account (issue 12)."""

import io
import re

from django.core.management import call_command

from trackii.organizations.models import AccountInvitation


def test_seed_demo_prints_a_working_link_for_the_new_colleague(db, client):
    out = io.StringIO()

    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())

    [line] = [line for line in out.getvalue().splitlines() if "newcolleague@" in line]
    path = re.search(r"/join/[^/\s]+/", line).group(0)
    response = client.get(path)
    assert response.status_code == 200
    assert "Set your name and password" in response.text
    assert "JUNIPER" in response.text
    assert "newcolleague@demo.trackii.test" in response.text
    [invitation] = AccountInvitation.objects.all()
    assert invitation.state == AccountInvitation.State.PENDING
