"""Transfers to officials and outcomes: rules, pages, and who sees none of them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from facilitation import after
from facilitation.models import Option, OptionEvent, Outcome, Transfer
from tests.facilitation.factories import OptionFactory
from tests.factories import ChangeStatementFactory, DialogueFactory
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent

DAY = dt.date(2026, 5, 4)


def transfer_data(**more):
    return {
        "insight": "Both sides could live with a phased withdrawal",
        "transferred_on": DAY,
        "channel": Transfer.Channel.BRIEFING,
        "recipient_kind": Transfer.RecipientKind.MEDIATOR,
        "response_kind": Transfer.ResponseKind.NOTED,
        "response": "Will raise it at the next round",
        "level": Level.TEAM,
        **more,
    }


def outcome_data(**more):
    return {
        "who_kind": Outcome.WhoKind.INSTITUTION,
        "what_changed": "The ministry dropped its precondition on prisoner lists",
        "observed_on": DAY,
        "significance": Outcome.Significance.HIGH,
        "level": Level.TEAM,
        **more,
    }


def url(name, w, *args):
    return reverse(f"facilitation:{name}", args=[w.dialogue.pk, *args])


def test_transfer_save_of_supported_option_moves_it_to_transferred(console_world):
    w = console_world
    option = OptionFactory(session=w.session, state=Option.State.SUPPORTED)

    transfer = after.transfer_save(
        actor=w["facilitator"], dialogue=w.dialogue, data=transfer_data(option=option, insight="")
    )

    option.refresh_from_db()
    assert transfer.option_moved is True
    assert option.state == Option.State.TRANSFERRED
    assert list(OptionEvent.objects.values_list("from_state", "to_state")) == [
        ("supported", "transferred")
    ]


def test_transfer_save_of_floated_option_only_records_transfer(console_world):
    w = console_world
    option = OptionFactory(session=w.session)

    transfer = after.transfer_save(
        actor=w["organizer"], dialogue=w.dialogue, data=transfer_data(option=option)
    )

    option.refresh_from_db()
    assert transfer.option_moved is False
    assert option.state == Option.State.FLOATED
    assert Transfer.objects.count() == 1


def test_transfer_save_without_option_or_insight_is_refused(console_world):
    w = console_world

    with pytest.raises(ValidationError) as e:
        after.transfer_save(
            actor=w["organizer"], dialogue=w.dialogue, data=transfer_data(insight="")
        )

    assert "insight" in e.value.message_dict


def test_transfer_save_recipient_name_at_team_level_is_refused(console_world):
    w = console_world

    with pytest.raises(ValidationError) as e:
        after.transfer_save(
            actor=w["organizer"],
            dialogue=w.dialogue,
            data=transfer_data(recipient_name="Minister Example"),
        )

    assert "recipient_name" in e.value.message_dict


def test_transfer_save_recipient_name_at_restricted_level_is_kept(console_world):
    w = console_world

    transfer = after.transfer_save(
        actor=w["organizer"],
        dialogue=w.dialogue,
        data=transfer_data(recipient_name="Minister Example", level=Level.RESTRICTED),
    )

    assert Transfer.objects.get(pk=transfer.pk).recipient_name == "Minister Example"


def test_transfer_save_follow_up_before_transfer_is_refused(console_world):
    w = console_world

    with pytest.raises(ValidationError) as e:
        after.transfer_save(
            actor=w["organizer"],
            dialogue=w.dialogue,
            data=transfer_data(follow_up_due=DAY - dt.timedelta(days=1)),
        )

    assert "follow_up_due" in e.value.message_dict


def test_transfer_save_option_of_other_dialogue_is_refused(console_world):
    w = console_world
    stranger = OptionFactory()

    with pytest.raises(ValidationError) as e:
        after.transfer_save(
            actor=w["organizer"], dialogue=w.dialogue, data=transfer_data(option=stranger)
        )

    assert "option" in e.value.message_dict


def test_transfer_save_by_participant_is_denied(console_world):
    w = console_world

    with pytest.raises(PermissionDenied):
        after.transfer_save(actor=w["participant"], dialogue=w.dialogue, data=transfer_data())


def test_transfer_create_view_records_transfer_and_redirects(console_world, client_for):
    w = console_world
    data = transfer_data(transferred_on="2026-05-04")

    response = client_for(w["facilitator"]).post(url("transfer-create", w), data)

    assert response.status_code == 302
    assert list(Transfer.objects.values_list("insight", "author")) == [
        (data["insight"], w["facilitator"].pk)
    ]


def test_transfer_create_view_bad_input_answers_422_and_keeps_text(console_world, client_for):
    w = console_world
    data = transfer_data(transferred_on="2026-05-04", recipient_name="Minister Example")

    response = client_for(w["facilitator"]).post(url("transfer-create", w), data)

    assert response.status_code == 422
    assert "Minister Example" in response.content.decode()
    assert Transfer.objects.count() == 0


def test_transfer_restricted_edit_by_other_team_member_returns_404(console_world, client_for):
    w = console_world
    transfer = after.transfer_save(
        actor=w["facilitator"],
        dialogue=w.dialogue,
        data=transfer_data(recipient_name="Minister Example", level=Level.RESTRICTED),
    )

    response = client_for(w["organizer"]).get(url("transfer-edit", w, transfer.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["participant", "funder", "observer"])
def test_transfer_and_outcome_lists_for_non_team_return_403(console_world, client_for, who):
    client = client_for(console_world[who])

    statuses = [
        client.get(url("transfer-list", console_world)).status_code,
        client.get(url("outcome-list", console_world)).status_code,
    ]

    assert statuses == [403, 403]


def test_transfer_list_for_participant_shows_no_team_content(console_world, client_for):
    w = console_world
    after.transfer_save(actor=w["organizer"], dialogue=w.dialogue, data=transfer_data())

    body = client_for(w["participant"]).get(url("transfer-list", w)).content.decode()

    assert transfer_data()["response"] not in body


def test_outcome_save_who_description_at_team_level_is_refused(console_world):
    w = console_world

    with pytest.raises(ValidationError) as e:
        after.outcome_save(
            actor=w["organizer"], dialogue=w.dialogue, data=outcome_data(who_description="Gen. X")
        )

    assert "who_description" in e.value.message_dict


def test_outcome_save_statement_of_other_dialogue_is_refused(console_world):
    w = console_world
    statement = ChangeStatementFactory(dialogue=DialogueFactory())

    with pytest.raises(ValidationError) as e:
        after.outcome_save(
            actor=w["organizer"], dialogue=w.dialogue, data=outcome_data(statement=statement)
        )

    assert "statement" in e.value.message_dict


def test_outcome_save_with_statement_of_dialogue_is_stored(console_world):
    w = console_world
    statement = ChangeStatementFactory(dialogue=w.dialogue)

    outcome = after.outcome_save(
        actor=w["organizer"], dialogue=w.dialogue, data=outcome_data(statement=statement)
    )

    assert Outcome.objects.get(pk=outcome.pk).statement == statement


def test_outcome_create_view_records_outcome(console_world, client_for):
    w = console_world
    data = outcome_data(observed_on="2026-05-04")

    response = client_for(w["organizer"]).post(url("outcome-create", w), data)

    assert response.status_code == 302
    assert list(Outcome.objects.values_list("what_changed", flat=True)) == [data["what_changed"]]


def test_outcome_restricted_visible_only_to_author(console_world):
    w = console_world
    after.outcome_save(
        actor=w["facilitator"],
        dialogue=w.dialogue,
        data=outcome_data(who_description="Gen. X", level=Level.RESTRICTED),
    )

    seen = {
        who: Outcome.objects.visible_to(w[who]).count()
        for who in ["organizer", "facilitator", "participant", "funder"]
    }

    assert seen == {"organizer": 0, "facilitator": 1, "participant": 0, "funder": 0}


@pytest.mark.parametrize("count", [2, 20])
def test_transfer_and_outcome_lists_query_count_is_fixed(
    console_world, client_for, django_assert_num_queries, count
):
    w = console_world
    client = client_for(w["organizer"])
    for _ in range(count):
        after.transfer_save(
            actor=w["organizer"],
            dialogue=w.dialogue,
            data=transfer_data(option=OptionFactory(session=w.session), insight=""),
        )
        after.outcome_save(
            actor=w["organizer"],
            dialogue=w.dialogue,
            data=outcome_data(statement=ChangeStatementFactory(dialogue=w.dialogue)),
        )

    with django_assert_num_queries(LIST_QUERIES):
        client.get(url("transfer-list", w))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url("outcome-list", w))


LIST_QUERIES = 4


def test_transfer_list_hides_title_of_option_the_reader_may_not_read(console_world, client_for):
    w = console_world
    option = OptionFactory(
        session=w.session, level=Level.RESTRICTED, author=w["facilitator"], title="Secret idea"
    )
    after.transfer_save(
        actor=w["facilitator"], dialogue=w.dialogue, data=transfer_data(option=option)
    )

    body = client_for(w["organizer"]).get(url("transfer-list", w)).content.decode()

    assert "Secret idea" not in body
    assert "An option you may not read" in body


def test_author_grants_a_restricted_transfer_to_a_named_member_who_then_reads_it(
    console_world, client_for
):
    w = console_world
    transfer = after.transfer_save(
        actor=w["facilitator"],
        dialogue=w.dialogue,
        data=transfer_data(level=Level.RESTRICTED, recipient_name="Deputy Minister Arslan"),
    )
    other = client_for(w["other_facilitator"])
    assert "Deputy Minister Arslan" not in other.get(url("transfer-list", w)).content.decode()

    author = client_for(w["facilitator"])
    listed = author.get(url("transfer-list", w)).content.decode()
    assert f'href="{url("transfer-access", w, transfer.pk)}"' in listed
    response = author.post(
        url("transfer-access", w, transfer.pk), {"user": w["other_facilitator"].pk}
    )

    assert response.status_code == 302
    page = client_for(w["other_facilitator"]).get(url("transfer-list", w)).content.decode()
    assert "Deputy Minister Arslan" in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.GRANT_ADDED)
    assert (event.actor_id, event.detail) == (
        w["facilitator"].pk,
        {"user_id": w["other_facilitator"].pk},
    )


def test_organizer_who_reads_a_restricted_outcome_grants_and_revokes_it(console_world, client_for):
    w = console_world
    outcome = after.outcome_save(
        actor=w["organizer"],
        dialogue=w.dialogue,
        data=outcome_data(level=Level.RESTRICTED, who_description="The deputy mayor of Tarn"),
    )
    client = client_for(w["organizer"])
    access_url = url("outcome-access", w, outcome.pk)
    assert "Who may read it" in client.get(url("outcome-edit", w, outcome.pk)).content.decode()

    client.post(access_url, {"user": w["facilitator"].pk})
    assert Outcome.objects.visible_to(w["facilitator"]).filter(pk=outcome.pk).exists()

    client.post(access_url, {"user": w["facilitator"].pk, "revoke": "1"})
    assert not Outcome.objects.visible_to(w["facilitator"]).filter(pk=outcome.pk).exists()


def test_restricted_outcome_is_granted_to_the_team_only(console_world, client_for):
    w = console_world
    outcome = after.outcome_save(
        actor=w["facilitator"], dialogue=w.dialogue, data=outcome_data(level=Level.RESTRICTED)
    )

    response = client_for(w["facilitator"]).post(
        url("outcome-access", w, outcome.pk), {"user": w["participant"].pk}
    )

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not Outcome.objects.visible_to(w["participant"]).filter(pk=outcome.pk).exists()


def test_access_page_of_a_team_transfer_is_refused(console_world, client_for):
    w = console_world
    transfer = after.transfer_save(
        actor=w["facilitator"], dialogue=w.dialogue, data=transfer_data()
    )

    response = client_for(w["facilitator"]).get(url("transfer-access", w, transfer.pk))

    assert response.status_code == 403
    listed = client_for(w["facilitator"]).get(url("transfer-list", w)).content.decode()
    assert url("transfer-access", w, transfer.pk) not in listed
