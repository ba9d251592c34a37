"""The schedule grid: a table view whose delegate paints month bars, ◆ and item blocks.

Clicking a month cell plans or unplans it (the first click into a grid that does not have
the focus only selects; clicks on text columns never touch months), a drag across a task's month cells sets the
whole run in one undo step; text cells edit in place. Row heights are computed from the
text and column widths (faster than Qt's resize-to-contents over 1,000 rows).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.models.domain import DerivedState
from desktop.models.qt_models import (
    CHECKPOINT_ROLE,
    COL_CONTENT,
    COL_ITEM,
    COL_KPI,
    COL_MONTH1,
    COL_NUMBER,
    COL_STATE,
    KPI_RESULT_ROLE,
    MONTHS_ROLE,
    PLANNED_ROLE,
    TASK_ID_ROLE,
    GridModel,
    month_of_column,
)
from desktop.models.qt_models import (
    cell_value as _v,
)
from desktop.models.state import STATE_COLORS
from desktop.views.kpi_marks import checkpoint_legend, paint_kpi_mark
from desktop.views.text_width import CharAdvances, advances

PAD = 5
BAR_COLOR = QColor("#2f5d8c")
BAR_PREVIEW_ADD = QColor("#7fa7d1")
BAR_PREVIEW_REMOVE = QColor("#e8b4b4")
REPORT_TINT = QColor("#fff3b8")
CURRENT_ROW_TINT = QColor("#eef4fb")
GRID_LINE = QColor("#c9ced6")
ITEM_LINE = QColor("#8a93a0")
TEXT_COLOR = QColor("#1d232b")
CHECKPOINT_COLOR = QColor("#b3261e")
COLUMN_WIDTHS = {COL_NUMBER: 46, COL_ITEM: 120, COL_CONTENT: 230, COL_STATE: 64, COL_KPI: 240}
MONTH_WIDTH = 32
NARROW_MONTH_WIDTH, NARROW_ITEM_WIDTH = 27, 96  # when the window is narrow (fit_columns)
Index = QModelIndex | QPersistentModelIndex



class WrapEdit(QPlainTextEdit):
    """In-place editor for long text: Enter commits, Shift+Enter starts a new line."""

    commit = Signal(QWidget)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.commit.emit(self)
            return
        super().keyPressEvent(event)


class GridDelegate(QStyledItemDelegate):
    """Paints every cell itself so item blocks look merged and month runs look like one bar."""

    def __init__(self, view: GridView):
        super().__init__(view)
        self.view = view

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model: GridModel = index.model()  # type: ignore[assignment]
        row, col = index.row(), index.column()
        grid_row = model.rows[row]
        rect = option.rect
        current = self.view.currentIndex()
        month = month_of_column(col)
        painter.save()
        # background
        bg = QColor("#ffffff")
        if current.isValid() and current.row() == row:
            bg = CURRENT_ROW_TINT
        if month is not None and month == model.report_month:
            bg = REPORT_TINT
        if col == COL_STATE and grid_row.task is not None:
            brush = _v(index, Qt.ItemDataRole.BackgroundRole)
            if brush is not None:
                bg = brush.color()
        painter.fillRect(rect, bg)
        if col in (COL_NUMBER, COL_ITEM):
            self._paint_item_block(painter, option, index, model)
        elif month is not None:
            self._paint_month(painter, rect, index, model, month)
        else:
            if option.state & QStyle.StateFlag.State_Selected:
                painter.fillRect(rect.adjusted(1, 1, -1, -1), _selection(option))
            text = _v(index) or ""
            align = Qt.AlignmentFlag.AlignHCenter if col == COL_STATE else Qt.AlignmentFlag.AlignLeft
            align |= Qt.AlignmentFlag.AlignTop
            painter.setPen(TEXT_COLOR)
            painter.drawText(rect.adjusted(PAD, PAD, -PAD, -PAD),
                             int(align | Qt.TextFlag.TextWordWrap), text)
            badge = getattr(self.view, "evidence_badge", None)  # 佐證 count (evidence_panel)
            if badge is not None and col == COL_CONTENT and grid_row.task is not None:
                badge(painter, rect, grid_row.task.id)
        # grid lines: right edge always, bottom edge except inside an item block
        painter.setPen(QPen(GRID_LINE, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if col not in (COL_NUMBER, COL_ITEM) or grid_row.last:
            painter.setPen(QPen(ITEM_LINE if grid_row.last else GRID_LINE, 1))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def _paint_item_block(self, painter: QPainter, option: QStyleOptionViewItem, index: Index,
                          model: GridModel) -> None:
        """Draw the item text in the rect of the whole block, clipped to this cell."""
        row, col = index.row(), index.column()
        first, last = self.view.item_block(row)
        top = self.view.rowViewportPosition(first)
        bottom = self.view.rowViewportPosition(last) + self.view.rowHeight(last)
        block = QRect(option.rect.left(), top, option.rect.width(), bottom - top)
        painter.setClipRect(option.rect)
        current = self.view.currentIndex()
        if current.isValid() and current.column() == col and first <= current.row() <= last:
            painter.fillRect(block.adjusted(1, 1, -1, -1), _selection(option))
        text = model.data(model.index(first, col), Qt.ItemDataRole.DisplayRole) or ""
        align = Qt.AlignmentFlag.AlignHCenter if col == COL_NUMBER else Qt.AlignmentFlag.AlignLeft
        font = QFont(option.font)
        font.setBold(col == COL_ITEM)
        painter.setFont(font)
        painter.setPen(TEXT_COLOR)
        painter.drawText(block.adjusted(PAD, PAD, -PAD, -PAD),
                         int(align | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap), text)
        painter.setClipping(False)

    def _paint_month(self, painter: QPainter, rect: QRect, index: Index, model: GridModel,
                     month: int) -> None:
        months = _v(index, MONTHS_ROLE)
        if months is None:
            return
        planned = set(months)
        preview = self.view.drag_preview(index.row())
        is_current = self.view.currentIndex() == index
        if is_current:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), QColor("#d5e3f3"))
        # level with the first line of text, so a tall row still reads across
        bar_h = 14
        y = rect.top() + PAD + max(0, (self.view.fontMetrics().lineSpacing() - bar_h) // 2) + 1
        color = BAR_COLOR
        shown = set(planned)  # months that will be planned after the drag
        drawn = set(planned)  # months with a bar now (a run being removed shows in pink)
        if preview is not None:
            lo, hi, on = preview
            run = set(range(lo, hi + 1))
            shown = shown | run if on else shown - run
            drawn = planned | run if on else planned
            if lo <= month <= hi:
                color = BAR_PREVIEW_ADD if on else BAR_PREVIEW_REMOVE
        if month in drawn:
            left = rect.left() + (0 if month - 1 in drawn else 4)
            right = rect.right() + (1 if month + 1 in drawn else -4)
            painter.fillRect(QRect(left, y, right - left, bar_h), color)
        if _v(index, CHECKPOINT_ROLE):
            on_bar = month in shown
            painter.setPen(QColor("#ffffff") if on_bar else CHECKPOINT_COLOR)
            font = QFont(painter.font())
            font.setBold(True)
            painter.setFont(font)
            band = QRect(rect.left(), y - 3, rect.width(), bar_h + 6)  # on the bar's line
            painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), "◆")
        result = _v(index, KPI_RESULT_ROLE)
        if result is not None:
            paint_kpi_mark(painter, rect, y + bar_h, result)
        if is_current:
            painter.setPen(QPen(QColor("#1f6fd1"), 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

    # ------------------------------------------------------------------ editing
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == COL_NUMBER:
            return QLineEdit(parent)
        editor = WrapEdit(parent)
        editor.setTabChangesFocus(True)
        editor.commit.connect(self._commit_and_close)
        return editor

    def _commit_and_close(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = _v(index, Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QLineEdit):
            editor.setText(text)
            editor.selectAll()
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        text = editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()  # type: ignore[attr-defined]
        model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect)
        if index.column() in (COL_NUMBER, COL_ITEM):
            first, last = self.view.item_block(index.row())
            top = self.view.rowViewportPosition(first)
            rect.setTop(top)
            rect.setBottom(self.view.rowViewportPosition(last) + self.view.rowHeight(last))
        if index.column() != COL_NUMBER:
            rect.setHeight(max(rect.height(), 90))
            rect.setWidth(max(rect.width(), 260))
        editor.setGeometry(rect)


def _selection(option: QStyleOptionViewItem) -> QColor:
    color = QColor(option.palette.highlight().color())
    color.setAlpha(70)
    return color


class GridView(QTableView):
    """The centre grid. Emits current_task_changed(task_id or None, item_id or None)."""

    current_task_changed = Signal(object, object)

    def commit_open_editor(self) -> None:
        """Store the text of a cell being edited before an action resets the model."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(GridDelegate(self))
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().hide()  # 編號 is the reference; row numbers only take room
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setMinimumSectionSize(24)
        self.horizontalHeader().setStretchLastSection(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._drag: tuple[int, int, int, bool] | None = None  # row, start month, now, planned
        self._focus_by_click = False
        self._blocks: list[tuple[int, int]] = []
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(60)
        self._fit_timer.timeout.connect(self.fit_rows)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.context_actions: list[Any] = []

    def setModel(self, model: GridModel) -> None:  # type: ignore[override]
        super().setModel(model)
        for col, width in COLUMN_WIDTHS.items():
            self.setColumnWidth(col, width)
        # the longest state, 「本月無排程」, on one line in whatever font the user has
        widest = max(self.fontMetrics().horizontalAdvance(s.value) for s in DerivedState)
        self.setColumnWidth(COL_STATE, max(COLUMN_WIDTHS[COL_STATE], widest + 2 * PAD + 4))
        for m in range(12):
            self.setColumnWidth(COL_MONTH1 + m, MONTH_WIDTH)
        model.modelReset.connect(self._model_reset)
        model.dataChanged.connect(self._data_changed)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self._model_reset()

    def grid_model(self) -> GridModel:
        return self.model()  # type: ignore[return-value]

    # ------------------------------------------------------------------ blocks and heights
    def _model_reset(self) -> None:
        rows = self.grid_model().rows
        self._blocks = [(0, 0)] * len(rows)
        start = 0
        for r, row in enumerate(rows):
            if row.first:
                start = r
            if row.last:
                for k in range(start, r + 1):
                    self._blocks[k] = (start, r)
        self.fit_rows()

    def item_block(self, row: int) -> tuple[int, int]:
        return self._blocks[row] if 0 <= row < len(self._blocks) else (row, row)

    def _column_resized(self, *_: Any) -> None:
        self._fit_timer.start()

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = ()) -> None:
        text_cols = {COL_NUMBER, COL_ITEM, COL_CONTENT, COL_KPI}
        if any(top_left.column() <= c <= bottom_right.column() for c in text_cols):
            rows = {self.item_block(r) for r in range(top_left.row(), bottom_right.row() + 1)}
            for first, last in rows:
                self.fit_rows(first, last)
        if top_left.column() <= COL_ITEM:
            # item blocks paint across rows; repaint them whole (Qt repaints the changed cells)
            self._update_rows(range(top_left.row(), bottom_right.row() + 1), whole_row=False)

    def _update_rows(self, rows: Any, whole_row: bool = True) -> None:
        """Repaint these rows' item blocks (編號/計畫項目 paint across rows), and with whole_row
        the rows themselves (the current row's tint): an edit costs its own rows, not the viewport."""
        port = self.viewport()
        left = self.columnViewportPosition(COL_NUMBER)
        block_width = self.columnViewportPosition(COL_ITEM) + self.columnWidth(COL_ITEM) - left
        for r in rows:
            if not 0 <= r < len(self._blocks):
                continue
            first, last = self._blocks[r]
            top = self.rowViewportPosition(first)
            port.update(QRect(left, top, block_width, self.rowViewportPosition(last) + self.rowHeight(last) - top))
            if whole_row:
                port.update(QRect(left, self.rowViewportPosition(r), port.width() - left, self.rowHeight(r)))

    def fit_rows(self, first: int = 0, last: int | None = None) -> None:
        """Row heights from the wrapped text, item blocks tall enough for their name."""
        model = self.grid_model()
        rows = model.rows
        last = len(rows) - 1 if last is None else last
        if not rows or last < first:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        fm, fm_bold = advances(self.font()), advances(bold)  # widths by character, measured once
        line = fm.metrics.lineSpacing()
        base = line + 2 * PAD + 6
        widths = {c: max(10, self.columnWidth(c) - 2 * PAD - 2) for c in (COL_NUMBER, COL_ITEM, COL_CONTENT, COL_KPI)}

        def lines(text: str, width: int, metrics: CharAdvances) -> int:
            if not text:
                return 1
            return sum(max(1, math.ceil((metrics.width(p) + 4) / width))
                       for p in text.split("\n"))

        header = self.verticalHeader()
        r = first
        while r <= last:
            b_first, b_last = self.item_block(r)
            heights = []
            for k in range(b_first, b_last + 1):
                task = rows[k].task
                n = 1
                if task is not None:
                    n = max(lines(task.content, widths[COL_CONTENT], fm),
                            lines(task.kpi, widths[COL_KPI], fm))
                heights.append(max(base, n * line + 2 * PAD + 2))
            item = rows[b_first].item
            need = max(lines(item.name, widths[COL_ITEM], fm_bold),
                       lines(item.number, widths[COL_NUMBER], fm)) * line + 2 * PAD + 2
            if need > sum(heights):
                heights[-1] += need - sum(heights)
            for k, h in zip(range(b_first, b_last + 1), heights, strict=True):
                if header.sectionSize(k) != h:
                    header.resizeSection(k, h)
            r = b_last + 1

    # ------------------------------------------------------------------ selection
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.row() != previous.row() or current.column() != previous.column():
            self._update_rows({current.row(), previous.row()})
        if not current.isValid():
            self.current_task_changed.emit(None, None)
        else:
            self.current_task_changed.emit(_v(current, TASK_ID_ROLE),
                                           self.grid_model().rows[current.row()].item.id)

    def current_task_id(self) -> int | None:
        idx = self.currentIndex()
        return _v(idx, TASK_ID_ROLE) if idx.isValid() else None

    def select_task(self, task_id: int, column: int = COL_CONTENT) -> bool:
        r = self.grid_model().row_of_task(task_id)
        if r is None:
            return False
        self.setCurrentIndex(self.model().index(r, column))
        self.scrollTo(self.model().index(r, column))
        return True

    def select_item(self, item_id: int) -> bool:
        rows = self.grid_model().rows_of_item(item_id)
        if not rows:
            return False
        self.setCurrentIndex(self.model().index(rows[0], COL_ITEM))
        self.scrollTo(self.model().index(rows[0], COL_ITEM))
        return True

    # ------------------------------------------------------------------ mouse: click and drag months
    def drag_preview(self, row: int) -> tuple[int, int, bool] | None:
        if self._drag is None or self._drag[0] != row or self._drag[1] == self._drag[2]:
            return None
        _, start, now, on = self._drag
        return min(start, now), max(start, now), on

    def _month_at(self, event: QMouseEvent) -> tuple[QModelIndex, int | None]:
        idx = self.indexAt(event.position().toPoint())
        return idx, month_of_column(idx.column()) if idx.isValid() else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        idx, month = self._month_at(event)
        self._drag = None
        try:
            self._month_press(event, idx, month)
        finally:
            self._focus_by_click = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Qt gives a clicked widget the focus just before it delivers the press itself
        self._focus_by_click = event.reason() == Qt.FocusReason.MouseFocusReason
        super().focusInEvent(event)

    def _month_press(self, event: QMouseEvent, idx: QModelIndex, month: int | None) -> None:
        if event.button() == Qt.MouseButton.LeftButton and month is not None and _v(idx, MONTHS_ROLE) is not None:
            self.setCurrentIndex(idx)
            if not self._focus_by_click:  # the first click into a grid used elsewhere only selects
                self._drag = (idx.row(), month, month, not _v(idx, PLANNED_ROLE))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            idx, month = self._month_at(event)
            if month is not None and idx.row() == self._drag[0] and month != self._drag[2]:
                self._drag = (self._drag[0], self._drag[1], month, self._drag[3])
                self.viewport().update(self.visualRect(idx).united(
                    self.visualRect(self.model().index(idx.row(), COL_MONTH1))).adjusted(0, 0, 12 * MONTH_WIDTH, 0))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            row, start, now, on = self._drag
            self._drag = None
            model = self.grid_model()
            if start == now:
                model.setData(model.index(row, COL_MONTH1 + start - 1), on, PLANNED_ROLE)
            else:
                model.set_month_run(row, start, now, on)
            self.viewport().update()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        _, month = self._month_at(event)
        if month is not None:
            # the first click already toggled; a double-click must not toggle back
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # ------------------------------------------------------------------ keyboard
    def keyPressEvent(self, event: QKeyEvent) -> None:
        idx = self.currentIndex()
        key = event.key()
        if idx.isValid() and self.state() != QAbstractItemView.State.EditingState:
            month = month_of_column(idx.column())
            model = self.grid_model()
            if month is not None and _v(idx, MONTHS_ROLE) is not None:
                if key == Qt.Key.Key_Space:
                    shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    role = CHECKPOINT_ROLE if shift else PLANNED_ROLE
                    model.setData(idx, not _v(idx, role), role)
                    return
                if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    model.setData(idx, False, PLANNED_ROLE)
                    return
            if idx.flags() & Qt.ItemFlag.ItemIsEditable:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.edit(idx)
                    return
                if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    if _v(idx, Qt.ItemDataRole.EditRole):
                        model.setData(idx, "", Qt.ItemDataRole.EditRole)
                    return
        super().keyPressEvent(event)

    def _context_menu(self, pos: Any) -> None:
        idx = self.indexAt(pos)
        menu = QMenu(self)
        month = month_of_column(idx.column()) if idx.isValid() else None
        if month is not None and _v(idx, MONTHS_ROLE) is not None:
            self.setCurrentIndex(idx)
            model = self.grid_model()
            planned = bool(_v(idx, PLANNED_ROLE))
            act = menu.addAction(f"{'取消' if planned else '排入'} {month}月預定月份（空白鍵）")
            act.triggered.connect(lambda: model.setData(idx, not planned, PLANNED_ROLE))
            check = bool(_v(idx, CHECKPOINT_ROLE))
            act2 = menu.addAction(f"{'取消' if check else '設為'} {month}月考核月份 ◆（Shift+空白鍵）")
            act2.triggered.connect(lambda: model.setData(idx, not check, CHECKPOINT_ROLE))
            menu.addSeparator()
        elif idx.isValid():
            self.setCurrentIndex(idx)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(pos))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self.fit_columns)  # also when a scroll bar comes or goes
        return super().viewportEvent(event)

    def fit_columns(self) -> None:
        """Share the room left by the fixed columns between 工作內容 and 考核指標. In a narrow
        window (1366×768 with the dock open) the month and item columns give way first, so
        考核指標 stays on screen without scrolling sideways."""
        model = self.model()
        if model is None:
            return
        months = range(COL_MONTH1, COL_MONTH1 + 12)
        fixed = sum(self.columnWidth(c) for c in range(model.columnCount())
                    if c not in (COL_CONTENT, COL_KPI, COL_ITEM) and c not in months)
        room = self.viewport().width() - 2 - fixed
        month_w, item_w = MONTH_WIDTH, COLUMN_WIDTHS[COL_ITEM]
        if room - item_w - 12 * month_w < 2 * 180:
            month_w, item_w = NARROW_MONTH_WIDTH, NARROW_ITEM_WIDTH
        rest = room - item_w - 12 * month_w
        content = max(130, int(rest * 0.5))
        kpi = max(120, rest - content)
        for col, width in ((COL_ITEM, item_w), *((m, month_w) for m in months),
                           (COL_CONTENT, content), (COL_KPI, kpi)):
            if self.columnWidth(col) != width:
                self.setColumnWidth(col, width)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self.fit_rows()
        return super().event(event)


def legend_widget() -> QWidget:
    """The key to the grid's colours and marks, shown under it."""
    w = QWidget()
    h = QHBoxLayout(w)
    h.setContentsMargins(4, 2, 4, 4)
    h.setSpacing(10)
    h.addWidget(QLabel("狀態："))
    for state in DerivedState:
        chip = QLabel(f" {state.value} ")
        chip.setStyleSheet(f"background: {STATE_COLORS[state]}; border: 1px solid #b8bec7;"
                           "border-radius: 3px; padding: 1px 4px;")
        h.addWidget(chip)
    h.addSpacing(16)
    bar = QLabel("　　")
    bar.setFixedHeight(12)
    bar.setStyleSheet(f"background: {BAR_COLOR.name()};")
    h.addWidget(bar)
    h.addWidget(QLabel("預定月份"))
    diamond = QLabel("◆")
    diamond.setStyleSheet("color: #b3261e; font-weight: bold;")
    h.addWidget(diamond)
    h.addWidget(checkpoint_legend())
    tint = QLabel("　　")
    tint.setStyleSheet(f"background: {REPORT_TINT.name()}; border: 1px solid #d8c77a;")
    h.addWidget(tint)
    h.addWidget(QLabel("填報月份"))
    h.addStretch(1)
    w.setToolTip("點月份格排入／取消，拖曳設定連續月份；雙擊、F2 或直接打字編輯文字")
    return w
