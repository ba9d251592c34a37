"""管考快照: a year frozen as it stood for a meeting or the bureau, and what changed since.

A snapshot keeps every row of the plan exactly (the rows `Store.snapshot("plan", id)` reads:
plan, sections, items, tasks, months, reports) plus the KPI results of that moment, as JSON
in the `snapshot` table. It opens as a read-only copy in memory (`open_snapshot`) and is
compared with today or with another snapshot by `diff`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from desktop.models.domain import Progress, Status, Task, mask_to_months, months_text
from desktop.models.kpi import check_months, format_target, month_result
from desktop.models.store import Store, StoreError

PROGRESS_TEXTS = ("status", "note", "actual_value", "cause", "remedy")
FIELD_LABELS = {
    "task": "工作", "content": "工作內容", "kpi": "考核指標", "target": "目標值",
    "months": "預定月份", "checkpoints": "考核月份", "status": "執行狀態", "note": "執行情形",
    "actual_value": "實際值", "cause": "落後原因", "remedy": "因應對策", "kpi_result": "考核結果",
}


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    name: str
    taken_at: str
    year: int
    plan_id: int

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "taken_at": self.taken_at, "year": self.year}

    @property
    def label(self) -> str:
        when = datetime.fromisoformat(self.taken_at)
        return f"{self.name}（{when.year - 1911}/{when.month:02d}/{when.day:02d} {when:%H:%M}）"


@dataclass
class Change:
    task_id: int
    section: str
    item: str
    content: str
    field: str
    month: int | None
    before: str
    after: str

    @property
    def field_label(self) -> str:
        return FIELD_LABELS[self.field]

    def as_json(self) -> dict:
        return asdict(self)


BUREAU = "送民政局"


def suggested_name(year: int, month: int, purpose: str = "所務會議") -> str:
    """「115年5月所務會議」, or 「送民政局 115/07/10」 (today): the name the dialogs fill in."""
    if purpose == BUREAU:
        from desktop.models.rocdate import roc_short

        return f"{BUREAU} {roc_short(datetime.now())}"
    return f"{year}年{month}月{purpose}"


def plan_rows(store: Store, plan_id: int) -> dict:
    """Every row of the plan as it stands, with each checked month's KPI result."""
    rows = store.snapshot("plan", plan_id)
    rows["kpi"] = _kpi_results(rows)
    return rows


def take(store: Store, plan_id: int, name: str) -> SnapshotInfo:
    name = name.strip()
    if not name:
        raise StoreError("快照名稱不可空白")
    plan = store.plan(plan_id)
    data = json.dumps(plan_rows(store, plan_id), ensure_ascii=False, separators=(",", ":"))
    taken_at = datetime.now().isoformat(timespec="seconds")
    with store.transaction():
        cur = store.conn.execute(
            "INSERT INTO snapshot(plan_id, year, name, taken_at, data) VALUES (?,?,?,?,?)",
            (plan_id, plan.year, name, taken_at, data),
        )
    return SnapshotInfo(cur.lastrowid, name, taken_at, plan.year, plan_id)


def snapshots(store: Store, year: int | None = None) -> list[SnapshotInfo]:
    """Newest last, like the years."""
    sql = "SELECT id, name, taken_at, year, plan_id FROM snapshot"
    rows = store.conn.execute(sql + (" WHERE year=?" if year is not None else "")
                              + " ORDER BY taken_at, id", (year,) if year is not None else ()).fetchall()
    return [SnapshotInfo(*r) for r in rows]


def snapshot_info(store: Store, snapshot_id: int) -> SnapshotInfo:
    row = store.conn.execute("SELECT id, name, taken_at, year, plan_id FROM snapshot WHERE id=?",
                             (snapshot_id,)).fetchone()
    if row is None:
        raise StoreError(f"找不到快照（編號 {snapshot_id}）")
    return SnapshotInfo(*row)


def latest(store: Store, year: int) -> SnapshotInfo | None:
    found = snapshots(store, year)
    return found[-1] if found else None


def snapshot_rows(store: Store, snapshot_id: int) -> dict:
    row = store.conn.execute("SELECT data FROM snapshot WHERE id=?", (snapshot_id,)).fetchone()
    if row is None:
        raise StoreError(f"找不到快照（編號 {snapshot_id}）")
    return json.loads(row[0])


def delete_snapshot(store: Store, snapshot_id: int) -> None:
    with store.transaction():
        store.conn.execute("DELETE FROM snapshot WHERE id=?", (snapshot_id,))


def open_snapshot(store: Store, snapshot_id: int, path: str = ":memory:") -> Store:
    """The snapshot as a database of its own (in memory, or a scratch file the print preview
    can open on its own thread), to show and print like today's table.

    Settings (office name, paper, PDF font, sign-off labels) are today's."""
    rows = snapshot_rows(store, snapshot_id)
    copy = Store(path)
    copy.restore({k: v for k, v in rows.items() if k != "kpi"})
    with copy.transaction():
        copy.conn.executemany("INSERT INTO setting(key, value) VALUES (?, ?)",
                              store.conn.execute("SELECT key, value FROM setting").fetchall())
    return copy


# ---------------------------------------------------------------------------- comparing
def _task(row: dict) -> Task:
    d = {k: v for k, v in row.items()}
    d["months"] = mask_to_months(d["months"])
    d["checkpoints"] = mask_to_months(d["checkpoints"])
    return Task(**d)


def _reports(rows: dict) -> dict[int, dict[int, dict]]:
    out: dict[int, dict[int, dict]] = {}
    for p in rows.get("progress", []):
        out.setdefault(p["task_id"], {})[p["month"]] = p
    return out


def _kpi_results(rows: dict) -> dict[str, dict[str, str]]:
    reports = _reports(rows)
    out: dict[str, dict[str, str]] = {}
    for t in rows.get("task", []):
        if t["target_op"] is None or t["target_value"] is None:
            continue
        task = _task(t)
        progress = {m: Progress(**{**p, "status": Status(p["status"]) if p["status"] else None})
                    for m, p in reports.get(t["id"], {}).items()}
        out[str(t["id"])] = {str(m): str(month_result(task, progress, m))
                             for m in check_months(task)}
    return out


def _order(rows: dict) -> dict[int, tuple]:
    """Each task's place on screen (section, item, task positions) and its names."""
    sections = {s["id"]: s for s in rows.get("section", [])}
    items = {i["id"]: i for i in rows.get("item", [])}
    out = {}
    for t in rows.get("task", []):
        item = items[t["item_id"]]
        sec = sections[item["section_id"]]
        out[t["id"]] = ((sec["position"], sec["id"], item["position"], item["id"], t["position"], t["id"]),
                        sec["name"], item["name"])
    return out


def _mask_changes(field: str, before: int, after: int) -> list[tuple[str, None, str, str]]:
    """One change for a task's planned (or checked) months, said as people say them."""
    if before == after:
        return []
    return [(field, None, months_text(mask_to_months(before)), months_text(mask_to_months(after)))]


def diff(before: dict, after: dict) -> list[Change]:
    """What changed from `before` to `after` (rows as plan_rows gives them), in table order."""
    old_tasks = {t["id"]: t for t in before.get("task", [])}
    new_tasks = {t["id"]: t for t in after.get("task", [])}
    old_order, new_order = _order(before), _order(after)
    old_rep, new_rep = _reports(before), _reports(after)
    old_kpi = before.get("kpi") or _kpi_results(before)
    new_kpi = after.get("kpi") or _kpi_results(after)
    place = {**old_order, **new_order}
    changes: list[Change] = []
    for tid in sorted(place, key=lambda t: (place[t][0], t not in new_tasks)):
        _, section, item = place[tid]
        old, new = old_tasks.get(tid), new_tasks.get(tid)
        content = (new or old)["content"]
        found: list[tuple[str, int | None, str, str]] = []
        if old is None:
            found.append(("task", None, "", "新增"))
        elif new is None:
            found.append(("task", None, "", "刪除"))
        else:
            for key in ("content", "kpi"):
                if old[key] != new[key]:
                    found.append((key, None, old[key], new[key]))
            targets = [format_target(t["target_op"], t["target_value"], t["target_unit"])
                       for t in (old, new)]
            if targets[0] != targets[1]:
                found.append(("target", None, targets[0], targets[1]))
            found += _mask_changes("months", old["months"], new["months"])
            found += _mask_changes("checkpoints", old["checkpoints"], new["checkpoints"])
            a, b = old_rep.get(tid, {}), new_rep.get(tid, {})
            for m in sorted(set(a) | set(b)):
                for key in PROGRESS_TEXTS:
                    x, y = (a.get(m) or {}).get(key) or "", (b.get(m) or {}).get(key) or ""
                    if x != y:
                        found.append((key, m, x, y))
            ka, kb = old_kpi.get(str(tid), {}), new_kpi.get(str(tid), {})
            for m in sorted({int(k) for k in ka} | {int(k) for k in kb}):
                x, y = ka.get(str(m), ""), kb.get(str(m), "")
                if x != y:
                    found.append(("kpi_result", m, x, y))
        changes += [Change(tid, section, item, content, f, m, x, y) for f, m, x, y in found]
    return changes


def diff_snapshots(store: Store, a: int, b: int | None = None) -> list[Change]:
    """Snapshot a against snapshot b, or against today's plan of the same year when b is None."""
    info = snapshot_info(store, a)
    before = snapshot_rows(store, a)
    if b is not None:
        after = snapshot_rows(store, b)
    else:
        plan = store.plan_by_year(info.year)
        after = plan_rows(store, plan.id) if plan is not None else {}
    return diff(before, after)


def changed_since_latest(store: Store, plan_id: int) -> tuple[SnapshotInfo | None, list[Change]]:
    """What was entered or edited since the newest snapshot of this plan's year."""
    plan = store.plan(plan_id)
    snap = latest(store, plan.year)
    if snap is None:
        return None, []
    return snap, diff(snapshot_rows(store, snap.id), plan_rows(store, plan_id))
