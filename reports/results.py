"""Results against the theory of change: what a report freezes for each statement an
organizer made publishable, and how an indicator's progress is judged.

Privacy rules followed (DESIGN.md, "The privacy model"; issue #18):
- a statement reaches a report only when an organizer marked it publishable, and then
  only by the wording written for funders (`funder_wording`), never its if/then/because,
  assumptions or outcomes text;
- an indicator's name and unit are shown (the organizer writes them for the report);
  a hand-entered value's note never is;
- outcomes are counted only when reportable and marked publishable, as counts by
  significance; transfers only when reportable; nothing of their text is read;
- a mean of trust readings is suppressed below k and checked by the release rule, like
  the trust trend's means.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from dialogues.models import ChangeStatement, Indicator, IndicatorValue
from facilitation.models import Outcome, Transfer, TrustReading
from reports.release import WITHHELD, contributor_key
from trackii.lib.suppression import suppress_count, suppress_mean

REACHED = "reached"
ON_TRACK = "on_track"
BEHIND = "behind"
NO_VALUE = "no_value"

PROGRESS_LABELS = {
    REACHED: _("Reached"),
    ON_TRACK: _("On track"),
    BEHIND: _("Behind"),
    NO_VALUE: _("No value shown"),
}


def progress(
    *,
    direction: str,
    baseline: Decimal,
    baseline_on: date,
    target: Decimal,
    target_on: date,
    value: Decimal | None,
    on: date,
) -> str:
    """Where an indicator stands on `on`: REACHED, ON_TRACK, BEHIND or NO_VALUE.

    Reached: at or past the target in its direction (exactly on it for "reach"). Not
    reached by the target date: behind. Before it, on track while the distance left to
    the target is no more than a straight line from the baseline to the target would
    have left by `on`; behind otherwise.
    """
    if value is None:
        return NO_VALUE
    value, baseline, target = Decimal(value), Decimal(baseline), Decimal(target)
    if direction == Indicator.Direction.INCREASE:
        reached = value >= target
    elif direction == Indicator.Direction.DECREASE:
        reached = value <= target
    else:
        reached = value == target
    if reached:
        return REACHED
    if on >= target_on:
        return BEHIND
    span = (target_on - baseline_on).days
    elapsed = min(max((on - baseline_on).days, 0), span)
    allowed = abs(target - baseline) * (span - elapsed) / span
    return ON_TRACK if abs(target - value) <= allowed else BEHIND


def _counted(actor, dialogue, indicators, end) -> dict[int, int]:
    """Values, at the period's end, of the indicators counted from the team's records."""
    measures = {i.measure for i in indicators}
    values: dict[int, int] = {}
    outcomes = (
        Outcome.objects.visible_to(actor).reportable().filter(dialogue=dialogue, publishable=True)
    )
    if end:
        outcomes = outcomes.filter(observed_on__lte=end)
    if measures & {Indicator.Measure.OUTCOMES, Indicator.Measure.VERIFIED_OUTCOMES}:
        per_statement = {
            r["statement"]: r
            for r in outcomes.filter(statement__in={i.statement_id for i in indicators})
            .values("statement")
            .annotate(n=Count("pk"), verified_n=Count("pk", filter=Q(verified=True)))
        }
        for i in indicators:
            row = per_statement.get(i.statement_id) or {"n": 0, "verified_n": 0}
            if i.measure == Indicator.Measure.OUTCOMES:
                values[i.pk] = row["n"]
            elif i.measure == Indicator.Measure.VERIFIED_OUTCOMES:
                values[i.pk] = row["verified_n"]
    if Indicator.Measure.TRANSFERS in measures:
        transfers = Transfer.objects.visible_to(actor).reportable().filter(dialogue=dialogue)
        if end:
            transfers = transfers.filter(transferred_on__lte=end)
        n = transfers.count()
        values |= {i.pk: n for i in indicators if i.measure == Indicator.Measure.TRANSFERS}
    return values


def _trust(actor, dialogue, indicators, k, in_period: Q, release) -> dict[int, dict]:
    """Mean trust of each trust indicator's side over the period's readings: suppressed
    below k, and withheld where the release rule says so."""
    sides = {i.side_id for i in indicators if i.measure == Indicator.Measure.TRUST}
    if not sides:
        return {}
    readings = (
        TrustReading.objects.visible_to(actor)
        .filter(session__round__dialogue=dialogue, side__in=sides)
        .filter(in_period)
    )
    contributors: dict[str, set[str]] = {}
    for side, pk in readings.values_list("side", "pk"):  # ids only
        contributors.setdefault(f"result-trust:{side}", set()).add(
            contributor_key("trustreading", pk)
        )
    withheld = release.withheld(contributors)
    sums = {r["side"]: r for r in readings.values("side").annotate(n=Count("pk"), t=Sum("trust"))}
    out = {}
    for i in indicators:
        if i.measure != Indicator.Measure.TRUST:
            continue
        row = sums.get(i.side_id) or {"n": 0, "t": None}
        if f"result-trust:{i.side_id}" in withheld:
            out[i.pk] = {"n": WITHHELD, "value": None}
        else:
            out[i.pk] = {
                "n": suppress_count(row["n"], k),
                "value": suppress_mean(row["t"], row["n"], k),
            }
    return out


def _manual(indicators, end) -> dict[int, Decimal]:
    """The last hand-entered value of each indicator on or before the period's end."""
    values = IndicatorValue.objects.filter(
        indicator__in=[i.pk for i in indicators if i.measure == Indicator.Measure.MANUAL]
    )
    if end:
        values = values.filter(measured_on__lte=end)
    last = {}
    for indicator, value in values.order_by("measured_on", "pk").values_list("indicator", "value"):
        last[indicator] = value  # ordered by date: the latest wins
    return last


def _number(value) -> float | int | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _evidence(actor, dialogue, statement_ids, in_period: Q) -> dict[int, list]:
    """Outcomes of the period harvested against each statement, by significance, with
    how many of them are verified."""
    labels = dict(Outcome.Significance.choices)
    order = [s for s, _label in Outcome.Significance.choices]
    rows = (
        Outcome.objects.visible_to(actor)
        .reportable()
        .filter(dialogue=dialogue, publishable=True, statement__in=statement_ids)
        .filter(in_period)
        .values("statement", "significance")
        .annotate(n=Count("pk"), verified_n=Count("pk", filter=Q(verified=True)))
    )
    out: dict[int, list] = {}
    for r in sorted(rows, key=lambda r: order.index(r["significance"])):
        out.setdefault(r["statement"], []).append(
            {
                "significance": str(labels.get(r["significance"], r["significance"])),
                "count": r["n"],
                "verified": r["verified_n"],
                "unverified": r["n"] - r["verified_n"],
            }
        )
    return out


def build_results(
    *, actor, dialogue, end: date, k: int, release, in_period: Callable[[str], Q]
) -> dict:
    """The "Results against the theory of change" part of a snapshot: values at `end`
    (the period's last day), evidence within the period (`in_period(field)` filters a
    date field to it)."""
    statements = list(
        ChangeStatement.objects.visible_to(actor)
        .filter(dialogue=dialogue, publishable=True)
        .only("pk", "dialogue_id", "funder_wording", "position")
    )
    ids = [s.pk for s in statements]
    indicators = list(
        Indicator.objects.visible_to(actor)
        .filter(statement__in=ids)
        .only(
            "pk",
            "statement_id",
            "name",
            "unit",
            "measure",
            "side_id",
            "baseline",
            "baseline_on",
            "target",
            "direction",
            "target_on",
        )
    )
    counted = _counted(actor, dialogue, indicators, end)
    manual = _manual(indicators, end)
    trust = _trust(
        actor,
        dialogue,
        indicators,
        k,
        in_period("session__starts_at__date"),
        release,
    )
    evidence = _evidence(actor, dialogue, ids, in_period("observed_on"))
    directions = dict(Indicator.Direction.choices)
    by_statement: dict[int, list] = {}
    for i in indicators:
        entry = {"id": i.pk, "name": i.name, "unit": i.unit, "n": None}
        if i.pk in trust:
            value = trust[i.pk]["value"]
            entry["n"] = trust[i.pk]["n"]
        elif i.pk in counted:
            value = counted[i.pk]
        else:
            value = manual.get(i.pk)
        entry |= {
            "value": _number(value),
            "baseline": _number(i.baseline),
            "baseline_on": i.baseline_on.isoformat(),
            "target": _number(i.target),
            "target_on": i.target_on.isoformat(),
            "direction": i.direction,
            "direction_label": str(directions.get(i.direction, i.direction)),
            "progress": progress(
                direction=i.direction,
                baseline=i.baseline,
                baseline_on=i.baseline_on,
                target=i.target,
                target_on=i.target_on,
                value=None if value is None else Decimal(str(value)),
                on=end,
            ),
        }
        by_statement.setdefault(i.statement_id, []).append(entry)
    return {
        "statements": [
            {
                "id": s.pk,
                "wording": s.funder_wording,
                "indicators": by_statement.get(s.pk, []),
                "outcomes": evidence.get(s.pk, []),
            }
            for s in statements
        ],
        "options_transferred": Transfer.objects.visible_to(actor)
        .reportable()
        .filter(dialogue=dialogue, option__isnull=False)
        .filter(in_period("transferred_on"))
        .values("option")
        .distinct()
        .count(),
    }
