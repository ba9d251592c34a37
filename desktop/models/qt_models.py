"""Qt item models over the Store: the grid and the section list (a task's 12-month progress
table is in progress_model.py).

They hold no SQL of their own: they read `PlanData` (desktop/models/plan_data.py) and send
edits to an `EditSink`, by default straight to the Store; the main window swaps in one that
pushes undo commands. QtCore/QtGui only — no widgets here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.models import kpi
from desktop.models.carry import carry_tip
from desktop.models.domain import (
    MONTHS,
    DerivedState,
    Item,
    Section,
    Task,
)
from desktop.models.plan_data import DirectEdits, EditSink, PlanData
from desktop.models.state import STATE_COLORS

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


def cell_value(index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    """index.data(role), asking our Python model directly.

    Faster than the QVariant round trip, and immune to PySide6 6.12's missing Py_INCREF on
    a returned None, which aborts Python 3.11 ("deallocating None") after a few thousand calls.
    """
    return index.model().data(index, role) if index.isValid() else None

# ----------------------------------------------------------------------------- grid

COL_NUMBER, COL_ITEM, COL_CONTENT = 0, 1, 2
COL_MONTH1 = 3
COL_STATE = COL_MONTH1 + 12
COL_KPI = COL_STATE + 1
COLUMN_COUNT = COL_KPI + 1
HEADERS = ["編號", "計畫項目", "工作內容", *[f"{m}月" for m in MONTHS], "狀態", "考核指標"]
TEXT_COLUMNS = {COL_NUMBER: "number", COL_ITEM: "name", COL_CONTENT: "content", COL_KPI: "kpi"}
COLUMN_LABELS = {COL_NUMBER: "編號", COL_ITEM: "計畫項目", COL_CONTENT: "工作內容", COL_KPI: "考核指標"}

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PLANNED_ROLE = Qt.ItemDataRole.UserRole + 3  # bool, month columns
CHECKPOINT_ROLE = Qt.ItemDataRole.UserRole + 4  # bool, month columns
MONTHS_ROLE = Qt.ItemDataRole.UserRole + 5  # tuple of planned months of the row's task
FIRST_ROW_ROLE = Qt.ItemDataRole.UserRole + 6  # row is the first of its item
LAST_ROW_ROLE = Qt.ItemDataRole.UserRole + 7  # row is the last of its item
STATE_ROLE = Qt.ItemDataRole.UserRole + 8  # DerivedState of the row's task
REPORT_MONTH_ROLE = Qt.ItemDataRole.UserRole + 9  # bool, the column is the report month
KPI_RESULT_ROLE = Qt.ItemDataRole.UserRole + 10  # KpiResult of a checked month, else None


def month_of_column(column: int) -> int | None:
    m = column - COL_MONTH1 + 1
    return m if 1 <= m <= 12 else None


def column_of_month(month: int) -> int:
    return COL_MONTH1 + month - 1


@dataclass
class GridRow:
    item: Item
    task: Task | None  # None: an item without tasks still gets a row
    first: bool
    last: bool


@dataclass(slots=True)
class RowLook:
    """What the grid paints for one row in the report month, worked out once per row (not once
    a cell, on every repaint) and dropped when the row's task, reports or the month change."""

    months: frozenset[int]
    checkpoints: frozenset[int]
    state: DerivedState | None  # None: a row without a task
    state_color: QColor | None
    results: dict[int, kpi.KpiResult | None]  # checked months' KPI results


class GridModel(QAbstractTableModel):
    """One row per task, grouped under its item, for one section and one report month."""

    report_month_changed = Signal(int)

    def __init__(self, data: PlanData | None = None, parent: Any = None):
        super().__init__(parent)
        self.data_ = data
        self.section_id: int | None = None
        self.report_month = 12
        self.rows: list[GridRow] = []
        self._row_of_task: dict[int, int] = {}
        self._looks: dict[int, RowLook] = {}
        # section id -> (plan data, its items and task lists, rows, row of task): the rows of a
        # section shown before, used again while PlanData still holds those very objects (it
        # replaces an item or a task list it changes)
        self._kept: dict[int, tuple[Any, list[tuple[Any, Any]], list[GridRow], dict[int, int]]] = {}
        self.edits: EditSink | None = DirectEdits(data, self) if data else None

    # -------------------------------------------------------------- loading
    def set_plan_data(self, data: PlanData | None) -> None:
        self.data_ = data
        self._kept = {}
        self.edits = DirectEdits(data, self) if data else None
        self.set_section(None)

    def set_section(self, section_id: int | None) -> None:
        self.beginResetModel()
        self.section_id = section_id
        self._build()
        self.endResetModel()

    def reload(self) -> None:
        self.set_section(self.section_id)

    def _build(self) -> None:
        self.rows = []
        self._row_of_task = {}
        self._looks = {}
        if self.data_ is None or self.section_id is None:
            return
        tree = self.data_.trees.get(self.section_id, [])
        kept = self._kept.get(self.section_id)
        if kept is not None and kept[0] is self.data_ and _same_tree(kept[1], tree):
            self.rows, self._row_of_task = kept[2], kept[3]
            return
        for it in tree:
            if not it.tasks:
                self.rows.append(GridRow(it.item, None, True, True))
                continue
            last = len(it.tasks) - 1
            for i, t in enumerate(it.tasks):
                self._row_of_task[t.id] = len(self.rows)
                self.rows.append(GridRow(it.item, t, i == 0, i == last))
        self._kept[self.section_id] = (self.data_, [(it.item, it.tasks) for it in tree],
                                       self.rows, self._row_of_task)

    def set_report_month(self, month: int) -> None:
        old = self.report_month
        self.report_month = month
        self._looks = {}
        if self.rows:
            bottom = len(self.rows) - 1
            for col in (column_of_month(old), column_of_month(month)):
                self.dataChanged.emit(self.index(0, col), self.index(bottom, col))
            self.dataChanged.emit(self.index(0, COL_STATE), self.index(bottom, COL_STATE))
        # not headerDataChanged: Qt answers it with a delayed layout and a second repaint of the
        # whole grid; the header's bold month and tooltip only need the header repainted
        self.report_month_changed.emit(month)

    def look(self, row: int) -> RowLook:
        """The row's months, state and KPI results in the report month, kept until it changes."""
        got = self._looks.get(row)
        if got is None:
            task = self.rows[row].task
            if task is None or self.data_ is None:
                got = RowLook(frozenset(), frozenset(), None, None, {})
            else:
                state = self.data_.state(task, self.report_month)
                got = RowLook(frozenset(task.months), frozenset(task.checkpoints), state,
                              _STATE_COLORS[state],
                              {m: self._kpi_result(task, m) for m in kpi.check_months(task)})
            self._looks[row] = got
        return got

    # -------------------------------------------------------------- change notices
    def row_of_task(self, task_id: int) -> int | None:
        return self._row_of_task.get(task_id)

    def rows_of_item(self, item_id: int) -> list[int]:
        return [r for r, row in enumerate(self.rows) if row.item.id == item_id]

    def task_changed(self, task_id: int, fields: set[str] | None = None) -> None:
        """Re-read one task from PlanData; dataChanged only for the columns that changed."""
        r = self._row_of_task.get(task_id)
        if r is None or self.data_ is None:
            return
        found = self.data_.find_task(task_id)
        if found is None:
            return
        self.rows[r].item, self.rows[r].task = found
        self._looks.pop(r, None)
        fields = fields or {"content", "months", "checkpoints", "kpi"}
        cols: list[int] = []
        if "content" in fields or "carried_from" in fields:
            cols.append(COL_CONTENT)
        if "kpi" in fields:
            cols.append(COL_KPI)
        if set(fields) & {"months", "checkpoints", "target_op", "target_value", "target_unit"}:
            cols.extend(range(COL_MONTH1, COL_STATE + 1))
        if cols:
            self.dataChanged.emit(self.index(r, min(cols)), self.index(r, max(cols)))

    def item_changed(self, item_id: int) -> None:
        if self.data_ is None:
            return
        tree = self.data_.find_item(item_id)
        rows = self.rows_of_item(item_id)
        if tree is None or not rows:
            return
        for r in rows:
            self.rows[r].item = tree.item
        self.dataChanged.emit(self.index(rows[0], COL_NUMBER), self.index(rows[-1], COL_ITEM))

    def progress_changed(self, task_id: int) -> None:
        r = self._row_of_task.get(task_id)
        if r is not None:
            self._looks.pop(r, None)
            self.dataChanged.emit(self.index(r, COL_MONTH1), self.index(r, COL_STATE))

    # -------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT:
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == REPORT_MONTH_ROLE:
                return month_of_column(section) == self.report_month
            if role == Qt.ItemDataRole.FontRole and month_of_column(section):
                font = QFont()
                font.setPointSizeF(8.5)  # 「10月」 fits a narrow month column
                font.setBold(month_of_column(section) == self.report_month)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and month_of_column(section):
                m = month_of_column(section)
                tip = f"{m}月：點一下排入或取消預定月份，拖曳可一次設定連續月份"
                return tip + ("（填報月份）" if m == self.report_month else "")
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Qt asks for every cell it paints: answered from two prepared rows, not worked out
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS[self.rows[index.row()].task is not None][index.column()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.data_ is None:
            return None
        row = self.rows[index.row()]
        col = index.column()
        task = row.task
        month = month_of_column(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col in (COL_NUMBER, COL_ITEM):
                if role == Qt.ItemDataRole.DisplayRole and not row.first:
                    return ""
                return row.item.number if col == COL_NUMBER else row.item.name
            if task is None:
                return ""
            if col == COL_CONTENT:
                return task.content
            if col == COL_KPI:
                return task.kpi
            if col == COL_STATE:
                return self.look(index.row()).state.value  # type: ignore[union-attr]
            if month is not None:
                return "◆" if month in task.checkpoints else ""
            return None
        if role == TASK_ID_ROLE:
            return task.id if task else None
        if role == ITEM_ID_ROLE:
            return row.item.id
        if role == FIRST_ROW_ROLE:
            return row.first
        if role == LAST_ROW_ROLE:
            return row.last
        if role == REPORT_MONTH_ROLE:
            return month is not None and month == self.report_month
        if task is None:
            return None
        if role == PLANNED_ROLE and month is not None:
            return month in task.months
        if role == CHECKPOINT_ROLE and month is not None:
            return month in task.checkpoints
        if role == MONTHS_ROLE:
            return task.months
        if role == STATE_ROLE:
            return self.look(index.row()).state
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATE:
            return QBrush(self.look(index.row()).state_color)
        if role == Qt.ItemDataRole.TextAlignmentRole and (col == COL_STATE or month is not None):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == KPI_RESULT_ROLE and month is not None:
            return self._kpi_result(task, month)
        if role == Qt.ItemDataRole.ToolTipRole and month is not None:
            return self._month_tip(task, month)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_KPI:
            return self._kpi_tip(task)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_CONTENT and task.carried_from:
            return carry_tip(task.carried_from)
        return None

    def _kpi_result(self, task: Task, month: int) -> kpi.KpiResult | None:
        if self.data_ is None or month not in kpi.check_months(task):
            return None
        return kpi.month_result(task, self.data_.progress.get(task.id, {}), month)

    def _kpi_tip(self, task: Task) -> str:
        """考核指標 cell: the text, the structured target and the year's result so far."""
        progress = self.data_.progress.get(task.id, {}) if self.data_ else {}
        result = kpi.result_text(task, progress, self.report_month)
        if not result:
            return task.kpi
        lines = [task.kpi] if task.kpi else []
        lines += [f"目標 {kpi.target_text(task)}", f"考核結果（至{self.report_month}月）：{result}"]
        return "\n".join(lines)

    def _month_tip(self, task: Task, month: int) -> str:
        parts = [f"{month}月：" + ("預定辦理" if month in task.months else "未排程")]
        if month in task.checkpoints:
            parts.append("考核月份 ◆")
        rep = self.data_.progress.get(task.id, {}).get(month) if self.data_ else None
        if rep is not None and rep.is_report:
            parts.append(f"填報：{rep.status or '（未選狀態）'} {rep.note}".strip())
        result = self._kpi_result(task, month)
        if result is not None:
            actual = rep.actual_value.strip() if rep is not None else ""
            parts.append(f"目標 {kpi.target_text(task)}，實際 {actual or '（未填）'}，考核結果：{result}")
            if problem := kpi.actual_problem(actual):
                parts.append(problem)
        return "\n".join(parts)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.edits is None:
            return False
        row = self.rows[index.row()]
        col = index.column()
        month = month_of_column(col)
        if role == Qt.ItemDataRole.EditRole and col in TEXT_COLUMNS:
            text = "" if value is None else str(value)
            fieldname = TEXT_COLUMNS[col]
            label = f"修改{COLUMN_LABELS[col]}"
            if col in (COL_NUMBER, COL_ITEM):
                if getattr(row.item, fieldname) == text:
                    return False
                self.edits.item_fields(row.item.id, {fieldname: text}, label)
                return True
            if row.task is None or getattr(row.task, fieldname) == text:
                return False
            self.edits.task_fields(row.task.id, {fieldname: text}, label)
            return True
        if row.task is not None and month is not None and role in (PLANNED_ROLE, CHECKPOINT_ROLE):
            key = "months" if role == PLANNED_ROLE else "checkpoints"
            current = set(getattr(row.task, key))
            want = set(current)
            (want.add if bool(value) else want.discard)(month)
            if want == current:
                return False
            what = "預定月份" if key == "months" else "考核月份"
            verb = "排入" if bool(value) else "取消"
            self.edits.task_fields(row.task.id, {key: sorted(want)}, f"{verb}{month}月{what}")
            return True
        return False

    def set_month_run(self, row: int, first: int, last: int, planned: bool) -> bool:
        """Plan (or unplan) months first..last of a row's task as one edit (a mouse drag)."""
        task = self.rows[row].task
        if task is None:
            return False
        lo, hi = sorted((first, last))
        run = set(range(lo, hi + 1))
        current = set(task.months)
        want = current | run if planned else current - run
        if want == current:
            return False
        label = f"{'排入' if planned else '取消'}{lo}–{hi}月預定月份"
        assert self.edits is not None
        self.edits.task_fields(task.id, {"months": sorted(want)}, label)
        return True


def _same_tree(kept: list[tuple[Any, Any]], tree: list[Any]) -> bool:
    """The section's items and task lists are the very objects its rows were made from."""
    return len(kept) == len(tree) and all(
        item is it.item and tasks is it.tasks for (item, tasks), it in zip(kept, tree, strict=True))


def _flags(has_task: bool) -> list[Qt.ItemFlag]:
    base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    editable = {COL_NUMBER, COL_ITEM} | ({COL_CONTENT, COL_KPI} if has_task else set())
    return [base | Qt.ItemFlag.ItemIsEditable if c in editable else base for c in range(COLUMN_COUNT)]


_FLAGS = (_flags(False), _flags(True))
_STATE_COLORS = {state: QColor(color) for state, color in STATE_COLORS.items()}


# ----------------------------------------------------------------------------- section list

SECTION_ID_ROLE = Qt.ItemDataRole.UserRole + 20
TASK_COUNT_ROLE = Qt.ItemDataRole.UserRole + 21
ALERT_COUNT_ROLE = Qt.ItemDataRole.UserRole + 22


class SectionListModel(QAbstractListModel):
    """The plan's sections, each with its task count and its 落後+未填報 count for the month."""

    def __init__(self, data: PlanData | None = None, parent: Any = None):
        super().__init__(parent)
        self.data_ = data
        self.report_month = 12
        self._counts: list[tuple[int, int]] = []
        self._recount()

    def set_plan_data(self, data: PlanData | None) -> None:
        self.beginResetModel()
        self.data_ = data
        self._recount()
        self.endResetModel()

    def reload(self) -> None:
        self.set_plan_data(self.data_)

    def _sections(self) -> list[Section]:
        return self.data_.sections if self.data_ else []

    def _recount(self) -> None:
        d = self.data_
        self._counts = [d.counts(s.id, self.report_month) for s in self._sections()] if d else []

    def set_report_month(self, month: int) -> None:
        self.report_month = month
        self._recount()
        if self._counts:  # the tooltips name the month: every row
            self.dataChanged.emit(self.index(0), self.index(len(self._counts) - 1))

    def recount(self) -> None:
        """Counts change after edits; names and order do not. Only rows whose counts changed
        are repainted; PlanData counts again only the sections an edit touched."""
        before = self._counts
        self._recount()
        if len(before) != len(self._counts):
            if self._counts:
                self.dataChanged.emit(self.index(0), self.index(len(self._counts) - 1))
            return
        for row, (old, new) in enumerate(zip(before, self._counts, strict=True)):
            if old != new:
                self.dataChanged.emit(self.index(row), self.index(row))

    def row_of_section(self, section_id: int | None) -> int | None:
        return next((i for i, s in enumerate(self._sections()) if s.id == section_id), None)

    # the edit-sink notices, so the badge follows edits made in the grid or the dock
    def task_changed(self, task_id: int, fields: set[str] | None = None) -> None:
        self.recount()

    def item_changed(self, item_id: int) -> None:
        pass

    def progress_changed(self, task_id: int) -> None:
        self.recount()

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self._counts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._counts):
            return None
        sec = self._sections()[index.row()]
        n, alerts = self._counts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return sec.name
        if role == SECTION_ID_ROLE:
            return sec.id
        if role == TASK_COUNT_ROLE:
            return n
        if role == ALERT_COUNT_ROLE:
            return alerts
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{sec.name}：工作 {n} 項，{self.report_month}月落後或未填報 {alerts} 項"
        return None
