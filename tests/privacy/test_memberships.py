"""Organizers manage memberships in the browser; every change is audited; the last
organizer stays."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from trackii.organizations import services as organizations
from trackii.organizations.models import AccountInvitation
from trackii.privacy import services
from trackii.privacy.models import AuditEvent, Membership


def members_url(cast):
    return reverse("dialogues:member-list", kwargs={"dialogue_id": cast.dialogue.pk})


def test_organizer_invites_by_email_and_the_person_sees_the_dialogue_once_they_accept(
    cast, client_for, django_capture_on_commit_callbacks
):
    newcomer = UserFactory(email="newcomer@example.org")
    client = client_for(cast["organizer"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(cast), {"email": "NewComer@example.org", "role": "observer"}
        )

    assert response.status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    invitation = AccountInvitation.objects.get(dialogue=cast.dialogue)
    organizations.account_invitation_accept(invitation=invitation, user=newcomer)
    assert Membership.objects.get(user=newcomer, dialogue=cast.dialogue).role == "observer"
    home = client_for(newcomer).get(reverse("home"))
    assert "JUNIPER" in home.text


def test_inviting_an_unknown_email_answers_like_a_known_one(cast, client_for):
    client = client_for(cast["organizer"])

    response = client.post(
        members_url(cast), {"email": "nobody@example.org", "role": "observer"}, follow=True
    )

    assert response.status_code == 200
    assert "No active trackii account uses this address" not in response.text
    assert (
        "An invitation was sent to nobody@example.org. They become a member when they accept it."
        in response.text
    )
    assert not Membership.objects.filter(
        dialogue=cast.dialogue, user__email="nobody@example.org"
    ).exists()


def test_inviting_an_existing_member_is_refused_with_a_message(cast, client_for):
    client = client_for(cast["organizer"])

    response = client.post(
        members_url(cast), {"email": "participant@example.org", "role": "observer"}
    )

    assert response.status_code == 422
    assert "already a member" in response.text
    assert 'value="participant@example.org"' in response.text
    assert cast["participant"].memberships.get(dialogue=cast.dialogue).role == "participant"
    assert not AccountInvitation.objects.exists()


def test_member_add_for_internal_use_is_audited_without_the_email(cast):
    newcomer = UserFactory(email="newcomer@example.org")

    services.membership_add(
        actor=cast["organizer"],
        dialogue=cast.dialogue,
        email=newcomer.email,
        role="observer",
        ip="10.0.0.7",
    )

    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_ADDED)
    assert (event.actor, event.dialogue, event.ip_address) == (
        cast["organizer"],
        cast.dialogue,
        "10.0.0.7",
    )
    assert event.detail == {"user_id": newcomer.pk, "role": "observer"}


@pytest.mark.parametrize(
    "who", ["facilitator", "participant", "funder", "observer", "other_member"]
)
def test_only_organizers_may_add_members(who, cast):
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=cast[who], dialogue=cast.dialogue, email="outsider@example.org", role="organizer"
        )

    assert not cast["outsider"].memberships.exists()


def test_organizer_changes_role_and_it_is_audited(cast, client_for):
    membership = cast["observer"].memberships.get()
    url = reverse(
        "dialogues:member-role",
        kwargs={"dialogue_id": cast.dialogue.pk, "membership_id": membership.pk},
    )

    client_for(cast["organizer"]).post(url, {"role": "facilitator"})

    membership.refresh_from_db()
    assert membership.role == "facilitator"
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_ROLE_CHANGED)
    assert event.detail == {"user_id": cast["observer"].pk, "from": "observer", "to": "facilitator"}


def test_last_organizer_cannot_demote_themselves(cast, client_for):
    membership = cast["organizer"].memberships.get()
    url = reverse(
        "dialogues:member-role",
        kwargs={"dialogue_id": cast.dialogue.pk, "membership_id": membership.pk},
    )

    response = client_for(cast["organizer"]).post(url, {"role": "observer"}, follow=True)

    membership.refresh_from_db()
    assert membership.role == "organizer"
    assert "A dialogue needs at least one organizer" in response.text


def test_last_organizer_cannot_be_removed(cast):
    membership = cast["organizer"].memberships.get()

    with pytest.raises(ValidationError):
        services.membership_remove(actor=cast["organizer"], membership=membership)

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MEMBER_REMOVED).exists()


def test_an_organizer_can_leave_once_another_organizer_exists(cast):
    second = Membership.objects.create(dialogue=cast.dialogue, user=UserFactory(), role="organizer")
    membership = cast["organizer"].memberships.get()

    services.membership_remove(actor=second.user, membership=membership)

    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_removed_member_gets_404_and_the_dialogue_is_gone_from_their_home(cast, client_for):
    membership = cast["participant"].memberships.get()
    url = reverse(
        "dialogues:member-remove",
        kwargs={"dialogue_id": cast.dialogue.pk, "membership_id": membership.pk},
    )
    client_for(cast["organizer"]).post(url)

    client = client_for(cast["participant"])
    detail = client.get(reverse("dialogues:detail", kwargs={"dialogue_id": cast.dialogue.pk}))
    home = client.get(reverse("home"))

    assert detail.status_code == 404
    assert "JUNIPER" not in detail.text
    assert "JUNIPER" not in home.text
    event = AuditEvent.objects.get(action=AuditEvent.Action.MEMBER_REMOVED)
    assert event.detail == {"user_id": cast["participant"].pk, "role": "participant"}


def test_membership_of_another_dialogue_cannot_be_changed_through_this_one(cast, client_for):
    foreign = cast["other_member"].memberships.get()
    url = reverse(
        "dialogues:member-role",
        kwargs={"dialogue_id": cast.dialogue.pk, "membership_id": foreign.pk},
    )

    response = client_for(cast["organizer"]).post(url, {"role": "observer"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == "organizer"


def test_changing_a_role_and_removing_a_member_ask_first(client_for, cast):
    body = client_for(cast["organizer"]).get(members_url(cast)).content.decode()

    facilitator = cast["facilitator"]
    assert f'aria-label="Change the role of {facilitator}"' in body
    assert f"{facilitator} loses access to JUNIPER at once." in body
    assert f">Remove {facilitator} from the dialogue</button>" in body
    # Every form that changes a role or removes a member sits inside a confirmation.
    confirmations = "".join(re.findall(r'<details class="confirm.*?</details>', body, flags=re.S))
    for action in ("/role/", "/remove/"):
        forms = re.findall(rf'action="[^"]*{action}"', body)
        assert forms
        assert forms == re.findall(rf'action="[^"]*{action}"', confirmations)
