"""An edit costs its own section, not the plan (issue 10): counted, not timed.

A month toggle, a text edit and a progress edit must re-derive the state of at most the edited
section's tasks, and repaint only the edited section's row of the section list.
"""

from __future__ import annotations

import pytest

from bench.synth import make_plan
from desktop.models import plan_data
from desktop.models.plan_data import PlanData
from desktop.models.qt_models import COL_CONTENT, PLANNED_ROLE, column_of_month
from desktop.views.main_window import MainWindow


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
    """Every derive_state call PlanData makes, by task months (one entry a call)."""
    calls: list[int] = []
    real = plan_data.derive_state

    def counting(months, reports, month):
        calls.append(month)
        return real(months, reports, month)

    monkeypatch.setattr(plan_data, "derive_state", counting)
    return calls


def _section_rows_repainted(window: MainWindow) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    window.section_model.dataChanged.connect(lambda a, b, *_: ranges.append((a.row(), b.row())))
    return ranges


def _own_section_size(window: MainWindow) -> int:
    """The edited section's tasks, plus the edited task's state shown once more in the dock."""
    return sum(1 for r in window.grid_model.rows if r.task is not None) + 1


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
        assert len(derived) <= _own_section_size(window)  # one section, not 400 tasks
        derived.clear()
    own = _edited_row(window)
    assert all(a == b == own for a, b in ranges)
    _badges_match_a_fresh_count(window)


def test_text_edit_counts_only_its_section(window, derived):
    ranges = _section_rows_repainted(window)
    derived.clear()
    model = window.grid_model
    assert model.setData(model.index(0, COL_CONTENT), "改過的工作內容")
    assert len(derived) <= _own_section_size(window)
    own = _edited_row(window)
    assert all(a == b == own for a, b in ranges)
    assert window.store.task(model.rows[0].task.id).content == "改過的工作內容"


def test_progress_edit_counts_only_its_section(window, derived):
    window.sections.select(window.data.sections[5].id)
    ranges = _section_rows_repainted(window)
    task = next(r.task for r in window.grid_model.rows if r.task is not None)
    derived.clear()
    window.grid_model.edits.progress_fields(task.id, window.report_month, {"status": "落後"}, "填報")
    assert len(derived) <= _own_section_size(window)
    own = _edited_row(window)
    assert all(a == b == own for a, b in ranges)
    _badges_match_a_fresh_count(window)
    window.undo_stack.undo()
    _badges_match_a_fresh_count(window)
