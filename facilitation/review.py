"""Reads of the round review: trust readings per side, the options' movement, trust steps.

Every figure is an SQL aggregate over rows the user may read (visible_to), with the
number of readings or steps behind each mean.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count

from dialogues.models import Side
from facilitation.models import Option, OptionEvent, Session, TrustReading, TrustStep


@dataclass
class ReadingRow:
    label: str
    cells: list = field(default_factory=list)  # per side: {"trust", "belief", "n"} or None


def _readings_table(rows, key, labels, sides) -> list[ReadingRow]:
    found = {(r[key], r["side"]): r for r in rows}
    return [
        ReadingRow(label=label, cells=[found.get((pk, side.pk)) for side in sides])
        for pk, label in labels
    ]


def round_review(user, round_) -> dict:
    sides = [s for s in Side.objects.filter(dialogue_id=round_.dialogue_id) if not s.is_third_party]
    sessions = list(
        Session.objects.visible_to(user).filter(round=round_).order_by("starts_at", "id")
    )
    readings = TrustReading.objects.visible_to(user)
    aggregates = {"trust": Avg("trust"), "belief": Avg("belief"), "n": Count("id")}
    per_session = (
        readings.filter(session__round=round_).values("session", "side").annotate(**aggregates)
    )
    earlier = list(
        readings.filter(
            session__round__dialogue_id=round_.dialogue_id,
            session__round__starts_on__lt=round_.starts_on,
        )
        .values("session__round", "session__round__title", "session__round__starts_on", "side")
        .annotate(**aggregates)
        .order_by("session__round__starts_on", "session__round")
    )
    earlier_labels = list(
        dict.fromkeys((r["session__round"], r["session__round__title"]) for r in earlier)
    )
    options = Option.objects.visible_to(user).filter(session__round=round_)
    events = (
        OptionEvent.objects.visible_to(user)
        .filter(option__session__round=round_)
        .exclude(from_state="")  # the creation (∅ → floated) is counted as created
        .values("to_state")
        .annotate(n=Count("id"))
        .order_by("to_state")
    )
    state_labels = dict(Option.State.choices)
    steps = (
        TrustStep.objects.visible_to(user)
        .filter(session__round=round_)
        .values("kind")
        .annotate(n=Count("id"), judged=Count("effect"), mean=Avg("effect"))
        .order_by("kind")
    )
    kind_labels = dict(TrustStep.Kind.choices)
    return {
        "sides": sides,
        "per_session": _readings_table(
            list(per_session), "session", [(s.pk, s.title) for s in sessions], sides
        ),
        "earlier": _readings_table(
            [{**r, "round": r["session__round"]} for r in earlier], "round", earlier_labels, sides
        ),
        "options_created": options.count(),
        "moves": [
            {"state": state_labels.get(e["to_state"], e["to_state"]), "n": e["n"]} for e in events
        ],
        "steps": [{**s, "label": kind_labels.get(s["kind"], s["kind"])} for s in steps],
    }
