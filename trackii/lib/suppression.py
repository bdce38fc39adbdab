"""Small-cell suppression for funder reports (DESIGN.md, "The privacy model").

Pure functions, no Django state. Every count about people below the dialogue's
threshold k is shown as "fewer than k" (zero included: "nobody from side X came" is
itself a disclosure), and a total is withheld whenever it and the shown cells would
pin down a suppressed cell by subtraction.

What a reader knows: the shown cells, the total if shown, and that every suppressed
cell lies in 0..k-1. A suppressed cell is *determined* when that knowledge leaves it
a single possible value; `suppress_counts` never publishes such a combination.
"""

from collections.abc import Mapping


def fewer_than(k: int) -> str:
    """The display value of a suppressed count."""
    return f"fewer than {k}"


def _remainder_determines_a_cell(remainder: int, suppressed: int, k: int) -> bool:
    """Whether `suppressed` cells, each in 0..k-1 and summing to `remainder`, leave any
    one of them a single possible value (then all of them, by symmetry)."""
    if suppressed == 0:
        return False
    low = max(0, remainder - (suppressed - 1) * (k - 1))
    high = min(k - 1, remainder)
    return low == high


def suppress_counts(parts: Mapping[str, int], k: int, *, total: bool) -> dict:
    """Display values for counts about people: {"cells": {name: int | "fewer than k"},
    "total": int | "fewer than k" | None}.

    - a cell below k (0 included) becomes "fewer than k";
    - with total=True the total is shown, suppressed itself when below k, unless the
      total minus the shown cells would determine a suppressed cell (one suppressed
      cell, or several that must all be 0 or all k-1): then it is withheld (None);
    - with total=False there is no total (None).

    Withholding the total, rather than suppressing a second cell, keeps every
    "fewer than k" true: a larger cell shown as "fewer than k" would mislead, and one
    labelled otherwise would still give the first cell away.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if any(v < 0 for v in parts.values()):
        raise ValueError("counts cannot be negative")
    cells = {name: (v if v >= k else fewer_than(k)) for name, v in parts.items()}
    if not total:
        return {"cells": cells, "total": None}
    whole = sum(parts.values())
    if whole < k:
        return {"cells": cells, "total": fewer_than(k)}
    hidden = [v for v in parts.values() if v < k]
    remainder = whole - sum(v for v in parts.values() if v >= k)
    if _remainder_determines_a_cell(remainder, len(hidden), k):
        return {"cells": cells, "total": None}
    return {"cells": cells, "total": whole}


def suppress_count(value: int, k: int) -> int | str:
    """One count about people on its own."""
    return value if value >= k else fewer_than(k)


def suppress_mean(values_sum: float | None, n: int, k: int, *, digits: int = 1) -> float | None:
    """The mean of `n` readings summing to `values_sum`, rounded; None when n < k
    (a mean over a handful of people is close to their individual answers)."""
    if n < k or n <= 0 or values_sum is None:
        return None
    return round(values_sum / n, digits)
