"""Retention: a closed dialogue keeps its confidential records for the days its organizers
chose, then the daily purge removes them, keeps the counts, and says what it did."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from dialogues.models import ChangeStatement, ChangeStatementRevision, Dialogue
from dialogues.services import dialogues as dialogue_services
from dialogues.services import theory as theory_services
from facilitation.models import (
    Note,
    Option,
    OptionEvent,
    OptionStance,
    Outcome,
    ReadingLink,
    Reflection,
    Session,
    SessionAttendance,
    SessionSummary,
    Transfer,
    TrustReading,
    TrustStep,
)
from participants.models import ConsentRecord, Invitation, Participant, Person, VettingNote
from reports.models import Report
from tests.factories import (
    ConsentRecordFactory,
    InvitationFactory,
    NoteFactory,
    ParticipantFactory,
    ParticipantTextFactory,
    PersonFactory,
    RoundParticipationFactory,
    SessionFactory,
    SideFactory,
    VettingNoteFactory,
)
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent
from trackii.workflows.retention import PURGED_OPTION_TITLE, retention_purge
from trackii.workflows.tasks import retention_purge_due

#: Every confidential string written into the world below; none may survive the purge.
SECRETS = [
    "Note about the ceasefire line",
    "Speaker Colonel Amber",
    "Shared a meal at the old market",
    "Summary of the morning",
    "Joint border commission",
    "A commission with rotating chairs",
    "proposed by Minister Birch",
    "tag-cedar",
    "Moved because the north agreed",
    "Insight passed to the envoy",
    "Envoy Dogwood",
    "The envoy welcomed it",
    "Deputy minister Elm softened",
    "Evidence from a press statement",
    "What shifted in round one",
    "Vetting: close to the security services",
    "Influence over the cabinet",
    "Needs a vegetarian meal",
    "Agenda: the sequencing of prisoner releases",
    "Secret talks on the river",
    "Context of the conflict known to the team",
    "Fiona Only-Here",
    "fiona@example.org",
    "+41 79 555 01 01",
    "Ministry of Rivers",
    "CANARY-RETENTION-CONTEXT",
    "CANARY-RETENTION-AGREEMENT",
    "CANARY-RETENTION-RECORDS-ACCESS",
    "CANARY-RETENTION-IF",
    "CANARY-RETENTION-THEN",
    "CANARY-RETENTION-BECAUSE",
    "CANARY-RETENTION-ASSUMPTIONS",
    "CANARY-RETENTION-INDICATORS",
    "CANARY-RETENTION-OLD-IF",
]

DAY = dt.timedelta(days=1)


def close(dialogue, *, days_ago, retention_days=30):
    dialogue.status = Dialogue.Status.CLOSED
    dialogue.closed_at = timezone.now() - days_ago * DAY
    dialogue.retention_days = retention_days
    dialogue.save()
    return dialogue


@pytest.fixture
def world(cast):
    """JUNIPER, with one record of every confidential kind, closed 31 days ago with a
    retention of 30 days; a published report; two people, one of them also in a dialogue
    still open."""
    d = cast.dialogue
    d.title = "Secret talks on the river"
    d.description = "Context of the conflict known to the team"
    d.context = "CANARY-RETENTION-CONTEXT"
    d.agreement_records_access = "CANARY-RETENTION-RECORDS-ACCESS"
    d.save()
    ParticipantTextFactory(dialogue=d, text="CANARY-RETENTION-AGREEMENT")
    # Through the services, so the revision holds the old text as the app writes it.
    statement = theory_services.change_statement_create(
        actor=cast["organizer"],
        dialogue=d,
        if_text="CANARY-RETENTION-OLD-IF",
        then_text="CANARY-RETENTION-THEN",
        because_text="CANARY-RETENTION-BECAUSE",
        assumptions="CANARY-RETENTION-ASSUMPTIONS",
        indicators="CANARY-RETENTION-INDICATORS",
    )
    theory_services.change_statement_update(
        actor=cast["organizer"], statement=statement, if_text="CANARY-RETENTION-IF"
    )
    north = SideFactory(dialogue=d, name="North")
    south = SideFactory(dialogue=d, name="South")
    session = SessionFactory(
        round__dialogue=d, agenda_item="Agenda: the sequencing of prisoner releases"
    )
    note = NoteFactory(
        session=session,
        text="Note about the ceasefire line",
        speaker="Speaker Colonel Amber",
        level=Level.RESTRICTED,
        author=cast["facilitator"],
    )
    assign_perm("view_note", cast["organizer"], note)
    TrustStep.objects.create(
        dialogue=d, session=session, observed="Shared a meal at the old market"
    )
    SessionSummary.objects.create(dialogue=d, session=session, text="Summary of the morning")
    option = Option.objects.create(
        dialogue=d,
        session=session,
        title="Joint border commission",
        text="A commission with rotating chairs",
        proposed_by="proposed by Minister Birch",
        tags="tag-cedar",
        state=Option.State.EXPLORED,
    )
    OptionEvent.objects.create(
        option=option,
        from_state="floated",
        to_state="explored",
        reason="Moved because the north agreed",
    )
    OptionStance.objects.create(option=option, side=north, stance=OptionStance.Stance.SUPPORTS)
    Transfer.objects.create(
        dialogue=d,
        option=option,
        insight="Insight passed to the envoy",
        transferred_on=dt.date(2026, 5, 1),
        channel=Transfer.Channel.BRIEFING,
        recipient_kind=Transfer.RecipientKind.MEDIATOR,
        recipient_name="Envoy Dogwood",
        response="The envoy welcomed it",
        level=Level.RESTRICTED,
    )
    Outcome.objects.create(
        dialogue=d,
        who_kind=Outcome.WhoKind.PERSON,
        who_description="Deputy minister Elm softened",
        what_changed="Deputy minister Elm softened",
        evidence="Evidence from a press statement",
        observed_on=dt.date(2026, 6, 1),
        level=Level.RESTRICTED,
    )
    Reflection.objects.create(
        round=session.round, author=cast["facilitator"], what_shifted="What shifted in round one"
    )
    ReadingLink.objects.create(
        session=session,
        token_hash="f" * 64,
        created_by=cast["facilitator"],
        expires_at=timezone.now() + DAY,
    )
    TrustReading.objects.create(
        session=session, side=north, trust=3, belief=4, source=TrustReading.Source.ANONYMOUS
    )
    SessionAttendance.objects.create(session=session, side=north, count=6)
    only_here = ParticipantFactory(
        side=north,
        person=PersonFactory(
            name="Fiona Only-Here",
            email="fiona@example.org",
            phone="+41 79 555 01 01",
            affiliation="Ministry of Rivers",
            gender="woman",
            user=cast["participant"],
        ),
        rationale_influence="Influence over the cabinet",
    )
    VettingNoteFactory(participant=only_here, text="Vetting: close to the security services")
    InvitationFactory(
        participant=only_here, round=session.round, dietary_needs="Needs a vegetarian meal"
    )
    ConsentRecordFactory(participant=only_here, given=True)
    ConsentRecordFactory(participant=only_here, given=False)
    RoundParticipationFactory(participant=only_here, round=session.round, attended=True)
    elsewhere = PersonFactory(name="Gideon Still-Active", email="gideon@example.org")
    ParticipantFactory(side=south, person=elsewhere)
    ParticipantFactory(side=SideFactory(dialogue=cast.other_dialogue), person=elsewhere)
    Report.objects.create(
        dialogue=d,
        title="Progress to June",
        status=Report.Status.PUBLISHED,
        snapshot={"attendance": {"North": 6}},
        published_at=timezone.now(),
    )
    close(d, days_ago=31, retention_days=30)
    return d


def database_text():
    """Every column of every row the purge touches, decrypted where encrypted."""
    rows = []
    for model in (
        Note,
        TrustStep,
        SessionSummary,
        Option,
        OptionEvent,
        Transfer,
        Outcome,
        Reflection,
        VettingNote,
        Invitation,
        Participant,
        Person,
        Session,
        Dialogue,
        ChangeStatement,
        ChangeStatementRevision,
    ):
        rows += [
            str({k: v for k, v in vars(obj).items() if k != "_state"})
            for obj in model._base_manager.all()
        ]
    return "\n".join(rows)


# --- closed_at and the settings ------------------------------------------------------


def test_closing_a_dialogue_stamps_closed_at_and_reopening_clears_it(cast):
    organizer = cast["organizer"]

    closed = dialogue_services.dialogue_update(
        actor=organizer, dialogue=cast.dialogue, status=Dialogue.Status.CLOSED
    )
    stamped = closed.closed_at
    renamed = dialogue_services.dialogue_update(actor=organizer, dialogue=closed, context="x")
    reopened = dialogue_services.dialogue_update(
        actor=organizer, dialogue=closed, status=Dialogue.Status.ACTIVE
    )

    assert abs(stamped - timezone.now()) < dt.timedelta(seconds=30)
    assert renamed.closed_at == stamped
    assert reopened.closed_at is None
    assert Dialogue.objects.get(pk=cast.dialogue.pk).closed_at is None


def test_dialogue_created_closed_is_stamped(cast):
    dialogue = dialogue_services.dialogue_create(
        actor=cast["organizer"],
        organization=cast.organization,
        sides=["A", "B"],
        code_name="ASH",
        status="closed",
    )

    assert dialogue.closed_at is not None


def settings_data(dialogue, **changes):
    data = {
        "code_name": dialogue.code_name,
        "status": dialogue.status,
        "track": dialogue.track,
        "agreement_rule": dialogue.agreement_rule,
        "default_level": dialogue.default_level,
        "k_threshold": dialogue.k_threshold,
        "retention_days": "",
    }
    return {**data, **changes}


def test_organizer_sets_retention_days_on_the_settings_page(cast, client_for):
    client = client_for(cast["organizer"])
    url = reverse("dialogues:edit", args=[cast.dialogue.pk])

    response = client.post(url, settings_data(cast.dialogue, retention_days="90"))
    page = client.get(url)

    assert response.status_code == 302
    assert Dialogue.objects.get(pk=cast.dialogue.pk).retention_days == 90
    assert "Records will be purged 90 days after the status is set to Closed." in page.text
    assert "Days to keep records after the dialogue closes" in page.text


def test_retention_of_more_than_a_hundred_years_is_refused_with_a_message(cast, client_for):
    client = client_for(cast["organizer"])
    url = reverse("dialogues:edit", args=[cast.dialogue.pk])

    response = client.post(url, settings_data(cast.dialogue, retention_days="40000"))

    assert response.status_code == 422
    assert "Choose at most 36500 days (100 years), or leave it empty." in response.text
    assert Dialogue.objects.get(pk=cast.dialogue.pk).retention_days is None


def test_settings_page_says_when_the_purge_will_happen(cast, client_for):
    close(cast.dialogue, days_ago=10, retention_days=30)
    due = (cast.dialogue.closed_at + 30 * DAY).strftime("%Y-%m-%d")

    page = client_for(cast["organizer"]).get(reverse("dialogues:edit", args=[cast.dialogue.pk]))

    assert f"Records will be purged on {due} (UTC), unless the dialogue is reopened." in page.text


def test_settings_page_without_retention_says_everything_is_kept(cast, client_for):
    page = client_for(cast["organizer"]).get(reverse("dialogues:edit", args=[cast.dialogue.pk]))

    assert "No retention period is set: everything is kept" in page.text


# --- the purge -----------------------------------------------------------------------


def test_dry_run_counts_what_would_go_and_changes_nothing(world):
    before = database_text()

    plans = retention_purge(dry_run=True)

    assert [(p.dialogue_id, p.counts) for p in plans] == [
        (
            world.pk,
            {
                "notes": 1,
                "trust_steps": 1,
                "session_summaries": 1,
                "transfers": 1,
                "outcomes": 1,
                "reflections": 1,
                "vetting_notes": 1,
                "invitations": 1,
                "reading_links": 1,
                "option_texts": 1,
                "option_move_reasons": 1,
                "participant_rationales": 1,
                "session_agendas": 1,
                "change_statement_revisions": 1,
                "participant_texts": 1,
                "dialogue_text": 1,
                "change_statements": 1,
                "identities": 1,
            },
        )
    ]
    assert database_text() == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION_PURGED).exists()


def test_purge_leaves_none_of_the_confidential_text(world):
    retention_purge()

    text = database_text()
    assert [s for s in SECRETS if s in text] == []


def test_purge_keeps_the_counts_reports_are_made_of(world):
    retention_purge()

    option = Option.objects.get(dialogue=world)
    assert (option.title, option.text, option.state) == (PURGED_OPTION_TITLE, "", "explored")
    assert list(OptionStance.objects.filter(option=option).values_list("stance", flat=True)) == [
        "supports"
    ]
    assert OptionEvent.objects.filter(option=option).count() == 1
    assert list(SessionAttendance.objects.values_list("count", flat=True)) == [6]
    assert list(TrustReading.objects.values_list("trust", "belief")) == [(3, 4)]
    assert Participant.objects.filter(dialogue=world).count() == 2
    assert sorted(
        ConsentRecord.objects.filter(participant__dialogue=world).values_list("given", flat=True)
    ) == [False, True]
    assert list(Report.objects.filter(dialogue=world).values_list("status", "snapshot")) == [
        ("published", {"attendance": {"North": 6}})
    ]
    assert Dialogue.objects.get(pk=world.pk).code_name == "JUNIPER"


def test_purge_deletes_the_grants_on_what_it_deleted(world):
    from guardian.models import UserObjectPermission

    retention_purge()

    assert not UserObjectPermission.objects.filter(permission__codename="view_note").exists()


def test_purge_erases_people_found_only_in_purged_dialogues(world, cast):
    retention_purge()

    erased = Person.objects.get(participations__dialogue=world, erased_at__isnull=False)
    kept = Person.objects.get(erased_at__isnull=True)
    assert (erased.name, erased.email, erased.phone, erased.gender, erased.user_id) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert erased.participations.get().shown_name("organizer") == "Erased person"
    assert (kept.name, kept.erased_at) == ("Gideon Still-Active", None)


def test_person_in_another_dialogue_past_retention_too_is_erased(world, cast):
    close(cast.other_dialogue, days_ago=400, retention_days=365)

    retention_purge()

    assert [p.name for p in Person.objects.all()] == ["", ""]
    assert not Person.objects.filter(erased_at__isnull=True).exists()


def test_purge_is_audited_once_per_dialogue_with_counts_only(world):
    retention_purge()

    events = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION_PURGED).values_list(
            "actor_id", "dialogue_id", "object_type", "object_id", "detail"
        )
    )
    assert len(events) == 1
    actor, dialogue_id, object_type, object_id, detail = events[0]
    assert (actor, dialogue_id, object_type, object_id) == (
        None,
        world.pk,
        "dialogues.dialogue",
        str(world.pk),
    )
    assert detail["retention_days"] == 30
    assert (detail["notes"], detail["identities"]) == (1, 1)
    assert all(isinstance(v, int) for v in detail.values())
    assert [s for s in SECRETS if s in json.dumps(detail)] == []


def test_second_run_changes_nothing_and_audits_nothing(world):
    first = retention_purge()
    after_first = database_text()

    second = retention_purge()

    assert [p.dialogue_id for p in first] == [world.pk]
    assert second == []
    assert database_text() == after_first
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RETENTION_PURGED).count() == 1


def test_content_added_after_a_purge_is_purged_by_the_next_run(world):
    retention_purge()
    session = Session.objects.get(round__dialogue=world)
    NoteFactory(session=session, text="Written after the purge")

    plans = retention_purge()

    assert [p.counts["notes"] for p in plans] == [1]
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("status", "days_ago", "retention_days"),
    [
        ("closed", 29, 30),  # not yet due
        ("closed", 400, None),  # no retention period: kept until an organizer decides
        ("active", 400, 30),  # reopened: closed_at would have been cleared
    ],
)
def test_dialogue_not_past_retention_is_untouched(world, status, days_ago, retention_days):
    Dialogue.objects.filter(pk=world.pk).update(
        status=status,
        closed_at=timezone.now() - days_ago * DAY,
        retention_days=retention_days,
    )
    before = database_text()

    plans = retention_purge()

    assert plans == []
    assert database_text() == before


def test_other_dialogues_are_untouched_by_a_purge(world, cast):
    other_note = NoteFactory(
        session=SessionFactory(round__dialogue=cast.other_dialogue), text="Other dialogue note"
    )

    retention_purge()

    assert Note.objects.get().pk == other_note.pk


def test_command_dry_run_prints_counts_and_changes_nothing(world):
    out = StringIO()

    call_command("purge_retention", "--dry-run", stdout=out)

    assert out.getvalue().splitlines()[0].startswith(f"Would purge dialogue #{world.pk} JUNIPER")
    assert "  notes: 1" in out.getvalue()
    assert "  identities: 1" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == "Dry run: nothing was changed."
    assert Note.objects.count() == 1


def test_command_purges_and_then_finds_nothing(world):
    call_command("purge_retention", stdout=StringIO())
    out = StringIO()

    call_command("purge_retention", stdout=out)

    assert Note.objects.count() == 0
    assert out.getvalue() == "Nothing to purge.\n"


def test_task_takes_no_arguments_and_answers_ids_only(world):
    result = retention_purge_due.delay()

    assert result.get() == [world.pk]
    assert Note.objects.count() == 0


def test_purge_runs_daily_from_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["retention-purge"]

    assert entry == {"task": "dialogues.tasks.retention_purge_due", "schedule": 86400.0}
