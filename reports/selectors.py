"""What each reader sees of a report's snapshot, where that differs by reader."""

from datetime import date

from django.db.models import Exists, OuterRef

from dialogues.models import Dialogue, FunderContact, Funding, ReportingObligation
from reports.charts import HIDDEN, SCALE_MAX, grouped_bars, trust_chart
from reports.models import Report
from reports.release import resuppress
from reports.results import NO_VALUE, PROGRESS_LABELS
from trackii.lib.safemarkdown import render as render_markdown
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role


def spending_for(*, snapshot: dict, user, dialogue, is_organizer: bool) -> list:
    """The snapshot's spending lines `user` may read.

    Organizers of the dialogue: every line. Anyone else (a funder): only the lines of
    the funder organisations the organizers linked them to in this very dialogue
    (FunderContact): a link made in another dialogue shows nothing here. A funder
    never sees another funder's name, amount or spending, nor a total that includes
    them (DESIGN.md, "Funders never read raw content": who else pays is team business).
    """
    lines = snapshot.get("spending") or []
    if is_organizer or not lines:
        return lines
    own = set(
        FunderContact.objects.filter(user=user, dialogue=dialogue).values_list(
            "funder_id", flat=True
        )
    )
    return [line for line in lines if line["funder_id"] in own]


def _trend_label(report: dict) -> str:
    period = (report["snapshot"] or {}).get("period") or {}
    published = report["published_at"]
    return period.get("ends_on") or (published.date().isoformat() if published else "")


def _unique(labels: list[str]) -> list[str]:
    """Axis labels told apart: two reports of the same period end get "(2)", "(3)"..."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _trust_chart(labels: list[str], sides: list[str], trust: list[list]) -> dict | None:
    """Mean trust per side across reports: only sides with a mean in some report; a
    report that shows no mean for a side draws a dash (its table says "not shown")."""
    drawn = [j for j, _side in enumerate(sides) if any(row[j] is not None for row in trust)]
    if not drawn:
        return None
    return grouped_bars(
        groups=labels,
        series=[sides[j] for j in drawn],
        values=[[HIDDEN if row[j] is None else row[j] for j in drawn] for row in trust],
        scale_max=SCALE_MAX,
    )


def trends(reports: list[dict], *, k: int | None = None) -> dict:
    """Trust and options across a dialogue's published reports, oldest period first,
    read from their frozen snapshots only (never from live data).

    Trust per side per report is the mean of the round means the report shows, weighted
    by their readings: a mean withheld by suppression stays out, so nothing hidden in a
    report comes back here. `k`, the dialogue's k of today, is applied again to every
    snapshot first (reports.release.resuppress): raising k reaches the trends at once.
    """
    if k is not None:
        reports = [{**r, "snapshot": resuppress(r["snapshot"], k)} for r in reports]
    ordered = sorted(
        (r for r in reports if r["snapshot"]), key=lambda r: (_trend_label(r), r["pk"])
    )
    labels = _unique([_trend_label(r) for r in ordered])
    sides: list[str] = []
    trust_rows = []
    for r in ordered:
        sums: dict[str, list] = {}
        for rnd in (r["snapshot"].get("trust_trend") or {}).get("rounds", []):
            for cell in rnd.get("cells", []):
                if cell["side"] not in sides:
                    sides.append(cell["side"])
                if cell.get("trust") is None or not isinstance(cell.get("n"), int):
                    continue
                total = sums.setdefault(cell["side"], [0.0, 0])
                total[0] += cell["trust"] * cell["n"]
                total[1] += cell["n"]
        trust_rows.append(sums)
    trust = [
        [round(s[side][0] / s[side][1], 1) if side in s else None for side in sides]
        for s in trust_rows
    ]
    states = next(
        (r["snapshot"]["options"]["states"] for r in ordered if r["snapshot"].get("options")), []
    )
    options = [
        ((r["snapshot"] or {}).get("options") or {}).get("funnel") or [0] * len(states)
        for r in ordered
    ]
    return {
        "reports": [
            {"label": label, "title": r["title"]} for label, r in zip(labels, ordered, strict=True)
        ],
        "sides": sides,
        "trust": trust,
        "trust_table": [
            {"label": label, "title": r["title"], "values": row}
            for label, r, row in zip(labels, ordered, trust, strict=True)
        ],
        "trust_chart": _trust_chart(labels, sides, trust),
        "states": states,
        "options_table": [
            {"label": label, "title": r["title"], "values": row}
            for label, r, row in zip(labels, ordered, options, strict=True)
        ],
        # A chart of zeros says nothing a sentence cannot: the template says it instead.
        "options_chart": grouped_bars(groups=labels, series=states, values=options)
        if any(v for row in options for v in row)
        else None,
    }


def funder_members(dialogue):
    """The memberships of the active accounts that read the dialogue's published reports
    (its funders): who is told, and sees it at once, when a report is published or
    withdrawn."""
    return Membership.objects.filter(dialogue=dialogue, role=Role.FUNDER, user__is_active=True)


def _period_end(snapshot: dict) -> str:
    return ((snapshot or {}).get("period") or {}).get("ends_on") or ""


def results_over_time(report, snap: dict) -> list[dict]:
    """The report's results against the theory of change, each indicator with its values
    across the dialogue's published reports up to this one's period end (their frozen
    snapshots, under today's k) and this report's own: a chart and its table.

    Privacy: only frozen snapshots are read, never live data; withdrawn reports stay out
    (funders were asked not to use their figures); a value hidden in a report (fewer
    than k readings, withheld) stays hidden here.
    """
    statements = (snap.get("results") or {}).get("statements") or []
    if not statements:
        return []
    k = report.dialogue.k_threshold
    end = _period_end(snap)
    earlier = [
        {**r, "snapshot": resuppress(r["snapshot"], k)}
        for r in Report.objects.published()
        .filter(dialogue_id=report.dialogue_id)
        .exclude(pk=report.pk)
        .values("pk", "title", "snapshot")
        if r["snapshot"] and _period_end(r["snapshot"]) <= end
    ]
    timeline = sorted(earlier, key=lambda r: (_period_end(r["snapshot"]), r["pk"]))
    timeline.append({"pk": report.pk, "title": report.title, "snapshot": snap})
    labels = _unique([_period_end(r["snapshot"]) for r in timeline])
    values: list[dict[int, dict]] = [
        {
            i["id"]: i
            for st in (r["snapshot"].get("results") or {}).get("statements", [])
            for i in st.get("indicators", [])
        }
        for r in timeline
    ]
    shown = []
    for statement in statements:
        indicators = []
        for indicator in statement.get("indicators", []):
            rows = [
                {
                    "label": label,
                    "title": r["title"],
                    "value": by_id.get(indicator["id"], {}).get("value"),
                    "progress": PROGRESS_LABELS.get(
                        by_id.get(indicator["id"], {}).get("progress", NO_VALUE)
                    ),
                    "recorded": indicator["id"] in by_id,
                }
                for label, r, by_id in zip(labels, timeline, values, strict=True)
            ]
            drawn = [row for row in rows if row["recorded"]]
            # No chart when no report shows a value: a row of dashes says nothing.
            chart = (
                grouped_bars(
                    groups=[row["label"] for row in drawn],
                    series=[indicator["name"]],
                    values=[[HIDDEN if row["value"] is None else row["value"]] for row in drawn],
                )
                if any(row["value"] is not None for row in drawn)
                else None
            )
            indicators.append(
                {
                    **indicator,
                    "progress_label": PROGRESS_LABELS.get(indicator["progress"]),
                    "chart": chart,
                    "chart_id": f"indicator-chart-{indicator['id']}",
                    "history": drawn,
                }
            )
        shown.append({**statement, "indicators": indicators})
    return shown


def report_body(report) -> dict:
    """What a report's body shows, its page and its PDF alike: the snapshot under the
    dialogue's k of today (raising k re-suppresses published reports at once), the
    trust and belief charts, the results against the theory of change, and the
    narrative."""
    snap = resuppress(report.snapshot or {}, report.dialogue.k_threshold)
    trend = snap.get("trust_trend") or {}
    return {
        "report": report,
        "snap": snap,
        "chart": trust_chart(trend),
        "belief_chart": trust_chart(trend, "belief"),
        "results": results_over_time(report, snap),
        "narrative_html": render_markdown(report.narrative),
    }


def period_dates(snapshot: dict) -> dict:
    """The first and last day a frozen report covers, as dates (None for an open start),
    and whether both fall in one year: how a list tells "Q3 2026, 1 Jul – 30 Sep" from
    another report published the same day."""
    period = (snapshot or {}).get("period") or {}
    starts = date.fromisoformat(period["starts_on"]) if period.get("starts_on") else None
    ends = date.fromisoformat(period["ends_on"]) if period.get("ends_on") else None
    return {
        "starts_on": starts,
        "ends_on": ends,
        "one_year": bool(starts and ends and starts.year == ends.year),
    }


def funder_dashboard(user) -> list[dict]:
    """The dialogues `user` funds (by code name), each with its published reports, the
    trends across them, and the user's own funding periods and reports due there.

    Privacy: reports through Report.visible_to (published, funded dialogues only).
    Fundings and obligations are team records; a funder reads only those of the funder
    organisations the organizers linked them to in that dialogue (FunderContact), where they
    hold the funder role, and of those only periods, amounts and due reports: never
    conditions, legitimacy risk, or another funder's money.
    A fixed number of queries, whatever the number of dialogues or reports.
    """
    funded = Membership.objects.dialogue_ids(user, {Role.FUNDER})
    dialogues = list(Dialogue.objects.filter(pk__in=funded).order_by("code_name"))
    if not dialogues:
        return []
    reports = (
        Report.objects.visible_to(user)
        .published()
        .filter(dialogue_id__in=funded)
        .order_by("-published_at", "-id")
        .values("pk", "dialogue_id", "title", "published_at", "snapshot")
    )
    withdrawn = (
        Report.objects.withdrawal_notices(user)
        .filter(dialogue_id__in=funded)
        .order_by("-withdrawn_at", "-id")
        .values("pk", "dialogue_id", "title", "published_at", "withdrawn_at")
    )
    fundings = list(
        Funding.objects.filter(
            Exists(
                FunderContact.objects.filter(
                    user=user, dialogue=OuterRef("dialogue"), funder=OuterRef("funder")
                )
            ),
            dialogue_id__in=funded,
            status__in=[Funding.Status.GRANTED, Funding.Status.ENDED],
        )
        .order_by("starts_on", "pk")
        .values("pk", "dialogue_id", "starts_on", "ends_on", "amount", "currency", "status")
    )
    due = (
        ReportingObligation.objects.filter(funding__in=[f["pk"] for f in fundings], done=False)
        .order_by("due_on", "pk")
        .values("funding__dialogue_id", "description", "due_on")
    )
    by_dialogue: dict[int, dict] = {
        d.pk: {"dialogue": d, "reports": [], "withdrawn": [], "fundings": [], "due": []}
        for d in dialogues
    }
    for r in reports:
        by_dialogue[r["dialogue_id"]]["reports"].append({**r, **period_dates(r["snapshot"])})
    for r in withdrawn:
        by_dialogue[r["dialogue_id"]]["withdrawn"].append(r)
    status_labels = dict(Funding.Status.choices)
    for f in fundings:
        by_dialogue[f["dialogue_id"]]["fundings"].append(
            {**f, "status_label": status_labels.get(f["status"], f["status"])}
        )
    for o in due:
        by_dialogue[o["funding__dialogue_id"]]["due"].append(o)
    rows = list(by_dialogue.values())
    for row in rows:
        row["trends"] = trends(row["reports"], k=row["dialogue"].k_threshold)
        pk = row["dialogue"].pk
        row["chart_ids"] = {"trust": f"trust-trend-{pk}", "options": f"options-trend-{pk}"}
    return rows
