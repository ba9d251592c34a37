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


def default_report_month(plan_year: int, today: date | None = None) -> int:
    """This month when the plan is this ROC year; December for past and future plans."""
    today = today or date.today()
    return today.month if plan_year == current_roc_year(today) else 12
