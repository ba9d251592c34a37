"""The default report month with the office's own cut-off day (設定 › 填報截止日).

One place for the window, the printouts, the exports and every command's `--month`
default, so they all pick the same month on the same day (DESIGN.md §3b).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from desktop.models.rocdate import (
    CUTOFF_SETTING,
    DEFAULT_CUTOFF_DAY,
    cutoff_day_from,
    default_report_month,
)


class _Settings(Protocol):
    def get_setting(self, key: str, default: str = "") -> str: ...


def cutoff_day(store: _Settings) -> int:
    return cutoff_day_from(store.get_setting(CUTOFF_SETTING, str(DEFAULT_CUTOFF_DAY)))


def report_month_for(store: _Settings | None, plan_year: int, today: date | None = None) -> int:
    """default_report_month with the cut-off day stored in `store` (the default without one)."""
    day = cutoff_day(store) if store is not None else DEFAULT_CUTOFF_DAY
    return default_report_month(plan_year, today, day)
