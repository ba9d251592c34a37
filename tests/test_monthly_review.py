"""管考 › 月報檢視: alerts on top, the month's tasks, edits that undo, counts that match the grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop.models.domain import DerivedState
from desktop.models.plan_data import PlanData
from desktop.models.review_model import (
    R_CAUSE,
    R_NOTE,
    R_STATE,
    R_STATUS,
    SUMMARY_STATES,
    ReviewModel,
)
from desktop.models.state import ALERT_STATES, derive_state
from desktop.models.store import Store
from desktop.views.main_window import MainWindow


def _states(store: Store, plan_id: int, month: int) -> dict[int, DerivedState]:
    progress = store.progress_for_plan(plan_id)
    return {
        t.id: derive_state(t.months, progress.get(t.id, {}), month)
        for _sec, tree in store.plan_tree(plan_id)
        for node in tree
        for t in node.tasks
    }


def test_rows_are_alerts_first_then_the_months_planned_tasks(sample_store):
    plan = sample_store.plans()[0]
    data = PlanData(sample_store, plan.id)
    model = ReviewModel(data, month=11)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    states = _states(sample_store, plan.id, 11)
    shown = [row.task.id for row in model.rows]
    expected_alerts = [tid for tid, s in states.items() if s in ALERT_STATES]
    expected_planned = [tid for tid, s in states.items()
                        if s not in ALERT_STATES and 11 in data.find_task(tid)[1].months]
    assert sorted(shown) == sorted(expected_alerts + expected_planned)
    assert len(shown) == len(set(shown))
    kinds = [model.index(r, R_STATE).data() for r in range(model.rowCount())]
    n_behind = kinds.count("落後")
    n_unrep = kinds.count("未填報")
    assert n_behind and n_unrep  # the sample shows both in November
    assert kinds[:n_behind] == ["落後"] * n_behind
    assert kinds[n_behind:n_behind + n_unrep] == ["未填報"] * n_unrep
    assert not {"落後", "未填報"} & set(kinds[n_behind + n_unrep:])


def test_summary_counts_match_the_state_function(sample_store):
    plan = sample_store.plans()[0]
    model = ReviewModel(PlanData(sample_store, plan.id), month=11)
    lines = model.summary()
    assert [name for name, _ in lines] == [s.name for s in sample_store.sections(plan.id)] + ["合計"]
    states = list(_states(sample_store, plan.id, 11).values())
    total = lines[-1][1]
    for state in SUMMARY_STATES:
        assert total[state] == states.count(state)
        assert sum(counts[state] for _, counts in lines[:-1]) == total[state]


def test_edit_in_review_stores_at_once_and_undoes(qtbot, sample_store):
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    window.set_report_month(11)
    window.monthly_review_action.trigger()
    review = window._monthly_review
    assert review.isVisible()
    assert review.title.text() == "115年11月工作計畫執行情形"
    model = review.model
    assert model.month == 11
    # the first unreported task gets a 落後 report from the meeting
    row = next(r for r in range(model.rowCount()) if model.index(r, R_STATE).data() == "未填報")
    task_id = model.rows[row].task.id
    assert model.setData(model.index(row, R_STATUS), "落後")
    assert sample_store.progress(task_id)[11].status == "落後"
    # the cause is asked for: the empty 落後原因 cell is highlighted
    row = next(r for r in range(model.rowCount()) if model.rows[r].task.id == task_id)
    assert model.index(row, R_CAUSE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(row, R_STATE).data() == "落後"
    row = next(r for r in range(model.rowCount()) if model.rows[r].task.id == task_id)
    assert model.setData(model.index(row, R_NOTE), "人力不足，下月補辦")
    reopened = Store(sample_store.path)
    try:
        assert reopened.progress(task_id)[11].note == "人力不足，下月補辦"
    finally:
        reopened.close()
    # the main window's grid and the review agree
    assert window.data.state(window.data.find_task(task_id)[1], 11) is DerivedState.BEHIND
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert 11 not in sample_store.progress(task_id)
    row = next(r for r in range(model.rowCount()) if model.rows[r].task.id == task_id)
    assert model.index(row, R_STATE).data() == "未填報"
    window.undo_stack.redo()
    assert sample_store.progress(task_id)[11].status == "落後"


def test_month_change_and_no_plan(qtbot, sample_store, tmp_path):
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    window.monthly_review_action.trigger()
    review = window._monthly_review
    review.month_combo.setCurrentIndex(2)  # 3月
    assert review.model.month == 3
    assert review.title.text().startswith("115年3月")
    planned_in_march = {r.task.id for r in review.model.rows
                        if review.model.data_.state(r.task, 3) not in ALERT_STATES}
    assert all(3 in review.model.data_.find_task(t)[1].months for t in planned_in_march)

    empty = Store(tmp_path / "empty.sqlite")
    other = MainWindow(empty)
    qtbot.addWidget(other)
    other.monthly_review_action.trigger()
    assert getattr(other, "_monthly_review", None) is None
    assert "尚無年度計畫" in other.statusBar().currentMessage()
    empty.close()


def test_review_edit_is_named_by_its_field_in_the_undo_menu(qtbot, sample_store):
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    window.set_report_month(11)
    window.monthly_review_action.trigger()
    model = window._monthly_review.model
    assert model.setData(model.index(0, R_STATUS), "執行中")
    assert window.undo_stack.undoText() == "修改11月狀態"
