"""The right dock: every field of the selected task and its item, and its 12-month progress.

Each field is stored the moment it is left (editingFinished / focus out / click), and also
after a short pause in typing (TYPING_PAUSE_MS), so a crash loses at most that pause; each
store is one undo step through the window's edit sink; there is no Save button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator, QFocusEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.domain import MONTHS, Item, Task
from desktop.models.progress_model import (
    P_CAUSE,
    P_MONTH,
    P_REMEDY,
    P_STATUS,
    STATUS_CHOICES,
    EditSink,
    PlanData,
    ProgressTableModel,
    needs_cause,
)
from desktop.models.qt_models import (
    cell_value as _v,
)
from desktop.models.state import STATE_COLORS
from desktop.views.viewports import own_viewport

TYPING_PAUSE_MS = 800
OPS = [("", "（無）"), (">=", "≥ 至少"), ("<=", "≤ 至多"), ("=", "＝ 等於")]
Index = QModelIndex | QPersistentModelIndex



class CommitPlainEdit(QPlainTextEdit):
    """Multi-line text that reports `committed` when the user leaves it."""

    committed = Signal()

    def __init__(self, lines: int = 3, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the reported statuses in the 狀態 column."""

    def __init__(self, parent: QWidget | None = None, column: int = P_STATUS):
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() != self.column:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for value in STATUS_CHOICES:
            combo.addItem(value or "（未填）", value)
        combo.activated.connect(lambda _i: self._chosen(combo))
        return combo

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(_v(index, Qt.ItemDataRole.EditRole) or "")))
            if not editor.property("opened"):  # the list opens once; storing must not reopen it
                editor.setProperty("opened", True)
                editor.showPopup()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class FrozenColumn(QTableView):
    """The 月份 column drawn over the left edge of `table`, so scrolling right (to 落後原因)
    never hides which month a row is (Qt's frozen-column example)."""

    def __init__(self, table: QTableView, column: int):
        super().__init__(table)
        self.table, self.column = table, column
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setStyleSheet("QTableView { border: none; border-right: 1px solid #8a93a0; }")
        for col in range(table.model().columnCount()):
            self.setColumnHidden(col, col != column)
        self.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.horizontalHeader().sectionResized.connect(lambda *_: self.place())
        table.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.setRowHeight(row, new))
        table.model().modelReset.connect(self._reset)
        table.installEventFilter(self)
        self.place()
        self.show()

    def _reset(self) -> None:
        for col in range(self.model().columnCount()):
            self.setColumnHidden(col, col != self.column)
        self.place()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() in (event.Type.Resize, event.Type.Show):
            self.place()
        return False

    def place(self) -> None:
        t = self.table
        self.setColumnWidth(self.column, t.columnWidth(self.column))
        self.setGeometry(t.frameWidth(), t.frameWidth(), t.columnWidth(self.column),
                         t.viewport().height() + t.horizontalHeader().height())
        self.verticalHeader().setDefaultSectionSize(t.verticalHeader().defaultSectionSize())
        self.verticalScrollBar().setValue(t.verticalScrollBar().value())


class TaskDock(QDockWidget):
    """Shows and edits one task (and its item). Call show_task(); refresh() after changes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("工作明細", parent)
        self.setObjectName("task_dock")
        self.data: PlanData | None = None
        self.edits: EditSink | None = None
        self.task_id: int | None = None
        self.item_id: int | None = None
        self.report_month = 12
        self._loading = False
        self._committing = False
        self.progress_model = ProgressTableModel()
        self.refresh_hooks: list = []  # other modules' rows (KPI results), called with (item, task)
        self.typing_timer = QTimer(self)
        self.typing_timer.setSingleShot(True)
        self.typing_timer.setInterval(TYPING_PAUSE_MS)
        self.typing_timer.timeout.connect(self.commit_pending)
        self._build()
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        body = QWidget()
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.heading)

        self.item_box = QGroupBox("計畫項目")
        form = QFormLayout(self.item_box)
        self.item_number = QLineEdit()
        self.item_name = CommitPlainEdit(2)
        self.item_weight = QLineEdit()
        self.item_weight.setValidator(QDoubleValidator(0, 1000, 2))
        self.item_weight.setPlaceholderText("例：2")
        self.number_hint = QLabel()
        self.number_hint.setWordWrap(True)
        self.number_hint.setStyleSheet("color: #b3261e;")
        self.number_hint.hide()
        self.item_owners = QLineEdit()
        self.item_owners.setPlaceholderText("承辦人姓名，多人以「、」分隔")
        form.addRow("編號", self.item_number)
        form.addRow("名稱", self.item_name)
        form.addRow("配分", self.item_weight)
        form.addRow("", self.number_hint)
        form.addRow("承辦人", self.item_owners)
        outer.addWidget(self.item_box)

        self.task_box = QGroupBox("工作內容")
        tform = QFormLayout(self.task_box)
        self.content = CommitPlainEdit(4)
        tform.addRow("內容", self.content)
        self.month_boxes = self._month_grid(tform, "預定月份")
        self.checkpoint_boxes = self._month_grid(tform, "考核月份 ◆")
        self.schedule_note = QLineEdit()
        self.schedule_note.setPlaceholderText("例：每月5日前、1/1-2/28、賡續辦理")
        tform.addRow("時程說明", self.schedule_note)
        self.method = CommitPlainEdit(2)
        tform.addRow("考核方式", self.method)
        self.kpi = CommitPlainEdit(3)
        tform.addRow("考核指標", self.kpi)
        target = QHBoxLayout()
        self.target_op = QComboBox()
        for value, label in OPS:
            self.target_op.addItem(label, value)
        self.target_value = QLineEdit()
        self.target_value.setValidator(QDoubleValidator())
        self.target_value.setPlaceholderText("數值")
        self.target_unit = QLineEdit()
        self.target_unit.setPlaceholderText("單位，例：%、件")
        target.addWidget(self.target_op)
        target.addWidget(self.target_value, 1)
        target.addWidget(self.target_unit, 1)
        tform.addRow("目標值", target)
        self.target_hint = QLabel()
        self.target_hint.setWordWrap(True)
        self.target_hint.setStyleSheet("color: #b3261e;")
        self.target_hint.hide()
        tform.addRow("", self.target_hint)
        self.control_number = QLineEdit()
        tform.addRow("列管編號", self.control_number)
        outer.addWidget(self.task_box)

        self.progress_box = QGroupBox("執行情形（每月填報）")
        pl = QVBoxLayout(self.progress_box)
        self.progress_table = QTableView()
        own_viewport(self.progress_table, QPalette.ColorRole.Base)  # FrozenColumn asks for it
        self.progress_table.setModel(self.progress_model)
        self.progress_table.setItemDelegate(StatusDelegate(self.progress_table))
        # a status is chosen deliberately: double-click, F2 or typing opens the list; a single
        # click only selects (with AllEditTriggers a double-click picked an entry by itself)
        self.progress_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                            | QAbstractItemView.EditTrigger.EditKeyPressed
                                            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.progress_table.verticalHeader().hide()
        self.progress_table.setWordWrap(True)
        header = self.progress_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((64, 70, 150, 60, 110, 110, 78)):
            self.progress_table.setColumnWidth(col, width)
        row_h = self.fontMetrics().lineSpacing() + 10
        self.progress_table.verticalHeader().setDefaultSectionSize(row_h)
        self.progress_table.setMinimumHeight(row_h * 13 + 24)
        pl.addWidget(self.progress_table)
        self.month_column = FrozenColumn(self.progress_table, P_MONTH)
        self.cause_hint = QLabel()
        self.cause_hint.setWordWrap(True)
        self.cause_hint.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.cause_hint.setTextFormat(Qt.TextFormat.RichText)
        self.cause_hint.linkActivated.connect(self._go_to_cause)
        # Its room (two lines) is kept while hidden, so showing or hiding it as the selection moves does not
        # lay out and paint the dock a second time (≈ 8 ms a section switch at 5,000 tasks).
        self.cause_hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.cause_hint.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        policy = self.cause_hint.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.cause_hint.setSizePolicy(policy)
        pl.addWidget(self.cause_hint)
        outer.addWidget(self.progress_box)
        outer.addStretch(1)
        self._outer = outer

        scroll = QScrollArea()
        own_viewport(scroll, QPalette.ColorRole.NoRole)  # the evidence drops watch it
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.setWidget(scroll)
        self._connect()

    def fitting_width(self) -> int:
        """The narrowest the dock can be with nothing cut off at its right edge (its scroll area
        never scrolls sideways): the fields, in the window's font, beside the scroll bar."""
        scroll = self.widget()
        return (scroll.widget().minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
                + 2 * scroll.frameWidth())

    def add_panel(self, widget: QWidget, top: bool = False) -> None:
        """A box from another module: under the progress table (the evidence panel), or with
        top=True right under the heading (the carried-over flag)."""
        self._outer.insertWidget(1 if top else self._outer.count() - 1, widget)
        self.setMinimumWidth(max(self.minimumWidth(), self.fitting_width()))

    def _month_grid(self, form: QFormLayout, label: str) -> list[QCheckBox]:
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(0)
        boxes = []
        for m in MONTHS:
            box = QCheckBox(f"{m}月")
            grid.addWidget(box, (m - 1) // 4, (m - 1) % 4)
            boxes.append(box)
        form.addRow(label, grid)
        return boxes

    def _connect(self) -> None:
        # Text fields are stored when the user leaves them, all pending ones together.
        for signal in (self.item_number.editingFinished, self.item_name.committed,
                       self.item_owners.editingFinished, self.item_weight.editingFinished,
                       self.content.committed, self.schedule_note.editingFinished,
                       self.method.committed, self.kpi.committed,
                       self.control_number.editingFinished, self.target_unit.editingFinished,
                       self.target_value.editingFinished):
            signal.connect(self.commit_pending)
        for line in (self.item_number, self.item_owners, self.item_weight, self.schedule_note,
                     self.control_number, self.target_unit, self.target_value):
            line.textEdited.connect(self._typed)
        for plain in (self.item_name, self.content, self.method, self.kpi):
            plain.textChanged.connect(self._typed)
        # a validator drops what it refuses without a word: say why
        self.item_weight.inputRejected.connect(lambda: self._refused(self.number_hint, "配分"))
        self.target_value.inputRejected.connect(lambda: self._refused(self.target_hint, "目標值"))
        self.item_weight.textEdited.connect(lambda _t: self.number_hint.hide())
        self.target_value.textEdited.connect(lambda _t: self.target_hint.hide())
        self.target_op.activated.connect(
            lambda _i: self._task_value("target_op", self.target_op.currentData() or None, "目標條件"))
        for boxes, key in ((self.month_boxes, "months"), (self.checkpoint_boxes, "checkpoints")):
            for box in boxes:
                box.clicked.connect(lambda _c=False, b=boxes, k=key: self._months(k, b))

    def _typed(self, *_: Any) -> None:
        if not self._loading:
            self.typing_timer.start()

    def _refused(self, hint: QLabel, label: str) -> None:
        hint.setText(f"{label}只能填數字（例如 2 或 2.5），不接受文字或其他符號。")
        hint.show()

    def commit_pending(self) -> None:
        """Store every text field typed but not yet stored: one command for the item's
        fields and one for the task's. Actions call this first (toolbar buttons take no
        focus, so the field would never report being left), and so does leaving a field.
        All values are read before anything is stored, because storing redraws the dock."""
        if self._loading or self._committing or self.edits is None:
            return
        self.typing_timer.stop()
        item, task = self.current()
        item_changes = _changes(item, {
            "number": self.item_number.text(), "name": self.item_name.toPlainText(),
            "owners": self.item_owners.text(), "weight": _number(self.item_weight.text()),
        })
        task_changes = _changes(task, {
            "content": self.content.toPlainText(), "schedule_note": self.schedule_note.text(),
            "method": self.method.toPlainText(), "kpi": self.kpi.toPlainText(),
            "control_number": self.control_number.text(), "target_unit": self.target_unit.text(),
            "target_value": _number(self.target_value.text()),
        })
        self._committing = True
        try:
            if item is not None and item_changes:
                self.edits.item_fields(item.id, item_changes, _label(item_changes, "計畫項目"))
            if task is not None and task_changes:
                self.edits.task_fields(task.id, task_changes, _label(task_changes, "工作內容"))
        finally:
            self._committing = False
        if _number(self.item_weight.text()) is _INVALID or _number(self.target_value.text()) is _INVALID:
            self.refresh()  # show the stored number again instead of the unreadable text

    # ------------------------------------------------------------------ wiring
    def set_plan_data(self, data: PlanData | None, edits: EditSink | None) -> None:
        self.data = data
        self.edits = edits
        self.progress_model.set_plan_data(data)
        if edits is not None:
            self.progress_model.edits = edits
        self.show_task(None, None)

    def set_report_month(self, month: int) -> None:
        self.report_month = month
        self.progress_model.set_report_month(month)
        self.refresh()

    def show_task(self, task_id: int | None, item_id: int | None) -> None:
        self.typing_timer.stop()
        self.number_hint.hide()
        self.target_hint.hide()
        if task_id != self.task_id:
            self.progress_model.set_task(task_id)
        self.task_id = task_id
        self.item_id = item_id
        self.refresh()

    def current(self) -> tuple[Item | None, Task | None]:
        if self.data is None:
            return None, None
        if self.task_id is not None:
            found = self.data.find_task(self.task_id)
            if found:
                return found
        if self.item_id is not None:
            tree = self.data.find_item(self.item_id)
            if tree:
                return tree.item, None
        return None, None

    def refresh(self) -> None:
        """Show the stored values again (after a selection change, an edit or an undo)."""
        item, task = self.current()
        self._loading = True
        try:
            self.item_box.setEnabled(item is not None)
            self.task_box.setEnabled(task is not None)
            self.progress_box.setEnabled(task is not None)
            self._show_heading(item, task)
            _set_line(self.item_number, item.number if item else "")
            _set_plain(self.item_name, item.name if item else "")
            _set_line(self.item_weight, "" if item is None or item.weight is None else f"{item.weight:g}")
            _set_line(self.item_owners, item.owners if item else "")
            _set_plain(self.content, task.content if task else "")
            for m, box in enumerate(self.month_boxes, start=1):
                box.setChecked(bool(task and m in task.months))
            for m, box in enumerate(self.checkpoint_boxes, start=1):
                box.setChecked(bool(task and m in task.checkpoints))
            _set_line(self.schedule_note, task.schedule_note if task else "")
            _set_plain(self.method, task.method if task else "")
            _set_plain(self.kpi, task.kpi if task else "")
            self.target_op.setCurrentIndex(max(0, self.target_op.findData((task.target_op if task else None) or "")))
            value = task.target_value if task else None
            _set_line(self.target_value, "" if value is None else f"{value:g}")
            _set_line(self.target_unit, task.target_unit if task else "")
            _set_line(self.control_number, task.control_number if task else "")
            self._show_cause_hint()
            for hook in self.refresh_hooks:
                hook(item, task)
        finally:
            self._loading = False

    def _show_heading(self, item: Item | None, task: Task | None) -> None:
        if item is None:
            self.heading.setText("<span style='color:#6b7480'>請在中間的表格選擇一項工作，"
                                 "這裡會顯示它的所有欄位與每月執行情形。</span>")
            return
        name = (item.name or "（未命名項目）").replace("\n", " ")
        if task is None or self.data is None:
            self.heading.setText(f"<b>{_esc(item.number)} {_esc(name)}</b><br>此項目尚無工作內容")
            return
        state = self.data.state(task, self.report_month)
        self.heading.setText(
            f"<b>{_esc(item.number)} {_esc(name)}</b><br>{self.report_month}月狀態："
            f"<span style='background:{STATE_COLORS[state]}; padding:2px'>&nbsp;{state.value}&nbsp;</span>"
        )

    def _show_cause_hint(self) -> None:
        months = [m for m in MONTHS if needs_cause(self.progress_model.report(m))]
        if months:
            listed = "、".join(f"{m}月" for m in months)
            self.cause_hint.setText(
                f"⚠ {listed}狀態為「落後」，請填寫落後原因及因應對策（紅底欄位）。"
                f"<a href='{months[0]}'>前往填寫</a>")
            self.cause_hint.show()
        else:
            self.cause_hint.clear()
            self.cause_hint.hide()

    def _go_to_cause(self, month: str) -> None:
        """Open the first empty 落後原因/因應對策 cell of that month for typing."""
        rep = self.progress_model.report(int(month))
        col = P_CAUSE if rep is None or not rep.cause.strip() else P_REMEDY
        index = self.progress_model.index(int(month) - 1, col)
        self.progress_table.scrollTo(index)
        self.progress_table.setCurrentIndex(index)
        self.progress_table.setFocus()
        self.progress_table.edit(index)

    # ------------------------------------------------------------------ edits
    def _task_value(self, key: str, value: Any, label: str) -> None:
        _, task = self.current()
        if self._loading or task is None or self.edits is None or getattr(task, key) == value:
            return
        self.edits.task_fields(task.id, {key: value}, f"修改{label}")

    def _months(self, key: str, boxes: list[QCheckBox]) -> None:
        _, task = self.current()
        if self._loading or task is None or self.edits is None:
            return
        months = tuple(m for m, box in enumerate(boxes, start=1) if box.isChecked())
        if months != getattr(task, key):
            label = "預定月份" if key == "months" else "考核月份"
            self.edits.task_fields(task.id, {key: months}, f"修改{label}")


_INVALID = object()
FIELD_LABELS = {
    "number": "編號", "name": "計畫項目", "owners": "承辦人", "weight": "配分",
    "content": "工作內容", "schedule_note": "時程說明", "method": "考核方式", "kpi": "考核指標",
    "control_number": "列管編號", "target_unit": "目標單位", "target_value": "目標值",
}


def _changes(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The fields whose shown value differs from the stored one (unreadable numbers skipped)."""
    if row is None:
        return {}
    return {k: v for k, v in values.items() if v is not _INVALID and getattr(row, k) != v}


def _label(changes: dict[str, Any], several: str) -> str:
    return f"修改{FIELD_LABELS[next(iter(changes))] if len(changes) == 1 else several}"


def _number(text: str) -> float | None | object:
    """'1,000' → 1000.0, '' → None, anything else unreadable → _INVALID."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return _INVALID


def _set_line(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
        edit.setCursorPosition(0)


def _set_plain(edit: QPlainTextEdit, text: str) -> None:
    if edit.toPlainText() != text:
        edit.setPlainText(text)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
