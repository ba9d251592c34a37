"""The backup history: dense near today, sparse further back (issue 7, Backups)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.models.retention import backups_to_keep

NOW = datetime(2026, 12, 3, 9, 0)


def _days(*ages: float) -> list[datetime]:
    return [NOW - timedelta(days=a) for a in ages]


@pytest.mark.parametrize(("taken", "kept"), [
    ([], []),
    (_days(0.1, 0.5, 1.0, 1.9), _days(0.1, 0.5, 1.0, 1.9)),           # last 2 days: all
    (_days(3.0, 3.1, 3.2), _days(3.0)),                                # one a day, the newest
    (_days(5.0, 6.0), _days(5.0, 6.0)),                                # two days, two kept
    (_days(29.0, 30.0, 31.0), _days(29.0)),                            # same ISO week: one
    (_days(200.0, 201.0, 230.0), _days(200.0, 230.0)),                 # by month, newest each
    (_days(800.0), _days(800.0)),                                      # the only one is kept
    (_days(0.2, 800.0, 900.0), _days(0.2)),                            # older than 2 years: gone
])
def test_policy_table(taken, kept):
    assert backups_to_keep(taken, NOW) == set(kept)


def test_keep_newest_keeps_a_count_however_old():
    taken = _days(800, 801, 802, 803)
    assert backups_to_keep(taken, NOW, keep_newest=3) == set(_days(800, 801, 802))


def test_four_hundred_days_of_use():
    """A backup at start (09:00) and on close (17:00) every working day, plus extra
    backups before imports on some days; pruning after each one, as the program does."""
    start = datetime(2025, 10, 1, 9, 0)
    files: set[datetime] = set()
    taken: list[datetime] = []
    day = start
    for n in range(400):
        day = start + timedelta(days=n)
        stamps = [] if day.weekday() >= 5 else [day, day.replace(hour=17)]
        if n % 7 == 3:
            stamps.append(day.replace(hour=10, minute=30))
        for when in sorted(stamps):
            files.add(when)
            taken.append(when)
            files = backups_to_keep(files, when, keep_newest=1)
    now = day.replace(hour=17)
    ages = sorted((now - f).days for f in files)
    # every backup of the last 2 days; one a day to 2 weeks; one a week to 3 months; one a month beyond
    recent = {f for f in taken if now - f < timedelta(days=2)}
    assert recent <= files and len(recent) >= 2
    daily = {f.date() for f in files if timedelta(days=2) <= now - f < timedelta(days=14)}
    assert len(daily) == len([f for f in files if timedelta(days=2) <= now - f < timedelta(days=14)])
    worked = {f.date() for f in taken if timedelta(days=2) <= now - f < timedelta(days=14)}
    assert daily == worked  # one kept for every day that had a backup
    weeks = [f.isocalendar()[:2] for f in files if timedelta(days=14) <= now - f < timedelta(days=92)]
    assert len(weeks) == len(set(weeks)) and len(weeks) >= 10
    months = [(f.year, f.month) for f in files if now - f >= timedelta(days=92)]
    assert len(months) == len(set(months)) and len(months) >= 9
    assert (start.year, start.month) in months  # the first month is still there after 400 days
    assert max(ages) >= 365
    assert len(files) <= 45
