"""One plan's items, tasks and reports read at once for the window (`PlanData.load`).

The window reads a whole plan at start and at every year switch. Reading it section by section
(`Store.section_tree`: two queries a section) and building each frozen dataclass through its
generated `__init__` (one `object.__setattr__` a field) was most of `PlanData.load`. Here: three
queries for the plan, and rows become the same domain objects by filling their `__dict__` (the
columns are the fields; equal to what `Store` builds, which the tests check).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from desktop.models.domain import Item, ItemTree, Progress, Status, Task, mask_to_months

_STATUS = {s.value: s for s in Status}
_new = object.__new__


def _made(cls: type, values: dict[str, Any]) -> Any:
    obj = _new(cls)
    obj.__dict__.update(values)
    return obj


def plan_trees(conn: sqlite3.Connection, plan_id: int, section_ids: list[int]) -> dict[int, list[ItemTree]]:
    """Every section's items with their tasks, in the order `Store.section_tree` gives."""
    trees: dict[int, list[ItemTree]] = {sid: [] for sid in section_ids}
    by_item: dict[int, ItemTree] = {}
    for row in conn.execute(
        "SELECT i.* FROM item i JOIN section s ON s.id=i.section_id WHERE s.plan_id=? "
        "ORDER BY i.position, i.id", (plan_id,)):
        tree = ItemTree(_made(Item, dict(row)))
        by_item[tree.item.id] = tree
        trees.setdefault(tree.item.section_id, []).append(tree)
    months: dict[int, tuple[int, ...]] = {}
    for row in conn.execute(
        "SELECT t.* FROM task t JOIN item i ON i.id=t.item_id JOIN section s ON s.id=i.section_id "
        "WHERE s.plan_id=? ORDER BY t.position, t.id", (plan_id,)):
        d = dict(row)
        for key in ("months", "checkpoints"):
            mask = d[key]
            got = months.get(mask)
            if got is None:
                got = months[mask] = mask_to_months(mask)
            d[key] = got
        by_item[d["item_id"]].tasks.append(_made(Task, d))
    return trees


def plan_progress(conn: sqlite3.Connection, plan_id: int) -> dict[int, dict[int, Progress]]:
    """Every report of the plan by task id and month (`Store.progress_for_plan`)."""
    out: dict[int, dict[int, Progress]] = {}
    for row in conn.execute(
        "SELECT p.* FROM progress p JOIN task t ON t.id=p.task_id JOIN item i ON i.id=t.item_id "
        "JOIN section s ON s.id=i.section_id WHERE s.plan_id=?", (plan_id,)):
        d = dict(row)
        d["status"] = _STATUS[d["status"]] if d["status"] else None
        out.setdefault(d["task_id"], {})[d["month"]] = _made(Progress, d)
    return out
