"""An edit costs its own section, not the plan (issue 10): counted, not timed.

A month toggle, a text edit and a progress edit re-derive the state of the edited task only
(in each month whose tallies are kept), whatever the size of its section; they repaint only the
edited row of the grid (its item block for a text) and the edited section's row of the list.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bench.synth import make_plan
from desktop.models import plan_data
from desktop.models.plan_data import PlanData
from desktop.models.qt_models import COL_CONTENT, PLANNED_ROLE, column_of_month
from desktop.views import grid_view, section_list
from desktop.views.main_window import MainWindow

# the edited task's alert months before and after (one alert_masks call each, for all 12 kept
# months), and its state once more for the dock
EDIT_DERIVES = 2 + 1


@pytest.fixture
def window(qtbot, store) -> MainWindow:
    make_plan(store, 400)  # 8 sections of 50 tasks
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def derived(monkeypatch) -> list[int]:
    """Every derive_state call PlanData makes, by month, and every alert_masks call (a task's
    whole year, entered as 0): one entry a call."""
    calls: list[int] = []
    real, real_masks = plan_data.derive_state, plan_data.alert_masks

    def counting(months, reports, month):
        calls.append(month)
        return real(months, reports, month)

    def counting_masks(months, reports):
        calls.append(0)
        return real_masks(months, reports)

    monkeypatch.setattr(plan_data, "derive_state", counting)
    monkeypatch.setattr(plan_data, "alert_masks", counting_masks)
    return calls


def _section_rows_repainted(window: MainWindow) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    window.section_model.dataChanged.connect(lambda a, b, *_: ranges.append((a.row(), b.row())))
    return ranges


@pytest.fixture
def painted(monkeypatch, qtbot) -> dict[str, set[int]]:
    """The rows the grid's and the section list's delegates paint, from the next edit on."""
    rows: dict[str, set[int]] = {"grid": set(), "sections": set()}

    def spy(cls, key):
        real = cls.paint

        def paint(self, painter, option, index):
            # Qt's update of a row may touch the next row's first pixel: count the rows whose
            # cells are really painted over, not those only grazed by the paint region
            cell = painter.deviceTransform().mapRect(option.rect)  # the clip is in device pixels
            if painter.paintEngine().systemClip().intersected(cell).boundingRect().height() > 1:
                rows[key].add(index.row())
            return real(self, painter, option, index)

        monkeypatch.setattr(cls, "paint", paint)

    spy(grid_view.GridDelegate, "grid")
    spy(section_list.SectionDelegate, "sections")
    return rows


def _repaint_after(window: MainWindow, painted: dict[str, set[int]], edit, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    qtbot.wait(150)  # what was already waiting: a column fit (60 ms timer), its repaint
    painted["grid"].clear()
    painted["sections"].clear()
    edit()
    QApplication.processEvents()


def _badges_match_a_fresh_count(window: MainWindow) -> None:
    fresh = PlanData(window.store, window.plan.id)
    month = window.report_month
    model = window.section_model
    assert [model._counts[i] for i in range(model.rowCount())] == [
        fresh.counts(s.id, month) for s in fresh.sections]


def _edited_row(window: MainWindow) -> int:
    return window.section_model.row_of_section(window.current_section_id)


def test_month_toggle_counts_only_its_section(window, derived):
    window.sections.select(window.data.sections[2].id)
    ranges = _section_rows_repainted(window)
    derived.clear()
    model = window.grid_model
    for row in range(5):
        index = model.index(row, column_of_month(window.report_month))
        assert model.setData(index, not index.data(PLANNED_ROLE), PLANNED_ROLE)
        assert len(derived) <= EDIT_DERIVES  # one task, not its section of 50
        derived.clear()
    own = _edited_row(window)
    assert all(a == b == own for a, b in ranges)
    _badges_match_a_fresh_count(window)


def test_text_edit_counts_only_its_section(window, derived):
    ranges = _section_rows_repainted(window)
    derived.clear()
    model = window.grid_model
    assert model.setData(model.index(0, COL_CONTENT), "改過的工作內容")
    assert len(derived) <= EDIT_DERIVES
    own = _edited_row(window)
    assert all(a == b == own for a, b in ranges)
    assert window.store.task(model.rows[0].task.id).content == "改過的工作內容"


def test_progress_edit_counts_only_its_section(window, derived):
    window.sections.select(window.data.sections[5].id)
    ranges = _section_rows_repainted(window)
    task = next(r.task for r in window.grid_model.rows if r.task is not None)
    derived.clear()
    window.grid_model.edits.progress_fields(task.id, window.report_month, {"status": "落後"}, "填報")
    assert len(derived) <= EDIT_DERIVES
    own = _edited_row(window)
    assert all(a == b == own for a, b in ranges)
    _badges_match_a_fresh_count(window)
    window.undo_stack.undo()
    _badges_match_a_fresh_count(window)


def test_counts_stay_right_in_every_kept_month(window, derived):
    """Tallies kept for months other than the report month follow the edit too."""
    for month in (3, 7, 12):
        window.set_report_month(month)
    model = window.grid_model
    for row in range(4):
        index = model.index(row, column_of_month(1 + row * 3))
        assert model.setData(index, not index.data(PLANNED_ROLE), PLANNED_ROLE)
    task = model.rows[0].task
    window.grid_model.edits.progress_fields(task.id, 7, {"status": "落後"}, "填報")
    for month in (3, 7, 12):
        window.set_report_month(month)
        _badges_match_a_fresh_count(window)
        assert window.data.plan_tally(month) == PlanData(window.store, window.plan.id).plan_tally(month)


def test_new_report_month_counts_no_section_again(window, derived, qtbot):
    """Every section was counted for all twelve months when the window first showed its badges:
    a report month not shown before derives only the grid's rows on screen and the dock's task."""
    grid = window.grid
    qtbot.wait(20)
    for month in range(1, 13):
        derived.clear()
        window.set_report_month(month)
        grid.repaint()
        last = grid.rowAt(grid.viewport().height() - 1)
        on_screen = (last if last >= 0 else window.grid_model.rowCount() - 1) + 1
        assert 0 not in derived  # no whole-year count of any task
        assert len(derived) <= on_screen + 1
    _badges_match_a_fresh_count(window)


def test_month_toggle_repaints_its_row_and_its_badge(window, painted, qtbot):
    window.sections.select(window.data.sections[3].id)
    model = window.grid_model
    row = 3
    index = model.index(row, column_of_month(window.report_month))
    _repaint_after(window, painted,
                   lambda: model.setData(index, not index.data(PLANNED_ROLE), PLANNED_ROLE), qtbot)
    assert painted["grid"] == {row}
    assert painted["sections"] <= {_edited_row(window)}


def test_text_edit_repaints_its_item_block(window, painted, qtbot):
    model = window.grid_model
    row = next(r for r, g in enumerate(model.rows) if g.task is not None and not g.first)
    old = model.rows[row].task.content
    same_width = "改" + old[1:]  # same length of same-width characters: the height stays
    first, last = window.grid.item_block(row)
    _repaint_after(window, painted, lambda: model.setData(model.index(row, COL_CONTENT), same_width), qtbot)
    assert painted["grid"] and painted["grid"] <= set(range(first, last + 1))
    assert painted["sections"] <= {_edited_row(window)}


def test_new_current_row_repaints_two_rows(window, painted, qtbot):
    grid = window.grid
    blocks = {r for b in (grid.item_block(0), grid.item_block(5)) for r in range(b[0], b[1] + 1)}
    _repaint_after(window, painted, lambda: grid.setCurrentIndex(window.grid_model.index(5, COL_CONTENT)), qtbot)
    assert 5 in painted["grid"] and painted["grid"] <= blocks


def test_report_month_leaves_nothing_to_repaint_after_one_repaint(window, qtbot):
    """The new month's columns and badges are painted once: no delayed layout repaints the grid
    again (headerDataChanged did that, for the header's bold month)."""
    from PySide6.QtCore import QEvent, QObject

    paints: list[int] = []

    class Count(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                paints.append(1)
            return False

    counter = Count()
    window.grid.viewport().installEventFilter(counter)
    qtbot.wait(150)
    for month in (3, 8):
        window.set_report_month(month)
        window.grid.viewport().repaint()
        paints.clear()
        qtbot.wait(50)
        assert paints == []
        assert window.grid_model.headerData(column_of_month(month), Qt.Orientation.Horizontal,
                                            Qt.ItemDataRole.FontRole).bold()


def test_switch_section_fills_and_fits_once_and_paints_once(window, qtbot, monkeypatch):
    """Switching section: one model fill, one row fit over the new rows, one paint of the grid."""
    from PySide6.QtCore import QEvent, QObject

    calls: dict[str, int] = {"fit_rows": 0, "paint": 0}
    real_fit = grid_view.GridView.fit_rows

    def fit_rows(self, *args):
        calls["fit_rows"] += 1
        return real_fit(self, *args)

    monkeypatch.setattr(grid_view.GridView, "fit_rows", fit_rows)

    class Count(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                calls["paint"] += 1
            return False

    counter = Count()
    window.grid.viewport().installEventFilter(counter)
    qtbot.wait(150)
    resets: list[int] = []
    window.grid_model.modelReset.connect(lambda: resets.append(1))
    for section in window.data.sections[1:4]:
        calls.update(fit_rows=0, paint=0)
        resets.clear()
        window.sections.select(section.id)
        qtbot.wait(150)  # the column fit's timer too: nothing fits or paints again
        assert (resets, calls) == ([1], {"fit_rows": 1, "paint": 1})


class _CountedTree(list):
    """A section's tree that counts how often it is walked."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_month_toggle_walks_no_other_section_for_the_carried_count(window, qtbot):
    """The status bar's 延續未完成 count follows an edit without walking the other sections."""
    from PySide6.QtWidgets import QApplication

    tools = window.carry_tools
    window.sections.select(window.data.sections[2].id)
    qtbot.wait(50)
    own = window.current_section_id
    for sid in list(window.data.trees):
        if sid != own:
            window.data.trees[sid] = _CountedTree(window.data.trees[sid])
    _CountedTree.walks = 0
    model = window.grid_model
    index = model.index(0, column_of_month(window.report_month))
    assert model.setData(index, not index.data(PLANNED_ROLE), PLANNED_ROLE)
    qtbot.wait(20)
    QApplication.processEvents()
    assert _CountedTree.walks == 0
    assert tools.count_label.text() == "" or "延續未完成" in tools.count_label.text()
