"""Issue 9: the dock follows every change, a new year after the one on screen, one undo
history per year."""

from __future__ import annotations

import test_main_window as _main_tests
from PySide6.QtCore import Qt

from desktop.models.qt_models import COL_CONTENT, column_of_month
from desktop.models.store import Store
from desktop.views.main_window import MainWindow

window = _main_tests.window
in_file = _main_tests.in_file


def task_id_of(window: MainWindow, content: str) -> int:
    return next(row.task.id for row in window.grid_model.rows if row.task and row.task.content == content)


def dock_months(window: MainWindow) -> tuple[int, ...]:
    return tuple(m for m, box in enumerate(window.dock.month_boxes, start=1) if box.isChecked())


def assert_dock_shows_grid(window: MainWindow) -> None:
    """The dock shows exactly the grid's current row, as stored."""
    grid_task = window.grid.current_task_id()
    assert window.dock.task_id == grid_task
    if grid_task is not None:
        stored = in_file(window.store).task(grid_task)
        assert window.dock.task_box.isEnabled()
        assert "尚無工作內容" not in window.dock.heading.text()
        assert window.dock.content.toPlainText() == stored.content
        assert dock_months(window) == tuple(stored.months)


def test_after_deleting_a_task_the_dock_shows_its_neighbour(window: MainWindow):
    birth, death = task_id_of(window, "出生登記"), task_id_of(window, "死亡登記")
    window.grid.select_task(birth, COL_CONTENT)
    window.delete_action.trigger()
    assert window.grid.current_task_id() == death  # the neighbour in the same item
    assert_dock_shows_grid(window)
    window.undo_action.trigger()
    assert window.grid.current_task_id() == birth
    assert_dock_shows_grid(window)
    window.redo_action.trigger()
    assert window.grid.current_task_id() == death
    assert_dock_shows_grid(window)
    # the second of two tasks: the one before it
    window.grid.select_task(death, COL_CONTENT)
    window.add_task_action.trigger()
    added = window.grid.current_task_id()
    window.delete_action.trigger()
    assert window.grid.current_task_id() == death
    assert_dock_shows_grid(window)
    assert added not in {t.id for row in window.grid_model.rows if (t := row.task)}
    # an item's only task: the item stays, shown with no task
    only = task_id_of(window, "滿意度調查")
    window.grid.select_task(only, COL_CONTENT)
    item_id = window.grid_model.rows[window.grid.currentIndex().row()].item.id
    window.delete_action.trigger()
    assert window.grid.current_task_id() is None
    assert window.grid_model.rows[window.grid.currentIndex().row()].item.id == item_id
    assert window.dock.item_box.isEnabled() and "尚無工作內容" in window.dock.heading.text()


def test_dock_follows_a_month_drag_and_its_undo_and_redo(qtbot, window: MainWindow):
    view = window.grid
    death = task_id_of(window, "死亡登記")
    window.grid.select_task(death, COL_CONTENT)
    row = window.grid_model.row_of_task(death)
    start = view.visualRect(window.grid_model.index(row, column_of_month(8))).center()
    end = view.visualRect(window.grid_model.index(row, column_of_month(10))).center()
    view.setFocus()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert dock_months(window) == (5, 8, 9, 10)
    assert_dock_shows_grid(window)
    window.grid.select_task(task_id_of(window, "出生登記"), COL_CONTENT)  # look elsewhere
    window.undo_action.trigger()
    assert window.grid.current_task_id() == death  # undo shows what it changed
    assert dock_months(window) == (5,)
    assert_dock_shows_grid(window)
    window.redo_action.trigger()
    assert dock_months(window) == (5, 8, 9, 10)
    assert_dock_shows_grid(window)


def test_dock_follows_a_move_and_its_undo(window: MainWindow):
    death = task_id_of(window, "死亡登記")
    window.grid.select_task(death, COL_CONTENT)
    window.move_up_action.trigger()
    assert window.grid.current_task_id() == death
    assert_dock_shows_grid(window)
    window.undo_action.trigger()
    assert window.grid.current_task_id() == death
    assert_dock_shows_grid(window)
    window.redo_action.trigger()
    assert_dock_shows_grid(window)


def _show_year(window: MainWindow, year: int) -> None:
    index = window.year_combo.findText(f"{year} 年度")
    window.year_combo.setCurrentIndex(index)
    window.year_combo.activated.emit(index)
    assert window.plan.year == year


def test_new_plan_proposes_the_year_after_the_newest_plan(window: MainWindow, store: Store):
    """Issue 9: the year after the newest plan, not after the one on screen (in January the officer
    may be looking at last year's table when starting this year's), carried over from the newest."""
    from desktop.views.dialogs import NewPlanDialog

    newest = window.plan
    store.create_plan(112, "臺北市文山區戶政事務所", "112年度計畫")
    window.reload()
    _show_year(window, 112)
    dialog = NewPlanDialog(store.plans(), window)
    assert dialog.year.value() == newest.year + 1  # 116, not 113
    assert dialog.source.currentData() == newest.id
    assert dialog.office.text() == newest.office
    dialog.deleteLater()


def test_each_year_keeps_its_own_undo_history(window: MainWindow, store: Store):
    other = store.create_plan(114, "臺北市文山區戶政事務所", "114年度計畫")
    store.insert_sections(other.id, [{"name": "戶籍登記課", "items": [
        {"number": "1", "name": "戶籍登記", "tasks": [{"content": "遷徙登記", "months": [4]}]}]}])
    window.reload()
    death = task_id_of(window, "死亡登記")
    window.grid.select_task(death, COL_CONTENT)
    window.dock.month_boxes[6].click()  # 115: plan July
    assert in_file(store).task(death).months == (5, 7)
    _show_year(window, 114)
    assert not window.undo_action.isEnabled()  # 114 has no edits yet
    moving = task_id_of(window, "遷徙登記")
    window.grid.select_task(moving, COL_CONTENT)
    window.dock.month_boxes[8].click()  # 114: plan September
    _show_year(window, 115)
    assert window.undo_action.text() == "復原 修改預定月份"
    window.undo_action.trigger()
    assert in_file(store).task(death).months == (5,)
    assert in_file(store).task(moving).months == (4, 9)  # 114 untouched
    assert window.plan.year == 115
    _show_year(window, 114)
    window.undo_action.trigger()
    assert in_file(store).task(moving).months == (4,)
    _show_year(window, 115)
    window.redo_action.trigger()
    assert in_file(store).task(death).months == (5, 7)


def test_undo_of_a_new_plan_from_the_new_year(window: MainWindow, store: Store):
    from desktop.views import commands as cmd

    window.push(lambda: cmd.NewPlan(window, 116, "臺北市文山區戶政事務所", "116年度計畫", None))
    assert window.plan.year == 116
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert [p.year for p in store.plans()] == [115]
    assert window.plan.year == 115
