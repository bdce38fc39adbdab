"""Computing a report's snapshot: SQL aggregates over what the acting organizer may read,
suppressed before anything is stored.

Privacy rules followed (DESIGN.md, "The privacy model"; issue #7):
- content (trust steps, options, transfers, outcomes) is read through
  visible_to(organizer) and `.reportable()` only; outcomes only when marked publishable;
- records about people (attendance, readings) are read as counts and means through
  visible_to(organizer), and suppressed below the dialogue's k;
- no name, pseudonym, affiliation, text, speaker or venue is stored; an option's title
  only when an organizer marked that very option publishable (Option.publishable),
  and only the title: decrypted for those few rows alone.
Every figure is one grouped query (values().annotate()), never a loop over rows.
"""

from collections.abc import Callable

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from dialogues.models import Funding, Round, Side
from facilitation.models import (
    Option,
    OptionEvent,
    Outcome,
    Session,
    Topic,
    Transfer,
    TrustReading,
    TrustStep,
)
from participants.models import Person, RoundParticipation
from reports.models import Report
from reports.release import WITHHELD, contributor_key, withheld_cells
from reports.results import build_results
from trackii.lib.suppression import suppress_count, suppress_counts, suppress_mean

NOT_RECORDED = "not recorded"


def _in_period(field: str, start, end) -> Q:
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q


def _rounds_in_period(start, end) -> Q:
    """Rounds that overlap the period."""
    q = Q()
    if end:
        q &= Q(starts_on__lte=end)
    if start:
        q &= Q(ends_on__gte=start)
    return q


def period_of(report) -> tuple:
    """(first day, last day) the report covers; the whole dialogue ends today."""
    start, end = report.period_bounds()
    if report.period_kind == report.Period.WHOLE:
        end = timezone.localdate()
    return start, end


def _option_events(actor, dialogue, start, end):
    """State changes in the period of the reportable options `actor` may read."""
    return (
        OptionEvent.objects.visible_to(actor)
        .filter(option__in=Option.objects.visible_to(actor).reportable().filter(dialogue=dialogue))
        .filter(_in_period("at__date", start, end))
    )


def period_options(*, report, actor):
    """The reportable options `actor` may read that reached a state in the report's
    period: the ones its options funnel counts, and whose titles may be published."""
    start, end = period_of(report)
    events = _option_events(actor, report.dialogue, start, end)
    return (
        Option.objects.visible_to(actor)
        .reportable()
        .filter(dialogue=report.dialogue, pk__in=events.values("option"))
        .order_by("created_at", "pk")
    )


class Release:
    """The release rule (reports.release) for one build: decides which cells about people
    are withheld against the dialogue's published reports, and keeps the contributors of
    those released, for the report's ledger."""

    def __init__(self, *, k: int, published: list[dict]):
        self.k = k
        self.published = published
        self.ledger: dict[str, list[str]] = {}

    def withheld(self, cells: dict[str, set[str]]) -> set[str]:
        """The keys of `cells` to withhold. Cells under k are suppressed anyway, so they are
        neither checked nor recorded."""
        large = {key: c for key, c in cells.items() if len(c) >= self.k}
        withheld = withheld_cells(large, self.published, self.k)
        for key, contributors in large.items():
            if key not in withheld:
                self.ledger[key] = sorted(contributors)
        return withheld


def published_ledgers(report) -> list[dict]:
    """The release ledgers of the dialogue's other published reports, withdrawn ones
    included: a funder may have kept what they read before it was withdrawn."""
    return list(
        Report.objects.ever_published()
        .filter(dialogue_id=report.dialogue_id)
        .exclude(pk=report.pk)
        .values_list("release_ledger", flat=True)
    )


def build_report(
    *, report, actor, progress: Callable[[int], None] = lambda p: None
) -> tuple[dict, dict]:
    """The snapshot of `report` and its release ledger (which contributors fed each cell
    about people it releases), under the release rule against the dialogue's published
    reports."""
    dialogue = report.dialogue
    k = dialogue.k_threshold
    release = Release(k=k, published=published_ledgers(report))
    start, end = period_of(report)
    rounds = Round.objects.visible_to(actor).filter(dialogue=dialogue)
    if report.period_kind == report.Period.ROUND:
        rounds = rounds.filter(pk=report.round_id)
    else:
        rounds = rounds.filter(_rounds_in_period(start, end))
    sides = {
        s["pk"]: s["name"]
        for s in Side.objects.visible_to(actor).filter(dialogue=dialogue).values("pk", "name")
    }
    snapshot = {
        "k": k,
        "period": {
            "kind": report.period_kind,
            "starts_on": start.isoformat() if start else None,
            "ends_on": end.isoformat() if end else None,
        },
        "built_at": timezone.now().isoformat(),
    }
    snapshot["activity"] = _activity(rounds, actor, dialogue, start, end)
    progress(25)
    snapshot["attendance"] = _attendance(rounds, actor, sides, k, release)
    progress(45)
    snapshot["trust_trend"] = _trust_trend(actor, rounds, sides, k, start, end, release)
    progress(60)
    snapshot["trust_steps"] = _trust_steps(actor, dialogue, start, end)
    progress(75)
    snapshot["options"] = _options(actor, dialogue, start, end)
    progress(85)
    snapshot["transfers"] = _transfers(actor, dialogue, start, end)
    snapshot["outcomes"] = _outcomes(actor, dialogue, start, end)
    snapshot["spending"] = _spending(actor, dialogue, start, end)
    snapshot["results"] = build_results(
        actor=actor,
        dialogue=dialogue,
        end=end,
        k=k,
        release=release,
        in_period=lambda field: _in_period(field, start, end),
    )
    progress(95)
    return snapshot, release.ledger


def _activity(rounds, actor, dialogue, start, end) -> dict:
    round_rows = list(rounds.order_by("starts_on").values("starts_on", "ends_on", "methodology"))
    sessions = (
        Session.objects.visible_to(actor)
        .filter(round__in=rounds.values("pk"))
        .filter(_in_period("starts_at__date", start, end))
        .count()
    )
    methodologies = sorted({r["methodology"] for r in round_rows})
    labels = dict(Round.Methodology.choices)
    return {
        "rounds": len(round_rows),
        "sessions": sessions,
        "days": sum((r["ends_on"] - r["starts_on"]).days + 1 for r in round_rows),
        "methodologies": [str(labels.get(m, m)) for m in methodologies],
    }


def _attendance(rounds, actor, sides, k, release: Release) -> dict:
    """Distinct participants who attended at least one round of the period, by side and by
    kind of position. Both tables share one total: it is shown only when neither table
    lets it give a suppressed or withheld cell away."""
    attended = (
        RoundParticipation.objects.visible_to(actor)
        .filter(round__in=rounds.values("pk"), attended=True)
        .values_list("participant__side", "participant__person__position_kind", "participant")
        .distinct()
    )
    by_side: dict[int, set[str]] = {}
    by_kind: dict[str, set[str]] = {}
    for side, kind, participant in attended:  # ids only: who attended, never a name
        key = contributor_key("participant", participant)
        by_side.setdefault(side, set()).add(key)
        by_kind.setdefault(kind or "", set()).add(key)
    cells = {f"attendance-side:{pk}": by_side.get(pk, set()) for pk in sides}
    cells |= {f"attendance-kind:{kind}": people for kind, people in by_kind.items()}
    cells["attendance-total"] = set().union(*by_side.values())
    withheld = release.withheld(cells)
    side_parts = {name: len(by_side.get(pk, ())) for pk, name in sides.items()}
    kind_labels = dict(Person.PositionKind.choices)
    kind_parts = {
        str(kind_labels.get(kind, NOT_RECORDED)) if kind else NOT_RECORDED: len(people)
        for kind, people in sorted(by_kind.items())
    }
    side_table = suppress_counts(side_parts, k, total=True)
    kind_table = suppress_counts(kind_parts, k, total=True)
    for pk, name in sides.items():
        if f"attendance-side:{pk}" in withheld:
            side_table["cells"][name] = WITHHELD
    for kind in by_kind:
        if f"attendance-kind:{kind}" in withheld:
            label = str(kind_labels.get(kind, NOT_RECORDED)) if kind else NOT_RECORDED
            kind_table["cells"][label] = WITHHELD
    total = side_table["total"] if side_table["total"] == kind_table["total"] else None
    if withheld:
        # A total beside a withheld cell would give it back by subtraction.
        total = None
    return {
        "by_side": list(side_table["cells"].items()),
        "by_kind": list(kind_table["cells"].items()),
        "total": total,
    }


def _trust_trend(actor, rounds, sides, k, start, end, release: Release) -> dict:
    readings = (
        TrustReading.objects.visible_to(actor)
        .filter(session__round__in=rounds.values("pk"))
        .filter(_in_period("session__starts_at__date", start, end))
    )
    contributors: dict[str, set[str]] = {}
    for round_id, side, pk in readings.values_list("session__round", "side", "pk"):
        key = f"trust:{round_id}:{side}"
        contributors.setdefault(key, set()).add(contributor_key("trustreading", pk))
    withheld = release.withheld(contributors)
    rows = (
        readings.values(
            "session__round", "session__round__title", "session__round__starts_on", "side"
        )
        .annotate(n=Count("pk"), trust=Sum("trust"), belief=Sum("belief"))
        .order_by("session__round__starts_on", "session__round", "side")
    )
    by_round: dict[int, dict] = {}
    for row in rows:  # one row per round and side, never per reading
        entry = by_round.setdefault(
            row["session__round"],
            {"round": f"Round {len(by_round) + 1}", "sides": {}},
        )
        if f"trust:{row['session__round']}:{row['side']}" in withheld:
            cell = {"n": WITHHELD, "trust": None, "belief": None}
        else:
            cell = {
                "n": suppress_count(row["n"], k),
                "trust": suppress_mean(row["trust"], row["n"], k),
                "belief": suppress_mean(row["belief"], row["n"], k),
            }
        entry["sides"][sides.get(row["side"], "?")] = cell
    # Sides that nobody gave a reading for in the whole period (a third party, say) are
    # left out: a zero over the whole period is no small group. Within the period, a
    # round without readings of a read side stays "fewer than k", like a small count.
    read = [name for pk, name in sides.items() if pk in {row["side"] for row in rows}]
    empty = {"n": suppress_count(0, k), "trust": None, "belief": None}
    for entry in by_round.values():
        entry["cells"] = [{"side": name, **entry["sides"].get(name, empty)} for name in read]
    return {"sides": read, "rounds": list(by_round.values())}


def _trust_steps(actor, dialogue, start, end) -> list:
    labels = dict(TrustStep.Kind.choices)
    rows = (
        TrustStep.objects.visible_to(actor)
        .reportable()
        .filter(dialogue=dialogue)
        .filter(_in_period("session__starts_at__date", start, end))
        .values("kind")
        .annotate(n=Count("pk"), effect=Avg("effect"))
        .order_by("kind")
    )
    return [
        {
            "kind": str(labels.get(r["kind"], r["kind"])),
            "count": r["n"],
            "effect": round(r["effect"], 1) if r["effect"] is not None else None,
        }
        for r in rows
    ]


def _options(actor, dialogue, start, end) -> dict:
    """How many reportable options reached each state in the period, in all and by topic;
    the titles of the publishable ones among them."""
    events = _option_events(actor, dialogue, start, end)
    states = [s for s, _label in Option.State.choices]
    state_labels = dict(Option.State.choices)
    totals = {
        r["to_state"]: r["n"]
        for r in events.values("to_state").annotate(n=Count("option", distinct=True))
    }
    topic_labels = dict(Topic.choices)
    by_topic: dict[str, dict] = {}
    for r in events.values("option__topics__topic", "to_state").annotate(
        n=Count("option", distinct=True)
    ):
        topic = r["option__topics__topic"]
        label = str(topic_labels.get(topic, topic)) if topic else "no topic"
        by_topic.setdefault(label, dict.fromkeys(states, 0))[r["to_state"]] = r["n"]
    return {
        "states": [str(state_labels[s]) for s in states],
        "funnel": [totals.get(s, 0) for s in states],
        "by_topic": [
            {"topic": t, "counts": [counts[s] for s in states]}
            for t, counts in sorted(by_topic.items())
        ],
        "titles": _publishable_titles(actor, events, state_labels),
    }


def _publishable_titles(actor, events, state_labels) -> list:
    """Title and last state in the period of each option an organizer marked publishable.

    Privacy: titles are encrypted and may name people or places, so only the rows
    marked publishable are fetched and decrypted (few by design); nothing else of an
    option (its text, sides, proposer) is read.
    """
    last_state = {}
    for r in (
        events.filter(option__publishable=True)
        .order_by("option", "at", "pk")
        .values("option", "to_state")
    ):
        last_state[r["option"]] = r["to_state"]  # ordered by time: the last one wins
    options = (
        Option.objects.visible_to(actor)
        .reportable()
        .filter(pk__in=list(last_state), publishable=True)
        .only("pk", "title")
    )
    return sorted(
        ({"title": o.title, "state": str(state_labels.get(last_state[o.pk], ""))} for o in options),
        key=lambda t: t["title"].casefold(),
    )


def _transfers(actor, dialogue, start, end) -> dict:
    qs = (
        Transfer.objects.visible_to(actor)
        .reportable()
        .filter(dialogue=dialogue)
        .filter(_in_period("transferred_on", start, end))
    )
    channels = dict(Transfer.Channel.choices)
    responses = dict(Transfer.ResponseKind.choices)
    return {
        "by_channel": [
            {"label": str(channels.get(r["channel"], r["channel"])), "count": r["n"]}
            for r in qs.values("channel").annotate(n=Count("pk")).order_by("channel")
        ],
        "by_response": [
            {"label": str(responses.get(r["response_kind"], r["response_kind"])), "count": r["n"]}
            for r in qs.values("response_kind").annotate(n=Count("pk")).order_by("response_kind")
        ],
    }


def _outcomes(actor, dialogue, start, end) -> list:
    qs = (
        Outcome.objects.visible_to(actor)
        .reportable()
        .filter(dialogue=dialogue, publishable=True)
        .filter(_in_period("observed_on", start, end))
    )
    significance = dict(Outcome.Significance.choices)
    who = dict(Outcome.WhoKind.choices)
    return [
        {
            "who": str(who.get(r["who_kind"], r["who_kind"])),
            "significance": str(significance.get(r["significance"], r["significance"])),
            "count": r["n"],
            "verified": r["verified_n"],
        }
        for r in qs.values("who_kind", "significance")
        .annotate(n=Count("pk"), verified_n=Count("pk", filter=Q(verified=True)))
        .order_by("who_kind", "significance")
    ]


def _spending(actor, dialogue, start, end) -> list:
    """Each granted (or ended) funding whose period overlaps the report's, with what the
    organizers recorded as spent. Amounts only: never conditions or the legitimacy risk.

    Privacy: every line keeps its funder's id, because a funder reads only the lines of
    its own funding (reports.selectors.spending_for); no total across funders is kept,
    since a total minus one's own amount would tell a funder what the others gave.
    """
    rows = (
        Funding.objects.visible_to(actor)
        .filter(dialogue=dialogue, status__in=[Funding.Status.GRANTED, Funding.Status.ENDED])
        .filter(_rounds_in_period(start, end))
        .order_by("starts_on", "pk")
        .values(
            "pk",
            "funder",
            "funder__name",
            "amount",
            "currency",
            "starts_on",
            "ends_on",
            "spent",
            "spent_as_of",
        )
    )
    return [
        {
            "funder_id": r["funder"],
            "funder": r["funder__name"],
            "starts_on": r["starts_on"].isoformat(),
            "ends_on": r["ends_on"].isoformat(),
            "amount": f"{r['amount']:.2f}",
            "currency": r["currency"],
            "spent": None if r["spent"] is None else f"{r['spent']:.2f}",
            "spent_as_of": r["spent_as_of"].isoformat() if r["spent_as_of"] else None,
            "percent": round(100 * r["spent"] / r["amount"])
            if r["spent"] is not None and r["amount"]
            else None,
        }
        for r in rows
    ]
