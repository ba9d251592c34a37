"""The one function that checks a task's KPI target (DESIGN.md §3a), beside `derive_state`.

Every screen and printout calls `month_results` / `year_result`; nothing else decides
達成 or 未達成.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from desktop.models.domain import Progress, Task


class KpiResult(StrEnum):
    MET = "達成"
    MISSED = "未達成"
    MISSING = "未填"
    NOT_DUE = "未到期"


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def parse_actual(text: str) -> float | None:
    """「95」「95%」「９５％」「1,200」 → a number; anything else (「九成」「約95」) → None.

    Full-width digits and signs are folded first (NFKC); a trailing % is allowed.
    """
    folded = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    if folded.endswith("%"):
        folded = folded[:-1]
    if not _NUMBER.fullmatch(folded):
        return None
    return float(folded.replace(",", ""))


def actual_problem(text: str) -> str:
    """Why a typed actual value is not a number, in Chinese; '' when it is one (or empty)."""
    if not (text or "").strip() or parse_actual(text) is not None:
        return ""
    return f"實際值「{text.strip()}」不是數字，已照原樣保留，考核結果計為未填（請填如 95、95%、1,200）。"


def check_months(task: Task) -> tuple[int, ...]:
    """The months a target is checked in: the 考核月份, else the last planned month."""
    if task.target_op is None or task.target_value is None:
        return ()
    if task.checkpoints:
        return tuple(sorted(task.checkpoints))
    return (max(task.months),) if task.months else ()


def _decimals(value: float) -> int:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def compare(actual: float, op: str, value: float) -> bool:
    if op == ">=":
        return actual >= value
    if op == "<=":
        return actual <= value
    try:
        places = _decimals(value)
    except InvalidOperation:  # pragma: no cover - repr of a float is always a Decimal
        places = 0
    return round(actual, places) == round(value, places)


def month_result(task: Task, progress: Mapping[int, Progress], month: int) -> KpiResult:
    report = progress.get(month)
    actual = parse_actual(report.actual_value) if report is not None else None
    if actual is None:
        return KpiResult.MISSING
    assert task.target_op is not None and task.target_value is not None
    return KpiResult.MET if compare(actual, task.target_op, task.target_value) else KpiResult.MISSED


def month_results(task: Task, progress: Mapping[int, Progress]) -> dict[int, KpiResult]:
    """Each checked month's result; {} for a task without a structured target."""
    return {m: month_result(task, progress, m) for m in check_months(task)}


def year_result(task: Task, progress: Mapping[int, Progress], month: int = 12) -> KpiResult | None:
    """The year's result in report month `month`; None for a task without a target."""
    checked = check_months(task)
    if not checked:
        return None
    results = [month_result(task, progress, m) for m in checked if m <= month]
    if not results:
        return KpiResult.NOT_DUE
    if KpiResult.MISSED in results:
        return KpiResult.MISSED
    if KpiResult.MISSING in results:
        return KpiResult.MISSING
    return KpiResult.MET


def target_text(task: Task) -> str:
    """「≥ 60 %」: a structured target as people read it; '' when there is none."""
    return format_target(task.target_op, task.target_value, task.target_unit)


def format_target(op: str | None, value: float | None, unit: str = "") -> str:
    if op is None or value is None:
        return ""
    sign = {">=": "≥", "<=": "≤", "=": "="}[op]
    return f"{sign} {value:g} {unit}".strip()


KPI_COLORS: dict[KpiResult, str] = {
    KpiResult.MET: "#2e7d32",
    KpiResult.MISSED: "#c62828",
    KpiResult.MISSING: "#ef6c00",
    KpiResult.NOT_DUE: "#757575",
}


def checks_text(task: Task, progress: Mapping[int, Progress]) -> str:
    """「6月 70% 達成、12月 未填」: each checked month with its actual value; '' without a target."""
    parts = []
    for m, result in month_results(task, progress).items():
        report = progress.get(m)
        actual = report.actual_value.strip() if report is not None else ""
        parts.append(f"{m}月 {actual} {result}" if actual else f"{m}月 {result}")
    return "、".join(parts)


def result_text(task: Task, progress: Mapping[int, Progress], month: int = 12) -> str:
    """「達成（6月 70% 達成、12月 95 達成）」: the year result and its checks, one cell of a
    table or printout; '' for a task without a structured target."""
    result = year_result(task, progress, month)
    if result is None:
        return ""
    checks = checks_text(task, progress)
    return f"{result}（{checks}）" if checks else str(result)
