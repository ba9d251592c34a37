"""ROC (民國) dates, the way Taiwanese offices write them."""

from __future__ import annotations

from datetime import date, datetime

ROC_OFFSET = 1911


def current_roc_year(today: date | None = None) -> int:
    return (today or date.today()).year - ROC_OFFSET


def roc_long(d: date | datetime) -> str:
    """113年5月3日"""
    return f"{d.year - ROC_OFFSET}年{d.month}月{d.day}日"


def roc_short(d: date | datetime) -> str:
    """113/05/03"""
    return f"{d.year - ROC_OFFSET}/{d.month:02d}/{d.day:02d}"


def roc_from_iso(text: str, long: bool = False) -> str:
    """An ISO date or timestamp as a ROC date; '' stays ''."""
    if not text:
        return ""
    d = datetime.fromisoformat(text)
    return roc_long(d) if long else roc_short(d)


DEFAULT_CUTOFF_DAY = 10
CUTOFF_SETTING = "report_cutoff_day"


def default_report_month(plan_year: int, today: date | None = None,
                         cutoff_day: int = DEFAULT_CUTOFF_DAY) -> int:
    """DESIGN.md §3b: sections report a month in the first days of the next one, so until
    the cut-off day (inclusive) the previous month, after it the current month; a plan of
    another year: December. In January before the cut-off the plan's year has no previous
    month yet, so 1月."""
    today = today or date.today()
    if plan_year != current_roc_year(today):
        return 12
    if today.day <= cutoff_day:
        return max(1, today.month - 1)
    return today.month


def cutoff_day_from(text: str) -> int:
    """The stored 填報截止日 setting as a day 1–28; anything unreadable is the default."""
    try:
        day = int(str(text).strip())
    except ValueError:
        return DEFAULT_CUTOFF_DAY
    return day if 1 <= day <= 28 else DEFAULT_CUTOFF_DAY
