"""Writes of a dialogue's theory of change.

Statements are `team` content, written by organizers. Reports are read against
them, so a statement keeps its id for life: there is no delete, and every edit
leaves a ChangeStatementRevision holding the content as it was before.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dialogues.models import (
    ChangeStatement,
    ChangeStatementRevision,
    Dialogue,
    Indicator,
    IndicatorValue,
    Side,
)
from trackii.privacy.access import require_organizer
from trackii.privacy.levels import Level

#: What a revision keeps, and what an edit may change.
STATEMENT_FIELDS = ("if_text", "then_text", "because_text", "assumptions", "indicators")


def statement_content(statement: ChangeStatement) -> dict[str, str]:
    return {name: getattr(statement, name) for name in STATEMENT_FIELDS}


def change_statement_create(
    *,
    actor,
    dialogue: Dialogue,
    if_text: str,
    then_text: str,
    because_text: str,
    assumptions: str = "",
    indicators: str = "",
) -> ChangeStatement:
    """Add a statement at the end of the dialogue's theory of change. Organizers only.

    Always `team` level, whatever the dialogue's default: a theory of change names
    what the team hopes people will do, which participants must not read as a plan
    about them (DESIGN.md, "Users and their jobs": the organizer sets it up).
    """
    require_organizer(actor, dialogue)
    statement = ChangeStatement(
        dialogue=dialogue,
        level=Level.TEAM,
        author=actor,
        if_text=if_text,
        then_text=then_text,
        because_text=because_text,
        assumptions=assumptions,
        indicators=indicators,
    )
    with transaction.atomic():
        last = ChangeStatement.objects.filter(dialogue=dialogue).aggregate(n=Max("position"))["n"]
        statement.position = 0 if last is None else min(last + 1, 32_767)
        statement.full_clean()
        statement.save()
    return statement


def change_statement_update(*, actor, statement: ChangeStatement, **fields: str) -> ChangeStatement:
    """Edit a statement, keeping what it said before as a revision. Organizers only.

    The row is locked while the old content is copied, so two organizers saving
    at once each leave their own revision and none is lost. An edit that changes
    nothing writes nothing.
    """
    require_organizer(actor, statement.dialogue)
    unknown = set(fields) - set(STATEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown statement fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = ChangeStatement.objects.select_for_update().get(pk=statement.pk)
        before = statement_content(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        if statement_content(locked) == before:
            return locked
        ChangeStatementRevision.objects.create(statement=locked, edited_by=actor, content=before)
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def change_statement_publishing_set(
    *, actor, statement: ChangeStatement, publishable: bool, funder_wording: str
) -> ChangeStatement:
    """Say whether funder reports show the statement, and in which words. Organizers only.

    Funders read `funder_wording`, never the statement itself (it is team content and may
    name people, places or a side's position). Reports already built keep what they froze;
    the next build follows this choice.
    """
    require_organizer(actor, statement.dialogue)
    with transaction.atomic():
        locked = ChangeStatement.objects.select_for_update().get(pk=statement.pk)
        locked.publishable = publishable
        locked.funder_wording = funder_wording.strip()
        locked.full_clean()
        locked.save(update_fields=["publishable", "funder_wording", "updated_at"])
    return locked


def indicator_create(
    *,
    actor,
    statement: ChangeStatement,
    name: str,
    measure: str,
    baseline: Decimal,
    baseline_on: date,
    target: Decimal,
    direction: str,
    target_on: date,
    unit: str = "",
    side: Side | None = None,
) -> Indicator:
    """Add an indicator with a target to a statement. Organizers only.

    Its name and unit are shown to funders when the statement is publishable.
    """
    require_organizer(actor, statement.dialogue)
    indicator = Indicator(
        statement=statement,
        name=name,
        unit=unit,
        measure=measure,
        side=side,
        baseline=baseline,
        baseline_on=baseline_on,
        target=target,
        direction=direction,
        target_on=target_on,
    )
    with transaction.atomic():
        indicator.full_clean()
        indicator.save()
    return indicator


def indicator_value_record(
    *, actor, indicator: Indicator, measured_on: date, value: Decimal, note: str = ""
) -> IndicatorValue:
    """Record a hand-measured indicator's value as of a date. Organizers only.

    Only indicators measured by hand take values: the others are counted from the
    team's records when a report is built, and a typed value would contradict them.
    """
    require_organizer(actor, indicator.statement.dialogue)
    if indicator.measure != Indicator.Measure.MANUAL:
        raise ValidationError(
            _("This indicator is counted from what the team records; it takes no typed values.")
        )
    entry = IndicatorValue(
        indicator=indicator, measured_on=measured_on, value=value, note=note, recorded_by=actor
    )
    with transaction.atomic():
        entry.full_clean()
        entry.save()
    return entry
