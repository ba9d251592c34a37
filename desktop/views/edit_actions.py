"""The editing actions of the main window: rows, sections and year plans.

A mixin of MainWindow, kept apart so the window module holds the wiring and this one what
each menu item does. Every action pushes an undo command; none touches the store itself.
"""

from __future__ import annotations

from typing import Any

from desktop.models.qt_models import COL_ITEM, COL_NUMBER
from desktop.views import commands as cmd
from desktop.views import messages


class EditActions:
    """Needs from the window: store, plan, data, current_section_id, report_month, grid,
    grid_model, sections, push(), report_error()."""

    # ------------------------------------------------------------------ row actions
    def _current_row(self) -> tuple[int, Any] | None:
        idx = self.grid.currentIndex()
        if not idx.isValid():
            return None
        return idx.column(), self.grid_model.rows[idx.row()]

    def _item_index(self, item_id: int) -> int:
        assert self.data is not None and self.current_section_id is not None
        tree = self.data.trees[self.current_section_id]
        return next(i for i, it in enumerate(tree) if it.item.id == item_id)

    def add_item(self) -> None:
        if self.current_section_id is None:
            return
        current = self._current_row()
        position = None
        number = ""
        if current is not None:
            item = current[1].item
            position = self._item_index(item.id) + 1
            number = str(int(item.number) + 1) if item.number.strip().isdigit() else ""
        elif self.data and self.data.trees.get(self.current_section_id):
            last = self.data.trees[self.current_section_id][-1].item
            number = str(int(last.number) + 1) if last.number.strip().isdigit() else ""
        self.push(lambda: cmd.AddItem(self, self.current_section_id, position, number))
        idx = self.grid.currentIndex()
        if idx.isValid():
            self.grid.setCurrentIndex(self.grid_model.index(idx.row(), COL_ITEM))

    def add_task(self) -> None:
        current = self._current_row()
        if current is None:
            if self.grid_model.rows:
                row = self.grid_model.rows[-1]
                self.push(lambda: cmd.AddTask(self, row.item.id, None))
            return
        row = current[1]
        position = None
        if row.task is not None:
            tree = self.data.find_item(row.item.id) if self.data else None
            ids = [t.id for t in tree.tasks] if tree else []
            position = ids.index(row.task.id) + 1 if row.task.id in ids else None
        self.push(lambda: cmd.AddTask(self, row.item.id, position))

    def delete_current(self) -> None:
        current = self._current_row()
        if current is None:
            return
        col, row = current
        if col in (COL_NUMBER, COL_ITEM) or row.task is None:
            label = f"「{row.item.number} {row.item.name[:12]}」".replace("「 ", "「")
            self.push(lambda: cmd.DeleteRow(self, "item", row.item.id, self.current_section_id, label))
        else:
            self.push(lambda: cmd.DeleteRow(self, "task", row.task.id, self.current_section_id))

    def move_current(self, delta: int) -> None:
        current = self._current_row()
        if current is None or self.data is None:
            return
        col, row = current
        if col in (COL_NUMBER, COL_ITEM) or row.task is None:
            tree = self.data.trees[self.current_section_id]
            i = self._item_index(row.item.id)
            if 0 <= i + delta < len(tree):
                self.push(lambda: cmd.MoveRow(self, "item", row.item.id, delta, self.current_section_id))
                self.grid.select_item(row.item.id)
            return
        tree = self.data.find_item(row.item.id)
        ids = [t.id for t in tree.tasks] if tree else []
        i = ids.index(row.task.id)
        if 0 <= i + delta < len(ids):
            self.push(lambda: cmd.MoveRow(self, "task", row.task.id, delta, self.current_section_id))
            self.grid.select_task(row.task.id, col)

    def indent_current(self) -> None:
        current = self._current_row()
        if current is None or self.data is None:
            return
        item = current[1].item
        i = self._item_index(item.id)
        if i == 0:
            self.statusBar().showMessage("第一個計畫項目之前沒有可併入的項目", 5000)
            return
        previous = self.data.trees[self.current_section_id][i - 1].item.id
        self.push(lambda: cmd.IndentItem(self, item.id, previous))

    def outdent_current(self) -> None:
        current = self._current_row()
        if current is None or self.data is None:
            return
        row = current[1]
        tree = self.data.find_item(row.item.id)
        if row.task is None or tree is None or len(tree.tasks) < 2:
            self.statusBar().showMessage("此項目只有一筆工作內容，不需凸排", 5000)
            return
        self.push(lambda: cmd.OutdentTask(self, row.task.id))

    # ------------------------------------------------------------------ sections and plans
    def add_section(self) -> None:
        if self.plan is None:
            return
        from PySide6.QtWidgets import QInputDialog  # not at start: PySide builds it on import

        name, ok = QInputDialog.getText(self, "新增課室", "課室名稱（例：戶籍登記課）：")
        if ok and name.strip():
            plan_id = self.plan.id
            if self.store.section_by_name(plan_id, name.strip()):
                self.report_error(f"課室「{name.strip()}」已存在")
                return
            self.push(lambda: cmd.AddSection(self, plan_id, name))

    def rename_section(self) -> None:
        sec = self.data.section(self.current_section_id) if self.data and self.current_section_id else None
        if sec is None:
            return
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, "課室改名", "新的課室名稱：", text=sec.name)
        if ok and name.strip() and name.strip() != sec.name:
            other = self.store.section_by_name(sec.plan_id, name.strip())
            if other is not None:
                self.report_error(f"課室「{name.strip()}」已存在")
                return
            self.push(lambda: cmd.RenameSection(self, sec.id, name))

    def move_section(self, delta: int) -> None:
        if self.data is None or self.current_section_id is None:
            return
        ids = [s.id for s in self.data.sections]
        i = ids.index(self.current_section_id)
        if 0 <= i + delta < len(ids):
            sid = self.current_section_id
            self.push(lambda: cmd.MoveRow(self, "section", sid, delta, sid))

    def delete_section(self) -> None:
        sec = self.data.section(self.current_section_id) if self.data and self.current_section_id else None
        if sec is None:
            return
        n, _ = self.data.counts(sec.id, self.report_month)
        if messages.confirm(self, "刪除課室",
                            f"確定要刪除課室「{sec.name}」及其 {n} 項工作與執行情形嗎？\n（可用「復原」還原）"):
            self.push(lambda: cmd.DeleteRow(self, "section", sec.id, sec.id, f"「{sec.name}」"))

    def delete_plan(self) -> None:
        if self.plan is None or self.data is None:
            return
        plan = self.plan
        n = sum(len(tree.tasks) for trees in self.data.trees.values() for tree in trees)
        if messages.confirm(self, "刪除年度計畫",
                            f"確定要刪除 {plan.year} 年度計畫（{len(self.data.sections)} 個課室、{n} 項工作"
                            "與所有執行情形）嗎？\n（可用「復原」還原）"):
            self.push(lambda: cmd.DeletePlan(self, plan.id, plan.year))

    def new_plan(self) -> None:
        from desktop.views.dialogs import NewPlanDialog

        dialog = NewPlanDialog(self.store.plans(), self)
        if dialog.exec():
            year, office, title, carry = (dialog.year.value(), dialog.office.text().strip(),
                                          dialog.title(), dialog.carry_from())
            self.push(lambda: cmd.NewPlan(self, year, office, title, carry))

    def edit_plan_properties(self) -> None:
        if self.plan is None:
            return
        from desktop.views.dialogs import PlanPropertiesDialog

        dialog = PlanPropertiesDialog(self.plan, self)
        if dialog.exec():
            values = {k: v for k, v in dialog.values().items() if getattr(self.plan, k) != v}
            if values:
                plan_id = self.plan.id
                self.push(lambda: cmd.SetPlanFields(self, plan_id, values))
