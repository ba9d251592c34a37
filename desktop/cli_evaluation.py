"""`plandesk search | snapshot | evidence`: the records half of the evaluation (issue 8)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from desktop.models.store import Store

COMMANDS = {"search", "snapshot", "evidence"}
WRITES: set[str] = {"snapshot", "evidence"}  # take / add write; the lock is taken per command


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("search", help="搜尋所有年度的計畫項目、工作內容、考核指標、執行情形、落後原因與因應對策")
    s.add_argument("text", metavar="TEXT", help="要找的文字（一個字以上）")
    s.add_argument("--json", action="store_true", help="以 JSON 輸出")

    from desktop.cli import YEAR_HELP, ChineseArgumentParser

    snap = sub.add_parser("snapshot", help="管考快照：存成快照、列出、比較")
    ss = snap.add_subparsers(dest="action", metavar="動作", required=True,
                             parser_class=ChineseArgumentParser)
    take = ss.add_parser("take", help="把年度計畫目前的樣子存成快照")
    take.add_argument("--year", type=int, help=YEAR_HELP)
    take.add_argument("--name", required=True, metavar="NAME", help="快照名稱，例如「115年5月所務會議」")
    lst = ss.add_parser("list", help="列出快照")
    lst.add_argument("--year", type=int, help="只列這個民國年度的快照")
    lst.add_argument("--json", action="store_true", help="以 JSON 輸出")
    d = ss.add_parser("diff", help="比較快照 A 與快照 B（省略 B：與目前資料比較）")
    d.add_argument("a", metavar="A", help="快照編號或名稱")
    d.add_argument("b", metavar="B", nargs="?", help="快照編號或名稱（省略：目前資料）")
    d.add_argument("--json", action="store_true", help="以 JSON 輸出")

    ev = sub.add_parser("evidence", help="佐證資料：附加檔案或文號、列出、匯出壓縮檔")
    es = ev.add_subparsers(dest="action", metavar="動作", required=True,
                           parser_class=ChineseArgumentParser)
    add = es.add_parser("add", help="把檔案（複製一份）或文號附加到一項工作或其中一個月")
    add.add_argument("--task", type=int, required=True, metavar="ID", help="工作編號（task_id）")
    add.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help="附加到這個月份")
    add.add_argument("--doc", default="", metavar="文號", help="文號（可不附檔案）")
    add.add_argument("--note", default="", metavar="說明", help="簡短說明")
    add.add_argument("files", nargs="*", metavar="FILE", help="要附加的檔案")
    el = es.add_parser("list", help="列出年度的佐證資料")
    el.add_argument("--year", type=int, help=YEAR_HELP)
    el.add_argument("--json", action="store_true", help="以 JSON 輸出")
    ex = es.add_parser("export", help="匯出佐證資料壓縮檔（含清單工作表）")
    ex.add_argument("--year", type=int, help=YEAR_HELP)
    ex.add_argument("--out", required=True, metavar="ZIP", help="輸出的 .zip 檔")
    ex.add_argument("--section", metavar="NAME", help="只匯出這個課室")


def dispatch(store: Store, args: argparse.Namespace) -> int:
    if args.command == "search":
        return _search(store, args)
    if args.command == "snapshot":
        return _snapshot(store, args)
    if args.command == "evidence":
        return _evidence(store, args)
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


def _find_snapshot(store: Store, key: str) -> int:
    """A snapshot by its number, else by its name (the newest of that name)."""
    from desktop.cli import CliError
    from desktop.models.snapshots import snapshots

    found = snapshots(store)
    if key.isdigit() and any(s.id == int(key) for s in found):
        return int(key)
    named = [s for s in found if s.name == key.strip()]
    if not named:
        raise CliError(f"找不到快照「{key}」（可用 plandesk snapshot list 查看編號與名稱）")
    return named[-1].id


def _snapshot(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import resolve_plan
    from desktop.models import snapshots as snap

    if args.action == "take":
        plan = resolve_plan(store, args.year)
        info = snap.take(store, plan.id, args.name)
        print(f"已存成快照 {info.id}：{plan.year} 年度「{info.name}」（{info.taken_at}）")
        return 0
    if args.action == "list":
        found = snap.snapshots(store, args.year)
        if args.json:
            print(json.dumps({"snapshots": [s.as_json() for s in found]}, ensure_ascii=False, indent=2))
        elif not found:
            print("沒有快照" + (f"（{args.year} 年度）" if args.year else ""))
        for s in [] if args.json else found:
            print(f"{s.id:>4}  {s.year} 年度  {s.label}")
        return 0
    a = _find_snapshot(store, args.a)
    b = _find_snapshot(store, args.b) if args.b else None
    changes = snap.diff_snapshots(store, a, b)
    if args.json:
        print(json.dumps({"changes": [c.as_json() for c in changes]}, ensure_ascii=False, indent=2))
        return 0
    after = snap.snapshot_info(store, b).label if b else "目前資料"
    print(f"{snap.snapshot_info(store, a).label} → {after}")
    for c in changes:
        month = f"{c.month}月 " if c.month else ""
        print(f"　{c.section}／{c.item}／{' '.join(c.content.split())[:24]}："
              f"{month}{c.field_label}：{c.before or '（空白）'} → {c.after or '（空白）'}")
    print(f"共 {len(changes)} 項變更" if changes else "沒有變更")
    return 0


def _evidence(store: Store, args: argparse.Namespace) -> int:
    from desktop.cli import CliError, resolve_plan
    from desktop.models import evidence as ev

    if args.action == "add":
        if not args.files and not args.doc.strip():
            raise CliError("請指定要附加的檔案，或以 --doc 指定文號")
        missing = [f for f in args.files if not Path(f).is_file()]
        if missing:
            raise CliError("找不到檔案：" + "、".join(f"「{f}」" for f in missing) + "；未附加任何檔案")
        made = []
        with store.transaction():  # all files or none
            try:
                for f in args.files:
                    made.append(ev.add_file(store, args.task, f, args.month, args.note, args.doc))
                if not args.files:
                    made.append(ev.add_document(store, args.task, args.doc, args.note, args.month))
            except BaseException:
                for e in made:
                    path = ev.file_path(store, e)
                    if path is not None:
                        path.unlink(missing_ok=True)
                raise
        for e in made:
            where = f"（{e.month}月）" if e.month else ""
            print(f"已附加佐證 {e.id}{where}：{e.label}")
        return 0
    plan = resolve_plan(store, args.year)
    if args.action == "list":
        found = ev.for_plan(store, plan.id)
        if args.json:
            folder = ev.evidence_folder(store.path)
            print(json.dumps({"evidence": [e.as_json(folder) for e in found]},
                             ensure_ascii=False, indent=2))
            return 0
        for e in found:
            where = f"{e.month}月" if e.month else "全年"
            print(f"{e.id:>5}  工作 {e.task_id}  {where}  {e.label}")
        print(f"{plan.year} 年度共 {len(found)} 筆佐證資料" if found else f"{plan.year} 年度沒有佐證資料")
        return 0
    section_id = None
    if args.section:
        sec = store.section_by_name(plan.id, args.section)
        if sec is None:
            raise CliError(f"{plan.year} 年度計畫中沒有課室「{args.section}」")
        section_id = sec.id
    try:
        out = ev.export_zip(store, plan.id, args.out, section_id)
    except OSError as exc:
        raise CliError(f"無法寫入「{args.out}」：{exc}") from exc
    print(f"已匯出 {plan.year} 年度佐證資料：{out}")
    return 0
