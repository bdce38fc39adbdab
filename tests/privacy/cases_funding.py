"""Privacy cases for funders, fundings and reporting obligations: organizers only.

Facilitators, participants, observers and funders get 403 (they know the
dialogue exists); non-members 404; anonymous visitors the login page.

Funders are a directory of one organization: organizers of its dialogues see its
funders' names and kinds in the funding form, never which other dialogues a funder
funds. Another organization's funders are never shown nor accepted: the other
dialogue (of another organization) keeps its funder's name to its own organizer.
"""

import datetime as dt

from dialogues.models import FunderContact
from tests.factories import (
    DialogueFactory,
    FunderFactory,
    FundingFactory,
    ReportingObligationFactory,
)
from tests.privacy.url_cases import Case, in_dialogue

ORGANIZER = ["organizer"]

CANARIES = {
    "CANARY-FUNDER-NAME": {"organizer"},
    "CANARY-FUNDING-CONDITIONS": {"organizer"},
    "CANARY-FUNDING-LEGITIMACY-RISK": {"organizer"},
    "CANARY-FUNDING-OBLIGATION": {"organizer"},
    # another organization's funder: nothing of it reaches JUNIPER's organizers
    "CANARY-OTHER-FUNDER-NAME": {"other_member"},
    # what JUNIPER's funder gives a second dialogue of the same organization, in which
    # nobody of the cast holds a role
    "CANARY-SECOND-DIALOGUE-CONDITIONS": set(),
    "CANARY-OTHER-FUNDING-CONDITIONS": {"other_member"},
    "CANARY-OTHER-FUNDING-OBLIGATION": {"other_member"},
}


def plant(world):
    funder = FunderFactory(name="CANARY-FUNDER-NAME", organization=world.cast.organization)
    FunderContact.objects.create(dialogue=world.dialogue, funder=funder, user=world.cast["funder"])
    funding = FundingFactory(
        dialogue=world.dialogue,
        funder=funder,
        amount=250_000,
        currency="EUR",
        conditions="CANARY-FUNDING-CONDITIONS",
        legitimacy_risk="CANARY-FUNDING-LEGITIMACY-RISK",
    )
    world.objects["funder"] = funder
    world.objects["funding"] = funding
    world.objects["obligation"] = ReportingObligationFactory(
        funding=funding, description="CANARY-FUNDING-OBLIGATION", due_on=dt.date(2026, 6, 30)
    )

    other_funder = FunderFactory(
        name="CANARY-OTHER-FUNDER-NAME", organization=world.cast.other_organization
    )
    other_funding = FundingFactory(
        dialogue=world.cast.other_dialogue,
        funder=other_funder,
        conditions="CANARY-OTHER-FUNDING-CONDITIONS",
    )
    ReportingObligationFactory(funding=other_funding, description="CANARY-OTHER-FUNDING-OBLIGATION")
    # The funder of JUNIPER also funds a second dialogue of its organization, where its
    # account is linked too: nothing of that may show in JUNIPER.
    second = DialogueFactory(organization=world.cast.organization)
    FundingFactory(dialogue=second, funder=funder, conditions="CANARY-SECOND-DIALOGUE-CONDITIONS")
    FunderContact.objects.create(dialogue=second, funder=funder, user=world.cast["funder"])


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def funding(w):
    return {"dialogue_id": w.dialogue.pk, "funding_id": w.objects["funding"].pk}


def obligation(w):
    return {"dialogue_id": w.dialogue.pk, "obligation_id": w.objects["obligation"].pk}


def funder(w):
    return {"dialogue_id": w.dialogue.pk, "funder_id": w.objects["funder"].pk}


def new_funding(w):
    return {
        "funder": w.objects["funder"].pk,
        "amount": "1000",
        "currency": "usd",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "status": "applied",
    }


def funder_member(w):
    return {"user": w.cast["funder"].pk}


CASES = [
    Case("dialogues:funding-list", in_dialogue(ORGANIZER), kwargs=dialogue),
    Case("dialogues:funding-create", in_dialogue(ORGANIZER), kwargs=dialogue),
    Case(
        "dialogues:funding-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=new_funding,
        label="post",
    ),
    Case("dialogues:funding-edit", in_dialogue(ORGANIZER), kwargs=funding),
    Case(
        "dialogues:funding-edit",
        in_dialogue(ORGANIZER, 422),
        kwargs=funding,
        method="post",
        data=lambda w: {**new_funding(w), "amount": "-5"},
        label="post-invalid",
    ),
    Case("dialogues:funder-create", in_dialogue(ORGANIZER), kwargs=dialogue),
    Case(
        "dialogues:funder-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=lambda w: {"name": "A new foundation", "kind": "foundation"},
        label="post",
    ),
    Case(
        "dialogues:funder-link-user",
        in_dialogue(ORGANIZER, 302),
        kwargs=funder,
        method="post",
        data=funder_member,
    ),
    Case(
        "dialogues:funder-unlink-user",
        in_dialogue(ORGANIZER, 302),
        kwargs=funder,
        method="post",
        data=funder_member,
    ),
    Case("dialogues:obligation-create", in_dialogue(ORGANIZER), kwargs=funding),
    Case(
        "dialogues:obligation-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=funding,
        method="post",
        data=lambda w: {"description": "Final report", "due_on": "2027-01-31"},
        label="post",
    ),
    Case("dialogues:obligation-edit", in_dialogue(ORGANIZER), kwargs=obligation),
    Case(
        "dialogues:obligation-done",
        in_dialogue(ORGANIZER, 302),
        kwargs=obligation,
        method="post",
        data=lambda w: {"done": "1"},
    ),
]
