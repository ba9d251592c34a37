"""The figures of the 總覽 (dashboard) for the meeting chair: pure counts, no drawing.

Per section the derived states in the report month and the KPI year results; for the plan
the trend month by month. States come only from `derive_state`, results only from
`kpi.year_result`, so the dashboard never disagrees with the grid or the handout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.models.domain import DerivedState, ItemTree, Plan, Progress, Section
from desktop.models.kpi import KpiResult, year_result
from desktop.models.state import derive_state
from desktop.models.store import Store

# The states the trend follows: what the meeting asks about month after month.
TREND_STATES = (DerivedState.ON_TRACK, DerivedState.BEHIND, DerivedState.UNREPORTED)
# The KPI results a section is counted by (未到期 targets are not yet counted).
KPI_COUNTED = (KpiResult.MET, KpiResult.MISSED, KpiResult.MISSING)


@dataclass
class SectionFigures:
    name: str
    planned: int = 0  # tasks with the report month in their schedule: not a state, counted apart
    states: dict[DerivedState, int] = field(default_factory=lambda: dict.fromkeys(DerivedState, 0))
    kpi: dict[KpiResult, int] = field(default_factory=lambda: dict.fromkeys(KPI_COUNTED, 0))

    @property
    def total(self) -> int:
        return sum(self.states.values())


@dataclass
class Dashboard:
    plan: Plan
    month: int
    sections: list[SectionFigures]
    trend: list[dict[DerivedState, int]]  # trend[m - 1] for months 1..month

    @property
    def totals(self) -> SectionFigures:
        t = SectionFigures("合計")
        for s in self.sections:
            for k, v in s.states.items():
                t.states[k] += v
            for k, v in s.kpi.items():
                t.kpi[k] += v
            t.planned += s.planned
        return t

    def as_json(self) -> dict:
        """The `plandesk dashboard --json` shape."""
        def sec(s: SectionFigures) -> dict:
            return {"name": s.name, "total": s.total, "planned": s.planned,
                    "states": {str(k): v for k, v in s.states.items()},
                    "kpi": {"met": s.kpi[KpiResult.MET], "missed": s.kpi[KpiResult.MISSED],
                            "missing": s.kpi[KpiResult.MISSING]}}

        return {
            "year": self.plan.year, "month": self.month,
            "sections": [sec(s) for s in self.sections], "totals": sec(self.totals),
            "trend": [{"month": m, **{str(k): row[k] for k in TREND_STATES}}
                      for m, row in enumerate(self.trend, start=1)],
        }


def kpi_rate(kpi: Mapping[KpiResult, int]) -> float | None:
    """達成 / (達成 + 未達成 + 未填), None when nothing is counted yet."""
    n = sum(kpi.get(k, 0) for k in KPI_COUNTED)
    return kpi.get(KpiResult.MET, 0) / n if n else None


def figures(
    plan: Plan, month: int, tree: list[tuple[Section, list[ItemTree]]],
    progress: Mapping[int, Mapping[int, Progress]],
) -> Dashboard:
    """The dashboard of a plan already in memory (the window's PlanData, or a store read)."""
    if not 1 <= month <= 12:
        raise ValueError(f"月份必須在 1 到 12 之間：{month}")
    sections = []
    trend = [dict.fromkeys(TREND_STATES, 0) for _ in range(month)]
    for section, items in tree:
        fig = SectionFigures(section.name)
        for node in items:
            for task in node.tasks:
                reports = progress.get(task.id, {})
                fig.states[derive_state(task.months, reports, month)] += 1
                fig.planned += int(month in task.months)
                result = year_result(task, reports, month)
                if result in fig.kpi:
                    fig.kpi[result] += 1
                for m in range(1, month + 1):
                    state = derive_state(task.months, reports, m)
                    if state in trend[m - 1]:
                        trend[m - 1][state] += 1
        sections.append(fig)
    return Dashboard(plan, month, sections, trend)


def dashboard(store: Store, plan: Plan, month: int) -> Dashboard:
    return figures(plan, month, store.plan_tree(plan.id), store.progress_for_plan(plan.id))
