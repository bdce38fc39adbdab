"""Server-drawn SVG charts for reports: geometry only, computed from snapshots.

No JavaScript, no style attributes (strict CSP): reports/includes/bar_chart.html draws
rects with presentation attributes, and every chart has a <title>, a <desc> and a table
beside it with the same figures (its text alternative).

Labels are drawn at 12 to 13 px (readable at 100 % zoom and in the PDF), each bar carries
its value, and a value withheld by suppression is drawn as a dash in its place, with a
note in the chart itself, so that an empty spot is never read as a zero.
"""

import math

SCALE_MAX = 5  # trust and belief are scored 1-5
BAR_WIDTH = 26
BAR_GAP = 6
GROUP_GAP = 32
PLOT_HEIGHT = 160
TOP = 22  # room for the value above the tallest bar
LEFT = 34
LABEL_SIZE = 13
TICK_SIZE = 12
PALETTE = ["#1f5f8b", "#b5562b", "#4b7f3a", "#7a4b8f", "#8a7a2c", "#2c7a7a", "#8b1f4f"]

#: A value that exists but is not shown (fewer than k, or withheld by the release rule).
HIDDEN = object()


def _nice_max(value: float) -> int:
    """The smallest of 5, 10, 20, 50, 100, ... at or above `value` (an axis top)."""
    top = 5
    while top < value:
        top = top * 2 if str(top)[0] == "5" else math.ceil(top * 2.5)
    return top


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def grouped_bars(
    *, groups: list[str], series: list[str], values: list[list], scale_max: float | None = None
) -> dict | None:
    """Bars of `values[group][series]`, one colour per series, one cluster per group.

    A value may be a number, None (nothing recorded: no bar) or HIDDEN (recorded but not
    shown: a dash in the bar's place, and the chart's `has_hidden` turns its note on).
    None when there is nothing to draw.
    """
    if not groups or not series:
        return None
    shown = [v for row in values for v in row if v is not None and v is not HIDDEN]
    top = scale_max or _nice_max(max(shown, default=0))
    group_width = len(series) * (BAR_WIDTH + BAR_GAP)
    drawn = []
    has_hidden = False
    for i, label in enumerate(groups):
        x0 = LEFT + i * (group_width + GROUP_GAP)
        bars, dashes = [], []
        for j, name in enumerate(series):
            value = values[i][j]
            x = x0 + j * (BAR_WIDTH + BAR_GAP)
            if value is HIDDEN:
                has_hidden = True
                dashes.append({"x": x + BAR_WIDTH / 2, "y": TOP + PLOT_HEIGHT - 6, "label": name})
                continue
            if value is None:
                continue
            height = round(PLOT_HEIGHT * value / top)
            y = TOP + PLOT_HEIGHT - height
            bars.append(
                {
                    "x": x,
                    "y": y,
                    "width": BAR_WIDTH,
                    "height": height,
                    "fill": PALETTE[j % len(PALETTE)],
                    "label": f"{name}: {_number(value)}",
                    "value": _number(value),
                    "value_x": x + BAR_WIDTH / 2,
                    "value_y": y - 5,
                }
            )
        drawn.append({"label": label, "x": x0 + group_width / 2, "bars": bars, "dashes": dashes})
    step = 1 if top <= 5 else top / 5
    return {
        "width": LEFT + len(groups) * (group_width + GROUP_GAP),
        "height": TOP + PLOT_HEIGHT + 30,
        "baseline": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 20,
        "label_size": LABEL_SIZE,
        "tick_size": TICK_SIZE,
        "groups": drawn,
        "has_hidden": has_hidden,
        "legend": [
            {"name": name, "fill": PALETTE[j % len(PALETTE)]} for j, name in enumerate(series)
        ],
        "ticks": [
            {
                "value": f"{step * t:g}",
                "y": TOP + PLOT_HEIGHT - PLOT_HEIGHT * step * t / top,
                "label_y": TOP + PLOT_HEIGHT - PLOT_HEIGHT * step * t / top + 4,
            }
            for t in range(1, round(top / step) + 1)
        ],
        "left": LEFT,
    }


def _mean_or_hidden(cell: dict | None, measure: str):
    if cell is None:
        return None
    value = cell.get(measure)
    return HIDDEN if value is None else value


def trust_chart(trend: dict, measure: str = "trust") -> dict | None:
    """Bars of one report's mean `measure` ("trust" or "belief") per side (colour) per
    round (group). The snapshot lists only sides someone gave a reading for; a mean not
    shown (fewer than k readings, or withheld) is a dash. None when no mean is shown."""
    rounds = trend.get("rounds") or []
    sides = trend.get("sides") or []
    cells = [{c["side"]: c for c in r.get("cells", [])} for r in rounds]
    if not any((c.get(side) or {}).get(measure) is not None for c in cells for side in sides):
        return None
    return grouped_bars(
        groups=[r["round"] for r in rounds],
        series=sides,
        values=[
            [_mean_or_hidden(by_side.get(side), measure) for side in sides] for by_side in cells
        ],
        scale_max=SCALE_MAX,
    )
