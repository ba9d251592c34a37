"""The bureau workbook's 考核結果 cell, written and read back (DESIGN.md §3a).

「目標 ≥ 60 %」 over 「未填（3月 65% 達成、6月 九成 未填）」: the target and each checked month's
actual value, so our own workbook brings them back and a second export is the first. The
results themselves are derived, never read; a cell that does not parse is simply ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from desktop.models.domain import Progress, Task
from desktop.models.kpi import KpiResult, result_text, target_text

_TARGET = re.compile(r"^目標 (≥|≤|=) (\S+)(?: (.+))?$")
_OPS = {"≥": ">=", "≤": "<=", "=": "="}
_RESULTS = "|".join(r.value for r in KpiResult)
_YEAR = re.compile(rf"^(?:{_RESULTS})(?:（(.*)）)?$")
_CHECK = re.compile(rf"^(\d{{1,2}})月(?: (.*))? (?:{_RESULTS})$")


def kpi_cell(task: Task, progress: Mapping[int, Progress], month: int) -> str:
    """The cell's text; '' for a task without a structured target."""
    result = result_text(task, progress, month)
    return f"目標 {target_text(task)}\n{result}" if result else ""


def read_kpi_cell(text: str) -> tuple[dict, dict[int, str]] | None:
    """(target fields, {month: actual value}) from a cell kpi_cell wrote; None otherwise."""
    lines = [line.strip() for line in (text or "").strip().split("\n")]
    if len(lines) != 2 or not (target := _TARGET.match(lines[0])) or not (year := _YEAR.match(lines[1])):
        return None
    try:
        value = float(target.group(2))
    except ValueError:
        return None
    fields = {"target_op": _OPS[target.group(1)], "target_value": value,
              "target_unit": target.group(3) or ""}
    actuals: dict[int, str] = {}
    for part in (year.group(1) or "").split("、"):
        check = _CHECK.match(part.strip())
        if check and 1 <= int(check.group(1)) <= 12 and check.group(2):
            actuals[int(check.group(1))] = check.group(2)
    return fields, actuals


def read_back_kpi(task: dict, text: str) -> None:
    """Our own workbook: put the 考核結果 cell's target and actual values into an imported task."""
    found = read_kpi_cell(text)
    if found is None:
        return
    fields, actuals = found
    task.update(fields)
    reports = task.setdefault("progress", {})
    for m, actual in actuals.items():
        reports.setdefault(m, {"status": None, "note": ""})["actual_value"] = actual
