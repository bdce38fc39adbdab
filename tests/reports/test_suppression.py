"""Small-cell suppression: no cell below k shown, nothing recoverable by subtraction."""

import itertools

import pytest

from trackii.lib.suppression import fewer_than, suppress_count, suppress_counts, suppress_mean


def _candidates(shown: dict, k: int, total):
    """Every assignment of the suppressed cells a reader could believe, given what is shown:
    each suppressed cell in 0..k-1, and the total (when a number) equal to the sum."""
    hidden = [name for name, v in shown["cells"].items() if isinstance(v, str)]
    visible = sum(v for v in shown["cells"].values() if not isinstance(v, str))
    for values in itertools.product(range(k), repeat=len(hidden)):
        whole = visible + sum(values)
        if isinstance(total, int) and whole != total:
            continue
        if isinstance(total, str) and whole >= k:
            continue
        yield dict(zip(hidden, values, strict=True))


def test_suppress_counts_below_k_shows_fewer_than_k():
    result = suppress_counts({"A": 3, "B": 12}, 5, total=False)

    assert result == {"cells": {"A": "fewer than 5", "B": 12}, "total": None}


def test_suppress_counts_zero_is_suppressed_too():
    result = suppress_counts({"A": 0, "B": 7}, 5, total=False)

    assert result["cells"]["A"] == "fewer than 5"


def test_suppress_counts_with_one_suppressed_cell_withholds_the_total():
    result = suppress_counts({"A": 3, "B": 12, "C": 9}, 5, total=True)

    assert result == {"cells": {"A": "fewer than 5", "B": 12, "C": 9}, "total": None}


def test_suppress_counts_with_nothing_suppressed_shows_the_total():
    result = suppress_counts({"A": 5, "B": 12}, 5, total=True)

    assert result == {"cells": {"A": 5, "B": 12}, "total": 17}


def test_suppress_counts_with_two_undetermined_cells_shows_the_total():
    result = suppress_counts({"A": 1, "B": 2, "C": 10}, 5, total=True)

    assert result == {"cells": {"A": "fewer than 5", "B": "fewer than 5", "C": 10}, "total": 13}


def test_suppress_counts_with_two_zero_cells_withholds_the_total():
    result = suppress_counts({"A": 0, "B": 0, "C": 10}, 5, total=True)

    assert result["total"] is None


def test_suppress_counts_total_below_k_is_suppressed():
    result = suppress_counts({"A": 1, "B": 2}, 5, total=True)

    assert result["total"] == "fewer than 5"


def test_suppress_counts_negative_count_raises():
    with pytest.raises(ValueError, match="negative"):
        suppress_counts({"A": -1}, 5, total=False)


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("cells", [1, 2, 3])
def test_suppress_counts_no_cell_below_k_is_ever_shown_brute_force(k, cells):
    for values in itertools.product(range(k + 3), repeat=cells):
        parts = {f"c{i}": v for i, v in enumerate(values)}

        shown = suppress_counts(parts, k, total=True)

        for name, v in parts.items():
            assert (shown["cells"][name] == v) == (v >= k), (parts, shown)
        assert shown["total"] in (None, fewer_than(k), sum(values))


@pytest.mark.parametrize("k", [2, 3, 5])
@pytest.mark.parametrize("cells", [1, 2, 3, 4])
def test_suppress_counts_no_suppressed_cell_is_determined_brute_force(k, cells):
    top = k + 2 if cells < 4 else k + 1
    for values in itertools.product(range(top), repeat=cells):
        parts = {f"c{i}": v for i, v in enumerate(values)}
        shown = suppress_counts(parts, k, total=True)
        hidden = [n for n, v in shown["cells"].items() if isinstance(v, str)]

        candidates = list(_candidates(shown, k, shown["total"]))

        assert {n: parts[n] for n in hidden} in candidates, (parts, shown)
        for name in hidden:
            possible = {c[name] for c in candidates}
            assert len(possible) > 1, (parts, shown, name, possible)


def test_suppress_count_below_k_is_fewer_than_k():
    assert [suppress_count(4, 5), suppress_count(5, 5)] == ["fewer than 5", 5]


def test_suppress_mean_over_fewer_than_k_readings_is_none():
    assert suppress_mean(16, 4, 5) is None


def test_suppress_mean_over_k_readings_is_rounded():
    assert suppress_mean(17, 5, 5) == 3.4
