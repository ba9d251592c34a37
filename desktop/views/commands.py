"""Every edit as a QUndoCommand, so 復原/取消復原 covers all of them.

Commands call the Store and then tell the window what changed (`ctx.notify`). Rows a
command adds are removed on undo through `store.snapshot`, and a later redo puts the
very same rows (same ids) back with `store.restore`, so later commands that name those
ids stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.models.domain import Plan
from desktop.models.plan_data import PlanData
from desktop.models.store import Store, StoreError


@dataclass
class Change:
    """What a command changed, so the window refreshes just that."""

    kind: str  # task | item | progress | section | sections | plan | plans
    section_id: int | None = None
    task_id: int | None = None
    item_id: int | None = None
    month: int | None = None
    fields: set[str] = field(default_factory=set)
    select: tuple[str, int] | None = None  # ("task"|"item"|"section"|"plan", id) to select after


class Context(Protocol):
    store: Store
    data: PlanData | None

    def notify(self, change: Change) -> None: ...
    def report_error(self, message: str) -> None: ...


class UndoStack(QUndoStack):
    """A command that says it cannot happen (a move past the first or last row) is not pushed:
    QUndoStack.push would drop it but clear the redo history first."""

    def push(self, command: QUndoCommand) -> None:
        if getattr(command, "possible", lambda: True)():
            super().push(command)


class StoreCommand(QUndoCommand):
    """Runs _redo/_undo; a StoreError becomes a Chinese message and the command is dropped."""

    def __init__(self, ctx: Context, text: str):
        super().__init__(text)
        self.ctx = ctx
        self.store = ctx.store
        plan = getattr(ctx, "plan", None)
        self.plan_id = plan.id if plan is not None else None

    def redo(self) -> None:
        try:
            self._show_own_plan()
            self._redo()
        except StoreError as exc:
            self.setObsolete(True)
            self.ctx.report_error(str(exc))

    def undo(self) -> None:
        try:
            self._show_own_plan()
            self._undo()
        except StoreError as exc:
            self.ctx.report_error(str(exc))

    def _show_own_plan(self) -> None:
        """Undo and redo act on the year the edit was made in, shown on screen; an import or
        a new plan may have switched years since."""
        plan = getattr(self.ctx, "plan", None)
        if self.plan_id is None or plan is None or plan.id == self.plan_id:
            return
        if self.plan_id in {p.id for p in self.store.plans()}:
            self.ctx.notify(Change("plans", select=("plan", self.plan_id)))

    def _shown(self, row: tuple[str, int]) -> tuple[str, int] | None:
        """The row to show after an undo or a redo; the edit itself happens where the user is."""
        first = not getattr(self, "_ran", False)
        self._ran = True
        return None if first else row

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _section_of_task(self, task_id: int) -> int | None:
        return self.ctx.data.section_of_task.get(task_id) if self.ctx.data else None

    def _section_of_item(self, item_id: int) -> int | None:
        return self.ctx.data.section_of_item.get(item_id) if self.ctx.data else None


# ----------------------------------------------------------------------------- field edits


class SetTaskFields(StoreCommand):
    def __init__(self, ctx: Context, task_id: int, fields: dict[str, Any], text: str):
        super().__init__(ctx, text)
        task = self.store.task(task_id)
        self.task_id = task_id
        self.new = dict(fields)
        self.old = {k: getattr(task, k) for k in fields}
        self.section_id = self._section_of_task(task_id)

    def _apply(self, values: dict[str, Any]) -> None:
        self.store.update_task(self.task_id, **values)
        # undo and redo show the row they changed, so the dock never shows another one's months
        self.ctx.notify(Change("task", self.section_id, task_id=self.task_id, fields=set(values),
                               select=self._shown(("task", self.task_id))))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class SetItemFields(StoreCommand):
    def __init__(self, ctx: Context, item_id: int, fields: dict[str, Any], text: str):
        super().__init__(ctx, text)
        item = self.store.item(item_id)
        self.item_id = item_id
        self.new = dict(fields)
        self.old = {k: getattr(item, k) for k in fields}
        self.section_id = self._section_of_item(item_id)

    def _apply(self, values: dict[str, Any]) -> None:
        self.store.update_item(self.item_id, **values)
        self.ctx.notify(Change("item", self.section_id, item_id=self.item_id, fields=set(values),
                               select=self._shown(("item", self.item_id))))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class SetProgress(StoreCommand):
    """One month's report; undo puts back the earlier report exactly (填報時間 too), or none."""

    def __init__(self, ctx: Context, task_id: int, month: int, fields: dict[str, Any], text: str):
        super().__init__(ctx, text)
        self.task_id = task_id
        self.month = month
        self.new = dict(fields)
        self.old_rows = self.store.progress_rows([task_id])
        self.new_rows: list[dict] | None = None
        self.section_id = self._section_of_task(task_id)

    def _notify(self) -> None:
        self.ctx.notify(Change("progress", self.section_id, task_id=self.task_id, month=self.month,
                               select=self._shown(("task", self.task_id))))

    def _redo(self) -> None:
        if self.new_rows is None:
            self.store.set_progress(self.task_id, self.month, **self.new)
            self.new_rows = self.store.progress_rows([self.task_id])
        else:
            self.store.put_progress_rows([self.task_id], self.new_rows)
        self._notify()

    def _undo(self) -> None:
        self.store.put_progress_rows([self.task_id], self.old_rows)
        self._notify()


class SetPlanFields(StoreCommand):
    def __init__(self, ctx: Context, plan_id: int, fields: dict[str, Any]):
        super().__init__(ctx, "修改計畫屬性")
        plan = self.store.plan(plan_id)
        self.plan_id = plan_id
        self.new = dict(fields)
        self.old = {k: getattr(plan, k) for k in fields}

    def _apply(self, values: dict[str, Any]) -> None:
        self.store.update_plan(self.plan_id, **values)
        self.ctx.notify(Change("plan", select=("plan", self.plan_id)))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


# ----------------------------------------------------------------------------- additions


class _AddRows(StoreCommand):
    """First redo creates the rows; undo snapshots and deletes them; redo restores them."""

    table = ""

    def __init__(self, ctx: Context, text: str):
        super().__init__(ctx, text)
        self.row_id: int | None = None
        self.snap: dict | None = None

    def _create(self) -> int:
        raise NotImplementedError

    def _changed(self) -> Change:
        raise NotImplementedError

    def _redo(self) -> None:
        if self.snap is None:
            self.row_id = self._create()
        else:
            self.store.restore(self.snap)
        self.ctx.notify(self._changed())

    def _undo_select(self) -> tuple[str, int] | None:
        return None

    def _undo(self) -> None:
        assert self.row_id is not None
        change = self._changed()
        change.select = self._undo_select()
        self.snap = getattr(self.store, f"delete_{self.table}")(self.row_id)
        self.ctx.notify(change)


class AddSection(_AddRows):
    table = "section"

    def __init__(self, ctx: Context, plan_id: int, name: str):
        super().__init__(ctx, f"新增課室「{name.strip()}」")
        self.plan_id = plan_id
        self.name = name

    def _create(self) -> int:
        return self.store.add_section(self.plan_id, self.name).id

    def _changed(self) -> Change:
        return Change("sections", self.row_id, select=("section", self.row_id))


class AddItem(_AddRows):
    """A new item (with one empty task, so it has a row to type in) at a position."""

    table = "item"

    def __init__(self, ctx: Context, section_id: int, position: int | None, number: str = ""):
        super().__init__(ctx, "新增計畫項目")
        self.section_id = section_id
        self.position = position
        self.number = number
        self.first_task: int | None = None

    def _create(self) -> int:
        with self.store.transaction():
            item = self.store.add_item(self.section_id, self.number, "", position=self.position)
            self.first_task = self.store.add_task(item.id).id
        return item.id

    def _changed(self) -> Change:
        select = ("task", self.first_task) if self.first_task else None
        return Change("section", self.section_id, item_id=self.row_id, select=select)


class AddTask(_AddRows):
    table = "task"

    def __init__(self, ctx: Context, item_id: int, position: int | None):
        super().__init__(ctx, "新增工作內容")
        self.item_id = item_id
        self.position = position
        self.section_id = self._section_of_item(item_id)

    def _create(self) -> int:
        return self.store.add_task(self.item_id, position=self.position).id

    def _changed(self) -> Change:
        return Change("section", self.section_id, task_id=self.row_id, select=("task", self.row_id))


class NewPlan(_AddRows):
    """An empty plan for a year, or next year's plan carried over from an existing one."""

    table = "plan"

    def __init__(self, ctx: Context, year: int, office: str = "", title: str = "",
                 carry_from: Plan | None = None):
        text = f"建立 {year} 年度計畫" + (f"（沿用 {carry_from.year} 年度）" if carry_from else "")
        super().__init__(ctx, text)
        self.year = year
        self.office = office
        self.title = title
        self.carry_from = carry_from
        self.previous_plan = ctx.plan.id if getattr(ctx, "plan", None) else None

    def _undo_select(self) -> tuple[str, int] | None:
        return ("plan", self.previous_plan) if self.previous_plan else None

    def _create(self) -> int:
        if self.carry_from is not None:
            from desktop.models.backups import backup_before

            backup_before(self.store, "carry")
            return self.store.carry_over(self.carry_from.id, self.year).id
        return self.store.create_plan(self.year, self.office, self.title).id

    def _changed(self) -> Change:
        return Change("plans", select=("plan", self.row_id))


# ----------------------------------------------------------------------------- deletions


class DeleteRow(StoreCommand):
    """Delete a section, item or task with everything under it; undo restores the same ids."""

    NAMES = {"section": "課室", "item": "計畫項目", "task": "工作內容"}

    def __init__(self, ctx: Context, table: str, row_id: int, section_id: int | None, label: str = ""):
        super().__init__(ctx, f"刪除{self.NAMES[table]}{label}")
        self.table = table
        self.row_id = row_id
        self.section_id = section_id
        self.snap: dict | None = None

    def _kind(self) -> str:
        return "sections" if self.table == "section" else "section"

    def _redo(self) -> None:
        # siblings may be renumbered by later moves; undo comes after those are undone, so
        # putting back every sibling's position gives exactly the order before the delete
        self.sibling_positions = self.store.sibling_positions(self.table, self.row_id)
        neighbour = self._neighbour()
        self.snap = getattr(self.store, f"delete_{self.table}")(self.row_id)
        self.ctx.notify(Change(self._kind(), self.section_id, select=neighbour))

    def _neighbour(self) -> tuple[str, int] | None:
        """The row shown after the delete: the next sibling, else the one before, else the item."""
        data = self.ctx.data
        if data is None or self.table == "section":
            return None
        if self.table == "task":
            found = data.find_task(self.row_id)
            tree = data.find_item(found[0].id) if found else None
            ids = [t.id for t in tree.tasks] if tree else []
            kind, parent = "task", ("item", found[0].id) if found else None
        else:
            trees = data.trees.get(self.section_id or -1, [])
            ids = [t.item.id for t in trees]
            kind, parent = "item", None
        if self.row_id not in ids:
            return parent
        i = ids.index(self.row_id)
        rest = ids[i + 1:] + ids[:i][::-1]
        return (kind, rest[0]) if rest else parent

    def _undo(self) -> None:
        assert self.snap is not None
        self.store.restore(self.snap)
        self.store.set_positions(self.table, self.sibling_positions)
        self.ctx.notify(Change(self._kind(), self.section_id, select=(self.table, self.row_id)))


class DeletePlan(StoreCommand):
    """Delete a whole year plan; undo restores it with the same ids and shows it again."""

    def __init__(self, ctx: Context, plan_id: int, year: int):
        super().__init__(ctx, f"刪除{year}年度計畫")
        self.target = plan_id
        self.snap: dict | None = None

    def _redo(self) -> None:
        self.snap = self.store.delete_plan(self.target)
        self.ctx.notify(Change("plans"))

    def _undo(self) -> None:
        assert self.snap is not None
        self.store.restore(self.snap)
        self.ctx.notify(Change("plans", select=("plan", self.target)))


# ----------------------------------------------------------------------------- structure


class MoveRow(StoreCommand):
    NAMES = {"section": "課室", "item": "計畫項目", "task": "工作內容"}

    def __init__(self, ctx: Context, table: str, row_id: int, delta: int, section_id: int | None):
        super().__init__(ctx, f"{self.NAMES[table]}{'上移' if delta < 0 else '下移'}")
        self.table = table
        self.row_id = row_id
        self.delta = delta
        self.section_id = section_id

    def possible(self) -> bool:
        return self.store.can_move(self.table, self.row_id, self.delta)

    def _move(self, delta: int) -> None:
        if not self.store.move(self.table, self.row_id, delta):
            self.setObsolete(True)  # already first or last: nothing moved, nothing to undo
            return
        kind = "sections" if self.table == "section" else "section"
        self.ctx.notify(Change(kind, self.section_id, select=(self.table, self.row_id)))

    def _redo(self) -> None:
        self._move(self.delta)

    def _undo(self) -> None:
        self._move(-self.delta)


class RenameSection(StoreCommand):
    def __init__(self, ctx: Context, section_id: int, name: str):
        super().__init__(ctx, f"課室改名為「{name.strip()}」")
        self.section_id = section_id
        self.new = name
        self.old = self.store.section(section_id).name

    def _apply(self, name: str) -> None:
        self.store.rename_section(self.section_id, name)
        self.ctx.notify(Change("sections", self.section_id, select=("section", self.section_id)))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class IndentItem(StoreCommand):
    """Merge an item into the item before it: its tasks become that item's last tasks."""

    def __init__(self, ctx: Context, item_id: int, previous_item_id: int):
        super().__init__(ctx, "縮排：併入上一個計畫項目")
        self.item_id = item_id
        self.previous = previous_item_id
        self.section_id = self._section_of_item(item_id)
        self.snap: dict | None = None
        self.moved: list[int] = []

    def _redo(self) -> None:
        self.snap = self.store.snapshot("item", self.item_id)
        self.moved = [t["id"] for t in sorted(self.snap["task"], key=lambda r: (r["position"], r["id"]))]
        with self.store.transaction():
            for task_id in self.moved:
                self.store.move_task_to_item(task_id, self.previous)
            self.store.delete_item(self.item_id)
        first = ("task", self.moved[0]) if self.moved else None
        self.ctx.notify(Change("section", self.section_id, select=first))

    def _undo(self) -> None:
        assert self.snap is not None
        with self.store.transaction():
            for task_id in self.moved:
                self.store.delete_task(task_id)
            self.store.restore(self.snap)
        select = ("task", self.moved[0]) if self.moved else ("item", self.item_id)
        self.ctx.notify(Change("section", self.section_id, select=select))


class OutdentTask(StoreCommand):
    """Make a task a new item right after its own item, with the same 編號."""

    def __init__(self, ctx: Context, task_id: int):
        super().__init__(ctx, "凸排：工作內容改為新的計畫項目")
        self.task_id = task_id
        task = self.store.task(task_id)
        self.old_item = self.store.item(task.item_id)
        siblings = [t.id for t in self.store.tasks(task.item_id)]
        self.old_index = siblings.index(task_id)
        items = [it.id for it in self.store.items(self.old_item.section_id)]
        self.new_index = items.index(self.old_item.id) + 1
        self.section_id = self.old_item.section_id
        self.new_item: int | None = None
        self.snap: dict | None = None

    def _redo(self) -> None:
        with self.store.transaction():
            if self.snap is None:
                self.new_item = self.store.add_item(
                    self.section_id, self.old_item.number, "", position=self.new_index
                ).id
            else:
                self.store.restore(self.snap)
            assert self.new_item is not None
            self.store.move_task_to_item(self.task_id, self.new_item)
        self.ctx.notify(Change("section", self.section_id, select=("task", self.task_id)))

    def _undo(self) -> None:
        assert self.new_item is not None
        with self.store.transaction():
            self.store.move_task_to_item(self.task_id, self.old_item.id, position=self.old_index)
            self.snap = self.store.delete_item(self.new_item)
        self.ctx.notify(Change("section", self.section_id, select=("task", self.task_id)))


class UndoEdits:
    """The edit sink of the models and the dock: every edit becomes an undo command."""

    def __init__(self, window: Any):
        self.window = window

    def task_fields(self, task_id: int, fields: dict[str, Any], label: str) -> None:
        self.window.push(lambda: SetTaskFields(self.window, task_id, fields, label))

    def item_fields(self, item_id: int, fields: dict[str, Any], label: str) -> None:
        self.window.push(lambda: SetItemFields(self.window, item_id, fields, label))

    def progress_fields(self, task_id: int, month: int, fields: dict[str, Any], label: str) -> None:
        self.window.push(lambda: SetProgress(self.window, task_id, month, fields, label))
