"""Which backups to keep: a history dense near today and sparse further back.

A pure function over the dates the backups were taken, so it can be tested over years of
simulated use without touching a disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

# (age below which the rule applies, how backups of that age are grouped); first match wins.
KEEP_ALL = timedelta(days=2)
RULES: tuple[tuple[timedelta, str], ...] = (
    (timedelta(days=14), "day"),
    (timedelta(days=92), "week"),
    (timedelta(days=731), "month"),
)

POLICY_TEXT = ("最近 2 天的備份全部保留；2 週內每天保留 1 份；\n"
               "3 個月內每週保留 1 份；2 年內每月保留 1 份；更舊的自動刪除。\n"
               "最新的幾份（保留份數）無論多舊都保留。")


def _bucket(taken: datetime, grouping: str) -> tuple:
    if grouping == "day":
        return ("day", taken.date())
    if grouping == "week":
        year, week, _ = taken.isocalendar()
        return ("week", year, week)
    return ("month", taken.year, taken.month)


def backups_to_keep(taken: Iterable[datetime], now: datetime, keep_newest: int = 1) -> set[datetime]:
    """The dates among `taken` whose backups stay: every one of the last 2 days, then the
    newest of each day for 2 weeks, of each ISO week for 3 months and of each month for
    2 years; and always the newest `keep_newest` (at least one), however old."""
    dates = sorted(set(taken), reverse=True)
    keep = set(dates[: max(1, keep_newest)])
    seen: set[tuple] = set()
    for when in dates:  # newest first, so the first of a bucket is its newest
        age = now - when
        if age < KEEP_ALL:
            keep.add(when)
            continue
        grouping = next((g for limit, g in RULES if age < limit), None)
        if grouping is None:
            continue
        bucket = _bucket(when, grouping)
        if bucket not in seen:
            seen.add(bucket)
            keep.add(when)
    return keep
