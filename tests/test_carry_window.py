"""延續未完成 in the window (issue 9): a mark in the grid, a filter with a count, and a one-click
clear in the dock and the menus, each undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from desktop.models.carry import CARRY_COLOR
from desktop.models.qt_models import COL_CONTENT, COL_KPI
from desktop.models.store import Store
from desktop.views.main_window import MainWindow


@pytest.fixture
def carried_window(qtbot, sample_store: Store):
    old = sample_store.plans()[-1]
    sample_store.carry_over(old.id, old.year + 1)
    w = MainWindow(sample_store)
    qtbot.addWidget(w)
    w.show()
    w.show_plan(sample_store.plans()[-1])
    return w


def _rows(w: MainWindow, carried: bool) -> list[int]:
    return [r for r, row in enumerate(w.grid_model.rows)
            if row.task is not None and bool(row.task.carried_from) == carried]


def _cell_pixels(w: MainWindow, row: int, col: int) -> set[str]:
    """The colours the grid's delegate paints into one cell."""
    rect = w.grid.visualRect(w.grid_model.index(row, col))
    image = QImage(rect.width() + 2, rect.height() + 2, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.rect = rect.translated(-rect.left(), -rect.top())
    option.font = w.grid.font()
    w.grid.itemDelegate().paint(painter, option, w.grid_model.index(row, col))
    painter.end()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def test_the_grid_marks_carried_tasks_and_says_why(carried_window):
    w = carried_window
    carried, plain = _rows(w, True), _rows(w, False)
    assert carried and plain
    year = w.grid_model.rows[carried[0]].task.carried_from
    assert CARRY_COLOR in _cell_pixels(w, carried[0], COL_CONTENT)
    assert CARRY_COLOR not in _cell_pixels(w, plain[0], COL_CONTENT)
    assert CARRY_COLOR not in _cell_pixels(w, carried[0], COL_KPI)
    tip = w.grid_model.index(carried[0], COL_CONTENT).data(Qt.ItemDataRole.ToolTipRole)
    assert f"由 {year} 年度延續，尚未完成" in tip
    assert not w.grid_model.index(plain[0], COL_CONTENT).data(Qt.ItemDataRole.ToolTipRole)


def test_the_filter_shows_only_carried_tasks_and_counts_them(carried_window):
    w = carried_window
    tool = w.carry_tools
    all_carried = sum(1 for trees in w.data.trees.values() for it in trees for t in it.tasks
                      if t.carried_from)
    carried, plain = _rows(w, True), _rows(w, False)
    assert tool.filter_action.isCheckable() and not tool.filter_action.isChecked()
    assert f"延續未完成 {all_carried} 項" in tool.count_label.text()
    first = w.data.sections[0]
    assert f"{first.name} {len(carried)} 項" in tool.count_label.toolTip()
    tool.filter_action.trigger()
    assert all(not w.grid.isRowHidden(r) for r in carried)
    assert all(w.grid.isRowHidden(r) for r in plain)
    assert f"本課室 {len(carried)} 項" in tool.count_label.text()
    assert w.grid.currentIndex().row() in carried
    # another section: the filter holds
    other = w.data.sections[1].id
    w.sections.select(other)
    assert all(w.grid.isRowHidden(r) for r in _rows(w, False))
    assert all(not w.grid.isRowHidden(r) for r in _rows(w, True))
    tool.filter_action.trigger()
    assert not any(w.grid.isRowHidden(r) for r in range(len(w.grid_model.rows)))


def test_the_dock_button_clears_the_flag_in_one_undoable_step(carried_window):
    w = carried_window
    row = _rows(w, True)[0]
    task = w.grid_model.rows[row].task
    assert w.select_task(task.id)
    box = w.carry_tools.dock_box
    assert box.isVisible() and f"由 {task.carried_from} 年度延續" in box.label.text()
    box.button.click()
    assert w.store.task(task.id).carried_from is None
    assert Store(w.store.path).task(task.id).carried_from is None
    assert not box.isVisible()
    assert CARRY_COLOR not in _cell_pixels(w, row, COL_CONTENT)
    assert w.undo_stack.undoText() == "清除延續標記"
    w.undo_stack.undo()
    assert w.store.task(task.id).carried_from == task.carried_from
    assert box.isVisible()
    assert CARRY_COLOR in _cell_pixels(w, row, COL_CONTENT)
    w.undo_stack.redo()
    assert w.store.task(task.id).carried_from is None
    # a task that is not carried shows no button
    plain = w.grid_model.rows[_rows(w, False)[0]].task
    w.select_task(plain.id)
    assert not box.isVisible()
    assert not w.carry_tools.clear_action.isEnabled()


def test_the_menu_clears_the_current_task_or_the_whole_section(carried_window):
    w = carried_window
    tool = w.carry_tools
    carried = _rows(w, True)
    first = w.grid_model.rows[carried[0]].task
    w.select_task(first.id)
    assert tool.clear_action.isEnabled() and tool.clear_action in w.grid.context_actions
    tool.clear_action.trigger()
    assert w.store.task(first.id).carried_from is None
    assert tool.clear_section_action.isEnabled()
    tool.clear_section_action.trigger()
    section_tasks = [t for it in w.data.trees[w.current_section_id] for t in it.tasks]
    assert all(w.store.task(t.id).carried_from is None for t in section_tasks)
    assert not tool.clear_section_action.isEnabled()
    assert w.undo_stack.undoText() == f"清除本課室延續標記（{len(carried) - 1} 項）"
    w.undo_stack.undo()
    assert sorted(_rows(w, True)) == carried[1:]
    w.undo_stack.undo()
    assert sorted(_rows(w, True)) == carried


def test_a_task_added_while_filtering_stays_in_view(carried_window):
    w = carried_window
    tool = w.carry_tools
    tool.filter_action.trigger()
    w.add_task()
    new_id = w.grid.current_task_id()
    assert new_id is not None and not w.store.task(new_id).carried_from
    row = w.grid_model.row_of_task(new_id)
    assert not w.grid.isRowHidden(row)
    assert all(w.grid.isRowHidden(r) for r in _rows(w, False) if r != row)
    w.undo_stack.undo()
    assert w.grid_model.row_of_task(new_id) is None
    assert all(w.grid.isRowHidden(r) for r in _rows(w, False))
