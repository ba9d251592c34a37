"""`plandesk kpi` (each task's KPI results, DESIGN.md §3a, and a count per section) and
`plandesk suggest-targets` (targets read from the KPI or content text, applied on --apply)."""

from __future__ import annotations

import argparse
import json

from desktop.models.kpi import KpiResult, check_months, month_result, year_result
from desktop.models.store import Store

COMMANDS = {"kpi", "suggest-targets"}
WRITES: set[str] = set()  # suggest-targets writes only with --apply (cli.run locks for it)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from desktop.cli import MONTH_HELP, YEAR_HELP

    k = sub.add_parser("kpi", help="考核指標達成情形（每項工作及每個課室）")
    k.add_argument("--year", type=int, help=YEAR_HELP)
    k.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help=MONTH_HELP)
    k.add_argument("--json", action="store_true", help="以 JSON 輸出")

    s = sub.add_parser("suggest-targets", help="由考核指標或工作內容的文字建議目標值")
    s.add_argument("--year", type=int, help=YEAR_HELP)
    s.add_argument("--apply", action="store_true", help="採用全部建議（先備份資料庫）")
    s.add_argument("--json", action="store_true", help="以 JSON 輸出")


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

    if args.command == "suggest-targets":
        return _suggest(store, resolve_plan(store, args.year), args)
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


def suggestions_report(store: Store, plan_id: int) -> dict:
    """The `suggest-targets --json` shape."""
    from desktop.models.targets import plan_suggestions

    return {"suggestions": [
        {"task_id": task.id, "section": section.name, "item": item.name,
         "content": task.content, "kpi": task.kpi, "op": s.op, "value": s.value,
         "unit": s.unit, "phrase": s.phrase}
        for section, item, task, s in plan_suggestions(store.plan_tree(plan_id))
    ]}


def _suggest(store: Store, plan, args: argparse.Namespace) -> int:
    from desktop.models.kpi import format_target

    report = suggestions_report(store, plan.id)
    rows = report["suggestions"]
    if args.apply and rows:
        _apply(store, rows)
    if args.json:
        print(json.dumps(report | {"applied": bool(args.apply and rows)}, ensure_ascii=False, indent=2))
        return 0
    print(f"{plan.year} 年度建議目標值：{len(rows)} 項工作")
    for r in rows:
        print(f"　{r['section']}／{r['item']}：{r['content'][:30]}"
              f" → {format_target(r['op'], r['value'], r['unit'])}（依「{r['phrase'][:40]}」）")
    if args.apply and rows:
        print(f"已採用 {len(rows)} 項建議目標值（採用前已備份資料庫）")
    elif not rows:
        print("　沒有可建議的目標值（已設目標值的工作，或文字中沒有、或有兩個以上目標的，不列入）")
    return 0


def _apply(store: Store, rows: list[dict]) -> None:
    """All suggestions in one transaction, after a backup (run() has locked the file for
    --apply, as for any writing command)."""
    from desktop.models.backups import backup_before

    backup_before(store, "targets")  # refuses a damaged database, too
    with store.transaction():
        for r in rows:
            store.update_task(r["task_id"], target_op=r["op"], target_value=r["value"],
                              target_unit=r["unit"])
