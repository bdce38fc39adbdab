"""Writes for funders, fundings and reporting obligations. Organizers only.

Funding is organizer business (DESIGN.md, "Organizer: … secures and tracks
funding"): a funder's conditions and the legitimacy risk its money carries can
hurt the dialogue if they travel, so every write here checks that the acting
user is an organizer of the dialogue concerned. Reads are in
dialogues/selectors_funding.py.

Funders are a directory of the dialogue's organization: a funding can name only a
funder of its own organization, and nobody outside the organization can list,
add or link its funders.

Adding a funder and linking or unlinking an account are decisions about who may read
which money (a linked account reads its funder's funding lines of that dialogue), so
each is audited on the dialogue with who made it.
"""

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dialogues.models import Funder, FunderContact, Funding, ReportingObligation
from trackii.organizations.models import Organization
from trackii.privacy.access import require_organizer
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role

_CURRENCY = re.compile(r"[A-Z]{3}")


def normalize_currency(value: str) -> str:
    """An ISO 4217 code as stored: three letters, upper case ("eur " -> "EUR").

    Only the form is checked, not the list of codes in force, so a currency
    introduced tomorrow needs no release.
    """
    code = (value or "").strip().upper()
    if not _CURRENCY.fullmatch(code):
        raise ValidationError(
            _("Enter the currency as its three-letter ISO 4217 code, such as EUR, USD or CHF."),
            code="currency",
        )
    return code


def funder_create(*, actor, dialogue, name: str, kind: str, ip: str | None = None) -> Funder:
    """Add a funder to the directory of `dialogue`'s organization.

    `dialogue` is the one the organizer is working in; being its organizer is
    what allows adding funders. A name already in the organization's directory
    (whatever its case) is refused, so the same foundation is never entered twice;
    other organizations' directories are never looked at.
    """
    require_organizer(actor, dialogue)
    name = (name or "").strip()
    organization_id = dialogue.organization_id
    with transaction.atomic():
        # Names are encrypted: no unique constraint or SQL lookup sees them, so they are
        # compared in Python, with the organization's row locked against a concurrent add.
        Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk").get()
        wanted = name.casefold()
        directory = Funder.objects.for_organization(dialogue.organization).only("name")
        if any(f.name.casefold() == wanted for f in directory):
            raise ValidationError(
                {
                    "name": _(
                        "A funder with this name already exists. Choose it in the funding form."
                    )
                }
            )
        funder = Funder(organization_id=organization_id, name=name, kind=kind)
        funder.full_clean()
        funder.save()
        audit_record(
            action=AuditEvent.Action.FUNDER_ADDED,
            actor=actor,
            dialogue=dialogue,
            obj=funder,
            ip=ip,
            detail={"kind": kind},
        )
    return funder


FUNDING_FIELDS = (
    "funder",
    "amount",
    "currency",
    "starts_on",
    "ends_on",
    "status",
    "conditions",
    "legitimacy_risk",
    "spent",
    "spent_as_of",
)


def _apply_funding(funding: Funding, fields: dict) -> Funding:
    unknown = set(fields) - set(FUNDING_FIELDS)
    if unknown:
        raise TypeError(f"unexpected funding fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(funding, name, value)
    if funding.funder.organization_id != funding.dialogue.organization_id:
        # Not "no such funder": the id may be another organization's, which must stay unknown.
        raise ValidationError({"funder": _("Choose a funder from the list.")})
    try:
        funding.currency = normalize_currency(funding.currency)
    except ValidationError as e:
        raise ValidationError({"currency": e.messages}) from e
    funding.full_clean()
    return funding


def funding_create(
    *,
    actor,
    dialogue,
    funder: Funder,
    amount: Decimal,
    currency: str,
    starts_on: dt.date,
    ends_on: dt.date,
    status: str = Funding.Status.PROSPECT,
    conditions: str = "",
    legitimacy_risk: str = "",
    spent: Decimal | None = None,
    spent_as_of: dt.date | None = None,
) -> Funding:
    """Record money (hoped for, applied for or granted) from `funder` for `dialogue`."""
    require_organizer(actor, dialogue)
    funding = _apply_funding(
        Funding(dialogue=dialogue),
        {
            "funder": funder,
            "amount": amount,
            "currency": currency,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": status,
            "conditions": conditions,
            "legitimacy_risk": legitimacy_risk,
            "spent": spent,
            "spent_as_of": spent_as_of,
        },
    )
    with transaction.atomic():
        funding.save()
    return funding


def funding_update(*, actor, funding: Funding, **fields) -> Funding:
    """Change any of FUNDING_FIELDS; the dialogue a funding belongs to never changes."""
    require_organizer(actor, funding.dialogue)
    _apply_funding(funding, fields)
    with transaction.atomic():
        funding.save()
    return funding


def obligation_create(
    *, actor, funding: Funding, description: str, due_on: dt.date, done: bool = False
) -> ReportingObligation:
    """A report owed to the funder of `funding` by `due_on`."""
    require_organizer(actor, funding.dialogue)
    obligation = ReportingObligation(
        funding=funding, description=(description or "").strip(), due_on=due_on, done=done
    )
    obligation.full_clean()
    with transaction.atomic():
        obligation.save()
    return obligation


def obligation_update(
    *, actor, obligation: ReportingObligation, description: str, due_on: dt.date, done: bool
) -> ReportingObligation:
    require_organizer(actor, obligation.funding.dialogue)
    obligation.description = (description or "").strip()
    obligation.due_on = due_on
    obligation.done = done
    obligation.full_clean()
    with transaction.atomic():
        obligation.save()
    return obligation


def obligation_set_done(
    *, actor, obligation: ReportingObligation, done: bool = True
) -> ReportingObligation:
    """Mark an obligation done (or open again, to undo a slip of the finger)."""
    require_organizer(actor, obligation.funding.dialogue)
    with transaction.atomic():
        obligation.done = done
        obligation.save(update_fields=["done"])
    return obligation


def _require_funds_dialogue(funder: Funder, dialogue) -> None:
    if not Funding.objects.filter(funder=funder, dialogue=dialogue).exists():
        raise ValidationError(_("This funder has no funding in this dialogue."))


def funder_link_user(*, actor, dialogue, funder: Funder, user, ip: str | None = None) -> Funder:
    """Record that `user`, a funder member of `dialogue`, represents `funder` there.

    From then on the account reads that funder's funding lines of this dialogue (in
    the funder dashboard and in reports' spending), and nothing of other funders.
    Only members holding the funder role in this very dialogue may be linked, and
    only to a funder of this dialogue: the link is kept per dialogue, so it says
    nothing about, and changes nothing in, any other dialogue. Linking twice is
    harmless and recorded once.
    """
    require_organizer(actor, dialogue)
    _require_funds_dialogue(funder, dialogue)
    if not Membership.objects.filter(dialogue=dialogue, user=user, role=Role.FUNDER).exists():
        raise ValidationError(
            {"user": _("Choose a member who holds the funder role in this dialogue.")}
        )
    with transaction.atomic():
        _contact, created = FunderContact.objects.get_or_create(
            dialogue=dialogue, funder=funder, user=user
        )
        if created:
            audit_record(
                action=AuditEvent.Action.FUNDER_LINKED,
                actor=actor,
                dialogue=dialogue,
                obj=funder,
                ip=ip,
                detail={"user_id": user.pk},
            )
    return funder


def funder_unlink_user(*, actor, dialogue, funder: Funder, user, ip: str | None = None) -> Funder:
    """Undo funder_link_user in `dialogue` only: the account keeps what it reads elsewhere."""
    require_organizer(actor, dialogue)
    _require_funds_dialogue(funder, dialogue)
    with transaction.atomic():
        deleted, _rows = FunderContact.objects.filter(
            dialogue=dialogue, funder=funder, user=user
        ).delete()
        if not deleted:
            raise ValidationError({"user": _("This account is not linked to this funder here.")})
        audit_record(
            action=AuditEvent.Action.FUNDER_UNLINKED,
            actor=actor,
            dialogue=dialogue,
            obj=funder,
            ip=ip,
            detail={"user_id": user.pk},
        )
    return funder
