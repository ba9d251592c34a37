"""The control table as rows: what the bureau workbook, the ODF file and the PDF all print.

Built once here so every output shows the same rows, states and notes as the window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.exchange.kpi_cell import kpi_cell
from desktop.models.domain import DerivedState, Item, Plan, Progress, Section, Status, Task
from desktop.models.state import derive_state
from desktop.models.store import Store


@dataclass(frozen=True)
class TableRow:
    """One printed row: a task under its item, or an item that has no task yet."""

    item: Item
    task: Task | None
    first_of_item: bool  # the row where the item's number and name are written
    item_span: int  # rows the item covers (for merging down); 0 on the other rows
    state: DerivedState | None
    latest: Progress | None  # the latest report up to the report month, if any
    kpi_text: str = ""  # 考核結果: the target over kpi.result_text (kpi_cell); '' without a target

    def report_text(self, month: int) -> str:
        """The 執行情形 cell, the same in the workbook, the PDF and the ODF file: the latest
        report up to `month` (its month named when older, its status when the derived state
        differs), the actual value, and cause and remedy while it is 落後."""
        p = self.latest
        if p is None:
            return ""
        head = f"（{p.month}月）" if p.month != month else ""
        if p.status and p.status != (self.state.value if self.state else ""):
            head += f"{p.status}："
        parts = [head + p.note.strip()]
        if p.actual_value.strip():
            parts.append(f"實際值：{p.actual_value.strip()}")
        if p.status == Status.BEHIND:
            if p.cause.strip():
                parts.append(f"落後原因：{p.cause.strip()}")
            if p.remedy.strip():
                parts.append(f"因應對策：{p.remedy.strip()}")
        return "\n".join(x for x in parts if x)


@dataclass
class SectionTable:
    plan: Plan
    section: Section
    month: int
    rows: list[TableRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return section_title(self.plan, self.section)

    @property
    def has_weight(self) -> bool:
        return any(r.item.weight is not None for r in self.rows)

    @property
    def has_owners(self) -> bool:
        return any(r.item.owners.strip() for r in self.rows)

    @property
    def task_count(self) -> int:
        return sum(1 for r in self.rows if r.task is not None)


def section_title(plan: Plan, section: Section) -> str:
    """「{機關}{課室}{年}年度工作計畫期程管制表」"""
    return f"{plan.office}{section.name}{plan.year}年度工作計畫期程管制表"


def latest_report(progress: dict[int, Progress], month: int) -> Progress | None:
    for m in range(month, 0, -1):
        p = progress.get(m)
        if p is not None and p.is_report:
            return p
    return None


def control_tables(
    store: Store, plan: Plan, month: int, section_ids: Iterable[int] | None = None
) -> list[SectionTable]:
    """Every section of the plan (or only section_ids), in order, as printable rows."""
    wanted = set(section_ids) if section_ids is not None else None
    progress = store.progress_for_plan(plan.id)
    tables = []
    for section, tree in store.plan_tree(plan.id):
        if wanted is not None and section.id not in wanted:
            continue
        table = SectionTable(plan, section, month)
        for node in tree:
            if not node.tasks:
                table.rows.append(TableRow(node.item, None, True, 1, None, None))
                continue
            for i, task in enumerate(node.tasks):
                reports = progress.get(task.id, {})
                table.rows.append(
                    TableRow(
                        node.item,
                        task,
                        i == 0,
                        len(node.tasks) if i == 0 else 0,
                        derive_state(task.months, reports, month),
                        latest_report(reports, month),
                        kpi_cell(task, reports, month),
                    )
                )
        tables.append(table)
    return tables
