"""The plan's 推動小組（任務編組） as a whole list: read, and replaced in one transaction.

The roster dialog edits the list as a table and stores it in one step, so undo and redo are
one replace each way. (Kept beside store.py, which is not to grow.)
"""

from __future__ import annotations

from desktop.models.store import Store

FIELDS = ("role", "title", "name", "duty")


def roster_rows(store: Store, plan_id: int) -> list[dict]:
    """The members in order, as plain dicts of the four fields."""
    return [{k: getattr(m, k) for k in FIELDS} for m in store.task_force(plan_id)]


def replace_roster(store: Store, plan_id: int, members: list[dict]) -> None:
    """Make the plan's roster exactly `members` (blank rows dropped), all or nothing."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM task_force WHERE plan_id=?", (plan_id,))
        for m in members:
            row = {k: " ".join(str(m.get(k) or "").split()) if k != "duty"
                   else str(m.get(k) or "").strip() for k in FIELDS}
            if any(row.values()):
                store.add_task_force_member(plan_id, **row)
