"""One pipeline (issue 16): what accepting, declining, withdrawing consent and being taken out
of the round change for the participant, the round, the organizers and the private link."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.models import Invitation, Participant, RoundParticipation
from participants.selectors import round_balance
from participants.services import pipeline
from participants.services.participants import participant_change_state, round_participation_set
from tests.factories import InvitationFactory, RoundFactory, RoundParticipationFactory
from trackii.privacy.models import AuditEvent
from trackii.workflows.todo import dialogue_todo

#: "Today" for these tests: after the fixture's round would have been planned, before it.
TODAY = dt.date(2027, 1, 15)
NO_ONE_NORTH = "No confirmed participant from Northern Council."


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Which rounds have begun is decided against a fixed day, not the wall clock."""
    monkeypatch.setattr(
        pipeline, "timezone", SimpleNamespace(now=timezone.now, localdate=lambda: TODAY)
    )


def url(token):
    return reverse("invitation:respond", kwargs={"token": token})


def wrong(token):
    return ("y" if token[0] == "x" else "x") + token[1:]


def answer(client, link, response):
    return client.post(url(link), {"form": "answer", "response": response})


def state_of(participant):
    return Participant.objects.values_list("state", flat=True).get(pk=participant.pk)


def seated(participant):
    return set(
        RoundParticipation.objects.filter(participant=participant).values_list(
            "round__title", flat=True
        )
    )


def withdraw(client, link, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url(link), {"form": "consent", "decision": "withdraw"})


@pytest.fixture
def canaries(cast, invitee):
    """Confidential text where a careless e-mail would pick it up."""
    cast.dialogue.title = "CANARY-REAL-TITLE"
    cast.dialogue.save(update_fields=["title"])
    invitee.person.name = "CANARY-PERSON-NAME"
    invitee.person.save(update_fields=["name"])


# --- invite ----------------------------------------------------------------------


def invite(client, cast, round_, participant, **extra):
    url = reverse("participants:invitation-create", kwargs={"dialogue_id": cast.dialogue.pk})
    data = {"round": round_.pk, "participant": participant.pk, "valid_days": 21, **extra}
    return client.post(url, data)


def test_inviting_an_unvetted_participant_without_a_reason_asks_for_one(
    client_for, cast, round_, invitee
):
    Participant.objects.filter(pk=invitee.pk).update(state="proposed")

    response = invite(client_for(cast["organizer"]), cast, round_, invitee, show_venue="on")

    form = response.context["form"]
    assert response.status_code == 422
    assert form.errors["unvetted_reason"] == [
        "This participant is Proposed, not vetted. Say why you invite them now, or vet them first."
    ]
    assert form["show_venue"].value() is True
    assert Invitation.objects.count() == 0


def test_inviting_an_unvetted_participant_with_a_reason_keeps_it_and_audits_it(
    client_for, cast, round_, invitee, django_capture_on_commit_callbacks
):
    Participant.objects.filter(pk=invitee.pk).update(state="proposed")
    reason = "Vouched for by the co-convener; vetting call on Monday."

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client_for(cast["organizer"]), cast, round_, invitee, unvetted_reason=reason
        )

    invitation = Invitation.objects.get()
    event = AuditEvent.objects.get(action="participant_invited_unvetted")
    assert response.status_code == 302
    assert (invitation.unvetted_reason, state_of(invitee)) == (reason, "invited")
    assert (event.actor, event.object_id) == (cast["organizer"], str(invitation.pk))
    assert reason not in str(event.detail)


def test_inviting_a_vetted_participant_needs_no_reason_and_makes_them_invited(
    client_for, cast, round_, invitee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(cast["organizer"]), cast, round_, invitee)

    assert response.status_code == 302
    assert state_of(invitee) == "invited"
    assert not AuditEvent.objects.filter(action="participant_invited_unvetted").exists()


# --- accept ------------------------------------------------------------------------


def test_accepting_through_the_link_confirms_and_seats_the_participant(
    client, cast, round_, invitee, link
):
    before = round_balance(round_, viewer=cast["organizer"]).warnings

    answer(client, link, "accepted")

    assert before == [NO_ONE_NORTH]
    assert state_of(invitee) == "confirmed"
    assert seated(invitee) == {"Second round"}
    assert round_balance(round_, viewer=cast["organizer"]).warnings == []


def test_accepting_twice_seats_the_participant_once(client, invitee, link):
    answer(client, link, "accepted")
    answer(client, link, "accepted")

    assert RoundParticipation.objects.filter(participant=invitee).count() == 1


# --- decline -----------------------------------------------------------------------


def test_declining_after_accepting_takes_the_participant_out_of_the_round(
    client, cast, round_, invitee, link
):
    answer(client, link, "accepted")

    answer(client, link, "declined")

    assert state_of(invitee) == "declined"
    assert seated(invitee) == set()
    assert round_balance(round_, viewer=cast["organizer"]).warnings == [NO_ONE_NORTH]


def test_declined_participant_can_change_their_answer_through_the_same_link(client, invitee, link):
    answer(client, link, "declined")

    again = client.get(url(link))
    answer(client, link, "accepted")

    assert again.status_code == 200
    assert (state_of(invitee), seated(invitee)) == ("confirmed", {"Second round"})


def test_declining_one_round_keeps_a_participant_confirmed_for_another(client, cast, invitee, link):
    later = RoundFactory(
        dialogue=cast.dialogue, title="Third round", starts_on=TODAY, ends_on=TODAY
    )
    other = InvitationFactory(round=later, participant=invitee, response="accepted")
    RoundParticipationFactory(round=other.round, participant=invitee)

    answer(client, link, "declined")

    assert (state_of(invitee), seated(invitee)) == ("confirmed", {"Third round"})


def test_declining_with_another_invitation_unanswered_leaves_the_participant_invited(
    client, cast, invitee, link
):
    later = RoundFactory(dialogue=cast.dialogue, title="Third round")
    InvitationFactory(round=later, participant=invitee)

    answer(client, link, "declined")

    assert state_of(invitee) == "invited"


# --- withdraw consent ----------------------------------------------------------------


def test_withdrawing_consent_through_the_link_confirms_it_in_the_same_answer(
    client, link, django_capture_on_commit_callbacks
):
    response = withdraw(client, link, django_capture_on_commit_callbacks)

    body = response.content.decode()
    assert response.status_code == 200
    assert "You have withdrawn your consent" in body
    assert "Oslo" not in body


def test_withdrawing_consent_closes_the_file_and_frees_future_seats_only(
    client, cast, round_, invitee, link, django_capture_on_commit_callbacks
):
    held = RoundFactory(
        dialogue=cast.dialogue,
        title="First round",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 3),
    )
    RoundParticipationFactory(round=held, participant=invitee, attended=True)
    answer(client, link, "accepted")

    withdraw(client, link, django_capture_on_commit_callbacks)

    assert state_of(invitee) == "withdrawn"
    assert seated(invitee) == {"First round"}
    assert round_balance(round_, viewer=cast["organizer"]).warnings == [NO_ONE_NORTH]


def test_withdrawing_consent_kills_the_link_like_a_wrong_one(
    client, link, django_capture_on_commit_callbacks
):
    withdraw(client, link, django_capture_on_commit_callbacks)

    dead = client.get(url(link))
    post = client.post(url(link), {"form": "answer", "response": "accepted"})
    unknown = client.get(url(wrong(link)))

    assert (dead.status_code, dead.content) == (404, unknown.content)
    assert post.status_code == 404


def test_withdrawing_consent_puts_the_withdrawal_on_the_organizers_todo(
    client, cast, link, django_capture_on_commit_callbacks
):
    todo_before = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])
    before = [item.kind for item in todo_before.items]

    withdraw(client, link, django_capture_on_commit_callbacks)

    todo = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])
    assert "withdrawn" not in before
    assert [(i.kind, i.count) for i in todo.items if i.kind == "withdrawn"] == [("withdrawn", 1)]


def test_withdrawing_consent_shows_on_the_participant_page_and_the_round_list(
    client, cast, round_, invitee, link, client_for, django_capture_on_commit_callbacks
):
    withdraw(client, link, django_capture_on_commit_callbacks)

    organizer = client_for(cast["organizer"])
    args = [cast.dialogue.pk]
    page = organizer.get(reverse("participants:detail", args=[*args, invitee.pk])).text
    roster = organizer.get(reverse("participants:round-participants", args=[*args, round_.pk]))

    assert "They withdrew their consent on" in page
    assert "(withdrew: taken out of the rounds not yet begun)" in roster.text


def test_withdrawing_consent_emails_each_organizer_by_code_name_only(
    client, cast, canaries, invitee, link, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    cast["organizer"].language = "fr"
    cast["organizer"].save(update_fields=["language"])

    withdraw(client, link, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    text = message.subject + message.body
    assert message.to == ["organizer@example.org"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert "JUNIPER" in text
    assert f"/d/{cast.dialogue.pk}/participants/{invitee.pk}/" in message.body
    for secret in ("CANARY-PERSON-NAME", "CANARY-REAL-TITLE", "Northern Council", "Oslo"):
        assert secret not in text


def test_organizer_moving_a_participant_to_withdrawn_does_the_same(
    cast, round_, invitee, invitation, django_capture_on_commit_callbacks
):
    Participant.objects.filter(pk=invitee.pk).update(state="confirmed")
    invitee.refresh_from_db()
    RoundParticipationFactory(round=round_, participant=invitee)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        participant_change_state(actor=cast["organizer"], participant=invitee, state="withdrawn")

    assert (state_of(invitee), seated(invitee)) == ("withdrawn", set())
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    assert [m.to for m in mail.outbox] == [["organizer@example.org"]]


# --- remove ------------------------------------------------------------------------


def test_taking_an_accepted_participant_out_of_the_round_kills_their_link(
    client, cast, round_, invitee, link
):
    answer(client, link, "accepted")

    round_participation_set(actor=cast["organizer"], round=round_, entries={invitee: (False, None)})

    dead = client.get(url(link))
    unknown = client.get(url(wrong(link)))
    assert seated(invitee) == set()
    assert round_balance(round_, viewer=cast["organizer"]).warnings == [NO_ONE_NORTH]
    assert (dead.status_code, dead.content) == (404, unknown.content)


def test_organizer_closing_a_declined_file_kills_the_link(client, cast, invitee, link):
    answer(client, link, "declined")
    Participant.objects.filter(pk=invitee.pk).update(state="invited")
    invitee.refresh_from_db()

    participant_change_state(actor=cast["organizer"], participant=invitee, state="declined")

    dead = client.get(url(link))
    unknown = client.get(url(wrong(link)))
    assert (dead.status_code, dead.content) == (404, unknown.content)


# --- attendance --------------------------------------------------------------------


def test_accepted_participant_is_expected_until_an_organizer_corrects_attendance(
    client, cast, round_, invitee, link, client_for
):
    answer(client, link, "accepted")
    organizer = client_for(cast["organizer"])
    page = reverse("participants:round-participants", args=[cast.dialogue.pk, round_.pk])

    before = organizer.get(page).context["form"][f"attended_{invitee.pk}"]
    organizer.post(
        page, {"shown": invitee.pk, f"in_{invitee.pk}": "on", f"attended_{invitee.pk}": "no"}
    )

    assert before.value() == ""
    assert 'value="" selected>Expected</option>' in str(before)
    assert RoundParticipation.objects.get(participant=invitee).attended is False
    assert state_of(invitee) == "confirmed"
