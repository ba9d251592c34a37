"""`plandesk search | snapshot | evidence`: the records half of the evaluation (issue 8)."""

from __future__ import annotations

import argparse
import json

from desktop.models.store import Store

COMMANDS = {"search"}
WRITES: set[str] = set()


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("search", help="搜尋所有年度的計畫項目、工作內容、考核指標、執行情形、落後原因與因應對策")
    s.add_argument("text", metavar="TEXT", help="要找的文字（一個字以上）")
    s.add_argument("--json", action="store_true", help="以 JSON 輸出")


def dispatch(store: Store, args: argparse.Namespace) -> int:
    if args.command == "search":
        return _search(store, args)
    raise AssertionError(args.command)


def _search(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import CliError
    from desktop.models.search import LIMIT, search

    if not args.text.strip():
        raise CliError("請輸入要搜尋的文字")
    hits = search(store, args.text)
    if args.json:
        keys = ("year", "section", "item", "task_id", "field", "text", "item_id", "month")
        print(json.dumps({"results": [{k: h.as_json()[k] for k in keys} for h in hits]},
                         ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"找不到「{args.text.strip()}」")
        return 0
    for h in hits:
        where = f"{h.month}月" if h.month else ""
        text = " ".join(h.text.split())
        print(f"{h.year} 年度／{h.section}／{h.item}　{h.field_label}{where}：{text[:60]}")
    more = f"（只列前 {LIMIT} 筆）" if len(hits) >= LIMIT else ""
    print(f"共 {len(hits)} 筆{more}")
    return 0
