"""`plandesk dashboard`: the 總覽 figures as text or JSON, and the page as a PDF."""

from __future__ import annotations

import argparse
import json

from desktop.models.store import Store

COMMANDS = {"dashboard"}
WRITES: set[str] = set()


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from desktop.cli import MONTH_HELP, PAPER_HELP, YEAR_HELP

    d = sub.add_parser("dashboard", help="管考總覽：各課室執行情形、考核指標與全年趨勢")
    d.add_argument("--year", type=int, help=YEAR_HELP)
    d.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help=MONTH_HELP)
    d.add_argument("--out", metavar="FILE", help="另存總覽 PDF 檔")
    d.add_argument("--paper", choices=["A4", "A3"], default=None, help=PAPER_HELP)
    d.add_argument("--json", action="store_true", help="以 JSON 輸出")


def dispatch(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import resolve_month, resolve_plan
    from desktop.models.dashboard import TREND_STATES, dashboard, kpi_rate

    plan = resolve_plan(store, args.year)
    month = resolve_month(plan, args.month, store)
    data = dashboard(store, plan, month)
    if args.out:
        from desktop.printing.dashboard import write_dashboard
        from desktop.printing.fonts import register_cjk_font

        write_dashboard(data, register_cjk_font(store.get_setting("pdf_font", "")), args.out,
                        paper=args.paper or store.get_setting("paper", "A4"))
    if args.json:
        print(json.dumps(data.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{plan.year} 年度 {month} 月管考總覽")
    for s in [*data.sections, data.totals]:
        states = "、".join(f"{k.value} {v}" for k, v in s.states.items() if v)
        rate = kpi_rate(s.kpi)
        kpi = f"考核指標達成率 {rate:.0%}" if rate is not None else "尚無考核結果"
        print(f"{s.name}：工作 {s.total} 項（本月排程 {s.planned}）｜{states or '—'}｜{kpi}")
    for m, row in enumerate(data.trend, start=1):
        print(f"　{m:>2} 月：" + "、".join(f"{k.value} {row[k]}" for k in TREND_STATES))
    if args.out:
        print(f"已存成：{args.out}")
    return 0
