"""The headless command line of DESIGN.md §6.

Slow libraries (openpyxl, reportlab, Qt) are imported inside the command that needs
them, so `plandesk check` and the window start fast.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from pathlib import Path

from desktop import __version__
from desktop.models.domain import Plan
from desktop.models.report_month import report_month_for
from desktop.models.store import Store, StoreError
from desktop.paths import default_db_path


class CliError(Exception):
    """A message for stderr, in Chinese, with a non-zero exit."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


_ARGPARSE_ZH = [  # argparse's own messages, in the words a clerk reads
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"), r"參數 \1 不接受 \2（可用：\3）"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), r"參數 \1 的值 \3 格式不對"),
    (re.compile(r"argument (\S+): expected one argument"), r"參數 \1 後面需要一個值"),
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必要參數：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"無法辨識的參數：\1"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"參數 \1 不能與 \2 一起使用"),
]


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its usage, help and error texts in Traditional Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "命令與引數"
        self._optionals.title = "選項"
        self.add_argument("-h", "--help", action="help", help="顯示說明後結束")

    def error(self, message: str):  # noqa: ANN201 - argparse exits here
        for pattern, replacement in _ARGPARSE_ZH:
            message = pattern.sub(replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：錯誤：{message}\n")


YEAR_HELP = "民國年度（預設為資料庫中最新的年度計畫）"
MONTH_HELP = "填報月份 1–12（預設：今年度計畫在填報截止日（預設 10 日）前為上個月、之後為本月；其他年度為 12 月）"
PAPER_HELP = "紙張（預設依設定，通常為 A4）"


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(
        prog="plandesk", description="PlanDesk 期程管制：工作計畫期程管制表",
    )
    p.add_argument("--version", action="version", version=f"PlanDesk {__version__}",
                   help="顯示版本後結束")
    p.add_argument("--db", metavar="FILE", help="使用指定的資料庫檔案")
    sub = p.add_subparsers(dest="command", metavar="命令")

    sub.add_parser("demo", help="將範例計畫載入資料庫")

    i = sub.add_parser("import", help="匯入 Excel/ODF 管制表或填報表")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--year", type=int, help="民國年度（預設取檔案標題中的年度，否則為今年）")
    i.add_argument("--replace", action="store_true", help="取代同名課室")
    i.add_argument("--dry-run", action="store_true", help="只檢查，不寫入")
    i.add_argument("--json", action="store_true", help="以 JSON 輸出內容")

    e = sub.add_parser("export", help="匯出管制表（xlsx/ods/pdf）或填報表")
    e.add_argument("--year", type=int, help=YEAR_HELP)
    e.add_argument("--format", required=True, choices=["xlsx", "ods", "pdf", "progress"],
                   help="xlsx、ods、pdf 為管制表；progress 為各課室填報表（--out 為資料夾）")
    e.add_argument("--out", required=True, metavar="FILE", help="輸出檔案或資料夾")
    e.add_argument("--section", metavar="NAME", help="只匯出這個課室")
    e.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help=MONTH_HELP)
    e.add_argument("--paper", choices=["A4", "A3"], default=None, help=PAPER_HELP)

    h = sub.add_parser("handout", help="產生月報（管考會議資料）PDF")
    h.add_argument("--year", type=int, help=YEAR_HELP)
    h.add_argument("--month", type=int, choices=range(1, 13), metavar="M", help=MONTH_HELP)
    h.add_argument("--out", required=True, metavar="FILE", help="輸出的 PDF 檔")
    h.add_argument("--paper", choices=["A4", "A3"], default=None, help=PAPER_HELP)
    for module in command_modules():
        module.add_parsers(sub)
    return p


def command_modules() -> list:
    """Commands that live in their own modules. Each module has COMMANDS (names), WRITES
    (the names that write to the database), add_parsers(sub) and dispatch(store, args).
    Add a module by appending its import here."""
    from desktop import cli_carry, cli_dashboard, cli_evaluation, cli_kpi, cli_report, cli_safety

    return [cli_kpi, cli_evaluation, cli_safety, cli_dashboard, cli_report, cli_carry]


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


def resolve_month(plan: Plan, month: int | None, store: Store) -> int:
    """--month, else the default report month (DESIGN.md §3b, the store's cut-off day)."""
    return month if month is not None else report_month_for(store, plan.year)


TABLE_LABELS = (("plan", "年度計畫"), ("section", "課室"), ("item", "計畫項目"),
                ("task", "工作內容"), ("progress", "填報紀錄"))

# Commands that may start a new database file, and those that write to one.
CREATES_DATABASE = {"demo", "import"}
WRITES = {"demo", "import"}


def open_store(db: str | None, create: bool = True) -> Store:
    path = Path(db) if db else default_db_path()
    if not create and not path.exists():
        raise CliError(f"找不到資料庫檔案「{path}」，請確認路徑（或先執行 plandesk demo／import）")
    from desktop.models.opening import empty_message, expected_but_empty

    if expected_but_empty(path):
        raise CliError(empty_message(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    return Store(path)


def _utf8_output() -> None:
    """Chinese and symbols such as ✓ must survive a cp950 console or a redirect on Windows."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _writes(command: str | None) -> bool:
    return command in WRITES or any(command in m.WRITES for m in command_modules())


def run(argv: list[str]) -> int:
    _utf8_output()
    args = build_parser().parse_args(argv)
    command = args.command
    failed = 1 if command == "check" else 2  # `check` says "something is wrong" with 1
    lock = None
    dry_run = getattr(args, "dry_run", False)
    if command == "restore":  # works on the file itself: the current one may be damaged
        from desktop.cli_safety import restore

        return restore(args)
    try:
        if command == "import" and not Path(args.file).is_file():
            raise CliError(f"找不到檔案「{args.file}」")
        if dry_run and not Path(args.db or default_db_path()).exists():
            store = Store(":memory:")  # a preview never makes a database file
        else:
            store = open_store(args.db, create=command in CREATES_DATABASE)
    except (CliError, StoreError) as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return failed
    try:
        if (_writes(command) or getattr(args, "apply", False)) and not dry_run:  # --apply writes
            from desktop.dblock import LockError, lock_database, locked_message

            try:
                lock = lock_database(store.path)
            except LockError as exc:
                raise CliError(str(exc)) from exc
            if lock is None:
                raise CliError(locked_message(store.path))
            from desktop.models.backups import refuse_if_damaged

            refuse_if_damaged(store.conn, store.path, "寫入任何資料")
        return _dispatch(store, args)
    except (CliError, StoreError) as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return getattr(exc, "code", failed)
    except sqlite3.DatabaseError as exc:  # the transaction rolled back: nothing half-written
        from desktop.models.opening import io_message, is_io_failure

        text = io_message(store.path, exc, "寫入") if is_io_failure(exc) else f"資料庫錯誤：{exc}"
        print(f"錯誤：{text}", file=sys.stderr)
        return 2
    finally:
        store.close()
        if lock is not None:
            lock.unlock()


def _dispatch(store: Store, args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "demo":
        from desktop.models.sample import load_sample_plan

        plan = load_sample_plan(store)
        print(f"已載入範例計畫：{plan.year} 年度 {plan.office}，共 {store.task_count(plan.id)} 項工作")
        return 0
    if cmd == "import":
        from desktop.exchange.import_cli import run_import

        return run_import(store, args)
    if cmd == "export":
        return _export(store, args)
    if cmd == "handout":
        from desktop.printing.handout import write_handout

        plan = resolve_plan(store, args.year)
        month = resolve_month(plan, args.month, store)
        write_handout(store, plan, month, args.out, paper=args.paper or _paper(store))
        print(f"已產生 {plan.year} 年 {month} 月月報：{args.out}")
        return 0
    for module in command_modules():
        if cmd in module.COMMANDS:
            return module.dispatch(store, args)
    build_parser().print_help()
    return 0


def _paper(store: Store) -> str:
    return store.get_setting("paper", "A4")


def _export(store: Store, args: argparse.Namespace) -> int:
    plan = resolve_plan(store, args.year)
    month = resolve_month(plan, args.month, store)
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
            month=month, paper=paper, notes=(notes := []),
        )
        for note in notes:
            print(f"注意：{note}", file=sys.stderr)
    elif args.format == "pdf":
        from desktop.printing.control_table import write_control_table

        write_control_table(
            store, plan, args.out, section_ids=section_ids,
            month=month if args.month else None, paper=paper,
        )
    else:
        from desktop.exchange.progress_sheets import progress_file_name, write_progress_sheets

        files = write_progress_sheets(store, plan, month, args.out, section_ids=section_ids)
        for f in files:
            print(f)
        made = {Path(f).name for f in files}
        for sec in store.sections(plan.id):
            if (section_ids is None or sec.id in section_ids) and \
                    progress_file_name(sec.name, plan.year, month) not in made:
                print(f"「{sec.name}」{month}月沒有需要填報的工作，未產生填報表")
    print(f"已匯出 {plan.year} 年度計畫：{args.out}")
    return 0
