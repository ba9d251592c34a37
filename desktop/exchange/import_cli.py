"""`plandesk import FILE [--year Y] [--replace] [--dry-run] [--json]` (DESIGN.md §6).

Writes at once unless --dry-run. Exit codes:
  0  imported (or, with --dry-run, would import) without errors; warnings do not fail it
  1  refused merge: a section of that name already exists in the year (use --replace);
     nothing at all is written, not even the other sections
  2  bad input: unreadable, unsafe or empty file, or a progress sheet with errors

Imported 執行狀態 / 執行情形 columns become each task's report for the plan's default
report month (`report_month_for(store, year)`, DESIGN.md §3b: before the cut-off day last month, December
otherwise) — see desktop/exchange/merge.py.

--json prints the DESIGN §6 shape {"sections", "warnings", "errors"} (with or without
--dry-run; without it the import is also written). Warnings then go only into the JSON;
errors go into it and to stderr. A progress sheet (填報表) has no sections, so its JSON is
{"progress": [one old → new row per changed report], "warnings", "errors"}; --year and
--replace do not apply to it.

`load_import` is shared with the preview dialog so both read a file the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.exchange.merge import (
    MergePlan,
    Notice,
    apply_merge,
    clean_months,
    plan_merge,
)
from desktop.exchange.safe_open import UnsafeFileError, check_spreadsheet
from desktop.models.rocdate import current_roc_year
from desktop.models.store import Store, StoreError

SUFFIXES = (".xlsx", ".xlsm", ".ods")

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2


class ImportProblem(Exception):
    """A file that cannot be imported; the message is Chinese and names the file."""


@dataclass
class Loaded:
    """A file as read, before it is merged: a plan table or progress sheets."""

    path: Path
    kind: str  # "table" or "progress"
    result: Any = None  # ImportResult for tables
    diff: Any = None  # ProgressDiff for progress sheets
    warnings: list[Notice] = field(default_factory=list)
    errors: list[Notice] = field(default_factory=list)

    @property
    def file_year(self) -> int | None:
        return getattr(self.result, "year", None) if self.result is not None else None


def resolve_year(cli_year: int | None, file_year: int | None) -> tuple[int, str]:
    """--year, else the year in the file's title, else this ROC year; with where it came from."""
    if cli_year is not None:
        return cli_year, "--year 指定"
    if file_year:
        return int(file_year), "取自檔案標題"
    return current_roc_year(), "檔案未標示年度，採今年"


def preflight(path: Path) -> None:
    """Refuse files no parser should open (wrong kind, zip bombs, XML entities, damage).

    Runs before anything opens the file with openpyxl — is_progress_workbook included —
    so a hostile file costs milliseconds; the checks themselves live in safe_open.
    """
    if path.suffix.lower() not in SUFFIXES and path.exists():
        raise ImportProblem(f"「{path.name}」不是 Excel（.xlsx）或 ODF 試算表（.ods），無法匯入")
    try:
        check_spreadsheet(path)
    except UnsafeFileError as exc:
        raise ImportProblem(str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - zlib.error on a damaged member, and the like
        raise ImportProblem(
            f"檔案「{path.name}」已損毀或不完整，無法讀取（{type(exc).__name__}）"
        ) from exc


def _notice(w: Any) -> Notice:
    if isinstance(w, Notice):
        return w
    return Notice(
        message=str(getattr(w, "message", w)),
        sheet=getattr(w, "sheet", None) or None,
        row=getattr(w, "row", None) or None,
    )


def load_import(store: Store, path: str | Path) -> Loaded:
    """Read a file for import (table or progress sheets); raises ImportProblem in Chinese."""
    path = Path(path)
    preflight(path)
    try:
        from desktop.exchange.progress_sheets import is_progress_workbook
    except ImportError:  # the progress-sheet module is optional until it lands
        is_progress_workbook = None
    try:
        if is_progress_workbook is not None and is_progress_workbook(path):
            from desktop.exchange.progress_sheets import read_progress_workbook

            diff = read_progress_workbook(store, path)
            return Loaded(
                path, "progress", diff=diff,
                warnings=[_notice(w) for w in getattr(diff, "warnings", []) or []],
                errors=[_notice(e) for e in getattr(diff, "errors", []) or []],
            )
        from desktop.exchange.table_import import read_table_file

        result = read_table_file(path)
    except ImportProblem:
        raise
    except (StoreError, MemoryError, RecursionError) as exc:
        raise ImportProblem(f"無法匯入「{path.name}」：{exc}") from exc
    except Exception as exc:  # noqa: BLE001 - ImportFileError and any parser failure
        msg = str(exc) or exc.__class__.__name__
        if path.name not in msg:
            msg = f"無法讀取「{path.name}」：{msg}"
        raise ImportProblem(msg) from exc
    loaded = Loaded(path, "table", result=result,
                    warnings=[_notice(w) for w in getattr(result, "warnings", []) or []])
    if not any(sec.get("items") for sec in getattr(result, "sections", None) or []):
        loaded.errors.append(Notice(f"「{path.name}」中找不到可匯入的工作計畫管制表"))
    return loaded


# --------------------------------------------------------------------------- JSON (DESIGN §6)
def _task_json(t: dict) -> dict:
    months = clean_months(t.get("months"))
    return {
        "content": t.get("content") or "",
        "months": months,
        "schedule_note": t.get("schedule_note") or "",
        "method": t.get("method") or "",
        "kpi": t.get("kpi") or "",
        "status": t.get("status") or "",
        "note": t.get("note") or "",
        "control_number": t.get("control_number") or "",
    }


def sections_json(sections: list[dict]) -> list[dict]:
    """The imported sections in exactly the DESIGN §6 shape, nothing more."""
    return [
        {
            "name": s.get("name") or "",
            "items": [
                {
                    "number": str(it.get("number") or ""),
                    "name": it.get("name") or "",
                    "weight": it.get("weight"),
                    "owners": it.get("owners") or "",
                    "tasks": [_task_json(t) for t in it.get("tasks") or []],
                }
                for it in s.get("items") or []
            ],
        }
        for s in sections
    ]


def _dump(sections: list[dict], warnings: list[Notice], errors: list[Notice]) -> str:
    return json.dumps(
        {
            "sections": sections,
            "warnings": [w.as_dict() for w in warnings],
            "errors": [e.as_dict() for e in errors],
        },
        ensure_ascii=False, indent=2,
    )


# --------------------------------------------------------------------------- progress sheets
@dataclass
class ReportChange:
    """One month's report of one task as a progress sheet changes it (for the diff shown)."""

    task_id: int
    month: int
    section: str
    item: str
    task: str
    old_status: str
    new_status: str
    old_note: str
    new_note: str
    old_actual: str = ""
    new_actual: str = ""
    sheet: str = ""
    row: int = 0

    def line(self) -> str:
        parts = []
        if self.old_status != self.new_status:
            parts.append(f"狀態 {self.old_status or '（空白）'} → {self.new_status or '（空白）'}")
        if self.old_note != self.new_note:
            parts.append(f"說明「{_short(self.old_note)}」→「{_short(self.new_note)}」")
        if self.old_actual != self.new_actual:
            parts.append(f"實際值 {self.old_actual or '（空白）'} → {self.new_actual or '（空白）'}")
        where = f"{self.section}／{_short(self.task, 24)}／{self.month}月"
        return f"{where}：{'；'.join(parts) or '其他欄位更新'}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet, "row": self.row, "section": self.section, "item": self.item,
            "task": self.task, "task_id": self.task_id, "month": self.month,
            "old_status": self.old_status, "new_status": self.new_status,
            "old_note": self.old_note, "new_note": self.new_note,
            "old_actual_value": self.old_actual, "new_actual_value": self.new_actual,
        }


def _short(text: str, n: int = 16) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _text(v: Any) -> str:
    if v is None:
        return ""
    return str(getattr(v, "value", v)).strip()


def describe_changes(diff: Any) -> list[ReportChange]:
    """The ProgressDiff of progress_sheets as flat old → new rows."""
    out = []
    for c in getattr(diff, "changes", None) or []:
        old = c.old
        out.append(ReportChange(
            task_id=c.task_id, month=c.month, section=c.section, item=c.item, task=c.task,
            old_status=_text(old.status) if old else "", new_status=_text(c.status),
            old_note=_text(old.note) if old else "", new_note=_text(c.note),
            old_actual=_text(old.actual_value) if old else "", new_actual=_text(c.actual_value),
            sheet=c.sheet, row=c.row,
        ))
    return out


# --------------------------------------------------------------------------- the command
def _err(path: Path, n: Notice) -> str:
    where = n.where()
    if path.name in n.message:
        return f"錯誤：{where}{'：' if where else ''}{n.message}"
    return f"錯誤：「{path.name}」{where}：{n.message}"


def _warn(path: Path, n: Notice) -> str:
    where = n.where()
    return f"警告：「{path.name}」{where}：{n.message}"


def run_import(store: Store, args: argparse.Namespace) -> int:
    """The `import` command; returns the exit code."""
    path = Path(args.file)
    want_json = bool(getattr(args, "json", False))
    dry = bool(getattr(args, "dry_run", False))
    try:
        loaded = load_import(store, path)
    except ImportProblem as exc:
        if want_json:
            print(_dump([], [], [Notice(str(exc))]))
        print(f"錯誤：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    if loaded.kind == "progress":
        cli_year = getattr(args, "year", None)
        if cli_year is not None and cli_year != loaded.diff.plan_year:
            loaded.warnings.append(Notice(
                f"填報表屬於 {loaded.diff.plan_year} 年度，--year {cli_year} 不適用，已忽略"))
        return _run_progress(store, loaded, dry, want_json)

    result = loaded.result
    year, year_source = resolve_year(getattr(args, "year", None), loaded.file_year)
    if not 1 <= year <= 999:
        loaded.errors.append(Notice(f"年度 {year} 不是有效的民國年"))
    mp: MergePlan | None = None
    if not loaded.errors:
        mp = plan_merge(store, result, year, bool(getattr(args, "replace", False)))
        loaded.warnings.extend(mp.warnings)
        loaded.errors.extend(mp.errors)

    for w in loaded.warnings:
        if not want_json:
            print(_warn(path, w), file=sys.stderr)
    if want_json:
        print(_dump(sections_json(getattr(result, "sections", []) or []),
                    loaded.warnings, loaded.errors))
    for e in loaded.errors:
        print(_err(path, e), file=sys.stderr)
    if loaded.errors:
        refused = mp is not None and mp.refused
        return EXIT_REFUSED if refused else EXIT_BAD_INPUT
    assert mp is not None
    if not want_json:
        print(summary_text(path, mp, year_source))
    if dry:
        if not want_json:
            print("（試算：--dry-run，未寫入資料庫）")
        return EXIT_OK
    try:
        res = apply_merge(store, mp)
    except StoreError as exc:
        print(f"錯誤：「{path.name}」未匯入：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    if not want_json:
        print(f"已匯入 {year} 年度：{len(res.created_section_ids)} 個課室、{res.task_count} 項工作")
    return EXIT_OK


def plan_line(mp: MergePlan) -> str:
    """「建立新計畫：…」 or 「併入既有的 113 年度計畫：…」, in the CLI summary and the dialog."""
    office = mp.office or "（未標示機關）"
    title = mp.title
    if mp.office and title.startswith(mp.office):
        title = title[len(mp.office):].strip()
    head = "建立新計畫" if mp.new_plan else f"併入既有的 {mp.year} 年度計畫"
    return f"{head}：{office}{'　' + title if title else ''}"


def roster_line(mp: MergePlan) -> str:
    """What becomes of the file's 推動小組 roster in an existing year ('' when there is none)."""
    return mp.roster_merge.text() if mp.roster_merge is not None else ""


def summary_text(path: Path, mp: MergePlan, year_source: str) -> str:
    """What the import does, in readable Chinese (also the preview dialog's wording)."""
    lines = [f"檔案：{path}", f"年度：{mp.year} 年度（{year_source}）"]
    lines.append(plan_line(mp))
    for s in mp.sections:
        lines.append(f"  {s.action}　{s.name}：{s.item_count} 個計畫項目、{s.task_count} 項工作")
    reports = sum(
        1 for s in mp.sections for it in s.items for t in it["tasks"] if t.get("progress")
    )
    if reports:
        lines.append(
            f"執行狀態／執行情形記入 {mp.year} 年 {mp.report_month} 月的填報（{reports} 項工作）"
        )
    if roster_line(mp):
        lines.append(roster_line(mp))
    return "\n".join(lines)


def _run_progress(store: Store, loaded: Loaded, dry: bool, want_json: bool) -> int:
    from desktop.exchange.progress_sheets import apply_progress_diff

    path = loaded.path
    changes = describe_changes(loaded.diff)
    if want_json:
        print(json.dumps({
            "progress": [c.as_dict() for c in changes],
            "warnings": [w.as_dict() for w in loaded.warnings],
            "errors": [e.as_dict() for e in loaded.errors],
        }, ensure_ascii=False, indent=2))
    else:
        for w in loaded.warnings:
            print(_warn(path, w), file=sys.stderr)
    for e in loaded.errors:
        print(_err(path, e), file=sys.stderr)
    if loaded.errors:
        return EXIT_BAD_INPUT
    if not want_json:
        print(f"填報表：{path}")
        if not changes:
            print("  沒有任何變更")
        for c in changes:
            print(f"  {c.line()}")
    if dry:
        if not want_json:
            print("（試算：--dry-run，未寫入資料庫）")
        return EXIT_OK
    try:
        n = apply_progress_diff(store, loaded.diff)
    except StoreError as exc:
        print(f"錯誤：「{path.name}」未匯入：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not want_json:
        print(f"已更新 {n} 筆執行情形")
    return EXIT_OK
