"""`plandesk report`: the year-end results report (成果報告) as pdf, xlsx or ods."""

from __future__ import annotations

import argparse
import json

from desktop.models.store import Store

COMMANDS = {"report"}
WRITES: set[str] = set()  # writes a file, never the database


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from desktop.cli import PAPER_HELP, YEAR_HELP

    r = sub.add_parser("report", help="年度成果報告：各課室工作的最終狀態、考核結果與佐證資料")
    r.add_argument("--year", type=int, help=YEAR_HELP)
    r.add_argument("--format", choices=["pdf", "xlsx", "ods"], default="pdf",
                   help="檔案格式（預設 pdf）")
    r.add_argument("--out", metavar="FILE", required=True, help="輸出檔案")
    r.add_argument("--month", type=int, choices=range(1, 13), metavar="M",
                   help="狀態與考核結果推算至此月（預設：過去年度為 12 月，今年度為填報月份）")
    r.add_argument("--paper", choices=["A4", "A3"], default=None, help=PAPER_HELP)
    r.add_argument("--json", action="store_true", help="以 JSON 輸出各課室達成情形")


def dispatch(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import resolve_month, resolve_plan
    from desktop.models.year_report import rate_text
    from desktop.printing.year_report import write_report

    plan = resolve_plan(store, args.year)
    month = resolve_month(plan, args.month, store)
    report = write_report(store, plan, args.out, args.format, month, args.paper or "")
    if args.json:
        print(json.dumps({"out": str(args.out), "year": plan.year, "month": month,
                          "sections": [s.as_json() for s in report.sections]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"已產生 {plan.year} 年度成果報告（截至 {month} 月）：{args.out}")
    for s in [*report.sections, report.totals]:
        j = s.as_json()
        print(f"{s.name}：工作 {s.tasks} 項，考核指標達成 {j['met']}、未達成 {j['missed']}、"
              f"未填 {j['missing']}，達成率 {rate_text(s.rate)}")
    return 0
