"""The cost-growth table `make bench` prints: every measured row is shown and judged."""

from __future__ import annotations

import pytest

from bench.run_all import _grouped, _table_row


def _row(what, tasks, seconds, budget=None):
    return {"what": what, "tasks": tasks, "seconds": seconds, "budget": budget}


def test_a_measure_taken_only_at_5000_is_judged_there_and_says_so():
    """Search is measured at 5,000 tasks only: its budget used to be dropped (— —)."""
    (what, by_n), = _grouped([_row("search", 5000, 0.009, 0.05)]).items()
    assert _table_row(what, by_n) == "| search | — | 9 ms | — | — | 50 ms at 5,000 | ✓ |"


def test_the_ratio_and_the_budget_at_1000():
    rows = [_row("toggle", 1000, 0.005, 0.01), _row("toggle", 5000, 0.004),
            _row("toggle", 20000, 0.020)]
    (what, by_n), = _grouped(rows).items()
    assert _table_row(what, by_n) == "| toggle | 5 ms | 4 ms | 20 ms | × 4.0 | 10 ms | ✓ |"


def test_a_size_without_a_column_is_refused_not_hidden():
    """Snapshots were measured at 500 tasks, a size the table has no column for: the row
    printed nothing but dashes."""
    with pytest.raises(ValueError, match="500"):
        _grouped([_row("snapshot take", 500, 0.1, 0.5)])


def test_under_a_millisecond_is_not_printed_as_zero():
    (what, by_n), = _grouped([_row("search", 5000, 0.0004, 0.05)]).items()
    assert "| 0.4 ms |" in _table_row(what, by_n)
