"""延續未完成 in the window (issue 9): 「只看延續未完成」 with a count in the status bar, the
dock's 「清除延續標記」 button for a carried task, and menu actions to clear the current task's
flag or every flag of the section — each clear one undo step.

The filter hides the grid's other rows instead of rebuilding the model, so an item's block and
its name still paint, and a row cleared while the filter is on stays in view until the section
is shown again (it does not vanish under the cursor).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desktop.models.carry import CARRY_COLOR, carry_tip, set_carried
from desktop.models.domain import Item, Task
from desktop.views.commands import Change, Context, StoreCommand

CLEAR_ONE = "清除延續標記"


class SetCarried(StoreCommand):
    """Set or clear the flag of some tasks of one section; undo puts back what each had."""

    def __init__(self, ctx: Context, values: dict[int, int | None], text: str):
        super().__init__(ctx, text)
        self.new = dict(values)
        self.old = {tid: self.store.task(tid).carried_from for tid in values}
        first = next(iter(values), None)
        self.section_id = self._section_of_task(first) if first is not None else None

    def possible(self) -> bool:
        return self.new != self.old

    def _apply(self, values: dict[int, int | None]) -> None:
        set_carried(self.store, values)
        if len(values) == 1:
            [tid] = values
            self.ctx.notify(Change("task", self.section_id, task_id=tid, fields={"carried_from"},
                                   select=self._shown(("task", tid))))
        else:
            self.ctx.notify(Change("section", self.section_id))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class CarryBox(QFrame):
    """The dock's line for a carried task: what the mark means and the button that clears it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("carry_box")
        self.setStyleSheet(f"#carry_box {{ border: 1px solid {CARRY_COLOR}; border-radius: 3px; }}")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 4, 3)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet(f"color: {CARRY_COLOR}; font-weight: bold;")
        self.button = QPushButton(CLEAR_ONE)
        self.button.setToolTip("這項工作已經不算延續未完成：取消標記（可復原）")
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()


class CarryTools(QObject):
    """Everything of the flag in the window; `install` makes one per window."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.filter_action = QAction("只看延續未完成", window)
        self.filter_action.setCheckable(True)
        self.filter_action.setIconText("只看延續")  # the toolbar is full at 1366 px
        self.filter_action.setToolTip("表格只列出由上一年度延續、尚未完成的工作（其他列暫時隱藏）")
        self.filter_action.setStatusTip(self.filter_action.toolTip())
        self.filter_action.toggled.connect(lambda _on: self.apply_filter())
        self.clear_action = QAction(CLEAR_ONE, window)
        self.clear_action.setStatusTip("清除目前這項工作的延續未完成標記")
        self.clear_action.triggered.connect(lambda _c=False: self.clear_current())
        self.clear_section_action = QAction("清除本課室全部延續標記", window)
        self.clear_section_action.setStatusTip("清除目前課室每項工作的延續未完成標記（一次可復原）")
        self.clear_section_action.triggered.connect(lambda _c=False: self.clear_section())
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {CARRY_COLOR}; padding: 0 6px;")
        self.dock_box = CarryBox()
        self.dock_box.button.clicked.connect(lambda _c=False: self.clear_current())
        self._hiding = False
        self._known: set[tuple[int, int | None]] = set()  # rows of the section at the last filtering
        self._known_section: int | None = None
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self.update_count)

    # ------------------------------------------------------------------ what is shown
    def _section_tasks(self) -> list[Task]:
        w = self.window
        if w.data is None or w.current_section_id is None:
            return []
        return [t for it in w.data.trees.get(w.current_section_id, []) for t in it.tasks]

    def _carried_ids(self) -> list[int]:
        return [t.id for t in self._section_tasks() if t.carried_from]

    def apply_filter(self) -> None:
        """Hide the rows of tasks not carried over (the filter on), or show every row again.
        A row added while the filter is on (a new task or item) stays in view: it is what the
        officer is working on."""
        grid, rows = self.window.grid, self.window.grid_model.rows
        on = self.filter_action.isChecked()
        section = self.window.current_section_id
        shown: set[tuple[int, int | None]] = set()
        if on or self._hiding:  # nothing to do (nor to remember) while the filter is off
            shown = {(row.item.id, row.task.id if row.task else None) for row in rows}
            before = self._known if self._known_section == section and on and self._hiding else shown
            for r, row in enumerate(rows):
                key = (row.item.id, row.task.id if row.task else None)
                keep = (row.task is not None and bool(row.task.carried_from)) or key not in before
                hide = on and not keep
                if grid.isRowHidden(r) != hide:
                    grid.setRowHidden(r, hide)
            self._hiding = on
        self._known, self._known_section = shown, section
        current = grid.currentIndex()
        if on and (not current.isValid() or grid.isRowHidden(current.row())):
            first = next((row.task.id for r, row in enumerate(rows)
                          if row.task is not None and not grid.isRowHidden(r)), None)
            if first is not None:
                grid.select_task(first)
        self.update_count()

    def update_count(self) -> None:
        w = self.window
        per_section = [] if w.data is None else [
            (s.name, w.data.carried(s.id)) for s in w.data.sections]
        total = sum(n for _name, n in per_section)
        self.count_label.setToolTip("各課室延續未完成的工作：" + "、".join(
            f"{name} {n} 項" for name, n in per_section if n) if total else "")
        here = 0 if w.data is None or w.current_section_id is None else w.data.carried(
            w.current_section_id)
        on = self.filter_action.isChecked()
        if total == 0 and not on:
            self.count_label.setText("")
        elif on and here == 0:
            self.count_label.setText(f"▌延續未完成 {total} 項：本課室沒有（已隱藏其他工作）")
        else:
            self.count_label.setText(f"▌延續未完成 {total} 項（本課室 {here} 項）"
                                     + ("，只列出這些" if on else ""))
        self.clear_section_action.setEnabled(here > 0)
        self.clear_section_action.setText(f"清除本課室全部延續標記（{here} 項）" if here
                                          else "清除本課室全部延續標記")

    def show_task(self, _item: Item | None, task: Task | None) -> None:
        """The dock's refresh hook: the box and the action follow the task shown."""
        carried = task is not None and bool(task.carried_from)
        self.clear_action.setEnabled(carried)
        if carried:
            assert task is not None and task.carried_from is not None
            self.dock_box.label.setText(carry_tip(task.carried_from))
        self.dock_box.setVisible(carried)
        self._recount.start()

    # ------------------------------------------------------------------ clearing
    def clear_current(self) -> None:
        w = self.window
        _, task = w.dock.current()
        if task is None or not task.carried_from:
            return
        w.push(lambda: SetCarried(w, {task.id: None}, CLEAR_ONE))

    def clear_section(self) -> None:
        ids = self._carried_ids()
        if ids:
            w = self.window
            w.push(lambda: SetCarried(w, dict.fromkeys(ids), f"清除本課室延續標記（{len(ids)} 項）"))


def install(window: Any) -> CarryTools:
    """The filter on the toolbar and in 管考, the clears in 編輯 and the grid's menu, the count in
    the status bar, the box at the top of the dock."""
    tools = CarryTools(window)
    window.carry_tools = tools
    window.toolbar.addSeparator()
    window.toolbar.addAction(tools.filter_action)
    _add_after(window.review_menu, window.this_month_action, [None, tools.filter_action])
    _add_after(window.edit_menu, window.outdent_action,
               [None, tools.clear_action, tools.clear_section_action])
    window.grid.context_actions += [None, tools.clear_action]
    window.statusBar().addPermanentWidget(tools.count_label)
    window.dock.add_panel(tools.dock_box, top=True)
    window.dock.refresh_hooks.append(tools.show_task)
    # after the grid's own reset slot (row heights), so hidden rows are hidden again
    window.grid_model.modelReset.connect(tools.apply_filter)
    window.grid_model.dataChanged.connect(lambda *_: tools._recount.start())
    window.plan_changed.connect(lambda _p: tools._recount.start())
    tools.apply_filter()
    tools.show_task(*window.dock.current())
    return tools


def _add_after(menu: Any, anchor: QAction, actions: list[QAction | None]) -> None:
    """Put actions (None: a separator) right after the window's own `anchor`, so the menu reads
    the same whether the other menus were installed before this or after the first paint."""
    own = menu.actions()
    at = own.index(anchor) + 1 if anchor in own else len(own)
    before = own[at] if at < len(own) else None
    for action in actions:
        if action is None:
            (menu.insertSeparator(before) if before is not None else menu.addSeparator())
        elif before is not None:
            menu.insertAction(before, action)
        else:
            menu.addAction(action)
