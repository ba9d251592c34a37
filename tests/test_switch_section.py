"""Switching section (issue 10): a section shown before is not measured again, and its rows
still get the heights a fresh measurement gives — also after an edit made a text longer.
Counted, not timed."""

from __future__ import annotations

import pytest

from desktop.models.qt_models import COL_CONTENT, TEXT_COLUMNS
from desktop.views import row_heights
from desktop.views.main_window import MainWindow
from desktop.views.row_heights import RowHeights
from tests.test_flat_edits import derived  # noqa: F401 - derive_state / alert_masks calls
from tests.test_flat_edits import window as plan_window  # noqa: F401 - 8 sections of 50 tasks


@pytest.fixture
def window(plan_window, qtbot) -> MainWindow:  # noqa: F811 - the imported fixture, waited for
    qtbot.wait(100)  # the column fit (a 60 ms timer) and the row fit after it
    return plan_window


@pytest.fixture
def measured(monkeypatch) -> list[int]:
    """The item ids whose rows are measured (not found kept), one entry a block."""
    ids: list[int] = []
    real = RowHeights._measure

    def counting(self, item, tasks):
        ids.append(item.id)
        return real(self, item, tasks)

    monkeypatch.setattr(RowHeights, "_measure", counting)
    return ids


def _fresh_heights(window: MainWindow) -> list[int]:
    """The rows' heights measured from nothing kept, as a first showing measures them (these
    measurements count in `measured` too)."""
    grid = window.grid
    saved = dict(row_heights._KEPT)
    row_heights._KEPT.clear()
    try:
        fit = RowHeights(grid.font(), {c: grid.columnWidth(c) for c in TEXT_COLUMNS})
        rows = window.grid_model.rows
        heights: list[int] = []
        r = 0
        while r < len(rows):
            first, last = grid.item_block(r)
            block = rows[first:last + 1]
            heights += fit.block(block[0].item, tuple(row.task for row in block))
            r = last + 1
        return heights
    finally:
        row_heights._KEPT.clear()
        row_heights._KEPT.update(saved)


def _shown_heights(window: MainWindow) -> list[int]:
    return [window.grid.rowHeight(r) for r in range(window.grid_model.rowCount())]


def test_a_section_shown_again_is_not_measured_again(window, measured, qtbot):
    sections = [s.id for s in window.data.sections]
    for sid in sections[1:4]:
        window.sections.select(sid)
    measured.clear()
    for sid in (*sections[1:4], sections[0]):
        window.sections.select(sid)
        qtbot.wait(10)
        assert measured == []
        assert _shown_heights(window) == _fresh_heights(window)
        measured.clear()  # what _fresh_heights measured


def test_a_section_shown_again_gets_its_rows_and_heights_back_whole(window, monkeypatch, qtbot):
    """No row made again and no row resized one by one: the model keeps the section's rows, the
    grid the header's state after the fit (restored in one call)."""
    from PySide6.QtWidgets import QHeaderView

    from desktop.models import qt_models

    made, resized = [], []
    real_row, real_resize = qt_models.GridRow, QHeaderView.resizeSection
    monkeypatch.setattr(qt_models, "GridRow", lambda *a: made.append(1) or real_row(*a))
    monkeypatch.setattr(QHeaderView, "resizeSection", lambda h, *a: resized.append(1) or real_resize(h, *a))
    sections = [s.id for s in window.data.sections]
    for sid in sections[1:4]:
        window.sections.select(sid)
    assert made and resized  # shown for the first time: made and fitted
    for sid in (*sections[1:4], sections[0]):
        made.clear()
        resized.clear()
        window.sections.select(sid)
        assert (made, resized) == ([], [])
        assert _shown_heights(window) == _fresh_heights(window)
        assert window.grid.verticalScrollBar().maximum() == max(
            0, sum(_shown_heights(window)) - window.grid.viewport().height())


def test_an_edited_text_is_measured_again_and_kept_for_the_next_showing(window, measured, qtbot):
    sections = [s.id for s in window.data.sections]
    window.sections.select(sections[1])
    window.sections.select(sections[0])
    model = window.grid_model
    row = next(r for r, g in enumerate(model.rows) if g.task is not None)
    item_id = model.rows[row].item.id
    before = window.grid.rowHeight(row)
    measured.clear()
    assert model.setData(model.index(row, COL_CONTENT), "很長的工作內容，" * 30)
    assert measured == [item_id]  # only the edited item's block
    assert window.grid.rowHeight(row) > before
    window.sections.select(sections[1])
    window.sections.select(sections[0])
    qtbot.wait(10)
    assert measured == [item_id]  # both sections were shown before
    assert _shown_heights(window) == _fresh_heights(window)
    window.undo_stack.undo()
    window.sections.select(sections[1])
    window.sections.select(sections[0])
    assert window.grid.rowHeight(row) == before
    assert _shown_heights(window) == _fresh_heights(window)


def test_a_narrower_window_measures_the_rows_again(window, qtbot):
    window.resize(1100, 900)
    qtbot.wait(150)  # the column fit, then the rows' fit for the new widths
    assert _shown_heights(window) == _fresh_heights(window)
    window.sections.select(window.data.sections[2].id)
    assert _shown_heights(window) == _fresh_heights(window)


def test_the_dock_shows_the_new_sections_first_task_once(window, qtbot):
    shown: list[object] = []
    real = window.dock.show_task

    def counting(task_id, item_id):
        shown.append(task_id)
        real(task_id, item_id)

    window.dock.show_task = counting
    window.grid.current_task_changed.disconnect(real)
    window.grid.current_task_changed.connect(counting)
    for section in window.data.sections[1:4]:
        shown.clear()
        window.sections.select(section.id)
        first = window.grid_model.rows[0].task
        assert shown == [first.id]
        assert window.dock.task_id == first.id


def test_sections_not_shown_yet_are_measured_while_the_window_is_idle(window, measured, qtbot):
    warmer = window.grid._warmer
    qtbot.waitUntil(lambda: warmer._blocks is None, timeout=5000)
    shown = window.current_section_id  # measured when the window first showed it
    assert sorted(measured) == sorted(it.item.id for sid, tree in window.data.trees.items()
                                      if sid != shown for it in tree)
    measured.clear()
    for section in window.data.sections[1:]:
        window.sections.select(section.id)  # each for the first time
        assert measured == []
        assert _shown_heights(window) == _fresh_heights(window)
        measured.clear()


def test_a_switch_counts_nothing_and_derives_only_the_rows_on_screen(window, derived):  # noqa: F811
    grid = window.grid
    for section in window.data.sections[1:5]:
        derived.clear()
        window.sections.select(section.id)
        grid.repaint()
        last = grid.rowAt(grid.viewport().height() - 1)
        on_screen = (last if last >= 0 else window.grid_model.rowCount() - 1) + 1
        assert 0 not in derived  # no section counted again (alert_masks)
        assert len(derived) <= on_screen + 1  # the rows painted, and the dock's task
