"""延續未完成: a task carried into a new year while it was still unfinished in the old one.

The flag is the task's own field `carried_from`, the ROC year the work was left unfinished in
(None when it was not carried over unfinished). Files that only have a 時程說明 column — the
bureau workbook, its ODF twin, tables of earlier versions — carry it as the prefix
「〔N年度未完成〕」 on that text: `schedule_text` writes it, `split_carried` reads it back, so a
workbook exported and imported again gives the same cells and the same field.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from desktop.models.domain import Item, Plan, Section, Task
from desktop.models.state import ALERT_STATES, derive_state

if TYPE_CHECKING:
    from desktop.models.store import Store

CARRY_COLOR = "#c05a00"  # the mark's colour on screen and on paper
_PREFIX = re.compile(r"^\s*〔(\d{1,3})年度未完成〕\s*")


def carry_mark(year: int) -> str:
    """「〔115年度未完成〕」: the flag as files and printouts write it."""
    return f"〔{year}年度未完成〕"


def carry_tip(year: int) -> str:
    """What the grid's mark says when pointed at."""
    return f"由 {year} 年度延續，尚未完成"


def schedule_text(task: Any) -> str:
    """時程說明 as a file holds it: the flag first, then the note."""
    note = (task.schedule_note or "").strip()
    if not task.carried_from:
        return note
    return f"{carry_mark(task.carried_from)} {note}".strip()


def split_carried(text: str) -> tuple[int | None, str]:
    """The inverse of schedule_text: (year or None, the note without the flag)."""
    found = _PREFIX.match(text or "")
    if found is None or not 1 <= int(found.group(1)) <= 999:
        return None, text or ""
    return int(found.group(1)), text[found.end():].strip()


def carried_year(value: Any) -> int | None:
    """The field as stored: a ROC year 1–999, or None (None, '' and 0 mean not carried)."""
    if value in (None, "", 0):
        return None
    if isinstance(value, float) and value.is_integer():  # 115.0 from a JSON file
        value = int(value)
    try:
        year = int(str(value).strip())
    except ValueError:
        year = 0
    if not 1 <= year <= 999:
        from desktop.models.store import StoreError

        raise StoreError(f"延續未完成的年度必須是 1 到 999 的民國年：{value}")
    return year


def carried_tasks(store: Store, plan_id: int) -> list[tuple[Section, Item, Task]]:
    """Every carried task of a plan in screen order, with its section and item."""
    out = []
    for sec, tree in store.plan_tree(plan_id):
        for it in tree:
            out.extend((sec, it.item, t) for t in it.tasks if t.carried_from)
    return out


def set_carried(store: Store, values: dict[int, int | None]) -> dict[int, int | None]:
    """Set (or clear, with None) the flag of these tasks in one transaction; returns the values
    they had, so an undo can put them back."""
    old = {tid: store.task(tid).carried_from for tid in values}
    with store.transaction():
        for tid, year in values.items():
            store.update_task(tid, carried_from=year)
    return old


def carry_over(store: Store, from_plan_id: int, year: int) -> Plan:
    """Next year's plan from this one: items, tasks, months and KPIs; no progress.

    Work not done by December (落後, or unreported at its last planned month) is flagged as
    carried from the old year; a flag from an earlier year is replaced, not stacked.
    """
    old = store.plan(from_plan_id)
    sections = store.export_sections(from_plan_id)
    progress = store.progress_for_plan(from_plan_id)
    task_ids = [t.id for _, tree in store.plan_tree(from_plan_id) for it in tree for t in it.tasks]
    tasks = (task for sec in sections for item in sec["items"] for task in item["tasks"])
    for task_id, task in zip(task_ids, tasks, strict=True):
        state = derive_state(task["months"], progress.get(task_id, {}), 12)
        task["carried_from"] = old.year if state in ALERT_STATES else None
        task["progress"] = {}
    with store.transaction():
        new = store.create_plan(year, old.office, old.title.replace(str(old.year), str(year)))
        store.insert_sections(new.id, sections)
        for m in store.task_force(from_plan_id):
            store.add_task_force_member(new.id, role=m.role, title=m.title, name=m.name, duty=m.duty)
    return new
