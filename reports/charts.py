"""Server-drawn SVG charts for reports: geometry only, computed from snapshots.

No JavaScript, no style attributes (strict CSP): reports/includes/bar_chart.html draws
rects with presentation attributes, and every chart has a <title>, a <desc> and a table
beside it with the same figures (its text alternative).
"""

import math

SCALE_MAX = 5  # trust and belief are scored 1-5
BAR_WIDTH = 18
BAR_GAP = 4
GROUP_GAP = 24
PLOT_HEIGHT = 150
TOP = 10
LEFT = 30
PALETTE = ["#1f5f8b", "#b5562b", "#4b7f3a", "#7a4b8f", "#8a7a2c", "#2c7a7a", "#8b1f4f"]


def _nice_max(value: float) -> int:
    """The smallest of 5, 10, 20, 50, 100, ... at or above `value` (an axis top)."""
    top = 5
    while top < value:
        top = top * 2 if str(top)[0] == "5" else math.ceil(top * 2.5)
    return top


def grouped_bars(
    *, groups: list[str], series: list[str], values: list[list], scale_max: float | None = None
) -> dict | None:
    """Bars of `values[group][series]`, one colour per series, one cluster per group.

    A None value (withheld by suppression, or not recorded) is drawn as no bar; the
    table beside the chart says so. None when there is nothing to draw.
    """
    if not groups or not series:
        return None
    shown = [v for row in values for v in row if v is not None]
    top = scale_max or _nice_max(max(shown, default=0))
    group_width = len(series) * (BAR_WIDTH + BAR_GAP)
    drawn = []
    for i, label in enumerate(groups):
        x0 = LEFT + i * (group_width + GROUP_GAP)
        bars = []
        for j, name in enumerate(series):
            value = values[i][j]
            if value is None:
                continue
            height = round(PLOT_HEIGHT * value / top)
            bars.append(
                {
                    "x": x0 + j * (BAR_WIDTH + BAR_GAP),
                    "y": TOP + PLOT_HEIGHT - height,
                    "width": BAR_WIDTH,
                    "height": height,
                    "fill": PALETTE[j % len(PALETTE)],
                    "label": f"{name}: {value}",
                }
            )
        drawn.append({"label": label, "x": x0 + group_width / 2, "bars": bars})
    step = 1 if top <= 5 else top / 5
    return {
        "width": LEFT + len(groups) * (group_width + GROUP_GAP),
        "height": TOP + PLOT_HEIGHT + 30,
        "baseline": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 18,
        "groups": drawn,
        "legend": [
            {"name": name, "fill": PALETTE[j % len(PALETTE)]} for j, name in enumerate(series)
        ],
        "ticks": [
            {"value": f"{step * t:g}", "y": TOP + PLOT_HEIGHT - PLOT_HEIGHT * step * t / top}
            for t in range(1, round(top / step) + 1)
        ],
        "left": LEFT,
    }


def trust_chart(trend: dict) -> dict | None:
    """Bars of mean trust per side (colour) per round (group) of one report."""
    rounds = trend.get("rounds") or []
    sides = trend.get("sides") or []
    return grouped_bars(
        groups=[r["round"] for r in rounds],
        series=sides,
        values=[[(r["sides"].get(side) or {}).get("trust") for side in sides] for r in rounds],
        scale_max=SCALE_MAX,
    )
