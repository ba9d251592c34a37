"""計畫 › 推動小組…: the roster edited in a table, stored in one undoable step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from desktop.models.roster import roster_rows
from desktop.views.roster_dialog import RosterDialog


def _open(window):
    action = window.roster_action
    assert action in window.plan_menu.actions()
    action.trigger()
    [dialog] = [d for d in window.findChildren(RosterDialog) if d.isVisible()]
    return dialog


def test_add_edit_and_undo_the_roster(qtbot, sample_window):
    window, store = sample_window, sample_window.store
    plan_id = window.plan.id
    assert roster_rows(store, plan_id) == []
    dialog = _open(window)
    dialog.add_row({"role": "召集人", "title": "主  任", "name": "王大明", "duty": "綜理推動事宜"})
    dialog.add_row({"role": "委員", "title": "課長", "name": "李小華", "duty": "督導"})
    dialog.add_row()  # a blank row is not stored
    dialog.table.setCurrentCell(1, 0)
    dialog.move_row(-1)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert roster_rows(store, plan_id) == [
        {"role": "委員", "title": "課長", "name": "李小華", "duty": "督導"},
        {"role": "召集人", "title": "主 任", "name": "王大明", "duty": "綜理推動事宜"},
    ]
    assert window.undo_stack.undoText() == "編輯推動小組"
    window.undo_stack.undo()
    assert roster_rows(store, plan_id) == []
    window.undo_stack.redo()
    assert [m["name"] for m in roster_rows(store, plan_id)] == ["李小華", "王大明"]

    dialog = _open(window)  # reopened: the stored list; removing one is one more step
    assert dialog.table.rowCount() == 2
    dialog.table.setCurrentCell(0, 0)
    dialog.remove_row()
    dialog.accept()
    assert [m["name"] for m in roster_rows(store, plan_id)] == ["王大明"]
    window.undo_stack.undo()
    assert [m["name"] for m in roster_rows(store, plan_id)] == ["李小華", "王大明"]


def test_cancel_and_unchanged_store_nothing(qtbot, sample_window):
    window = sample_window
    count = window.undo_stack.count()
    dialog = _open(window)
    dialog.add_row({"role": "委員", "title": "", "name": "某人", "duty": ""})
    dialog.reject()
    dialog = _open(window)
    dialog.accept()
    assert window.undo_stack.count() == count
    assert roster_rows(window.store, window.plan.id) == []
