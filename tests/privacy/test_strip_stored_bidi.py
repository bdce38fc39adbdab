"""Names stored before forms stripped bidirectional controls are cleaned (issue 13,
point 8): the dialogues and facilitation migrations, and `manage.py strip_bidi_controls`
for the other apps."""

import importlib
from io import StringIO

from django.apps import apps
from django.core.management import call_command

from dialogues.models import ReportingObligation, Round, Side, Venue
from facilitation.models import Session
from participants.models import Person
from tests.factories import (
    ConsentRecordFactory,
    ParticipantFactory,
    PersonFactory,
    ReportingObligationFactory,
    RoundFactory,
    SessionFactory,
    SideFactory,
    VenueFactory,
)

OVERRIDE = "\u202e"  # right-to-left override: reorders what follows
ISOLATE = "\u2067"  # right-to-left isolate
RLM = "\u200f"  # right-to-left mark: ordinary in Arabic and Hebrew text, kept


def test_migrations_clean_stored_names_of_dialogues_and_facilitation(cast):
    side = SideFactory(dialogue=cast.dialogue, name=f"North{OVERRIDE}ern")
    venue = VenueFactory(
        dialogue=cast.dialogue, name=f"{ISOLATE}Hotel{RLM}", city=f"Os{OVERRIDE}lo"
    )
    round_ = RoundFactory(dialogue=cast.dialogue, title=f"Round {OVERRIDE}one", venue=venue)
    obligation = ReportingObligationFactory(description=f"Report{OVERRIDE} by June")
    session = SessionFactory(round=round_, title=f"{OVERRIDE}Morning", agenda_item="Water")

    for module in (
        "dialogues.migrations.0006_strip_bidi_controls",
        "facilitation.migrations.0012_strip_bidi_controls",
    ):
        importlib.import_module(module).strip(apps, None)

    assert Side.objects.get(pk=side.pk).name == "Northern"
    assert (Venue.objects.get(pk=venue.pk).name, Venue.objects.get(pk=venue.pk).city) == (
        f"Hotel{RLM}",
        "Oslo",
    )
    assert Round.objects.get(pk=round_.pk).title == "Round one"
    assert ReportingObligation.objects.get(pk=obligation.pk).description == "Report by June"
    assert Session.objects.get(pk=session.pk).title == "Morning"


def test_command_cleans_participants_text_and_leaves_consent_records_alone(cast):
    person = PersonFactory(name=f"Leyla{OVERRIDE} Karimova", affiliation=f"{ISOLATE}Institute")
    participant = ParticipantFactory(side=SideFactory(dialogue=cast.dialogue), person=person)
    ConsentRecordFactory(participant=participant)
    out = StringIO()

    call_command("strip_bidi_controls", "participants", stdout=out)

    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.affiliation) == ("Leyla Karimova", "Institute")
    assert "participants.Person: 1 rows cleaned" in out.getvalue()
