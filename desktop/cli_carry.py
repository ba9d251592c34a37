"""`plandesk carry-over` (next year's plan from this one, as 計畫 › 新增年度計畫 does) and
`plandesk carried` (the tasks carried over unfinished: list them, or clear their flag)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.models.carry import carried_tasks, carry_mark, set_carried
from desktop.models.store import Store

COMMANDS = {"carry-over", "carried"}
WRITES = {"carry-over"}  # `carried` writes only with --clear (it sets args.apply, see _Clear)


class _Clear(argparse.Action):
    """--clear ID…: also sets `apply`, which tells cli.run to lock the database for a write,
    while a plain listing still works beside an open window."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option: Any = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.apply = True


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from desktop.cli import YEAR_HELP

    c = sub.add_parser("carry-over", help="沿用年度計畫：複製項目、工作、月份與考核指標到下一年度，"
                                          "未完成的工作標記為延續")
    c.add_argument("--year", type=int, help="沿用哪一年度（預設為資料庫中最新的年度）")
    c.add_argument("--to", type=int, help="新年度（預設為沿用年度的下一年）")

    k = sub.add_parser("carried", help="列出延續未完成的工作，或以 --clear 清除其延續標記")
    k.add_argument("--year", type=int, help=YEAR_HELP)
    k.add_argument("--clear", nargs="+", type=int, metavar="TASK_ID", action=_Clear,
                   help="清除這些工作的延續標記（工作編號見 --json 的 task_id）")
    k.add_argument("--json", action="store_true", help="以 JSON 輸出")


def carried_report(store: Store, plan_id: int) -> dict:
    """The `carried --json` shape."""
    plan = store.plan(plan_id)
    return {"year": plan.year, "tasks": [
        {"task_id": t.id, "section": sec.name, "item_number": item.number, "item": item.name,
         "content": t.content, "carried_from": t.carried_from, "schedule_note": t.schedule_note,
         "months": list(t.months)}
        for sec, item, t in carried_tasks(store, plan_id)
    ]}


def dispatch(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import resolve_plan

    if args.command == "carry-over":
        return _carry_over(store, args)
    if args.clear:
        return _clear(store, args.clear)
    plan = resolve_plan(store, args.year)
    report = carried_report(store, plan.id)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{plan.year} 年度延續未完成的工作：{len(report['tasks'])} 項")
    for t in report["tasks"]:
        content = " ".join(t["content"].split())[:40]
        print(f"　[{t['task_id']}] {carry_mark(t['carried_from'])} {t['section']}／"
              f"{t['item_number']} {t['item']}：{content}")
    return 0


def _carry_over(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import CliError, resolve_plan
    from desktop.models.backups import backup_before

    old = resolve_plan(store, args.year)
    year = args.to if args.to is not None else old.year + 1
    if store.plan_by_year(year) is not None:
        raise CliError(f"{year} 年度計畫已存在，未沿用")
    if not 1 <= year <= 999:
        raise CliError(f"年度必須在 1 到 999 之間（民國年）：{year}")
    backup_before(store, "carry")
    new = store.carry_over(old.id, year)
    n = len(carried_tasks(store, new.id))
    print(f"已由 {old.year} 年度沿用建立 {new.year} 年度計畫，共 {store.task_count(new.id)} 項工作，"
          f"其中 {n} 項標記為延續未完成（沿用前已備份資料庫）")
    return 0


def _clear(store: Store, task_ids: list[int]) -> int:
    from desktop.cli import CliError

    known = {r[0] for r in store.conn.execute(
        f"SELECT id FROM task WHERE id IN ({','.join('?' * len(task_ids))})", task_ids)}
    missing = [str(t) for t in task_ids if t not in known]
    if missing:
        raise CliError(f"找不到工作（編號 {'、'.join(missing)}），未清除任何延續標記")
    old = set_carried(store, dict.fromkeys(task_ids))
    cleared = sum(1 for year in old.values() if year)
    print(f"已清除 {cleared} 項工作的延續標記"
          + (f"（{len(old) - cleared} 項原本就沒有標記）" if cleared < len(old) else ""))
    return 0
