"""One plan held in memory for the window, and where edits of it go.

`PlanData` reads a plan once through the Store and keeps it, so switching sections or
report months costs no query. Edits go through an `EditSink`: `DirectEdits` writes to the
Store at once; the main window's sink pushes undo commands instead. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop.models.domain import DerivedState, Item, ItemTree, Progress, Section, Task
from desktop.models.state import ALERT_STATES, derive_state
from desktop.models.store import Store


@dataclass
class PlanData:
    """One plan held in memory: section trees and every report, refreshed piece by piece."""

    store: Store
    plan_id: int
    sections: list[Section] = field(default_factory=list)
    trees: dict[int, list[ItemTree]] = field(default_factory=dict)
    progress: dict[int, dict[int, Progress]] = field(default_factory=dict)
    section_of_task: dict[int, int] = field(default_factory=dict)
    section_of_item: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.load()

    def load(self) -> None:
        self.sections = self.store.sections(self.plan_id)
        self.trees = {}
        self.section_of_task = {}
        self.section_of_item = {}
        for sec in self.sections:
            self._set_tree(sec.id, self.store.section_tree(sec.id))
        self.progress = self.store.progress_for_plan(self.plan_id)

    def _set_tree(self, section_id: int, tree: list[ItemTree]) -> None:
        self.trees[section_id] = tree
        for it in tree:
            self.section_of_item[it.item.id] = section_id
            for t in it.tasks:
                self.section_of_task[t.id] = section_id

    def reload_sections(self) -> None:
        """After sections were added, removed or reordered."""
        self.sections = self.store.sections(self.plan_id)
        known = {s.id for s in self.sections}
        for sid in list(self.trees):
            if sid not in known:
                del self.trees[sid]
        for sec in self.sections:
            if sec.id not in self.trees:
                self.reload_section(sec.id)

    def reload_section(self, section_id: int) -> None:
        """After items or tasks of one section were added, removed, moved or merged."""
        tree = self.store.section_tree(section_id)
        self._set_tree(section_id, tree)
        for it in tree:
            for t in it.tasks:
                self.progress[t.id] = self.store.progress(t.id)

    def section(self, section_id: int) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def find_task(self, task_id: int) -> tuple[Item, Task] | None:
        sid = self.section_of_task.get(task_id)
        for it in self.trees.get(sid, []):
            for t in it.tasks:
                if t.id == task_id:
                    return it.item, t
        return None

    def find_item(self, item_id: int) -> ItemTree | None:
        sid = self.section_of_item.get(item_id)
        return next((it for it in self.trees.get(sid, []) if it.item.id == item_id), None)

    def refresh_task(self, task_id: int) -> Task:
        task = self.store.task(task_id)
        it = self.find_item(task.item_id)
        if it is not None:
            it.tasks = [task if t.id == task_id else t for t in it.tasks]
        return task

    def refresh_item(self, item_id: int) -> Item:
        item = self.store.item(item_id)
        it = self.find_item(item_id)
        if it is not None:
            it.item = item
        return item

    def refresh_progress(self, task_id: int) -> dict[int, Progress]:
        self.progress[task_id] = self.store.progress(task_id)
        return self.progress[task_id]

    def state(self, task: Task, month: int) -> DerivedState:
        return derive_state(task.months, self.progress.get(task.id, {}), month)

    def counts(self, section_id: int, month: int) -> tuple[int, int]:
        """(tasks, tasks 落後 or 未填報 in month) for the section list badge."""
        n = alerts = 0
        for it in self.trees.get(section_id, []):
            for t in it.tasks:
                n += 1
                if self.state(t, month) in ALERT_STATES:
                    alerts += 1
        return n, alerts


# ----------------------------------------------------------------------------- edit sinks


class EditSink(Protocol):
    """Where the models send edits: the Store directly, or the window's undo stack."""

    def task_fields(self, task_id: int, fields: dict[str, Any], label: str) -> None: ...
    def item_fields(self, item_id: int, fields: dict[str, Any], label: str) -> None: ...
    def progress_fields(self, task_id: int, month: int, fields: dict[str, Any], label: str) -> None: ...


class DirectEdits:
    """Writes to the Store at once and tells the models; used when there is no window."""

    def __init__(self, data: PlanData, *models: Any):
        self.data = data
        self.models = list(models)

    def task_fields(self, task_id: int, fields: dict[str, Any], label: str) -> None:
        self.data.store.update_task(task_id, **fields)
        self.data.refresh_task(task_id)
        for m in self.models:
            m.task_changed(task_id, set(fields))

    def item_fields(self, item_id: int, fields: dict[str, Any], label: str) -> None:
        self.data.store.update_item(item_id, **fields)
        self.data.refresh_item(item_id)
        for m in self.models:
            m.item_changed(item_id)

    def progress_fields(self, task_id: int, month: int, fields: dict[str, Any], label: str) -> None:
        self.data.store.set_progress(task_id, month, **fields)
        self.data.refresh_progress(task_id)
        for m in self.models:
            m.progress_changed(task_id)
