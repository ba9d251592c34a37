"""Suggested targets and KPI results in the window, driven as the officer does."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.models.targets import plan_suggestions
from desktop.views import suggest_dialog


def _suggested_task(window):
    rows = plan_suggestions(window.store.plan_tree(window.plan.id))
    assert rows, "the sample plan has tasks whose text states a target"
    return rows


def test_dock_offers_the_suggestion_and_one_click_applies_it_undoably(sample_window):
    w = sample_window
    _sec, _item, task, s = _suggested_task(w)[0]
    assert w.select_task(task.id)
    button = w.kpi_rows.button
    assert button.isVisible() and button.text() == "採用建議：≤ 30 日"
    assert s.phrase in button.toolTip()
    button.click()
    stored = w.store.task(task.id)
    assert (stored.target_op, stored.target_value, stored.target_unit) == ("<=", 30, "日")
    assert not button.isVisible()
    assert w.dock.target_value.text() == "30" and w.dock.target_unit.text() == "日"
    assert w.undo_stack.undoText() == "採用建議目標值"
    w.undo_stack.undo()
    assert w.store.task(task.id).target_op is None
    assert button.isVisible()


def test_dock_shows_each_checked_month_and_the_year_result(sample_window):
    w = sample_window
    _sec, _item, task, _s = _suggested_task(w)[0]
    w.select_task(task.id)
    w.dock.edits.task_fields(task.id, {"target_op": ">=", "target_value": 60.0, "target_unit": "%",
                                       "checkpoints": (3, 6)}, "修改目標值")
    w.dock.edits.progress_fields(task.id, 3, {"actual_value": "７０％"}, "填寫實際值")
    label = w.kpi_rows.results
    w.dock.set_report_month(4)
    assert label.isVisible()
    text = label.text()
    assert "3月 " in text and "達成" in text and "（７０％）" in text and "6月 " in text and "未填" in text
    assert "年度（至4月）" in text
    w.dock.edits.progress_fields(task.id, 6, {"actual_value": "50"}, "填寫實際值")
    w.dock.set_report_month(6)
    assert "未達成" in label.text().split("年度")[1]


def test_menu_lists_every_suggestion_and_applies_the_ticked_as_one_undo_step(sample_window, monkeypatch):
    w = sample_window
    rows = _suggested_task(w)
    assert len(rows) >= 2
    seen = {}

    def run(dialog):
        seen["rows"] = dialog.table.rowCount()
        dialog.table.item(0, 0).setCheckState(suggest_dialog.Qt.CheckState.Unchecked)
        seen["ok"] = dialog.ok.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(suggest_dialog.SuggestDialog, "exec", run)
    w.suggest_targets_action.trigger()
    assert seen["rows"] == len(rows)
    assert seen["ok"] == f"採用勾選的建議（{len(rows) - 1} 項）"
    first, rest = rows[0][2], [r[2] for r in rows[1:]]
    assert w.store.task(first.id).target_op is None
    for task, (_s, _i, _t, s) in zip(rest, rows[1:], strict=True):
        assert w.store.task(task.id).target_op == s.op
        assert w.store.task(task.id).target_value == s.value
    assert w.undo_stack.undoText() == f"採用建議目標值（{len(rows) - 1} 項）"
    w.undo_stack.undo()
    assert all(w.store.task(t.id).target_op is None for t in rest)
    w.undo_stack.redo()
    assert all(w.store.task(t.id).target_op is not None for t in rest)


def test_menu_with_nothing_to_suggest_says_so(sample_window, monkeypatch):
    w = sample_window
    for _s, _i, task, s in _suggested_task(w):
        w.store.update_task(task.id, **s.fields())
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    assert suggest_dialog.open_suggestions(w) is None
    assert said and "沒有可建議的目標值" in said[0]


def test_cancel_applies_nothing(sample_window, monkeypatch):
    w = sample_window
    rows = _suggested_task(w)
    monkeypatch.setattr(suggest_dialog.SuggestDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    depth = w.undo_stack.count()
    w.suggest_targets_action.trigger()
    assert w.undo_stack.count() == depth
    assert all(w.store.task(r[2].id).target_op is None for r in rows)


def test_an_actual_value_that_is_not_a_number_is_kept_and_explained(sample_window):
    w = sample_window
    _sec, _item, task, _s = _suggested_task(w)[0]
    w.select_task(task.id)
    w.dock.edits.task_fields(task.id, {"target_op": ">=", "target_value": 90.0, "target_unit": "%",
                                       "checkpoints": (3, 6)}, "修改目標值")
    w.dock.edits.progress_fields(task.id, 3, {"actual_value": "九成"}, "填寫實際值")
    hint = w.kpi_rows.actual_hint
    assert hint.isVisible() and "3月" in hint.text() and "「九成」不是數字" in hint.text()
    assert w.store.progress(task.id)[3].actual_value == "九成"  # kept as typed
    assert "未填" in w.kpi_rows.results.text()
    w.dock.edits.progress_fields(task.id, 3, {"actual_value": "100％"}, "填寫實際值")
    assert not hint.isVisible()  # full-width % is a number
    assert "達成" in w.kpi_rows.results.text()
