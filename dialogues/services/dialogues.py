"""Writes of the dialogue itself: creating it, its settings, its sides.

Every function takes the acting user and checks the permission it needs, so no
caller (view, command, task) can skip the check.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import Dialogue, Side
from trackii.organizations.models import Organization
from trackii.privacy.access import require_organizer
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role
from trackii.privacy.unscoped import Reason, unscoped

#: The fields of a dialogue an organizer sets (on creation and in its settings).
DIALOGUE_FIELDS = (
    "code_name",
    "title",
    "description",
    "context",
    "status",
    "track",
    "agreement_rule",
    "agreement_records_access",
    "agreement_years",
    "default_level",
    "k_threshold",
    "retention_days",
)

#: A dialogue is between at least two sides of the conflict (the third party not counted).
MIN_SIDES = 2
MAX_SIDES = 30


def third_party_name() -> str:
    return _("Third party (conveners and experts)")


def _check_code_name_free(code_name: str, *, organization_id, exclude_pk=None) -> None:
    # Code names are unique within an organization; checked case-insensitively so that
    # JUNIPER and Juniper cannot both exist and be confused. Other organizations' code
    # names are never looked at: a refusal must not tell that another organization uses
    # one. The message does not say whose dialogue holds it either: the user may not
    # know that dialogue exists.
    taken = Dialogue.objects.filter(
        organization_id=organization_id, code_name__iexact=code_name.strip()
    )
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"code_name": CODE_NAME_TAKEN})


#: Says the code name is taken, not by which dialogue: the user may not know it exists.
CODE_NAME_TAKEN = gettext_lazy("This code name is not available. Choose another one.")


def _check_side_names(names: Sequence[str], *, field: str = "sides") -> list[str]:
    cleaned = [n.strip() for n in names if n and n.strip()]
    if len(cleaned) < MIN_SIDES:
        raise ValidationError({field: _("Name at least two sides of the conflict, one per line.")})
    if len(cleaned) > MAX_SIDES:
        raise ValidationError({field: _("Name at most %(n)d sides.") % {"n": MAX_SIDES}})
    seen: set[str] = set()
    for name in cleaned:
        if len(name) > Side._meta.get_field("name").plain_max_length:
            raise ValidationError({field: _("Each side's name may be at most 80 characters long.")})
        if name.casefold() in seen:
            raise ValidationError({field: _("Each side needs a different name.")})
        seen.add(name.casefold())
    return cleaned


def dialogue_create(
    *,
    actor,
    organization,
    sides: Sequence[str],
    add_third_party: bool = True,
    ip: str | None = None,
    **fields: Any,
) -> Dialogue:
    """Create a dialogue of `organization` with its sides; `actor` becomes its (first)
    organizer.

    Only the organization's administrators and the members it allows to create
    dialogues may start one (PermissionDenied for everyone else, members of its
    dialogues included). The organizer membership is written in the same transaction
    (and audited as MEMBER_ADDED), so a dialogue never exists without an organizer.
    """
    if not Organization.objects.creatable_by(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied
    unknown = set(fields) - set(DIALOGUE_FIELDS)
    if unknown:
        raise TypeError(f"unknown dialogue fields: {sorted(unknown)}")
    dialogue = Dialogue(organization=organization, **fields)
    _stamp_closing(dialogue, was_closed=False)
    # Uniqueness is checked below, case-insensitively and with our own message.
    dialogue.full_clean(validate_unique=False, validate_constraints=False)
    _check_code_name_free(dialogue.code_name, organization_id=organization.pk)
    names = _check_side_names(sides)
    if add_third_party and third_party_name().casefold() in {n.casefold() for n in names}:
        raise ValidationError(
            {"sides": _("The third party side is added for you; remove it from the list.")}
        )
    try:
        with transaction.atomic():
            dialogue.save()
            membership = Membership.objects.create(
                dialogue=dialogue, user=actor, role=Role.ORGANIZER
            )
            new_sides = [Side(dialogue=dialogue, name=name) for name in names]
            if add_third_party:
                new_sides.append(
                    Side(dialogue=dialogue, name=third_party_name(), is_third_party=True)
                )
            Side.objects.bulk_create(new_sides)
            audit_record(
                action=AuditEvent.Action.MEMBER_ADDED,
                actor=actor,
                dialogue=dialogue,
                obj=membership,
                ip=ip,
                detail={"user_id": actor.pk, "role": Role.ORGANIZER, "dialogue_created": True},
            )
    except IntegrityError as e:
        # Two people choosing the same code name at the same moment.
        raise ValidationError({"code_name": CODE_NAME_TAKEN}) from e
    return dialogue


def dialogue_update(*, actor, dialogue: Dialogue, **fields: Any) -> Dialogue:
    """Change a dialogue's settings. Organizers only.

    Works on a freshly locked copy of the row, so the caller's `dialogue` (the
    one the page's header shows) is untouched when the change is refused.
    """
    require_organizer(actor, dialogue)
    unknown = set(fields) - set(DIALOGUE_FIELDS)
    if unknown:
        raise TypeError(f"unknown dialogue fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            locked = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
            was_closed = locked.status == Dialogue.Status.CLOSED
            for name, value in fields.items():
                setattr(locked, name, value)
            _stamp_closing(locked, was_closed=was_closed)
            locked.full_clean(validate_unique=False, validate_constraints=False)
            _check_code_name_free(
                locked.code_name, organization_id=locked.organization_id, exclude_pk=locked.pk
            )
            locked.save(update_fields=[*fields, "closed_at"] if fields else None)
    except IntegrityError as e:
        raise ValidationError({"code_name": CODE_NAME_TAKEN}) from e
    return locked


def _stamp_closing(dialogue: Dialogue, *, was_closed: bool) -> None:
    """Keep `closed_at` in step with the status: set when the dialogue becomes closed,
    cleared when it is reopened. The retention period counts from it
    (dialogues/services/retention.py), so reopening a dialogue stops the clock."""
    if dialogue.status == Dialogue.Status.CLOSED:
        if not was_closed or dialogue.closed_at is None:
            dialogue.closed_at = timezone.now()
    else:
        dialogue.closed_at = None


def _conflict_sides(dialogue, *, exclude_pk=None) -> Iterable[Side]:
    sides = Side.objects.filter(dialogue=dialogue)
    return sides.exclude(pk=exclude_pk) if exclude_pk else sides


def _check_side_name_free(dialogue, name: str, *, exclude_pk=None) -> None:
    """Side names are unique within a dialogue, whatever their case.

    Names are encrypted, so neither a SQL lookup nor a unique constraint can see them:
    the names are compared in Python. Call it inside the transaction that writes, after
    locking the dialogue's row (_lock_dialogue), so two requests cannot both pass.
    """
    wanted = name.casefold()
    if any(s.name.casefold() == wanted for s in _conflict_sides(dialogue, exclude_pk=exclude_pk)):
        raise ValidationError({"name": _("This dialogue already has a side with this name.")})


def _lock_dialogue(dialogue) -> None:
    """Serialise writes to a dialogue's sides (held until the transaction ends)."""
    Dialogue.objects.select_for_update().filter(pk=dialogue.pk).values_list("pk").get()


def _check_enough_sides(dialogue, *, without_pk) -> None:
    """A dialogue keeps at least two sides of the conflict (the third party not counted)."""
    remaining = (
        _conflict_sides(dialogue, exclude_pk=without_pk).filter(is_third_party=False).count()
    )
    if remaining < MIN_SIDES:
        raise ValidationError(
            _("A dialogue needs at least two sides of the conflict. Add another side first.")
        )


def side_add(*, actor, dialogue: Dialogue, name: str, is_third_party: bool = False) -> Side:
    """Add a side to a dialogue. Organizers only; names are unique within the dialogue."""
    require_organizer(actor, dialogue)
    side = Side(dialogue=dialogue, name=(name or "").strip(), is_third_party=is_third_party)
    side.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        _lock_dialogue(dialogue)
        _check_side_name_free(dialogue, side.name)
        if Side.objects.filter(dialogue=dialogue).count() >= MAX_SIDES:
            raise ValidationError(_("A dialogue has at most %(n)d sides.") % {"n": MAX_SIDES})
        side.save()
    return side


def side_update(*, actor, side: Side, name: str, is_third_party: bool) -> Side:
    """Rename a side (or mark it as the third party). Participants on it stay on it."""
    require_organizer(actor, side.dialogue)
    name = (name or "").strip()
    # Validate a probe first: `side` is left as it was when the change is refused.
    probe = Side(dialogue_id=side.dialogue_id, name=name, is_third_party=is_third_party)
    probe.full_clean(exclude=["dialogue"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        _lock_dialogue(side.dialogue)
        _check_side_name_free(side.dialogue, name, exclude_pk=side.pk)
        if not side.is_third_party and is_third_party:
            _check_enough_sides(side.dialogue, without_pk=side.pk)
        side.name = name
        side.is_third_party = is_third_party
        side.save(update_fields=["name", "is_third_party"])
    return side


def _side_uses(side: Side) -> list[str]:
    """Why `side` cannot be removed: one message per kind of record that uses it."""
    reasons = []
    if side.participants.exists():
        reasons.append(_("Participants are on this side. Move them to another side first."))
    if side.venue_access.exists():
        reasons.append(
            _(
                "Venue comparisons record travel and visas for this side. "
                "Remove those rows from the venues first."
            )
        )
    # Anything else that points at a side (notes' speaker side, trust readings, …):
    # removing the side would erase or orphan what was recorded, so it stays.
    for rel in Side._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if rel.related_model._meta.label_lower in (
            "participants.participant",
            "dialogues.venuesideaccess",
        ):
            continue
        if (
            unscoped(rel.related_model, reason=Reason.INTEGRITY)
            .filter(**{rel.field.name: side})
            .exists()
        ):
            reasons.append(
                _(
                    "Records of this dialogue refer to this side. "
                    "It cannot be removed; rename it instead."
                )
            )
            break
    return reasons


def side_remove(*, actor, side: Side) -> None:
    """Remove a side nobody and nothing uses. Refused, with the reason, otherwise."""
    require_organizer(actor, side.dialogue)
    with transaction.atomic():
        reasons = _side_uses(side)
        if reasons:
            raise ValidationError(reasons)
        if not side.is_third_party:
            _check_enough_sides(side.dialogue, without_pk=side.pk)
        side.delete()
