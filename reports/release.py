"""The release rule of funder reports: what keeps one person's contribution from being
recovered by comparing reports (docs/threat-model.md, "Report release rule").

Within one report, small-cell suppression (trackii.lib.suppression) hides counts and means
of fewer than k people. Across reports it is not enough: two whole-dialogue reports, one
anonymous reading added in between, show "2 readings, mean 4.0" and "3 readings, mean
3.0", and the new reading is 1.0 exactly. So a cell about people is released only if

1. it counts at least k contributors (the dialogue's k when the report is built), and
2. for every cell of the same measure already published in any report of the dialogue,
   the two sets of contributors are the same or differ by at least k (the size of their
   symmetric difference is 0 or >= k). A cell that differs from a published one by 1 to
   k-1 contributors is withheld, and so is the total beside it.

This is the differencing check statistical offices run on overlapping areas and periods
(ONS, "Statistical disclosure control for the 2021 Census", the "differencing" risk;
CMS cell-size suppression policy, "complementary suppression"), applied to the handful of
frozen reports a dialogue publishes a year. It is applied pairwise: each new cell against
each published one.

Which contributors fed a released cell is kept with the report (`Report.release_ledger`),
as keyed hashes of record ids: never shown, no content, and useless without the key.

Raising k applies at once to everything already published: `resuppress` re-applies the
dialogue's current k whenever a report is shown, drawn as a PDF or fed to a trend.
"""

import copy
import hashlib
import hmac

from django.conf import settings

from trackii.lib.suppression import fewer_than

WITHHELD = "withheld"


def contributor_key(kind: str, pk: int) -> str:
    """A keyed hash of one contributing record: comparable across reports, and tells
    nothing about the record without the key."""
    message = f"trackii-report-release:{kind}:{pk}".encode()
    return hmac.new(settings.PSEUDONYM_KEY.encode(), message, hashlib.sha256).hexdigest()[:24]


def withheld_cells(cells: dict[str, set[str]], published: list[dict], k: int) -> set[str]:
    """The keys of `cells` (key -> contributor keys) that the rule withholds because an
    already published cell of the same key differs from them by 1 to k-1 contributors.
    `published`: the ledgers of the dialogue's published reports."""
    withheld = set()
    for key, contributors in cells.items():
        for ledger in published:
            earlier = ledger.get(key)
            if earlier is None:
                continue
            difference = len(contributors.symmetric_difference(earlier))
            if 0 < difference < k:
                withheld.add(key)
                break
    return withheld


def is_withheld(value) -> bool:
    return value == WITHHELD


def resuppress(snapshot: dict, k: int) -> dict:
    """`snapshot` as it may be shown under the dialogue's current `k`: every count about
    people below k becomes "fewer than k" (its means are dropped), and a total beside a
    cell hidden this way is withheld. A snapshot built with this k or a higher one is
    returned as it is."""
    if not snapshot or snapshot.get("k", k) >= k:
        return snapshot
    shown = copy.deepcopy(snapshot)
    shown["k"] = k
    for rnd in (shown.get("trust_trend") or {}).get("rounds", []):
        for cell in [*rnd.get("cells", []), *rnd.get("sides", {}).values()]:
            if isinstance(cell.get("n"), int) and cell["n"] < k:
                cell.update(n=fewer_than(k), trust=None, belief=None)
            elif isinstance(cell.get("n"), str) and not is_withheld(cell["n"]):
                cell["n"] = fewer_than(k)
    for statement in (shown.get("results") or {}).get("statements", []):
        for indicator in statement.get("indicators", []):
            n = indicator.get("n")
            if isinstance(n, int) and n < k:
                indicator.update(n=fewer_than(k), value=None, progress="no_value")
            elif isinstance(n, str) and not is_withheld(n):
                indicator["n"] = fewer_than(k)
    attendance = shown.get("attendance")
    if attendance:
        hidden = False
        for table in ("by_side", "by_kind"):
            rows = []
            for name, value in attendance.get(table, []):
                if isinstance(value, int) and value < k:
                    value, hidden = fewer_than(k), True
                elif isinstance(value, str) and not is_withheld(value):
                    value = fewer_than(k)
                rows.append([name, value])
            attendance[table] = rows
        total = attendance.get("total")
        if hidden or (isinstance(total, int) and total < k):
            attendance["total"] = None if hidden else fewer_than(k)
        elif isinstance(total, str):
            attendance["total"] = fewer_than(k)
    return shown
