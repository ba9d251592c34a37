"""The 12 months of one task's reports as a Qt table (the dock's 填報 table), and what the
progress table and the monthly review have in common. QtCore/QtGui only — no widgets here."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.models.domain import DerivedState, Progress, Status, Task
from desktop.models.plan_data import DirectEdits, EditSink, PlanData
from desktop.models.rocdate import roc_from_iso
from desktop.models.state import STATE_COLORS

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()

# ----------------------------------------------------------------------------- progress table

PROGRESS_HEADERS = ["月份", "狀態", "執行情形", "實際值", "落後原因", "因應對策", "填報時間"]
P_MONTH, P_STATUS, P_NOTE, P_ACTUAL, P_CAUSE, P_REMEDY, P_ENTERED = range(7)
PROGRESS_COLUMNS = {P_STATUS: "status", P_NOTE: "note", P_ACTUAL: "actual_value",
                    P_CAUSE: "cause", P_REMEDY: "remedy"}
STATUS_CHOICES = ["", *(s.value for s in Status)]
MISSING_COLOR = "#ffcdd2"


def push_progress_edit(edits: EditSink, task_id: int, month: int, report: Progress | None,
                       key: str, value: Any, label: str) -> bool:
    """Send one edited report field to `edits`; False when it is unchanged or not a status."""
    text = "" if value is None else str(value).strip() if key == "status" else str(value)
    if key == "status" and text not in STATUS_CHOICES:
        return False
    old = (getattr(report, key) or "") if report else ""
    if str(old) == text:
        return False
    edits.progress_fields(task_id, month, {key: (text or None) if key == "status" else text}, label)
    return True


def needs_cause(p: Progress | None) -> bool:
    """A 落後 report must say why and what is being done about it."""
    return p is not None and p.status == Status.BEHIND and not (p.cause.strip() and p.remedy.strip())


class HeaderTableModel(QAbstractTableModel):
    """Fixed column headers, numbered rows and a set of editable columns: what the progress
    table and the monthly review have in common."""

    headers: list[str] = []
    editable: Container[int] = ()

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in self.editable else base


class ProgressTableModel(HeaderTableModel):
    """The 12 months of one task's reports; every cell but 月份 and 填報時間 editable."""

    headers = PROGRESS_HEADERS
    editable = PROGRESS_COLUMNS

    def __init__(self, data: PlanData | None = None, parent: Any = None):
        super().__init__(parent)
        self.data_ = data
        self.task_id: int | None = None
        self.report_month = 12
        self.edits: EditSink | None = DirectEdits(data, self) if data else None

    def set_plan_data(self, data: PlanData | None) -> None:
        self.data_ = data
        self.edits = DirectEdits(data, self) if data else None
        self.set_task(None)

    def set_task(self, task_id: int | None) -> None:
        self.beginResetModel()
        self.task_id = task_id
        self.endResetModel()

    def set_report_month(self, month: int) -> None:
        self.report_month = month
        self.dataChanged.emit(self.index(0, 0), self.index(11, len(PROGRESS_HEADERS) - 1))

    def _task(self) -> Task | None:
        if self.data_ is None or self.task_id is None:
            return None
        found = self.data_.find_task(self.task_id)
        return found[1] if found else None

    def report(self, month: int) -> Progress | None:
        if self.data_ is None or self.task_id is None:
            return None
        return self.data_.progress.get(self.task_id, {}).get(month)

    def task_changed(self, task_id: int, fields: set[str] | None = None) -> None:
        if task_id == self.task_id:
            self.dataChanged.emit(self.index(0, 0), self.index(11, len(PROGRESS_HEADERS) - 1))

    def item_changed(self, item_id: int) -> None:
        pass

    def progress_changed(self, task_id: int) -> None:
        self.task_changed(task_id)

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() or self._task() is None else 12

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        task = self._task()
        if not index.isValid() or task is None:
            return None
        month = index.row() + 1
        col = index.column()
        rep = self.report(month)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == P_MONTH:
                marks = ("▬" if month in task.months else "") + ("◆" if month in task.checkpoints else "")
                return f"{month}月 {marks}".strip()
            if rep is None:
                return ""
            if col == P_ENTERED:
                return roc_from_iso(rep.entered_at)
            value = getattr(rep, PROGRESS_COLUMNS[col])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col in (P_CAUSE, P_REMEDY) and needs_cause(rep) and not getattr(rep, PROGRESS_COLUMNS[col]).strip():
                return QBrush(QColor(MISSING_COLOR))
            if col == P_STATUS and rep is not None and rep.status:
                state = {Status.BEHIND: DerivedState.BEHIND, Status.DONE: DerivedState.DONE,
                         Status.PAUSED: DerivedState.PAUSED}.get(rep.status, DerivedState.ON_TRACK)
                return QBrush(QColor(STATE_COLORS[state]))
            if month == self.report_month:
                return QBrush(QColor("#fff6c8"))
            return None
        if role == Qt.ItemDataRole.FontRole and col == P_MONTH and month in task.months:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and col in (P_CAUSE, P_REMEDY) and needs_cause(rep):
            return "狀態為「落後」時，請填寫落後原因及因應對策"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in PROGRESS_COLUMNS:
            return False
        if self.task_id is None or self.edits is None:
            return False
        month = index.row() + 1
        label = f"修改{month}月{PROGRESS_HEADERS[index.column()]}"
        return push_progress_edit(self.edits, self.task_id, month, self.report(month),
                                  PROGRESS_COLUMNS[index.column()], value, label)
