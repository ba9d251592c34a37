"""One plan held in memory for the window, and where edits of it go.

`PlanData` reads a plan once through the Store and keeps it, so switching sections or
report months costs no query. Edits go through an `EditSink`: `DirectEdits` writes to the
Store at once; the main window's sink pushes undo commands instead. No Qt here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop.models.domain import DerivedState, Item, ItemTree, Progress, Section, Task
from desktop.models.plan_rows import plan_progress, plan_trees
from desktop.models.state import alert_masks, derive_state
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
    # (section id, month) -> (tasks, 落後, 未填報), all twelve months of a section counted at once;
    # an edited task is moved between them (_retally), a section whose tasks were added, removed
    # or moved is counted again
    _tallies: dict[tuple[int, int], tuple[int, int, int]] = field(default_factory=dict, repr=False)
    # section id -> tasks flagged 延續未完成, kept like the tallies
    _carried: dict[int, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.load()

    def load(self) -> None:
        self.sections = self.store.sections(self.plan_id)
        self._tallies = {}
        self._carried = {}
        self.trees = {}
        self.section_of_task = {}
        self.section_of_item = {}
        trees = plan_trees(self.store.conn, self.plan_id, [sec.id for sec in self.sections])
        for sec in self.sections:
            self._set_tree(sec.id, trees[sec.id])
        self.progress = plan_progress(self.store.conn, self.plan_id)

    def _set_tree(self, section_id: int, tree: list[ItemTree]) -> None:
        self.forget_counts(section_id)
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
        old = next((t for t in it.tasks if t.id == task_id), None) if it is not None else None
        if it is not None:
            it.tasks = [task if t.id == task_id else t for t in it.tasks]
        reports = self.progress.get(task_id, {})
        if old is None:
            self.forget_counts(self.section_of_task.get(task_id))
        else:
            self._retally(task_id, (old.months, reports), (task.months, reports))
            section_id = self.section_of_task.get(task_id)
            if section_id in self._carried:
                self._carried[section_id] += bool(task.carried_from) - bool(old.carried_from)
        return task

    def refresh_item(self, item_id: int) -> Item:
        item = self.store.item(item_id)
        it = self.find_item(item_id)
        if it is not None:
            it.item = item
        return item

    def refresh_progress(self, task_id: int) -> dict[int, Progress]:
        before = self.progress.get(task_id, {})
        after = self.progress[task_id] = self.store.progress(task_id)
        found = self.find_task(task_id)
        if found is None:
            self.forget_counts(self.section_of_task.get(task_id))
        else:
            self._retally(task_id, (found[1].months, before), (found[1].months, after))
        return after

    def state(self, task: Task, month: int) -> DerivedState:
        return derive_state(task.months, self.progress.get(task.id, {}), month)

    def tally(self, section_id: int, month: int) -> tuple[int, int, int]:
        """(tasks, 落後, 未填報) of one section in `month`, counted once and kept up to date."""
        got = self._tallies.get((section_id, month))
        if got is None:
            if not 1 <= month <= 12:  # no such report month is kept
                states = [self.state(t, month) for it in self.trees.get(section_id, []) for t in it.tasks]
                return (len(states), states.count(DerivedState.BEHIND),
                        states.count(DerivedState.UNREPORTED))
            self._count_year(section_id)
            got = self._tallies[(section_id, month)]
        return got

    def _count_year(self, section_id: int) -> None:
        """Count a section in all twelve report months in one pass (alert_masks: one call a
        task, not twelve derive_state), so a report month not shown before costs nothing."""
        progress, none, masks = self.progress, {}, alert_masks
        pairs = [masks(t.months, progress.get(t.id, none))
                 for it in self.trees.get(section_id, []) for t in it.tasks]
        behind = Counter(p[0] for p in pairs).items()
        unreported = Counter(p[1] for p in pairs).items()
        for month in range(1, 13):
            self._tallies[(section_id, month)] = (
                len(pairs), sum(n for mask, n in behind if mask >> month & 1),
                sum(n for mask, n in unreported if mask >> month & 1))

    def _retally(self, task_id: int, before: tuple[Any, Any], after: tuple[Any, Any]) -> None:
        """One task of a section changed from `before` to `after` (months, reports): move it
        between the kept tallies of its section (two alert_masks calls), so an edit costs the
        same in a section of 10 tasks or of 2,500."""
        section_id = self.section_of_task.get(task_id)
        keys = [k for k in self._tallies if k[0] == section_id]
        if not keys:
            return
        (old_b, old_u), (new_b, new_u) = alert_masks(*before), alert_masks(*after)
        if (old_b, old_u) == (new_b, new_u):
            return
        for key in keys:
            month = key[1]
            n, behind, unreported = self._tallies[key]
            behind += (new_b >> month & 1) - (old_b >> month & 1)
            unreported += (new_u >> month & 1) - (old_u >> month & 1)
            self._tallies[key] = (n, behind, unreported)

    def forget_counts(self, section_id: int | None) -> None:
        """A task or report of this section changed: its tallies are counted again when asked."""
        for key in [k for k in self._tallies if k[0] == section_id]:
            del self._tallies[key]
        self._carried.pop(section_id, None)

    def carried(self, section_id: int) -> int:
        """How many tasks of the section are flagged 延續未完成, counted once and kept up to date."""
        got = self._carried.get(section_id)
        if got is None:
            got = self._carried[section_id] = sum(
                1 for it in self.trees.get(section_id, []) for t in it.tasks if t.carried_from)
        return got

    def counts(self, section_id: int, month: int) -> tuple[int, int]:
        """(tasks, tasks 落後 or 未填報 in month) for the section list badge."""
        n, behind, unreported = self.tally(section_id, month)
        return n, behind + unreported

    def plan_tally(self, month: int) -> tuple[int, int, int]:
        """(tasks, 落後, 未填報) over the whole plan, from the sections' tallies."""
        parts = [self.tally(sid, month) for sid in self.trees]
        return (sum(p[0] for p in parts), sum(p[1] for p in parts), sum(p[2] for p in parts))


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
