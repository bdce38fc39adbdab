"""A database dump shows no typed text (issue 13, point 5): every free-text field of
every model of trackii is filled through the services with a canary of its own, and
neither `pg_dump` nor a raw read of every table shows one, except fields the allow-list
(trackii/privacy/at_rest_allowlist.py) keeps in clear.

The fields come from the same walk as tests/privacy/test_fields_at_rest.py: a new text
field without a canary here fails `test_every_free_text_field_gets_a_canary`.
"""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.db import models

from dialogues.models import Funder, Funding, Indicator, Round
from dialogues.services.dialogues import dialogue_update, side_add
from dialogues.services.funding import funder_create, funding_create, obligation_create
from dialogues.services.participant_texts import participant_texts_save
from dialogues.services.rounds import round_create
from dialogues.services.theory import (
    change_statement_create,
    change_statement_publishing_set,
    change_statement_update,
    indicator_create,
    indicator_value_record,
)
from dialogues.services.venues import venue_create
from facilitation import after, entries
from facilitation.models import Option, Outcome, Transfer, TrustStep
from facilitation.services import note_create, session_create
from participants.services.invitations import invitation_create, invitation_needs_update
from participants.services.participants import (
    participant_create,
    round_participation_set,
    vetting_note_create,
)
from participants.tasks import invitation_send
from reports import tasks as report_tasks
from reports.models import Report
from reports.services import report_create, report_update_narrative
from tests.privacy.stored import all_stored_text, pg_dump_data
from trackii.accounts.services import user_update_profile
from trackii.organizations.services import organization_start
from trackii.privacy.at_rest_allowlist import ALLOWED_IN_CLEAR
from trackii.privacy.encrypted import project_models
from trackii.privacy.levels import Level

#: Fields whose value is built from other fields' text, never typed: their canaries are
#: the ones they copy (a report's snapshot holds the side names, a revision the
#: statement's texts), and the release ledger holds keyed hashes only.
DERIVED = {
    "dialogues.ChangeStatementRevision.content": "copies the statement's texts",
    "reports.Report.snapshot": "copies side names and round titles",
    "reports.Report.release_ledger": "keyed hashes of contributors",
    # The file as base64, so a canary would not show even in clear: that it is stored
    # encrypted is checked in tests/exports/test_exports.py.
    "workflows.Export.content": "a file of what its creator read, copied from other fields",
}


def free_text_fields() -> list[str]:
    """ "app.Model.field" of every char, text and JSON field of trackii's own models,
    except choices: the walk of tests/privacy/test_fields_at_rest.py."""
    return sorted(
        f"{model._meta.label}.{f.name}"
        for model in project_models()
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField)) and not f.choices
    )


def canary(label: str) -> str:
    return "CANARY-DUMP-" + label.replace(".", "-").upper()


def email_canary(label: str) -> str:
    return canary(label).lower() + "@example.org"


def send_link(invitation) -> str:
    """Send the invitation as the worker would; the token of the e-mailed link."""
    invitation_send(invitation.pk)
    [token] = re.findall(r"/i/([A-Za-z0-9_-]+)/", mail.outbox[-1].body)
    return token


def fill_every_field(cast) -> dict[str, str]:
    """Write a canary into every free-text field through the services; returns
    {"app.Model.field": canary} for the fields written."""
    written: dict[str, str] = {}

    def c(label, make=canary):
        written[label] = make(label)
        return written[label]

    organizer, facilitator = cast["organizer"], cast["facilitator"]
    dialogue = cast.dialogue

    # Organization, its invitation and an account's display name.
    organization_start(
        name=c("organizations.Organization.name"),
        admin_email=c("organizations.AccountInvitation.email", email_canary),
    )
    user_update_profile(user=facilitator, display_name=c("accounts.User.display_name"))

    # The dialogue, its sides and theory of change.
    dialogue_update(
        actor=organizer,
        dialogue=dialogue,
        title=c("dialogues.Dialogue.title"),
        description=c("dialogues.Dialogue.description"),
        context=c("dialogues.Dialogue.context"),
        agreement_records_access=c("dialogues.Dialogue.agreement_records_access"),
    )
    participant_texts_save(
        actor=organizer,
        dialogue=dialogue,
        reference_language="en",
        texts={("agreement", "ar"): c("dialogues.ParticipantText.text")},
    )
    side = side_add(actor=organizer, dialogue=dialogue, name=c("dialogues.Side.name"))
    statement = change_statement_create(
        actor=organizer,
        dialogue=dialogue,
        if_text=c("dialogues.ChangeStatement.if_text"),
        then_text=c("dialogues.ChangeStatement.then_text"),
        because_text=c("dialogues.ChangeStatement.because_text"),
        assumptions=c("dialogues.ChangeStatement.assumptions"),
        indicators=c("dialogues.ChangeStatement.indicators"),
    )
    change_statement_update(
        actor=organizer, statement=statement, assumptions=canary("revised-assumptions")
    )
    written["revised assumptions"] = canary("revised-assumptions")
    change_statement_publishing_set(
        actor=organizer,
        statement=statement,
        publishable=True,
        funder_wording=c("dialogues.ChangeStatement.funder_wording"),
    )
    indicator = indicator_create(
        actor=organizer,
        statement=statement,
        name=c("dialogues.Indicator.name"),
        unit=c("dialogues.Indicator.unit"),
        measure=Indicator.Measure.MANUAL,
        baseline=Decimal(1),
        baseline_on=dt.date(2026, 1, 1),
        target=Decimal(5),
        direction=Indicator.Direction.INCREASE,
        target_on=dt.date(2026, 12, 31),
    )
    indicator_value_record(
        actor=organizer,
        indicator=indicator,
        measured_on=dt.date(2026, 6, 1),
        value=Decimal(3),
        note=c("dialogues.IndicatorValue.note"),
    )

    # Venue, round, session.
    venue = venue_create(
        actor=organizer,
        dialogue=dialogue,
        data={
            "name": c("dialogues.Venue.name"),
            "country": c("dialogues.Venue.country"),
            "city": c("dialogues.Venue.city"),
            "time_zone": "Europe/Oslo",
            "capacity": 30,
            "cost_per_day": Decimal("1000"),
            "currency": "EUR",
            "notes": c("dialogues.Venue.notes"),
        },
        side_access={side: {"notes": c("dialogues.VenueSideAccess.notes")}},
    )
    round_ = round_create(
        actor=organizer,
        dialogue=dialogue,
        data={
            "title": c("dialogues.Round.title"),
            "starts_on": dt.date(2026, 10, 12),
            "ends_on": dt.date(2026, 10, 14),
            "venue": venue,
            "methodology": Round._meta.get_field("methodology").choices[0][0],
            "objectives": c("dialogues.Round.objectives"),
        },
    )
    starts = dt.datetime(2026, 10, 12, 9, tzinfo=dt.UTC)
    session = session_create(
        actor=organizer,
        round_=round_,
        data={
            "title": c("facilitation.Session.title"),
            "agenda_item": c("facilitation.Session.agenda_item"),
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2),
            "facilitators": [facilitator],
        },
    )

    # Funders and funding.
    funder = funder_create(
        actor=organizer,
        dialogue=dialogue,
        name=c("dialogues.Funder.name"),
        kind=Funder.Kind.choices[0][0],
    )
    funding = funding_create(
        actor=organizer,
        dialogue=dialogue,
        funder=funder,
        amount=Decimal("50000"),
        currency="EUR",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        status=Funding.Status.choices[0][0],
        conditions=c("dialogues.Funding.conditions"),
        legitimacy_risk=c("dialogues.Funding.legitimacy_risk"),
    )
    obligation_create(
        actor=organizer,
        funding=funding,
        description=c("dialogues.ReportingObligation.description"),
        due_on=dt.date(2026, 12, 15),
    )

    # People and participants, vetting, invitations.
    participant = participant_create(
        actor=organizer,
        dialogue=dialogue,
        side=side,
        level=Level.DIALOGUE,
        person_data={
            "name": c("participants.Person.name"),
            "affiliation": c("participants.Person.affiliation"),
            "position": c("participants.Person.position"),
            "country": c("participants.Person.country"),
            "languages": c("participants.Person.languages"),
            "email": c("participants.Person.email", email_canary),
            "phone": c("participants.Person.phone"),
        },
        rationale_influence=c("participants.Participant.rationale_influence"),
        rationale_access=c("participants.Participant.rationale_access"),
        rationale_openness=c("participants.Participant.rationale_openness"),
        rationale_credibility=c("participants.Participant.rationale_credibility"),
    )
    vetting_note_create(
        actor=organizer,
        participant=participant,
        text=c("participants.VettingNote.text"),
        level=Level.TEAM,
    )
    round_participation_set(actor=organizer, round=round_, entries={participant: (True, None)})
    invitation = invitation_create(
        actor=organizer,
        round=round_,
        participant=participant,
        unvetted_reason=c("participants.Invitation.unvetted_reason"),
    )
    token = send_link(invitation)
    invitation.refresh_from_db()
    invitation_needs_update(
        invitation=invitation,
        token=token,
        dietary_needs=c("participants.Invitation.dietary_needs"),
        access_needs=c("participants.Invitation.access_needs"),
        travel_needs=c("participants.Invitation.travel_needs"),
    )

    # The session's record: notes (with a speaker typed before), steps, options.
    def log(kind, text, tags):
        entry, _created = entries.entry_create(
            actor=facilitator,
            session=session,
            kind=kind,
            text=text,
            level=Level.TEAM,
            client_key=uuid.uuid4(),
            tags=tags,
        )
        return entry

    note = note_create(
        actor=facilitator,
        dialogue=dialogue,
        session=session,
        text=c("facilitation.Note.text"),
        level=Level.TEAM,
        speaker_participant=participant,
    )
    entries.note_update(
        actor=facilitator,
        note=note,
        version=note.version,
        text=note.text,
        level=note.level,
        speaker_participant=participant,
        speaker=c("facilitation.Note.speaker"),
        tags=c("facilitation.Note.tags"),
    )
    log("step", c("facilitation.TrustStep.observed"), c("facilitation.TrustStep.tags"))
    option = log("option", c("facilitation.Option.title"), "")
    entries.option_update(
        actor=facilitator,
        option=option,
        version=option.version,
        title=option.title,
        text=c("facilitation.Option.text"),
        level=Level.TEAM,
        sides=[side],
        proposed_by=c("facilitation.Option.proposed_by"),
        tags=c("facilitation.Option.tags"),
    )
    entries.option_transition(
        actor=facilitator,
        option=option,
        from_state=Option.State.FLOATED,
        to_state=Option.State.EXPLORED,
        reason=c("facilitation.OptionEvent.reason"),
    )
    entries.session_close(
        actor=facilitator,
        session=session,
        attendance={},
        summary=c("facilitation.SessionSummary.text"),
    )

    # After the round: transfers, outcomes, reflections.
    after.transfer_save(
        actor=organizer,
        dialogue=dialogue,
        data={
            "insight": c("facilitation.Transfer.insight"),
            "transferred_on": dt.date(2026, 10, 20),
            "channel": Transfer.Channel.choices[0][0],
            "recipient_kind": Transfer.RecipientKind.choices[0][0],
            "recipient_name": c("facilitation.Transfer.recipient_name"),
            "response_kind": Transfer.ResponseKind.choices[0][0],
            "response": c("facilitation.Transfer.response"),
            "level": Level.RESTRICTED,
        },
    )
    after.outcome_save(
        actor=organizer,
        dialogue=dialogue,
        data={
            "who_kind": Outcome.WhoKind.choices[0][0],
            "who_description": c("facilitation.Outcome.who_description"),
            "what_changed": c("facilitation.Outcome.what_changed"),
            "observed_on": dt.date(2026, 10, 21),
            "contribution": c("facilitation.Outcome.contribution"),
            "evidence": c("facilitation.Outcome.evidence"),
            "evidence_source": c("facilitation.Outcome.evidence_source"),
            "level": Level.RESTRICTED,
        },
    )
    after.reflection_save(
        actor=facilitator,
        round_=round_,
        data={
            "what_shifted": c("facilitation.Reflection.what_shifted"),
            "what_worked": c("facilitation.Reflection.what_worked"),
            "risks": c("facilitation.Reflection.risks"),
            "change_next": c("facilitation.Reflection.change_next"),
        },
    )

    # A report, built (its snapshot copies side names and round titles) and narrated.
    report = report_create(
        actor=organizer, dialogue=dialogue, title=c("reports.Report.title"), period_kind="whole"
    )
    report_tasks.report_build(report.pk)
    report_update_narrative(
        actor=organizer,
        report=Report.objects.get(pk=report.pk),
        narrative=c("reports.Report.narrative"),
    )
    assert TrustStep.objects.filter(session=session).count() == 1
    mail.outbox.clear()
    return written


def test_every_free_text_field_gets_a_canary(cast):
    """A new field in the walk needs its canary in fill_every_field (or to be DERIVED or
    on the allow-list), so the dump test covers it."""
    written = fill_every_field(cast)

    missing = [
        label
        for label in free_text_fields()
        if label not in written and label not in DERIVED and label not in ALLOWED_IN_CLEAR
    ]

    assert missing == []


def shown(written: dict[str, str], stored: str) -> list[str]:
    """The fields whose canary the stored text shows, allow-listed ones left out."""
    return sorted(
        label
        for label, value in written.items()
        if label not in ALLOWED_IN_CLEAR and value.casefold() in stored.casefold()
    )


def test_raw_tables_show_no_canary(cast):
    written = fill_every_field(cast)

    assert shown(written, all_stored_text()) == []


@pytest.mark.django_db(transaction=True)
def test_pg_dump_shows_no_canary(cast):
    written = fill_every_field(cast)

    dump = pg_dump_data()

    assert shown(written, dump) == []
    assert "enc1:" in dump  # the rows are there, as ciphertext
