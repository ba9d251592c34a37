"""The monthly review (DESIGN.md §4): the month's tasks across every section, 落後/未填報 first.

Reads the window's PlanData, so it shows exactly the states the grid shows; edits go to
the same EditSink (the undo stack in the window).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.models import kpi
from desktop.models.domain import DerivedState, Item, Progress, Section, Task, months_text
from desktop.models.plan_data import EditSink, PlanData
from desktop.models.progress_model import HeaderTableModel, needs_cause, push_progress_edit
from desktop.models.qt_models import TASK_ID_ROLE
from desktop.models.state import ALERT_STATES, STATE_COLORS

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

(R_SECTION, R_NUMBER, R_ITEM, R_CONTENT, R_MONTHS, R_STATE, R_STATUS, R_NOTE, R_ACTUAL, R_KPI,
 R_CAUSE, R_REMEDY) = range(12)
REVIEW_HEADERS = ["課室", "編號", "計畫項目", "工作內容", "預定月份", "狀態",
                  "本月填報", "本月執行情形", "實際值", "考核結果", "落後原因", "因應對策"]
EDITABLE = {R_STATUS: "status", R_NOTE: "note", R_ACTUAL: "actual_value", R_CAUSE: "cause",
            R_REMEDY: "remedy"}
EDIT_LABELS = {"status": "狀態", "note": "執行情形", "actual_value": "實際值", "cause": "落後原因",
               "remedy": "因應對策"}
SUMMARY_STATES = (DerivedState.ON_TRACK, DerivedState.BEHIND, DerivedState.UNREPORTED,
                  DerivedState.DONE, DerivedState.PAUSED, DerivedState.NOT_DUE)


@dataclass
class ReviewRow:
    section: Section
    item: Item
    task: Task


class ReviewModel(HeaderTableModel):
    """Tasks planned in the month, plus every task that is 落後 or 未填報; alerts on top."""

    headers = REVIEW_HEADERS
    editable = EDITABLE

    def __init__(self, data: PlanData | None = None, month: int = 12, parent: Any = None):
        super().__init__(parent)
        self.data_ = data
        self.month = month
        self.rows: list[ReviewRow] = []
        self.edits: EditSink | None = None
        self._build()

    # -------------------------------------------------------------- loading
    def set_plan_data(self, data: PlanData | None, edits: EditSink | None) -> None:
        self.data_ = data
        self.edits = edits
        self.reload()

    def set_month(self, month: int) -> None:
        self.month = month
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        self.rows = []
        if self.data_ is None:
            return
        alerts, others = [], []
        for sec in self.data_.sections:
            for tree in self.data_.trees.get(sec.id, []):
                for task in tree.tasks:
                    state = self.data_.state(task, self.month)
                    row = ReviewRow(sec, tree.item, task)
                    if state in ALERT_STATES:
                        alerts.append((0 if state is DerivedState.BEHIND else 1, row))
                    elif self.month in task.months or self.checked(task):
                        others.append(row)
        alerts.sort(key=lambda pair: pair[0])  # stable: section order kept within each state
        self.rows = [row for _, row in alerts] + others

    def summary(self) -> list[tuple[str, dict[DerivedState, int]]]:
        """Per section, and a last 合計 line, the count of each state in the month."""
        out = []
        total = dict.fromkeys(SUMMARY_STATES, 0)
        if self.data_ is None:
            return out
        for sec in self.data_.sections:
            counts = dict.fromkeys(SUMMARY_STATES, 0)
            for tree in self.data_.trees.get(sec.id, []):
                for task in tree.tasks:
                    state = self.data_.state(task, self.month)
                    if state in counts:
                        counts[state] += 1
                        total[state] += 1
            out.append((sec.name, counts))
        out.append(("合計", total))
        return out

    def checked(self, task: Task) -> bool:
        """The task's target is checked in this month (an actual value belongs here)."""
        return self.month in kpi.check_months(task)

    def result(self, row: ReviewRow) -> kpi.KpiResult | None:
        if self.data_ is None or not self.checked(row.task):
            return None
        return kpi.month_result(row.task, self.data_.progress.get(row.task.id, {}), self.month)

    def actual_problems(self) -> list[str]:
        """「工作內容：why the typed actual value is not a number」 for each row of the month."""
        out = []
        for row in self.rows:
            rep = self.report(row)
            if self.checked(row.task) and rep is not None and (p := kpi.actual_problem(rep.actual_value)):
                out.append(f"{row.task.content}：{p}")
        return out

    # -------------------------------------------------------------- change notices
    def task_changed(self, task_id: int, fields: set[str] | None = None) -> None:
        self.reload()

    def item_changed(self, item_id: int) -> None:
        self.reload()

    def progress_changed(self, task_id: int) -> None:
        self.reload()

    # -------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def report(self, row: ReviewRow) -> Progress | None:
        return self.data_.progress.get(row.task.id, {}).get(self.month) if self.data_ else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.data_ is None:
            return None
        row = self.rows[index.row()]
        col = index.column()
        rep = self.report(row)
        state = self.data_.state(row.task, self.month)
        if col in (R_ACTUAL, R_KPI):
            return self._kpi_data(row, rep, col, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col in EDITABLE:
                value = getattr(rep, EDITABLE[col]) if rep else ""
                return "" if value is None else str(value)
            return {
                R_SECTION: row.section.name,
                R_NUMBER: row.item.number,
                R_ITEM: row.item.name,
                R_CONTENT: row.task.content,
                R_MONTHS: months_text(row.task.months),
                R_STATE: state.value,
            }.get(col)
        if role == TASK_ID_ROLE:
            return row.task.id
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == R_STATE:
                return QBrush(QColor(STATE_COLORS[state]))
            if col in (R_CAUSE, R_REMEDY) and needs_cause(rep) and not getattr(rep, EDITABLE[col]).strip():
                return QBrush(QColor("#ffcdd2"))
        if role == Qt.ItemDataRole.ToolTipRole and col in (R_CAUSE, R_REMEDY) and needs_cause(rep):
            return "狀態為「落後」時，請填寫落後原因及因應對策"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (R_STATE, R_STATUS, R_MONTHS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _kpi_data(self, row: ReviewRow, rep: Progress | None, col: int, role: int) -> Any:
        """實際值 and 考核結果 of a task checked in the month; blank for the others."""
        result = self.result(row)
        if result is None:
            return "" if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) else None
        actual = rep.actual_value if rep is not None else ""
        problem = kpi.actual_problem(actual)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return actual if col == R_ACTUAL else result.value
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == R_ACTUAL:
                return problem or f"{self.month}月為考核月份，請填實際值（如 95、95%、1,200）"
            return f"目標 {kpi.target_text(row.task)}，實際 {actual.strip() or '（未填）'}：{result.value}"
        if role == Qt.ItemDataRole.ForegroundRole and col == R_KPI:
            return QBrush(QColor(kpi.KPI_COLORS[result]))
        if role == Qt.ItemDataRole.BackgroundRole and col == R_ACTUAL and problem:
            return QBrush(QColor("#ffe0b2"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == R_ACTUAL and not self.checked(self.rows[index.row()].task):
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE or self.edits is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        row = self.rows[index.row()]
        key = EDITABLE[index.column()]
        return push_progress_edit(self.edits, row.task.id, self.month, self.report(row), key, value,
                                  f"修改{self.month}月{EDIT_LABELS[key]}")
