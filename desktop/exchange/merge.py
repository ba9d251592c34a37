"""How an imported table merges into the database, decided first and applied in one go.

`plan_merge` only reads: it says per section what will happen (新計畫 / 新增課室 / 取代課室 /
拒絕(已存在)), so the command line can print it for --dry-run and the preview dialog can show
it before anything is written. `apply_merge` writes all of it in ONE transaction and returns
what undo needs (ids made, snapshots of what was replaced, section order before and after).

Imported 執行狀態 / 執行情形 of a task become that task's report for the plan's default report
month (`report_month_for(store, year)`): a table carries one status column, not twelve, and the
month it was filled in is the one the officer is reporting on.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from desktop.exchange.roster_merge import RosterMerge, merge_roster
from desktop.models.carry import split_carried
from desktop.models.domain import PROGRESS_FIELDS, Status
from desktop.models.report_month import report_month_for
from desktop.models.roster import replace_roster, roster_rows
from desktop.models.store import Store, StoreError

NEW_PLAN = "新計畫"
ADD = "新增課室"
REPLACE = "取代課室"
REFUSE = "拒絕(已存在)"

_TASK_KEYS = ("content", "months", "checkpoints", "schedule_note", "method", "kpi",
              "control_number")
_STATUS_WORDS = {s.value for s in Status}


@dataclass
class Notice:
    """A warning or error about the file, with where it came from (sheet and row may be unknown)."""

    message: str
    sheet: str | None = None
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "message": self.message}

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row:
            parts.append(f"第 {self.row} 列")
        return "".join(parts)


@dataclass
class SectionAction:
    """One imported section and what will become of it."""

    name: str
    action: str
    items: list[dict]
    existing_id: int | None = None  # the section that 取代 replaces / 拒絕 collides with

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def task_count(self) -> int:
        return sum(len(it.get("tasks") or []) for it in self.items)

    @property
    def refused(self) -> bool:
        return self.action == REFUSE


@dataclass
class MergePlan:
    """What an import will do; nothing is written while this exists."""

    year: int
    plan_id: int | None  # None: the year is new and a plan will be created
    office: str
    title: str
    report_month: int
    replace: bool
    sections: list[SectionAction] = field(default_factory=list)
    approved_on: str = ""  # from our own workbook's cover, for a new plan
    doc_number: str = ""
    roster: list[dict] = field(default_factory=list)  # 推動小組 members, for a new plan
    roster_merge: RosterMerge | None = None  # into an existing plan (exchange/roster_merge.py)
    warnings: list[Notice] = field(default_factory=list)

    @property
    def new_plan(self) -> bool:
        return self.plan_id is None

    @property
    def refused(self) -> list[SectionAction]:
        return [s for s in self.sections if s.refused]

    @property
    def errors(self) -> list[Notice]:
        """In the command line's words (--replace)."""
        return self.refusals("加上 --replace")

    def refusals(self, how: str) -> list[Notice]:
        """The refused sections, saying how to replace them: the window says 勾選「取代同名課室」."""
        return [
            Notice(f"{self.year} 年度計畫已有課室「{s.name}」，未匯入任何資料（要整個取代請{how}）")
            for s in self.refused
        ]

    @property
    def ok(self) -> bool:
        return bool(self.sections) and not self.refused


@dataclass
class ApplyResult:
    """What apply_merge did, enough to undo and redo it exactly."""

    plan_id: int
    created_plan_id: int | None = None
    created_section_ids: list[int] = field(default_factory=list)
    replaced: list[dict] = field(default_factory=list)  # store.snapshot("section", id) of each
    positions_before: dict[int, int] = field(default_factory=dict)
    positions_after: dict[int, int] = field(default_factory=dict)
    task_count: int = 0
    roster_before: list[dict] | None = None  # the existing plan's roster, when the import merged one
    roster_after: list[dict] | None = None


def _clean_name(name: Any) -> str:
    return " ".join(str(name or "").split())


def plan_merge(store: Store, result: Any, year: int, replace: bool) -> MergePlan:
    """Decide, without writing, how `result` (an ImportResult) goes into `year`."""
    plan = store.plan_by_year(year)
    report_month = report_month_for(store, year)
    office = (getattr(result, "office", "") or "").strip()
    title = (getattr(result, "title", "") or "").strip()
    mp = MergePlan(
        year=year, plan_id=plan.id if plan else None,
        office=plan.office if plan else office, title=plan.title if plan else title,
        report_month=report_month, replace=replace,
    )
    merged: dict[str, SectionAction] = {}
    for n, sec in enumerate(getattr(result, "sections", []) or [], start=1):
        name = _clean_name(sec.get("name"))
        if not name:
            name = f"未命名課室{n}"
            mp.warnings.append(Notice(f"第 {n} 個課室沒有名稱，暫名為「{name}」"))
        items = [_item_data(it, report_month, mp.warnings, name) for it in sec.get("items") or []]
        if name in merged:
            # Several blocks of one section (a header repeated mid-sheet): one section.
            merged[name].items.extend(items)
            mp.warnings.append(Notice(f"檔案中課室「{name}」出現多次，已合併為一個課室"))
            continue
        existing = store.section_by_name(plan.id, name) if plan else None
        if plan is None:
            action = NEW_PLAN
        elif existing is None:
            action = ADD
        else:
            action = REPLACE if replace else REFUSE
        merged[name] = SectionAction(name, action, items, existing.id if existing else None)
    mp.sections = list(merged.values())
    cover = getattr(result, "cover", None)
    members = list(getattr(result, "roster", None) or [])
    if members and mp.new_plan:
        mp.roster = members
    elif members and plan is not None:
        mp.roster_merge = merge_roster(roster_rows(store, plan.id), members)
    if mp.new_plan and cover is not None:
        mp.title = cover.title or mp.title
        mp.approved_on, mp.doc_number = cover.approved_on, cover.doc_number
    file_year = getattr(result, "year", None)
    if mp.new_plan and file_year and file_year != year:
        # --year (or the preview's year box) overrides the file: its title must follow
        mp.title = mp.title.replace(f"{file_year}年", f"{year}年")
    if plan is not None and office and plan.office and office != plan.office:
        mp.warnings.append(Notice(
            f"檔案標題的機關「{office}」與 {year} 年度計畫的機關「{plan.office}」不同，"
            "請確認沒有匯入到別的機關的計畫"))
    if mp.new_plan and cover is None:
        # A sheet title names its section (「…戶籍登記課113年度工作計畫期程管制表」);
        # the plan's title is the office's, so the section name is taken out.
        for s in mp.sections:
            if s.name in mp.title and mp.title != s.name:
                for form in (f"（{s.name}）", f"({s.name})", s.name):
                    if form in mp.title:
                        mp.title = " ".join(mp.title.replace(form, "", 1).split())
                        break
                break
    return mp


def _item_data(item: dict, report_month: int, warnings: list[Notice], section: str) -> dict:
    weight = item.get("weight")
    try:
        weight = None if weight in (None, "") else float(weight)
    except (TypeError, ValueError):
        warnings.append(Notice(f"課室「{section}」項目「{item.get('name', '')}」的配分"
                               f"「{weight}」不是數字，未匯入配分"))
        weight = None
    return {
        "number": str(item.get("number") or "").strip(),
        "name": str(item.get("name") or "").strip(),
        "weight": weight,
        "owners": str(item.get("owners") or "").strip(),
        "tasks": [_task_data(t, report_month, warnings, section) for t in item.get("tasks") or []],
    }


def clean_months(value: Any) -> list[int]:
    """Months as sorted ints 1–12; anything else in the list is dropped."""
    out = set()
    for m in value or ():
        try:
            m = int(m)
        except (TypeError, ValueError):
            continue
        if 1 <= m <= 12:
            out.add(m)
    return sorted(out)


def _task_data(task: dict, report_month: int, warnings: list[Notice], section: str) -> dict:
    out: dict[str, Any] = {}
    for k in _TASK_KEYS:
        v = task.get(k)
        if k in ("months", "checkpoints"):
            out[k] = clean_months(v)
        else:
            out[k] = "" if v is None else str(v).strip()
    # 延續未完成 travels in files as the 時程說明 prefix 「〔N年度未完成〕」 (models/carry.py)
    year, out["schedule_note"] = split_carried(out["schedule_note"])
    out["carried_from"] = year or task.get("carried_from") or None
    out.update({k: task[k] for k in ("target_op", "target_value", "target_unit") if k in task})
    own = task.get("progress")
    if isinstance(own, dict) and own:  # our own workbook said which month the report is of
        out["progress"] = {int(m): {k: rep.get(k) for k in PROGRESS_FIELDS if k in rep}
                           for m, rep in own.items() if 1 <= int(m) <= 12}
        return out
    status = str(task.get("status") or "").strip()
    note = str(task.get("note") or "").strip()
    if status and status not in _STATUS_WORDS:
        warnings.append(Notice(
            f"課室「{section}」工作「{out['content'][:20]}」的執行狀態「{status}」無法辨識，"
            f"已改記在執行情形說明"
        ))
        note = f"{status}：{note}" if note else status
        status = ""
    out["progress"] = (
        {report_month: {"status": status or None, "note": note}} if (status or note) else {}
    )
    return out


def apply_merge(store: Store, merge_plan: MergePlan) -> ApplyResult:
    """Write the whole merge in one transaction; on any error nothing is changed."""
    if merge_plan.refused:
        raise StoreError("；".join(e.message for e in merge_plan.errors))
    if not merge_plan.sections:
        raise StoreError("檔案中沒有可匯入的課室")
    from desktop.models.backups import backup_before

    backup_before(store, "import")  # refuses a damaged database, too
    try:
        return _apply(store, merge_plan)
    except sqlite3.Error as exc:  # the transaction has rolled back: nothing was written
        raise StoreError(f"寫入資料庫失敗，未匯入任何資料：{exc}") from exc


def _apply(store: Store, merge_plan: MergePlan) -> ApplyResult:
    with store.transaction():
        if merge_plan.plan_id is None:
            plan = store.create_plan(merge_plan.year, merge_plan.office, merge_plan.title,
                                     approved_on=merge_plan.approved_on,
                                     doc_number=merge_plan.doc_number)
            res = ApplyResult(plan_id=plan.id, created_plan_id=plan.id)
            for member in merge_plan.roster:
                store.add_task_force_member(plan.id, **member)
        else:
            plan = store.plan(merge_plan.plan_id)
            res = ApplyResult(plan_id=plan.id)
            res.positions_before = {s.id: s.position for s in store.sections(plan.id)}
        for sa in merge_plan.sections:
            position = None
            if sa.action == REPLACE:
                # Re-read by name: the database may have changed since the preview was made.
                old = store.section_by_name(plan.id, sa.name)
                if old is not None:
                    position = old.position
                    res.replaced.append(store.delete_section(old.id))
            elif store.section_by_name(plan.id, sa.name) is not None:
                raise StoreError(f"{plan.year} 年度計畫已有課室「{sa.name}」，未匯入任何資料")
            data = {"name": sa.name, "items": sa.items}
            if position is not None:
                data["position"] = position
            made = store.insert_sections(plan.id, [data])
            res.created_section_ids.extend(s.id for s in made)
            res.task_count += sa.task_count
        res.positions_after = {s.id: s.position for s in store.sections(plan.id)}
        rm = merge_plan.roster_merge
        if rm is not None and rm.changes and merge_plan.plan_id is not None:
            res.roster_before = roster_rows(store, plan.id)
            res.roster_after = rm.after
            replace_roster(store, plan.id, rm.after)
    return res


# --------------------------------------------------------------------------- undo support
def snapshot_created(store: Store, res: ApplyResult) -> list[dict]:
    """Snapshots of what an import made, taken right after it, so redo can restore the same ids."""
    if res.created_plan_id is not None:
        return [store.snapshot("plan", res.created_plan_id)]
    return [store.snapshot("section", sid) for sid in res.created_section_ids]


def undo_merge(store: Store, res: ApplyResult) -> None:
    """Remove exactly what the import brought in and put back what it replaced."""
    with store.transaction():
        if res.created_plan_id is not None:
            store.delete_plan(res.created_plan_id)
            return
        for sid in res.created_section_ids:
            store.delete_section(sid)
        for snap in res.replaced:
            store.restore(snap)
        store.set_positions("section", res.positions_before)
        if res.roster_before is not None:
            replace_roster(store, res.plan_id, res.roster_before)


def redo_merge(store: Store, res: ApplyResult, created: list[dict]) -> None:
    """Do the import again with the same ids as the first time."""
    with store.transaction():
        for snap in res.replaced:
            store.delete_section(snap["section"][0]["id"])
        for snap in created:
            store.restore(snap)
        store.set_positions("section", res.positions_after)
        if res.roster_after is not None:
            replace_roster(store, res.plan_id, res.roster_after)
