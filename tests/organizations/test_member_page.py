"""The member page invites instead of adding (issue 12): the same answer for any address,
the dialogue's invitations listed below the members, re-sent and revoked from there."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AccountInvitationFactory, UserFactory
from tests.organizations.conftest import token_from_mail
from trackii.organizations import services
from trackii.organizations.models import AccountInvitation
from trackii.outbox.models import OutboxMessage
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role


def members_url(cast, **query):
    url = reverse("dialogues:member-list", kwargs={"dialogue_id": cast.dialogue.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def action_url(cast, action, invitation):
    return reverse(
        f"dialogues:member-invitation-{action}",
        kwargs={"dialogue_id": cast.dialogue.pk, "invitation_id": invitation.pk},
    )


def _invite(client, cast, email, captured):
    with captured(execute=True), CaptureQueriesContext(connection) as queries:
        response = client.post(members_url(cast), {"email": email, "role": "facilitator"})
    page = client.get(response["Location"])
    return response, page, queries


def _shapes(queries) -> list[str]:
    """The queries with their values (addresses, hashes, ids, times) left out."""
    return [re.sub(r"\d+", "?", re.sub(r"'[^']*'", "?", q["sql"])) for q in queries]


def test_inviting_an_address_with_or_without_an_account_answers_and_works_the_same(
    cast, client_for, django_capture_on_commit_callbacks
):
    UserFactory(email="has-account@example.org")
    client = client_for(cast["organizer"])
    # Warm up what is cached per process, so both requests start alike.
    _invite(client, cast, "warm-up@example.org", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    OutboxMessage.objects.all().delete()

    known, known_page, known_queries = _invite(
        client, cast, "has-account@example.org", django_capture_on_commit_callbacks
    )
    unknown, unknown_page, unknown_queries = _invite(
        client, cast, "no-account@example.org", django_capture_on_commit_callbacks
    )

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == members_url(cast)
    message = "An invitation was sent to {}. They become a member when they accept it."
    assert message.format("has-account@example.org") in known_page.text
    assert message.format("no-account@example.org") in unknown_page.text

    assert known.content == unknown.content
    assert known_page.status_code == unknown_page.status_code == 200
    assert len(known_queries) == len(unknown_queries)
    assert _shapes(known_queries) == _shapes(unknown_queries)
    assert (
        list(OutboxMessage.objects.values_list("task_name", flat=True))
        == ["trackii.organizations.tasks.account_invitation_send"] * 2
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "has-account@example.org",
        "no-account@example.org",
    ]
    assert not Membership.objects.filter(
        user__email__in=["has-account@example.org", "no-account@example.org"]
    ).exists()


def test_invite_form_preselects_the_least_powerful_role(cast, client_for):
    response = client_for(cast["organizer"]).get(members_url(cast))

    assert "Invite a member" in response.text
    assert "Add a member" not in response.text
    [invite_select] = re.findall(
        r'<select name="role" id="id_role".*?</select>', response.text, re.S
    )
    assert re.findall(r'<option value="(\w+)" selected>', invite_select) == ["observer"]


def test_invalid_address_keeps_what_was_typed(cast, client_for):
    response = client_for(cast["organizer"]).post(
        members_url(cast), {"email": "not an address", "role": "observer"}
    )

    assert response.status_code == 422
    assert 'value="not an address"' in response.text
    assert not AccountInvitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("facilitator", 403), ("observer", 403), ("other_member", 404), ("outsider", 404)],
)
def test_only_organizers_invite_into_the_dialogue(cast, client_for, who, status):
    response = client_for(cast[who]).post(
        members_url(cast), {"email": "new@example.org", "role": "organizer"}
    )

    assert response.status_code == status
    assert not AccountInvitation.objects.exists()


def _invitation(cast, email, **fields):
    return AccountInvitationFactory(
        org=cast.organization,
        dialogue=cast.dialogue,
        email=email,
        dialogue_role=Role.FACILITATOR,
        **fields,
    )


def test_invitations_are_listed_with_their_state_and_the_actions_that_apply(cast, client_for):
    now = timezone.now()
    _invitation(cast, "pending@example.org", sent_at=now)
    _invitation(cast, "accepted@example.org", accepted_at=now, accepted_by=cast["observer"])
    _invitation(cast, "revoked@example.org", revoked_at=now)
    _invitation(cast, "expired@example.org", expires_at=now - dt.timedelta(days=1))

    response = client_for(cast["organizer"]).get(members_url(cast))

    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td>[^<]*</td>\s*<td>\s*(\w+)', response.text
    )
    assert sorted(rows) == [
        ("accepted@example.org", "Accepted"),
        ("expired@example.org", "Expired"),
        ("pending@example.org", "Pending"),
        ("revoked@example.org", "Revoked"),
    ]
    resend = re.findall(r'aria-label="Send a new link to ([^"]+)"', response.text)
    revoke = re.findall(r'aria-label="Revoke the invitation of ([^"]+)"', response.text)
    assert sorted(resend) == sorted(revoke) == ["expired@example.org", "pending@example.org"]
    assert "stops working at once, and they do not become a member" in response.text


def test_resend_from_the_page_kills_the_old_link(cast, client_for, invite):
    invitation, old_token = invite("new@example.org")
    client = client_for(cast["organizer"])

    response = client.post(action_url(cast, "resend", invitation), follow=True)

    assert "A new link is on its way. The previous link no longer works." in response.text
    assert services.account_invitation_for_token(old_token) is None


def test_resend_from_the_page_sends_a_working_link(
    cast, client_for, invite, django_capture_on_commit_callbacks
):
    invitation, _old = invite("new@example.org")
    client = client_for(cast["organizer"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(cast, "resend", invitation))

    assert services.account_invitation_for_token(token_from_mail(mail.outbox[-1])) == invitation


def test_revoke_from_the_page_kills_the_link(cast, client_for, invite):
    invitation, token = invite("new@example.org")

    response = client_for(cast["organizer"]).post(
        action_url(cast, "revoke", invitation), follow=True
    )

    assert "Invitation revoked. Its link no longer works." in response.text
    assert services.account_invitation_for_token(token) is None


def test_revoking_an_accepted_invitation_says_so(cast, client_for):
    invitation = _invitation(
        cast, "new@example.org", accepted_at=timezone.now(), accepted_by=cast["observer"]
    )

    response = client_for(cast["organizer"]).post(
        action_url(cast, "revoke", invitation), follow=True
    )

    assert "accepted already" in response.text
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_another_dialogues_invitation_is_not_found_through_this_one(cast, client_for):
    other = AccountInvitationFactory(
        org=cast.other_organization,
        dialogue=cast.other_dialogue,
        email="x@example.org",
        dialogue_role=Role.OBSERVER,
    )

    response = client_for(cast["organizer"]).post(action_url(cast, "revoke", other))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_invitations_come_50_to_a_page(cast, client_for):
    for i in range(55):
        _invitation(cast, f"i{i:03}@example.org")
    client = client_for(cast["organizer"])

    first = client.get(members_url(cast))
    second = client.get(members_url(cast, invitations=2))

    assert len(first.context["invitation_page"]) == 50
    assert 'href="?invitations=2" rel="next"' in first.text
    assert len(second.context["invitation_page"]) == 5
    assert [i.email for i in second.context["invitation_page"]] == [
        f"i{i:03}@example.org" for i in range(4, -1, -1)
    ]


@pytest.mark.parametrize("size", [3, 60])
def test_member_page_query_count_does_not_grow_with_invitations(
    cast, client_for, django_assert_num_queries, size
):
    for i in range(size):
        _invitation(cast, f"i{i:03}@example.org", sent_at=timezone.now())
    client = client_for(cast["organizer"])

    # user, membership; members: count and page; invitations: count and page
    with django_assert_num_queries(6):
        response = client.get(members_url(cast))

    assert response.status_code == 200
