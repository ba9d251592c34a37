"""The headless command line of DESIGN.md §6.

Slow libraries (openpyxl, reportlab, Qt) are imported inside the command that needs
them, so `plandesk check` and the window start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import __version__
from desktop.models.domain import Plan
from desktop.models.rocdate import default_report_month
from desktop.models.store import Store, StoreError
from desktop.paths import default_backup_dir, default_db_path


class CliError(Exception):
    """A message for stderr, in Chinese, with a non-zero exit."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="plandesk", description="PlanDesk 期程管制：工作計畫期程管制表",
    )
    p.add_argument("--version", action="version", version=f"PlanDesk {__version__}")
    p.add_argument("--db", metavar="FILE", help="使用指定的資料庫檔案")
    sub = p.add_subparsers(dest="command", metavar="命令")

    sub.add_parser("demo", help="將範例計畫載入資料庫")
    sub.add_parser("check", help="檢查資料庫完整性；有問題時結束碼為 1")

    b = sub.add_parser("backup", help="備份資料庫")
    b.add_argument("--out", metavar="FILE", help="備份檔路徑（預設為備份資料夾）")

    i = sub.add_parser("import", help="匯入 Excel/ODF 管制表或填報表")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--year", type=int, help="民國年度")
    i.add_argument("--replace", action="store_true", help="取代同名課室")
    i.add_argument("--dry-run", action="store_true", help="只檢查，不寫入")
    i.add_argument("--json", action="store_true", help="以 JSON 輸出內容")

    e = sub.add_parser("export", help="匯出管制表（xlsx/ods/pdf）或填報表")
    e.add_argument("--year", type=int)
    e.add_argument("--format", required=True, choices=["xlsx", "ods", "pdf", "progress"])
    e.add_argument("--out", required=True, metavar="FILE")
    e.add_argument("--section", metavar="NAME")
    e.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
    e.add_argument("--paper", choices=["A4", "A3"], default=None)

    h = sub.add_parser("handout", help="產生月報（管考會議資料）PDF")
    h.add_argument("--year", type=int)
    h.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
    h.add_argument("--out", required=True, metavar="FILE")
    h.add_argument("--paper", choices=["A4", "A3"], default=None)
    return p


def resolve_plan(store: Store, year: int | None) -> Plan:
    """--year, else the newest plan in the database."""
    plans = store.plans()
    if year is not None:
        plan = store.plan_by_year(year)
        if plan is None:
            raise CliError(f"資料庫中沒有 {year} 年度計畫")
        return plan
    if not plans:
        raise CliError("資料庫中沒有任何年度計畫，請先匯入或執行 plandesk demo")
    return plans[-1]


def resolve_month(plan: Plan, month: int | None) -> int:
    return month if month is not None else default_report_month(plan.year)


def open_store(db: str | None) -> Store:
    path = Path(db) if db else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return Store(path)


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        store = open_store(args.db)
    except StoreError as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return 2
    try:
        return _dispatch(store, args)
    except (CliError, StoreError) as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return getattr(exc, "code", 2)
    finally:
        store.close()


def _dispatch(store: Store, args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "demo":
        from desktop.models.sample import load_sample_plan

        plan = load_sample_plan(store)
        print(f"已載入範例計畫：{plan.year} 年度 {plan.office}，共 {store.task_count(plan.id)} 項工作")
        return 0
    if cmd == "check":
        problems = store.integrity_problems()
        for line in problems:
            print(line)
        if problems:
            return 1
        print(f"資料庫正常：{store.path}（{len(store.plans())} 個年度計畫）")
        return 0
    if cmd == "backup":
        out = store.backup(args.out) if args.out else store.rotate_backups(
            store.get_setting("backup_dir") or default_backup_dir(),
            int(store.get_setting("backup_keep", "10")),
        )
        print(f"已備份至 {out}")
        return 0
    if cmd == "import":
        from desktop.exchange.import_cli import run_import

        return run_import(store, args)
    if cmd == "export":
        return _export(store, args)
    if cmd == "handout":
        from desktop.printing.handout import write_handout

        plan = resolve_plan(store, args.year)
        month = resolve_month(plan, args.month)
        write_handout(store, plan, month, args.out, paper=args.paper or _paper(store))
        print(f"已產生 {plan.year} 年 {month} 月月報：{args.out}")
        return 0
    build_parser().print_help()
    return 0


def _paper(store: Store) -> str:
    return store.get_setting("paper", "A4")


def _export(store: Store, args: argparse.Namespace) -> int:
    plan = resolve_plan(store, args.year)
    month = resolve_month(plan, args.month)
    section_ids = None
    if args.section:
        sec = store.section_by_name(plan.id, args.section)
        if sec is None:
            raise CliError(f"{plan.year} 年度計畫中沒有課室「{args.section}」")
        section_ids = [sec.id]
    paper = args.paper or _paper(store)
    if args.format in ("xlsx", "ods"):
        from desktop.exchange.workbook import write_bureau_workbook

        write_bureau_workbook(
            store, plan, args.out, fmt=args.format, section_ids=section_ids,
            month=month, paper=paper,
        )
    elif args.format == "pdf":
        from desktop.printing.control_table import write_control_table

        write_control_table(
            store, plan, args.out, section_ids=section_ids,
            month=month if args.month else None, paper=paper,
        )
    else:
        from desktop.exchange.progress_sheets import write_progress_sheets

        files = write_progress_sheets(store, plan, month, args.out, section_ids=section_ids)
        for f in files:
            print(f)
    print(f"已匯出 {plan.year} 年度計畫：{args.out}")
    return 0
