"""The schedule grid: a table view whose delegate paints month bars, ◆ and item blocks.

Clicking a month cell plans or unplans it (the first click into a grid that does not have
the focus only selects; clicks on text columns never touch months), a drag across a task's month cells sets the
whole run in one undo step; text cells edit in place. Row heights are computed from the
text and column widths (faster than Qt's resize-to-contents over 1,000 rows).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
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
    MONTHS_ROLE,
    PLANNED_ROLE,
    TASK_ID_ROLE,
    TEXT_COLUMNS,
    GridModel,
    RowLook,
    month_of_column,
)
from desktop.models.qt_models import (
    cell_value as _v,
)
from desktop.views.carry_marks import paint_carry_mark
from desktop.views.grid_columns import COLUMN_WIDTHS, MONTH_WIDTH, SHARED_COLUMNS, shared_widths
from desktop.views.grid_look import (
    BAR_COLOR,
    BAR_HEIGHT,
    BAR_PREVIEW_ADD,
    BAR_PREVIEW_REMOVE,
    CENTER,
    CHECKPOINT_COLOR,
    CURRENT_CELL,
    CURRENT_PEN,
    CURRENT_ROW_TINT,
    GRID_PEN,
    ITEM_PEN,
    NUMBER_FLAGS,
    PAD,
    REPORT_TINT,
    SELECTED,
    STATE_TEXT_FLAGS,
    TEXT_COLOR,
    TEXT_FLAGS,
    WHITE,
)
from desktop.views.grid_look import (
    legend_widget as legend_widget,  # main_window imports it from here
)
from desktop.views.kpi_marks import paint_kpi_mark
from desktop.views.row_heights import HeightWarmer, RowHeights, item_blocks, resize_rows
from desktop.views.text_layouts import draw_text
from desktop.views.viewports import own_viewport

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
    """Paints every cell itself so item blocks look merged and month runs look like one bar.

    A repaint paints every visible cell, so the per-cell work is kept small: the row's state,
    months and KPI results come from the model's `look` (once per row), pens, colours and the
    bold font are made once, and texts are drawn from kept layouts (views/text_layouts.py)."""

    def __init__(self, view: GridView):
        super().__init__(view)
        self.view = view
        self._font: QFont | None = None  # the view's font that _bold and _bar_top were made for
        self._bold = QFont()
        self._bar_top = PAD + 1  # the bar's offset in a cell, level with the first line of text

    def _fonts(self, font: QFont) -> QFont:
        """The bold face of the view's font (for 計畫項目 and ◆), made again only when it changes."""
        if self._font is None or font != self._font:
            self._font = QFont(font)
            self._bold = QFont(font)
            self._bold.setBold(True)
            line = self.view.fontMetrics().lineSpacing()
            self._bar_top = PAD + max(0, (line - BAR_HEIGHT) // 2) + 1
        return self._bold

    # ------------------------------------------------------------------ painting
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model: GridModel = index.model()  # type: ignore[assignment]
        row, col = index.row(), index.column()
        grid_row = model.rows[row]
        look = model.look(row)
        rect = option.rect
        current = self.view.currentIndex()
        month = month_of_column(col)
        bold = self._fonts(option.font)
        painter.save()
        # background
        if col == COL_STATE and look.state_color is not None:
            bg = look.state_color
        elif month is not None and month == model.report_month:
            bg = REPORT_TINT
        elif current.row() == row:
            bg = CURRENT_ROW_TINT
        else:
            bg = WHITE
        painter.fillRect(rect, bg)
        if col in (COL_NUMBER, COL_ITEM):
            self._paint_item_block(painter, option, row, col, model, current, bold)
        elif month is not None:
            if grid_row.task is not None:
                self._paint_month(painter, rect, row, col, look, month, current, bold)
        else:
            if option.state & SELECTED:
                painter.fillRect(rect.adjusted(1, 1, -1, -1), _selection(option))
            task = grid_row.task
            if task is None:
                text = ""
            elif col == COL_STATE:
                text = look.state.value if look.state is not None else ""
            else:
                text = task.content if col == COL_CONTENT else task.kpi
            painter.setPen(TEXT_COLOR)
            draw_text(painter, rect.adjusted(PAD, PAD, -PAD, -PAD),
                      STATE_TEXT_FLAGS if col == COL_STATE else TEXT_FLAGS, text)
            badge = getattr(self.view, "evidence_badge", None)  # 佐證 count (evidence_panel)
            if badge is not None and col == COL_CONTENT and task is not None:
                badge(painter, rect, task.id)
            if col == COL_CONTENT and task is not None and task.carried_from:
                paint_carry_mark(painter, rect)  # 延續未完成 (carry_marks)
        # grid lines: right edge always, bottom edge except inside an item block
        painter.setPen(GRID_PEN)
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if col not in (COL_NUMBER, COL_ITEM) or grid_row.last:
            painter.setPen(ITEM_PEN if grid_row.last else GRID_PEN)
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def _paint_item_block(self, painter: QPainter, option: QStyleOptionViewItem, row: int, col: int,
                          model: GridModel, current: QModelIndex, bold: QFont) -> None:
        """Draw the item text in the rect of the whole block, clipped to this cell."""
        first, last = self.view.item_block(row)
        top = self.view.rowViewportPosition(first)
        bottom = self.view.rowViewportPosition(last) + self.view.rowHeight(last)
        block = QRect(option.rect.left(), top, option.rect.width(), bottom - top)
        painter.setClipRect(option.rect)
        if current.isValid() and current.column() == col and first <= current.row() <= last:
            painter.fillRect(block.adjusted(1, 1, -1, -1), _selection(option))
        item = model.rows[first].item
        painter.setFont(bold if col == COL_ITEM else option.font)
        painter.setPen(TEXT_COLOR)
        draw_text(painter, block.adjusted(PAD, PAD, -PAD, -PAD),
                  NUMBER_FLAGS if col == COL_NUMBER else TEXT_FLAGS,
                  item.number if col == COL_NUMBER else item.name)
        painter.setClipping(False)

    def _paint_month(self, painter: QPainter, rect: QRect, row: int, col: int, look: RowLook,
                     month: int, current: QModelIndex, bold: QFont) -> None:
        planned = look.months
        preview = self.view.drag_preview(row)
        is_current = current.row() == row and current.column() == col
        if is_current:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), CURRENT_CELL)
        # level with the first line of text, so a tall row still reads across
        y = rect.top() + self._bar_top
        color = BAR_COLOR
        shown = drawn = planned  # months planned after a drag; months with a bar now
        if preview is not None:
            lo, hi, on = preview
            run = frozenset(range(lo, hi + 1))
            shown = shown | run if on else shown - run
            drawn = planned | run if on else planned  # a run being removed shows in pink
            if lo <= month <= hi:
                color = BAR_PREVIEW_ADD if on else BAR_PREVIEW_REMOVE
        if month in drawn:
            left = rect.left() + (0 if month - 1 in drawn else 4)
            right = rect.right() + (1 if month + 1 in drawn else -4)
            painter.fillRect(QRect(left, y, right - left, BAR_HEIGHT), color)
        if month in look.checkpoints:
            painter.setPen(WHITE if month in shown else CHECKPOINT_COLOR)
            painter.setFont(bold)
            band = QRect(rect.left(), y - 3, rect.width(), BAR_HEIGHT + 6)  # on the bar's line
            draw_text(painter, band, CENTER, "◆")
        result = look.results.get(month)
        if result is not None:
            paint_kpi_mark(painter, rect, y + BAR_HEIGHT, result)
        if is_current:
            painter.setPen(CURRENT_PEN)
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
        own_viewport(self, QPalette.ColorRole.Base)  # asked for all the time, from the first fit
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
        # section id -> (its rows, their item blocks, font and text column widths, the header's
        # state after the rows were fitted): a section shown again gets its row heights back in
        # one call (restoreState) while the model shows the very same rows (GridModel keeps them)
        self._layouts: dict[int | None, tuple[Any, list[tuple[int, int]], Any, QByteArray]] = {}
        self._layouts_of: Any = None  # the PlanData those rows are of
        self._warmer = HeightWarmer(self)
        self._painted = False  # rows follow a change of column widths at once until then
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
        model.report_month_changed.connect(self._report_month_changed)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self._model_reset()

    def _report_month_changed(self) -> None:
        # the header's viewport asked for only now: the first plain QWidget PySide is handed
        # makes it build all its widget classes to tell its type (≈ 11 ms of the start)
        self.horizontalHeader().viewport().update()

    def grid_model(self) -> GridModel:
        return self.model()  # type: ignore[return-value]

    # ------------------------------------------------------------------ blocks and heights
    def _model_reset(self) -> None:
        # Qt lays a reset model out on a timer and then repaints the whole grid a second time;
        # laid out now, the first paint is the only one
        self.executeDelayedItemsLayout()
        model = self.grid_model()
        if model.data_ is not self._layouts_of:
            self._layouts, self._layouts_of = {}, model.data_
        rows = model.rows
        kept = self._layouts.get(model.section_id)
        if kept is not None and kept[0] is rows:
            self._blocks = kept[1]
        else:
            self._blocks = item_blocks(rows)
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
        whole = first == 0 and last is None
        last = len(rows) - 1 if last is None else last
        if not rows or last < first:
            return
        header = self.verticalHeader()
        widths = {c: self.columnWidth(c) for c in TEXT_COLUMNS}
        key = (self.font().key(), tuple(widths.values()))
        kept = self._layouts.get(model.section_id)
        if whole and kept is not None and kept[0] is rows and kept[2] == key:
            quiet = header.blockSignals(True)
            try:
                restored = header.restoreState(kept[3]) and header.count() == len(rows)
            finally:
                header.blockSignals(quiet)
            if restored:
                self.updateGeometries()
                self.viewport().update()
                return
        resized = resize_rows(header, rows, self._blocks, first, last, RowHeights(self.font(), widths))
        if whole:
            self._layouts[model.section_id] = (rows, self._blocks, key, header.saveState())
            self._warmer.start(model.data_, self.font(), widths)
        else:  # an edit's rows: the section's kept heights are old now
            self._layouts.pop(model.section_id, None)
        if resized is not None:
            self.updateGeometries()
            top = max(0, self.rowViewportPosition(resized))
            self.viewport().update(QRect(0, top, self.viewport().width(), self.viewport().height() - top))

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
        if event.type() == QEvent.Type.Paint:
            self._painted = True
        elif event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self.fit_columns)  # also when a scroll bar comes or goes
        return super().viewportEvent(event)

    def fit_columns(self) -> None:
        """The room the fixed columns leave, shared as grid_columns.shared_widths says."""
        model = self.model()
        if model is None:
            return
        fixed = sum(self.columnWidth(c) for c in range(model.columnCount()) if c not in SHARED_COLUMNS)
        changed = False
        for col, width in shared_widths(self.viewport().width() - 2 - fixed):
            if self.columnWidth(col) != width:
                self.setColumnWidth(col, width)
                changed = True
        if changed and not self._painted:  # the window just shown: its first paint fitted
            self._fit_timer.stop()
            self.fit_rows()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self.fit_rows()
        return super().event(event)
