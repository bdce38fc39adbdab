"""Privacy cases for the team's exports (trackii/workflows/exports.py).

Who may do what:
- the export page (asking for one, seeing one's own): organizers, facilitators and
  observers; participants and funders 403 (they take no files away);
- an export's progress and its file: its creator only. Anyone else who may export gets
  404 (they may not learn it exists, organizers included); participants and funders 403.

The planted export is the organizer's, ready, and holds a canary only the organizer may
read: no other visitor may find it in any answer.
"""

import base64
import datetime as dt

from django.utils import timezone

from tests.privacy.url_cases import Case, in_dialogue
from trackii.workflows.models import Export

EXPORTERS = ("organizer", "facilitator", "observer")
NOT_EXPORTERS = ("participant", "funder")

CANARIES = {"CANARY-EXPORT-FILE-OF-ORGANIZER": {"organizer"}}


def plant(world):
    world.objects["organizer_export"] = Export.objects.create(
        dialogue=world.dialogue,
        created_by=world.cast["organizer"],
        kind=Export.Kind.NOTES,
        format=Export.Format.CSV,
        status=Export.Status.READY,
        progress=100,
        rows=1,
        content=base64.b64encode(b"id,note\n1,CANARY-EXPORT-FILE-OF-ORGANIZER\n").decode(),
        # Far enough ahead that no test run reaches it.
        expires_at=timezone.now() + dt.timedelta(days=365),
    )


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def organizer_export(w):
    return {"dialogue_id": w.dialogue.pk, "export_id": w.objects["organizer_export"].pk}


CASES = [
    Case("dialogues:export-list", in_dialogue(EXPORTERS), kwargs=dialogue),
    Case(
        "dialogues:export-list",
        in_dialogue(EXPORTERS, 302),
        kwargs=dialogue,
        method="post",
        data=lambda w: {"kind": Export.Kind.OPTIONS, "format": Export.Format.CSV},
        label="post",
    ),
    Case(
        "dialogues:export-status",
        in_dialogue(["organizer"], 286, hidden=["facilitator", "observer"]),
        kwargs=organizer_export,
    ),
    Case(
        "dialogues:export-download",
        in_dialogue(["organizer"], hidden=["facilitator", "observer"]),
        kwargs=organizer_export,
    ),
]
