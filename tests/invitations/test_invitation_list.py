"""The team's list of invitations, and the organizers' invite, revoke and re-send pages."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participants.models import ConsentRecord, Invitation
from tests.factories import (
    ConsentRecordFactory,
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
)
from trackii.privacy.levels import Level


def list_url(cast):
    return reverse("participants:invitation-list", kwargs={"dialogue_id": cast.dialogue.pk})


def test_invitation_list_shows_participant_round_answer_and_needs(client_for, cast, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        response="accepted", responded_at=timezone.now(), dietary_needs="Halal"
    )

    body = client_for(cast["organizer"]).get(list_url(cast)).content.decode()

    assert "Amira Haddad" in body
    assert "Second round" in body
    assert "Accepted" in body
    assert "Halal" in body


def test_invitation_list_shows_withdrawn_as_current_consent(client_for, cast, invitation):
    ConsentRecordFactory(participant=invitation.participant, given=True)
    ConsentRecordFactory(participant=invitation.participant, given=False)

    response = client_for(cast["organizer"]).get(list_url(cast))

    row = response.context["rows"][0]
    assert (row["consent"].given, [r.given for r in row["history"]]) == (False, [False, True])
    assert "<strong>Withdrawn</strong>" in response.content.decode()


def test_invitation_list_without_consent_shows_none(client_for, cast, invitation):
    response = client_for(cast["organizer"]).get(list_url(cast))

    assert response.context["rows"][0]["consent"] is None


def test_invitation_list_for_facilitator_has_no_actions(client_for, cast, invitation):
    body = client_for(cast["facilitator"]).get(list_url(cast)).content.decode()

    assert "Amira Haddad" in body
    assert "Revoke" not in body
    assert "Invite a participant" not in body


def test_invitation_list_shows_protected_person_by_pseudonym_to_facilitator(
    client_for, cast, round_, side
):
    protected = ParticipantFactory(
        side=side, person=PersonFactory(name="Hidden Person", is_protected=True)
    )
    InvitationFactory(round=round_, participant=protected)

    body = client_for(cast["facilitator"]).get(list_url(cast)).content.decode()

    assert "Hidden Person" not in body
    assert protected.pseudonym in body


def test_invitation_list_leaves_out_participants_the_viewer_may_not_read(
    client_for, cast, round_, side
):
    restricted = ParticipantFactory(
        side=side, level=Level.RESTRICTED, person=PersonFactory(name="Restricted Person")
    )
    InvitationFactory(round=round_, participant=restricted)

    response = client_for(cast["organizer"]).get(list_url(cast))

    assert response.context["rows"] == []


def test_invitation_list_filtered_by_round(client_for, cast, invitation, side):
    other_round = RoundFactory(dialogue=cast.dialogue, title="Third round")
    InvitationFactory(round=other_round, participant__side=side)

    response = client_for(cast["organizer"]).get(list_url(cast), {"round": other_round.pk})

    assert [r["invitation"].round for r in response.context["rows"]] == [other_round]


def test_invitation_list_htmx_returns_the_table_only(client_for, cast, invitation):
    response = client_for(cast["organizer"]).get(list_url(cast), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="invitations">')
    assert "<html" not in body


@pytest.mark.parametrize("size", [1, 6])
def test_invitation_list_query_count_is_fixed(
    client_for, cast, round_, side, size, django_assert_num_queries
):
    for _ in range(size):
        participant = ParticipantFactory(side=side)
        InvitationFactory(round=round_, participant=participant)
        ConsentRecordFactory(participant=participant, given=True)
        ConsentRecordFactory(participant=participant, given=False)
    client = client_for(cast["organizer"])

    # user, membership (session from the cache), round choices, count, page, consent records,
    # the agreement's versions (is each consent to the text as it reads now?)
    with django_assert_num_queries(7):
        response = client.get(list_url(cast))

    assert len(response.context["rows"]) == size


def test_invitation_create_page_sends_the_invitation(
    client_for, cast, round_, invitee, django_capture_on_commit_callbacks
):
    client = client_for(cast["organizer"])
    url = reverse("participants:invitation-create", kwargs={"dialogue_id": cast.dialogue.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"round": round_.pk, "participant": invitee.pk, "valid_days": 21}
        )

    assert response.status_code == 302
    assert Invitation.objects.get().participant == invitee
    assert [m.to for m in mail.outbox] == [["amira@example.org"]]


def test_invitation_create_page_with_bad_input_answers_422_and_keeps_it(
    client_for, cast, round_, invitee
):
    stranger = ParticipantFactory(side__dialogue=cast.other_dialogue)
    url = reverse("participants:invitation-create", kwargs={"dialogue_id": cast.dialogue.pk})

    response = client_for(cast["organizer"]).post(
        url, {"round": round_.pk, "participant": stranger.pk, "valid_days": 400}
    )

    form = response.context["form"]
    assert response.status_code == 422
    assert set(form.errors) == {"participant", "valid_days"}
    assert form["valid_days"].value() == "400"
    assert Invitation.objects.count() == 0


def test_invitation_create_page_for_person_without_email_warns(client_for, cast, round_, side):
    participant = ParticipantFactory(side=side, person=PersonFactory(email=""), state="vetted")
    url = reverse("participants:invitation-create", kwargs={"dialogue_id": cast.dialogue.pk})

    response = client_for(cast["organizer"]).post(
        url, {"round": round_.pk, "participant": participant.pk, "valid_days": 21}, follow=True
    )

    assert "This person has no e-mail address, so no link was sent." in (response.content.decode())
    assert mail.outbox == []


def test_invitation_revoke_page_revokes(client_for, cast, invitation):
    url = reverse(
        "participants:invitation-revoke",
        kwargs={"dialogue_id": cast.dialogue.pk, "invitation_id": invitation.pk},
    )

    client_for(cast["organizer"]).post(url)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_invitation_revoke_page_of_another_dialogue_returns_404(client_for, cast, invitation):
    url = reverse(
        "participants:invitation-revoke",
        kwargs={"dialogue_id": cast.other_dialogue.pk, "invitation_id": invitation.pk},
    )

    response = client_for(cast["other_member"]).post(url)

    invitation.refresh_from_db()
    assert (response.status_code, invitation.revoked_at) == (404, None)


def test_invitation_resend_page_sends_a_new_link(
    client_for, cast, invitation, link, django_capture_on_commit_callbacks
):
    url = reverse(
        "participants:invitation-resend",
        kwargs={"dialogue_id": cast.dialogue.pk, "invitation_id": invitation.pk},
    )

    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["organizer"]).post(url)

    assert len(mail.outbox) == 2
    assert link not in mail.outbox[-1].body


def test_consent_record_save_of_existing_row_raises(invitation):
    record = ConsentRecordFactory(participant=invitation.participant)
    record.given = False

    with pytest.raises(TypeError, match="append-only"):
        record.save()


def test_consent_record_delete_raises(invitation):
    record = ConsentRecordFactory(participant=invitation.participant)

    with pytest.raises(TypeError, match="append-only"):
        record.delete()

    assert ConsentRecord.objects.count() == 1


def test_revoking_an_answered_invitation_asks_first_and_says_what_stays(
    client_for, cast, invitation
):
    Invitation.objects.filter(pk=invitation.pk).update(
        response="accepted", responded_at=timezone.now()
    )
    ConsentRecordFactory(participant=invitation.participant, given=True)

    body = client_for(cast["organizer"]).get(list_url(cast)).content.decode()

    # The button that revokes sits inside a confirmation that names what happens.
    confirm = body[
        body.index('<details class="confirm">') : body.index(
            "</details>", body.index('<details class="confirm">')
        )
    ]
    assert "The private link of Amira Haddad stops working at once" in confirm
    assert "revoking does not change their answer or withdraw their consent" in confirm
    assert ">Revoke the invitation</button>" in confirm
