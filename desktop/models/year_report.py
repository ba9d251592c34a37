"""The year-end results report (成果報告) as pure data: no drawing, no files.

Per section → item → task: the planned months, the final state (`derive_state` in the report's
month, December for a past year), the KPI target and each check's result and the year's result
(`kpi.month_results` / `year_result`, DESIGN.md §3a), the year's notes, causes and remedies,
and the 佐證 attached (count and file names / 文號). Per section a summary: KPI 達成 / 未達成 /
未填 and the achievement rate (`dashboard.kpi_rate`). The PDF, the xlsx/ods and the CLI all
read this one structure, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.models import evidence as evidence_store
from desktop.models.dashboard import KPI_COUNTED, kpi_rate
from desktop.models.domain import DerivedState, Item, Plan, Progress, Task, months_text
from desktop.models.kpi import KpiResult, month_results, target_text, year_result
from desktop.models.state import derive_state
from desktop.models.store import Store

NO_TARGET = "未設目標值"  # a task without a structured target: shown, never counted


@dataclass(frozen=True)
class Check:
    month: int
    actual: str
    result: KpiResult


@dataclass
class TaskRow:
    task: Task
    months: tuple[int, ...]
    state: DerivedState
    kpi_text: str  # the 考核指標 as written in the plan
    target: str  # 「≥ 60 %」, '' without a structured target
    checks: list[Check]
    result: KpiResult | None  # None: no structured target
    notes: list[str]  # 「3月：…」, the year's notes, then causes and remedies
    evidence: list[str]  # file names, or 「文號 …」 for a document number

    @property
    def months_label(self) -> str:
        return months_text(self.months)

    @property
    def result_label(self) -> str:
        return str(self.result) if self.result is not None else NO_TARGET

    @property
    def checks_label(self) -> str:
        return "、".join(f"{c.month}月 {c.actual or '—'} {c.result}" for c in self.checks)


@dataclass
class ItemRows:
    item: Item
    tasks: list[TaskRow] = field(default_factory=list)


@dataclass
class SectionReport:
    name: str
    items: list[ItemRows] = field(default_factory=list)
    kpi: dict[KpiResult, int] = field(default_factory=lambda: dict.fromkeys(KPI_COUNTED, 0))
    not_due: int = 0
    no_target: int = 0
    tasks: int = 0
    done: int = 0
    evidence: int = 0

    @property
    def rate(self) -> float | None:
        return kpi_rate(self.kpi)

    def as_json(self) -> dict:
        return {"name": self.name, "met": self.kpi[KpiResult.MET],
                "missed": self.kpi[KpiResult.MISSED], "missing": self.kpi[KpiResult.MISSING],
                "rate": None if self.rate is None else round(self.rate, 4),
                "not_due": self.not_due, "no_target": self.no_target, "tasks": self.tasks,
                "done": self.done, "evidence": self.evidence}


@dataclass
class YearReport:
    plan: Plan
    month: int  # the month the final states and year results are taken in
    sections: list[SectionReport]

    @property
    def totals(self) -> SectionReport:
        t = SectionReport("合計")
        for s in self.sections:
            for k, v in s.kpi.items():
                t.kpi[k] += v
            t.not_due += s.not_due
            t.no_target += s.no_target
            t.tasks += s.tasks
            t.done += s.done
            t.evidence += s.evidence
        return t


def rate_text(rate: float | None) -> str:
    """「75.0%」, or 「—」 when nothing is counted yet."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def year_notes(progress: Mapping[int, Progress]) -> list[str]:
    """Every month's note, then 落後原因 and 因應對策, each 「m月：text」, in month order."""
    lines: list[str] = []
    for m in sorted(progress):
        p = progress[m]
        if p.note.strip():
            lines.append(f"{m}月：{p.note.strip()}")
    for m in sorted(progress):
        p = progress[m]
        if p.cause.strip():
            lines.append(f"{m}月落後原因：{p.cause.strip()}")
        if p.remedy.strip():
            lines.append(f"{m}月因應對策：{p.remedy.strip()}")
    return lines


def evidence_label(ev: evidence_store.Evidence) -> str:
    month = f"{ev.month}月 " if ev.month else ""
    if ev.file_name:
        return month + ev.file_name
    return f"{month}文號 {ev.doc_number}".strip()


def task_row(task: Task, progress: Mapping[int, Progress], month: int,
             evidence: list[str]) -> TaskRow:
    checks = [Check(m, progress[m].actual_value.strip() if m in progress else "", r)
              for m, r in month_results(task, progress).items()]
    return TaskRow(task=task, months=task.months,
                   state=derive_state(task.months, progress, month), kpi_text=task.kpi,
                   target=target_text(task), checks=checks,
                   result=year_result(task, progress, month), notes=year_notes(progress),
                   evidence=evidence)


def build(store: Store, plan: Plan, month: int = 12) -> YearReport:
    """The report of `plan` as it stands, results and states taken in `month` (1–12)."""
    if not 1 <= month <= 12:
        raise ValueError(f"月份必須在 1 到 12 之間：{month}")
    progress = store.progress_for_plan(plan.id)
    names: dict[int, list[str]] = {}
    for ev in evidence_store.for_plan(store, plan.id):
        names.setdefault(ev.task_id, []).append(evidence_label(ev))
    sections = []
    for section, tree in store.plan_tree(plan.id):
        rep = SectionReport(section.name)
        for node in tree:
            rows = ItemRows(node.item)
            for task in node.tasks:
                row = task_row(task, progress.get(task.id, {}), month, names.get(task.id, []))
                rows.tasks.append(row)
                _count(rep, row)
            rep.items.append(rows)
        sections.append(rep)
    return YearReport(plan, month, sections)


def _count(rep: SectionReport, row: TaskRow) -> None:
    rep.tasks += 1
    rep.done += row.state is DerivedState.DONE
    rep.evidence += len(row.evidence)
    if row.result is None:
        rep.no_target += 1
    elif row.result is KpiResult.NOT_DUE:
        rep.not_due += 1
    else:
        rep.kpi[row.result] += 1
