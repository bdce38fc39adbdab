"""Privacy cases for the participant pipeline: list, add, detail, edit, state, vetting
notes and their grants, round participation and the CSV export.

Who reads what (DESIGN.md, "The privacy model"):
- the list and a dialogue-level participant's page: everyone who reads content;
- identity fields (affiliation, ...), the rationale, the pipeline state, vetting notes
  at team level and who proposed someone (attribution): the team;
- contact details (e-mail, phone): organizers only, and never in a list;
- a restricted vetting note: its author (here the organizer) and whom they grant;
- adding, editing, moving along the pipeline, rounds and the export: organizers.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participants.models import Participant, Person
from tests.factories import (
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    RoundParticipationFactory,
    SideFactory,
    UserFactory,
    VettingNoteFactory,
)
from tests.privacy.url_cases import CONTENT, TEAM, Case, in_dialogue
from trackii.privacy.crypto import seal
from trackii.privacy.levels import Level

ORGANIZER = ["organizer"]

CANARIES = {
    "CANARY-VETTING-TEAM-NOTE": {"organizer", "facilitator"},
    "CANARY-VETTING-RESTRICTED-NOTE": {"organizer"},  # its author; granted to nobody
    "CANARY-CONTACT-EMAIL": {"organizer"},
    "CANARY-CONTACT-PHONE": {"organizer"},
    "CANARY-PROPOSER-NAME": {"organizer", "facilitator"},  # attribution is team at the least
    "CANARY-PARTICIPANT-AFFILIATION": {"organizer", "facilitator"},
    "CANARY-PARTICIPANT-RATIONALE": {"organizer", "facilitator"},
    # someone in the other dialogue only: never offered to JUNIPER's organizers for reuse
    "CANARY-OTHER-DIALOGUE-PERSON": {"other_member"},
}


def plant(world):
    organizer = world.cast["organizer"]
    # The core world's open (dialogue-level, unprotected) participant carries this area's
    # canaries, so the core tests' sets of planted participants stay as they are.
    participant = world.participants["open"]
    person = participant.person
    person.affiliation = "CANARY-PARTICIPANT-AFFILIATION"
    person.email = "CANARY-CONTACT-EMAIL@example.org"
    person.phone = "CANARY-CONTACT-PHONE"
    person.save()
    # The proposer left the dialogue since: their name is only attribution now.
    participant.proposed_by = UserFactory(
        email="former-organizer@example.org", display_name="CANARY-PROPOSER-NAME"
    )
    participant.author = organizer
    # Confirmed, so that participants and observers may see them (issue 16).
    participant.state = "confirmed"
    participant.rationale_influence = "CANARY-PARTICIPANT-RATIONALE"
    participant.save()
    world.objects["participants_canary"] = participant
    world.objects["participants_team_note"] = VettingNoteFactory(
        participant=participant,
        level=Level.TEAM,
        text="CANARY-VETTING-TEAM-NOTE",
        author=world.cast["facilitator"],
    )
    world.objects["participants_restricted_note"] = VettingNoteFactory(
        participant=participant,
        level=Level.RESTRICTED,
        text="CANARY-VETTING-RESTRICTED-NOTE",
        author=organizer,
    )
    start = timezone.localdate() + dt.timedelta(days=30)
    world.objects["participants_round"] = RoundFactory(
        dialogue=world.dialogue,
        title="Spring round",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
    )
    # The cast's participant and the protected one are confirmed for the same round as the
    # canary participant: participants see who is confirmed for their own rounds.
    RoundParticipationFactory(round=world.objects["participants_round"], participant=participant)
    viewer = Person.objects.filter(user=world.cast["participant"]).first()
    if viewer is None:
        viewer = PersonFactory(name="Seated viewer", user=world.cast["participant"])
    for other in [
        *viewer.participations.filter(dialogue=world.dialogue).exclude(pk=participant.pk),
        world.participants["protected"],
    ]:
        Participant.objects.filter(pk=other.pk).update(state="confirmed")
        RoundParticipationFactory(round=world.objects["participants_round"], participant=other)
    if not viewer.participations.filter(dialogue=world.dialogue).exists():
        seated = ParticipantFactory(side=participant.side, person=viewer, state="confirmed")
        RoundParticipationFactory(round=world.objects["participants_round"], participant=seated)
    ParticipantFactory(
        side=SideFactory(dialogue=world.cast.other_dialogue, name="Elsewhere"),
        person=PersonFactory(name="CANARY-OTHER-DIALOGUE-PERSON"),
    )


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def participant(key):
    def kwargs(w):
        obj = w.objects[key] if key in w.objects else w.participants[key]
        return {"dialogue_id": w.dialogue.pk, "participant_id": obj.pk}

    return kwargs


def vetting_note(key):
    def kwargs(w):
        note = w.objects[key]
        return {
            "dialogue_id": w.dialogue.pk,
            "participant_id": note.participant_id,
            "note_id": note.pk,
        }

    return kwargs


def round_kwargs(w):
    return {"dialogue_id": w.dialogue.pk, "round_id": w.objects["participants_round"].pk}


def new_participant(w):
    return {
        "name": "A new person",
        "side": w.participants["open"].side_id,
        "level": Level.TEAM,
        "state": "proposed",
    }


def round_entries(w):
    pk = w.objects["participants_canary"].pk
    return {f"in_{pk}": "on", f"attended_{pk}": ""}


def import_table(w):
    return [["name", "side"], ["An imported person", w.participants["open"].side.name]]


def import_upload(w):
    rows = "\n".join(",".join(row) for row in import_table(w)).encode()
    return {"file": SimpleUploadedFile("people.csv", rows)}


def import_sealed(w):
    # Sealed for the organizer, as the preview page seals it for them (forms/imports.py).
    purpose = f"participants.import:{w.dialogue.pk}:{w.cast['organizer'].pk}"
    return {"table": seal(import_table(w), purpose=purpose)}


def bulk_review(w):
    """Ticking the open participant to move them to Vetted: the page that asks first."""
    return {"selected": [w.participants["open"].pk], "action": "state", "state": "vetted"}


def template_of(kind):
    return lambda w: {"dialogue_id": w.dialogue.pk, "kind": kind}


CASES = [
    Case(
        "participants:list",
        in_dialogue(CONTENT),
        kwargs=dialogue,
        data=lambda w: {"side": w.participants["open"].side_id, "state": "vetted"},
        label="filtered",
    ),
    Case("participants:create", in_dialogue(ORGANIZER), kwargs=dialogue, label="form"),
    Case(
        "participants:create",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=new_participant,
        label="post",
    ),
    Case(
        "participants:detail",
        in_dialogue(CONTENT),
        kwargs=participant("participants_canary"),
        label="dialogue",
    ),
    Case(
        "participants:detail",
        in_dialogue(CONTENT),
        kwargs=participant("protected"),
        label="protected",
    ),
    Case(
        "participants:detail",
        in_dialogue(TEAM, hidden=["participant", "observer"]),
        kwargs=participant("team"),
        label="team",
    ),
    Case("participants:edit", in_dialogue(ORGANIZER), kwargs=participant("participants_canary")),
    Case(
        "participants:state",
        in_dialogue(ORGANIZER, 302),
        kwargs=participant("participants_canary"),
        method="post",
        data=lambda w: {"state": "invited"},
    ),
    Case(
        "participants:vetting-add",
        in_dialogue(TEAM, 302),
        kwargs=participant("participants_canary"),
        method="post",
        data=lambda w: {"text": "Checked with two sources.", "level": Level.TEAM},
    ),
    Case(
        "participants:vetting-access",
        in_dialogue(ORGANIZER, hidden=["facilitator"]),
        kwargs=vetting_note("participants_restricted_note"),
        label="restricted",
    ),
    Case(
        "participants:vetting-access",
        in_dialogue([]),
        kwargs=vetting_note("participants_team_note"),
        label="team",
    ),
    Case("participants:round-participants", in_dialogue(ORGANIZER), kwargs=round_kwargs),
    Case(
        "participants:round-participants",
        in_dialogue(ORGANIZER, 302),
        kwargs=round_kwargs,
        method="post",
        data=round_entries,
        label="post",
    ),
    # The CSV link of old: to the export page, with the participants' CSV chosen.
    Case("participants:export", in_dialogue(ORGANIZER, 302), kwargs=dialogue),
    Case("participants:import", in_dialogue(ORGANIZER), kwargs=dialogue, label="form"),
    Case(
        "participants:import",
        in_dialogue(ORGANIZER),
        kwargs=dialogue,
        method="post",
        data=import_upload,
        label="preview",
    ),
    Case(
        "participants:import-confirm",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=import_sealed,
    ),
    Case(
        "participants:import-template",
        in_dialogue(ORGANIZER),
        kwargs=template_of("csv"),
        label="csv",
    ),
    Case(
        "participants:import-template",
        in_dialogue(ORGANIZER),
        kwargs=template_of("xlsx"),
        label="xlsx",
    ),
    # Acting on ticked participants: organizers; the first POST only shows what will happen.
    Case(
        "participants:bulk",
        in_dialogue(ORGANIZER),
        kwargs=dialogue,
        method="post",
        data=bulk_review,
    ),
]
