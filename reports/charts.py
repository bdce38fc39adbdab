"""Server-drawn SVG charts for reports: geometry only, computed from a snapshot.

No JavaScript, no style attributes (strict CSP): the template draws rects with
presentation attributes, and every chart has a <title>, a <desc> and a table beside it.
"""

SCALE_MAX = 5  # trust and belief are scored 1-5
BAR_WIDTH = 18
BAR_GAP = 4
GROUP_GAP = 24
PLOT_HEIGHT = 150
TOP = 10
LEFT = 30
PALETTE = ["#1f5f8b", "#b5562b", "#4b7f3a", "#7a4b8f", "#8a7a2c", "#2c7a7a"]


def trust_chart(trend: dict) -> dict | None:
    """Bars of mean trust per side (colour) per round (group); None when nothing to draw.
    Means withheld by suppression are drawn as no bar, and said so in the table."""
    rounds = trend.get("rounds") or []
    sides = trend.get("sides") or []
    if not rounds or not sides:
        return None
    group_width = len(sides) * (BAR_WIDTH + BAR_GAP)
    groups = []
    for i, rnd in enumerate(rounds):
        x0 = LEFT + i * (group_width + GROUP_GAP)
        bars = []
        for j, side in enumerate(sides):
            value = (rnd["sides"].get(side) or {}).get("trust")
            if value is None:
                continue
            height = round(PLOT_HEIGHT * value / SCALE_MAX)
            bars.append(
                {
                    "x": x0 + j * (BAR_WIDTH + BAR_GAP),
                    "y": TOP + PLOT_HEIGHT - height,
                    "width": BAR_WIDTH,
                    "height": height,
                    "fill": PALETTE[j % len(PALETTE)],
                    "label": f"{side}: {value}",
                }
            )
        groups.append({"label": rnd["round"], "x": x0 + group_width / 2, "bars": bars})
    width = LEFT + len(rounds) * (group_width + GROUP_GAP)
    return {
        "width": width,
        "height": TOP + PLOT_HEIGHT + 30,
        "baseline": TOP + PLOT_HEIGHT,
        "label_y": TOP + PLOT_HEIGHT + 18,
        "groups": groups,
        "legend": [
            {"side": side, "fill": PALETTE[j % len(PALETTE)]} for j, side in enumerate(sides)
        ],
        "ticks": [
            {"value": v, "y": TOP + PLOT_HEIGHT - PLOT_HEIGHT * v / SCALE_MAX}
            for v in range(1, SCALE_MAX + 1)
        ],
        "left": LEFT,
    }
