"""`plandesk kpi`: each task's KPI results (DESIGN.md §3a) and a count per section."""

from __future__ import annotations

import argparse
import json

from desktop.models.kpi import KpiResult, check_months, month_result, year_result
from desktop.models.store import Store

COMMANDS = {"kpi"}
WRITES: set[str] = set()


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from desktop.cli import MONTH_HELP, YEAR_HELP

    k = sub.add_parser("kpi", help="考核指標達成情形（每項工作及每個課室）")
    k.add_argument("--year", type=int, help=YEAR_HELP)
    k.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help=MONTH_HELP)
    k.add_argument("--json", action="store_true", help="以 JSON 輸出")


def kpi_report(store: Store, plan_id: int, month: int) -> dict:
    """The `kpi --json` shape: tasks with a structured target, and per-section counts of
    the year results 達成 / 未達成 / 未填 in report month `month`."""
    progress = store.progress_for_plan(plan_id)
    tasks: list[dict] = []
    sections: list[dict] = []
    for section, tree in store.plan_tree(plan_id):
        counts = {KpiResult.MET: 0, KpiResult.MISSED: 0, KpiResult.MISSING: 0}
        for node in tree:
            for task in node.tasks:
                result = year_result(task, progress.get(task.id, {}), month)
                if result is None:
                    continue
                reports = progress.get(task.id, {})
                tasks.append({
                    "task_id": task.id, "section": section.name, "item": node.item.name,
                    "content": task.content, "op": task.target_op, "value": task.target_value,
                    "unit": task.target_unit,
                    "checks": [
                        {"month": m,
                         "actual": reports[m].actual_value if m in reports else "",
                         "result": str(month_result(task, reports, m))}
                        for m in check_months(task)
                    ],
                    "year_result": str(result),
                })
                if result in counts:
                    counts[result] += 1
        sections.append({"name": section.name, "met": counts[KpiResult.MET],
                         "missed": counts[KpiResult.MISSED], "missing": counts[KpiResult.MISSING]})
    return {"tasks": tasks, "sections": sections}


def dispatch(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import resolve_month, resolve_plan
    from desktop.models.kpi import format_target

    plan = resolve_plan(store, args.year)
    month = resolve_month(plan, args.month, store)
    report = kpi_report(store, plan.id, month)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{plan.year} 年度考核指標（截至 {month} 月）")
    for sec in report["sections"]:
        print(f"{sec['name']}：達成 {sec['met']}、未達成 {sec['missed']}、未填 {sec['missing']}")
    for t in report["tasks"]:
        target = format_target(t["op"], t["value"], t["unit"])
        checks = "、".join(f"{c['month']}月 {c['actual'] or '—'} {c['result']}" for c in t["checks"])
        print(f"　[{t['year_result']}] {t['section']}／{t['item']}：{t['content'][:30]}"
              f"（目標 {target}；{checks}）")
    if not report["tasks"]:
        print("　沒有設定結構化目標值（條件、數值、單位）的工作")
    return 0
