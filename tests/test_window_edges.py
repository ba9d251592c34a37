"""Issue 9, the window's rough edges: each driven as a user does it."""

from __future__ import annotations

import test_main_window as _main_tests
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop import APP_TITLE
from desktop.models.store import Store
from desktop.views.main_window import MainWindow
from desktop.views.task_dock import TYPING_PAUSE_MS

window = _main_tests.window  # the same window fixture
in_file = _main_tests.in_file


def ime_type(widget, text: str) -> None:
    """Type Chinese the way an input method does: one committed string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def task_id_of(window: MainWindow, content: str) -> int:
    return next(row.task.id for row in window.grid_model.rows if row.task and row.task.content == content)


# ---------------------------------------------------------------- point 9
def test_title_does_not_repeat_the_program_name(window: MainWindow):
    app = QApplication.instance()
    old = app.applicationDisplayName()
    app.setApplicationDisplayName(APP_TITLE)  # Qt appends this to every window title
    try:
        assert "PlanDesk" not in window.windowTitle()
        assert "115 年度" in window.windowTitle()
    finally:
        app.setApplicationDisplayName(old)


def test_weight_abc_says_why_it_is_refused(qtbot, window: MainWindow):
    window.grid.select_task(task_id_of(window, "出生登記"))
    dock = window.dock
    dock.item_weight.setFocus()
    qtbot.keyClicks(dock.item_weight, "abc")
    assert dock.item_weight.text() == ""
    assert dock.number_hint.isVisibleTo(dock) and "數字" in dock.number_hint.text()
    qtbot.keyClicks(dock.item_weight, "2")
    assert not dock.number_hint.isVisibleTo(dock)


def _pause(dock) -> None:
    """The typing pause has run out (no timed waits in tests: the timer is due, fire it)."""
    assert dock.typing_timer.isActive() and dock.typing_timer.interval() == TYPING_PAUSE_MS
    dock.typing_timer.timeout.emit()


def test_text_typed_in_the_dock_is_stored_after_a_pause(qtbot, window: MainWindow, store: Store):
    task_id = task_id_of(window, "出生登記")
    window.grid.select_task(task_id)
    dock = window.dock
    dock.content.setFocus()
    dock.content.moveCursor(QTextCursor.MoveOperation.End)
    dock.content.insertPlainText("（含初設戶籍）")  # typed: the field is not left
    assert in_file(store).task(task_id).content == "出生登記"  # not yet: still typing
    _pause(dock)
    assert in_file(store).task(task_id).content == "出生登記（含初設戶籍）"
    assert dock.content.textCursor().atEnd()  # storing did not move the typing point
    dock.content.insertPlainText("等")
    _pause(dock)
    assert in_file(store).task(task_id).content == "出生登記（含初設戶籍）等"
    dock.schedule_note.setFocus()
    ime_type(dock.schedule_note, "每月5日前")
    _pause(dock)
    assert in_file(store).task(task_id).schedule_note == "每月5日前"
    assert not dock.typing_timer.isActive()


# ---------------------------------------------------------------- point 8
def test_shortcut_names_read_as_keys_not_mouse_buttons(window: MainWindow):
    from PySide6.QtGui import QKeySequence

    from desktop.views.application import install_chinese

    app = QApplication.instance()
    translators = install_chinese(app)
    try:
        native = QKeySequence.SequenceFormat.NativeText
        assert window.prev_month_action.shortcut().toString(native) == "Alt+←"
        assert window.move_down_action.shortcut().toString(native) == "Ctrl+↓"
        assert "鍵" not in window.next_month_action.shortcut().toString(native)
    finally:
        for t in translators:
            app.removeTranslator(t)


# ---------------------------------------------------------------- point 1
def test_dock_status_is_chosen_deliberately_and_the_month_stays_in_view(qtbot, window: MainWindow, store: Store):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox

    from desktop.models.domain import Status
    from desktop.models.progress_model import P_MONTH, P_STATUS

    task_id = task_id_of(window, "死亡登記")
    window.grid.select_task(task_id)
    dock = window.dock
    table = dock.progress_table
    index = dock.progress_model.index(4, P_STATUS)
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert table.findChild(QComboBox) is None  # a click selects, it opens nothing
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    combo = table.findChild(QComboBox)
    assert combo is not None
    assert 5 not in in_file(store).progress(task_id)  # opening the list chose nothing
    combo.setCurrentIndex(combo.findData(Status.BEHIND.value))
    combo.activated.emit(combo.currentIndex())
    assert in_file(store).progress(task_id)[5].status is Status.BEHIND
    qtbot.waitUntil(lambda: not any(c.isVisible() for c in table.findChildren(QComboBox)))
    assert table.state() != table.State.EditingState  # the list does not come back
    assert dock.cause_hint.isVisible()
    dock.cause_hint.linkActivated.emit("5")
    assert table.horizontalScrollBar().value() > 0  # scrolled right to 落後原因
    month = dock.month_column
    assert month.isVisible() and month.x() <= table.frameWidth()
    assert month.visualRect(month.model().index(4, P_MONTH)).intersects(month.viewport().rect())
    assert month.model().index(4, P_MONTH).data() == table.model().index(4, P_MONTH).data()


# ---------------------------------------------------------------- English in the window
def test_qt_file_dialog_labels_are_chinese(qtbot):
    from PySide6.QtWidgets import QFileDialog, QLabel

    from desktop.views.application import install_chinese

    app = QApplication.instance()
    translators = install_chinese(app)
    try:
        dialog = QFileDialog(None, "匯入", "", "Excel 活頁簿 (*.xlsx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert labels and all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in labels), labels
        assert not any("Look in" in t or "Files of" in t for t in labels)
    finally:
        for t in translators:
            app.removeTranslator(t)


# ---------------------------------------------------------------- point 2: clicking
def _click(qtbot, view, index) -> None:
    from PySide6.QtCore import Qt

    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_first_click_into_an_unfocused_grid_only_selects(qtbot, window: MainWindow, store: Store):
    from desktop.models.qt_models import column_of_month

    task_id = task_id_of(window, "死亡登記")
    row = window.grid_model.row_of_task(task_id)
    window.dock.content.setFocus()  # working in the dock
    assert window.focusWidget() is window.dock.content
    _click(qtbot, window.grid, window.grid_model.index(row, column_of_month(7)))
    assert window.grid.current_task_id() == task_id
    assert in_file(store).task(task_id).months == (5,)  # selected, not planned
    assert window.undo_stack.count() == 0
    _click(qtbot, window.grid, window.grid_model.index(row, column_of_month(7)))
    assert in_file(store).task(task_id).months == (5, 7)  # now the grid has the focus: plans


def test_clicks_on_text_columns_never_change_months(qtbot, window: MainWindow, store: Store):
    from PySide6.QtCore import Qt

    from desktop.models.qt_models import (
        COL_CONTENT,
        COL_ITEM,
        COL_KPI,
        COL_NUMBER,
        COL_STATE,
        column_of_month,
    )

    task_id = task_id_of(window, "死亡登記")
    row = window.grid_model.row_of_task(task_id)
    view = window.grid
    view.setFocus()
    for col in (COL_NUMBER, COL_ITEM, COL_CONTENT, COL_STATE, COL_KPI):
        _click(qtbot, view, window.grid_model.index(row, col))
    # a press on a text cell released over a month cell is not a month click either
    text = view.visualRect(window.grid_model.index(row, COL_KPI)).center()
    month = view.visualRect(window.grid_model.index(row, column_of_month(9))).center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=text)
    qtbot.mouseMove(view.viewport(), month)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=month)
    assert in_file(store).task(task_id).months == (5,)
    assert window.undo_stack.count() == 0


# ---------------------------------------------------------------- 1366×768
def test_grid_main_columns_fit_at_1366x768(qtbot, window: MainWindow):
    from desktop.models.qt_models import COL_KPI

    window.resize(1366, 768)
    assert window.width() == 1366  # the window itself fits: the legend row and the dock allow it
    grid = window.grid
    qtbot.waitUntil(lambda: grid.horizontalScrollBar().maximum() == 0)
    kpi = grid.columnViewportPosition(COL_KPI) + grid.columnWidth(COL_KPI)
    assert kpi <= grid.viewport().width()
    assert grid.columnWidth(COL_KPI) >= 120



def test_a_window_deleted_before_its_grid_refits_is_left_alone(qtbot, sample_store: Store):
    """Taken apart, the grid's viewport is resized and queues a fit; for a window deleted at
    once (run_gui's at its close) the fit used to run on the deleted grid: an error in
    whichever test came next."""
    from PySide6.QtCore import QEvent

    w = MainWindow(sample_store)
    w.show()
    qtbot.waitExposed(w)
    w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()  # the queued fit: an exception in it fails this test

def test_monthly_review_total_row_is_not_behind_a_scroll_bar(qtbot, window: MainWindow):
    from desktop.views.monthly_review import MonthlyReview

    review = MonthlyReview(window)
    qtbot.addWidget(review)
    review.resize(1300, 700)
    review.show()
    qtbot.waitExposed(review)
    summary = review.summary
    last = summary.rowCount() - 1
    assert summary.item(last, 0).text() == "合計"
    bottom = summary.rowViewportPosition(last) + summary.rowHeight(last)
    assert bottom <= summary.viewport().height()
