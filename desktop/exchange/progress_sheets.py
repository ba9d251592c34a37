"""Monthly progress sheets (填報表): sent to each section, filled in, read back as a diff.

Each workbook carries a hidden key per task (task id + a fingerprint of this database)
and a hidden `_plandesk` sheet with format, plan year, month and section, so a sheet
from another database or another year is recognised instead of updating wrong tasks.
Only the five input cells are unlocked; the sheet is protected without a password so
nobody is locked out, it only guards against accidental edits.

Public, for the import helper:
- `is_progress_workbook(path) -> bool` — cheap check, never raises.
- `read_progress_workbook(store, path) -> ProgressDiff` — what would change; problems go
  to `diff.errors` (nothing may be applied) and `diff.warnings` (rows skipped), each
  naming sheet and row. Nothing is written.
- `apply_progress_diff(store, diff) -> int` — writes every change in one transaction.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.exchange.atomic import in_memory, write_all
from desktop.exchange.cells import (
    ExportError,
    check_length,
    clean_text,
    file_name,
    line_count,
    sheet_name,
    task_place,
)
from desktop.exchange.layout import HEADER_FILL, LINE_PT, MAX_ROW_PT, PROGRAM, Style
from desktop.exchange.signoff_rows import STAMP_PT, column_groups
from desktop.exchange.workbook_xlsx import (
    StyleCache,
    normal_font,
    page_setup,
    put_value,
    stamp_properties,
)
from desktop.models.domain import PROGRESS_FIELDS, Plan, Progress, Status, months_text
from desktop.models.rocdate import roc_long
from desktop.models.signoff import signoff_labels
from desktop.models.state import latest_status
from desktop.models.store import Store, StoreError

FORMAT = "plandesk-progress"
FORMAT_VERSION = 1
META_SHEET = "_plandesk"
DB_ID_SETTING = "database_id"
KEY_HEADER = "工作代碼"
STATUS_CHOICES = tuple(s.value for s in Status)
INPUT_FILL = "FFF2CC"

# (field, header, width); the last five before the key are the input cells.
COLUMNS = (
    ("number", "編號", 6.0),
    ("item", "計畫項目", 14.0),
    ("content", "工作內容", 36.0),
    ("months", "預定月份", 10.0),
    ("status", "狀態", 9.0),
    ("note", "執行情形", 36.0),
    ("actual_value", "實際值", 10.0),
    ("cause", "落後原因", 24.0),
    ("remedy", "因應對策", 24.0),
    ("key", KEY_HEADER, 16.0),
)
INPUT_FIELDS = ("status", "note", "actual_value", "cause", "remedy")
HEADER_ROW = 3
FIRST_ROW = 4
FILLER_LABEL = "填表人"  # the footer's first cell: the reader stops there
FILLED_ON_LABEL = "填報日期"
MADE_ON_LABEL = "製表日期"
INSTRUCTIONS = (
    "填報說明：請在黃色欄位填寫本月「狀態」（由下拉選單選擇）、「執行情形」及「實際值」；"
    "狀態為「落後」時，請一併填寫「落後原因」與「因應對策」。其他欄位已鎖定，請勿增刪列或"
    "變更工作表名稱；填妥後請將本檔案交回研考人員匯入。"
)

_STYLES: dict[str, Style] = {
    "title": Style(bold=True, size=14, align="center", valign="center", wrap=False, border=False),
    "instructions": Style(size=10, valign="center", border=False),
    "header": Style(bold=True, fill=HEADER_FILL, align="center", valign="center"),
    "text": Style(),
    "center": Style(align="center"),
    "input": Style(fill=INPUT_FILL, locked=False),
    "input_center": Style(fill=INPUT_FILL, align="center", valign="center", locked=False),
    "key": Style(size=8, color="808080"),
    "label": Style(bold=True, fill=HEADER_FILL, align="center", valign="center"),
    "input_line": Style(fill=INPUT_FILL, valign="center", locked=False),
    "value": Style(valign="center"),
    "stamp": Style(),
}


# --------------------------------------------------------------------------- keys
def database_id(store: Store, create: bool = False) -> str:
    """A random id kept in the database's settings; it tells this database from others."""
    value = store.get_setting(DB_ID_SETTING)
    if not value and create:
        value = uuid.uuid4().hex
        store.set_setting(DB_ID_SETTING, value)
    return value


def task_key(db_id: str, task_id: int) -> str:
    digest = hashlib.sha256(f"{db_id}/{task_id}".encode()).hexdigest()[:10]
    return f"{task_id}:{digest}"


def _parse_key(text: object) -> tuple[int, str] | None:
    if text is None:
        return None
    head, _, tail = str(text).strip().partition(":")
    if not head.isdigit() or not tail:
        return None
    return int(head), tail


# --------------------------------------------------------------------------- writing
def tasks_to_report(store: Store, plan: Plan, month: int, section_id: int):
    """(item, task, report of the month) for tasks planned up to `month` and not done before it."""
    progress = store.progress_for_plan(plan.id)
    out = []
    for node in store.section_tree(section_id):
        for task in node.tasks:
            if not any(m <= month for m in task.months):
                continue
            reports = progress.get(task.id, {})
            if latest_status(reports, month - 1) is Status.DONE:
                continue
            out.append((node.item, task, reports.get(month)))
    return out


def progress_file_name(section_name: str, year: int, month: int) -> str:
    return file_name(f"{section_name}_{year}年{month}月填報表") + ".xlsx"


def write_progress_sheets(
    store: Store,
    plan: Plan,
    month: int,
    out_dir: str | Path,
    section_ids: Iterable[int] | None = None,
    today: date | None = None,
) -> list[Path]:
    """One workbook per section that has something to report in `month`; returns their paths.
    `today` fixes 製表日期 (tests); default is the real date."""
    if not 1 <= int(month) <= 12:
        raise ExportError(f"月份必須在 1 到 12 之間：{month}")
    out_dir = Path(out_dir)
    wanted = set(section_ids) if section_ids is not None else None
    db_id = database_id(store, create=True)
    labels = signoff_labels(store)
    made_on = today or date.today()
    files = []
    for section in store.sections(plan.id):
        if wanted is not None and section.id not in wanted:
            continue
        rows = tasks_to_report(store, plan, month, section.id)
        if not rows:
            continue
        wb = _progress_workbook(plan, section, month, rows, db_id)
        _footer(wb.worksheets[0], labels, made_on)
        dest = out_dir / progress_file_name(section.name, plan.year, month)
        files.append((dest, in_memory(wb.save)))
    return write_all(files)  # all sheets or none: a full disk never leaves half the sections


def _progress_workbook(plan: Plan, section, month: int, rows, db_id: str) -> Workbook:
    wb = Workbook()
    normal_font(wb)
    ws = wb.active
    ws.title = sheet_name(section.name, {META_SHEET.lower()})
    cache = StyleCache(_STYLES)
    last_col = len(COLUMNS)
    title = f"{clean_text(plan.office)}{clean_text(section.name)}{plan.year}年{month}月工作計畫執行情形填報表"
    put_value(ws, 1, 1, title, cache, "title")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col - 1)
    ws.row_dimensions[1].height = 26
    put_value(ws, 2, 1, INSTRUCTIONS, cache, "instructions")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col - 1)
    ws.row_dimensions[2].height = 46
    for c, (_, header, width) in enumerate(COLUMNS, start=1):
        put_value(ws, HEADER_ROW, c, header, cache, "header")
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[HEADER_ROW].height = 20
    widths = {f: w for f, _, w in COLUMNS}
    r = FIRST_ROW
    for item, task, report in rows:
        where = task_place(section.name, item.number, item.name, task.content)
        values = {
            "number": clean_text(item.number),
            "item": check_length(clean_text(item.name), where),
            "content": check_length(clean_text(task.content), where),
            "months": months_text(task.months),
            "status": report.status.value if report and report.status else "",
            "key": task_key(db_id, task.id),
        }
        for f in ("note", "actual_value", "cause", "remedy"):
            values[f] = check_length(clean_text(getattr(report, f, "") if report else ""), where)
        lines = 1
        for c, (f, _, _) in enumerate(COLUMNS, start=1):
            if f in INPUT_FIELDS:
                style = "input_center" if f in ("status", "actual_value") else "input"
            else:
                style = {"key": "key", "number": "center", "months": "center"}.get(f, "text")
            put_value(ws, r, c, values[f], cache, style)
            if f != "key":
                lines = max(lines, line_count(values[f], widths[f]))
        # one spare line to write in; Excel rows stop at 409 points
        ws.row_dimensions[r].height = min(MAX_ROW_PT, max(2, lines + 1) * LINE_PT + 4)
        r += 1
    last_row = r - 1
    key_col = get_column_letter(last_col)
    ws.column_dimensions[key_col].hidden = True
    status_col = get_column_letter(1 + [f for f, _, _ in COLUMNS].index("status"))
    dv = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True,
        showErrorMessage=True, showInputMessage=True, errorStyle="stop",
        errorTitle="狀態不在清單中", error="請由清單選擇：" + "、".join(STATUS_CHOICES),
        promptTitle="狀態", prompt="請由清單選擇本月執行狀態",
    )
    dv.add(f"{status_col}{FIRST_ROW}:{status_col}{last_row}")
    ws.add_data_validation(dv)
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    page_setup(ws, "A4", landscape=True)
    ws.protection.sheet = True  # no password: a guard against slips, not a lock
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False

    meta = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate(
        (
            ("format", FORMAT),
            ("format_version", FORMAT_VERSION),
            ("program", PROGRAM),
            ("database_id", db_id),
            ("plan_year", plan.year),
            ("month", month),
            ("section_id", section.id),
            ("section", clean_text(section.name)),
            ("sheet", ws.title),
            ("exported_at", datetime.now().isoformat(timespec="seconds")),
        ),
        start=1,
    ):
        meta.cell(row=i, column=1, value=k)
        meta.cell(row=i, column=2, value=v).data_type = "s" if isinstance(v, str) else "n"
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # keeps the key sheet hidden, no password
    stamp_properties(wb, title, plan.year)
    wb.properties.subject = f"{plan.year}年{month}月填報表"
    wb.properties.keywords = f"{FORMAT}:{FORMAT_VERSION}"
    return wb


def _footer(ws, labels: list[str], made_on: date) -> None:
    """填表人 and 填報日期 (unlocked, for the section to fill), 製表日期, then the 核章欄."""
    cache = StyleCache(_STYLES)
    r = ws.max_row + 2
    ws.row_dimensions[r - 1].height = 8
    cells = (
        (1, 2, FILLER_LABEL, "label"), (3, 3, None, "input_line"),
        (4, 4, FILLED_ON_LABEL, "label"), (5, 6, None, "input_line"),
        (7, 7, MADE_ON_LABEL, "label"), (8, 9, roc_long(made_on), "value"),
    )
    for c1, c2, value, style in cells:
        for c in range(c1, c2 + 1):
            put_value(ws, r, c, value if c == c1 else None, cache, style)
        if c2 > c1:
            ws.merge_cells(start_row=r, start_column=c1, end_row=r, end_column=c2)
    ws.row_dimensions[r].height = 24
    widths = [w for _, _, w in COLUMNS[:-1]]
    for label, (c1, c2) in zip(labels, column_groups(widths, len(labels)), strict=False):
        for c in range(c1, c2 + 1):
            put_value(ws, r + 2, c, label if c == c1 else None, cache, "label")
            put_value(ws, r + 3, c, None, cache, "stamp")
        ws.merge_cells(start_row=r + 2, start_column=c1, end_row=r + 2, end_column=c2)
        ws.merge_cells(start_row=r + 3, start_column=c1, end_row=r + 3, end_column=c2)
    ws.row_dimensions[r + 1].height = 8
    ws.row_dimensions[r + 2].height = 20
    ws.row_dimensions[r + 3].height = STAMP_PT
    ws.print_area = f"A1:{get_column_letter(len(COLUMNS) - 1)}{r + 3}"


# --------------------------------------------------------------------------- reading
@dataclass
class ProgressWarning:
    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        where = f"工作表「{self.sheet}」" + (f"第 {self.row} 列" if self.row else "")
        return f"{where}：{self.message}"


@dataclass
class ProgressChange:
    """One task's report for the month, as it is (`old`) and as the sheet says it should be."""

    task_id: int
    section: str
    item: str  # "3 助您好孕專案"
    task: str  # the task content
    month: int
    old: Progress | None
    status: Status | None
    note: str
    actual_value: str
    cause: str
    remedy: str
    sheet: str = ""
    row: int = 0

    def new_values(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in PROGRESS_FIELDS}

    def changed_fields(self) -> list[str]:
        """The PROGRESS_FIELDS whose value differs from the stored report."""
        return [f for f in PROGRESS_FIELDS if _norm(getattr(self, f)) != _old_value(self.old, f)]


@dataclass
class ProgressDiff:
    path: Path
    plan_year: int | None = None
    month: int | None = None
    section: str = ""
    changes: list[ProgressChange] = field(default_factory=list)
    warnings: list[ProgressWarning] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unchanged: int = 0  # rows read that match the database already


def _norm(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _old_value(old: Progress | None, f: str) -> str:
    return _norm(getattr(old, f)) if old is not None else ""


class _OdsSheet:
    """An .ods sheet read through the importer's grid, offering what the reader uses of an
    openpyxl worksheet: its title and iter_rows(values_only=True)."""

    def __init__(self, grid):
        self.title = grid.name
        self.grid = grid

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None,
                  values_only: bool = True):
        rows = self.grid.by_row
        last = min(max_row or max(rows, default=0), max(rows, default=0))
        width = max_col or max((c for cells in rows.values() for c in cells), default=0)
        for r in range(min_row, last + 1):
            cells = rows.get(r, {})
            yield tuple(cells.get(c) or None for c in range(1, width + 1))


class _OdsBook:
    def __init__(self, path: Path):
        from desktop.exchange.reader_ods import grids_from_ods
        from desktop.exchange.sheet_grid import Grid

        self.worksheets = [_OdsSheet(g) for g in grids_from_ods(path) if isinstance(g, Grid)]
        self.sheetnames = [ws.title for ws in self.worksheets]

    def __getitem__(self, name: str) -> _OdsSheet:
        return next(ws for ws in self.worksheets if ws.title == name)

    def close(self) -> None:
        pass


def _open_book(path: str | Path):
    """A filled-in sheet as the section sent it back: .xlsx, or .ods saved from LibreOffice."""
    path = Path(path)
    if path.suffix.lower() == ".ods":
        return _OdsBook(path)
    return load_workbook(path, read_only=True, data_only=True)


def is_progress_workbook(path: str | Path) -> bool:
    """True when the file (.xlsx or .ods) carries PlanDesk's hidden progress-sheet stamp."""
    try:
        wb = _open_book(path)
    except Exception:  # noqa: BLE001 - any unreadable file is simply "not ours"
        return False
    try:
        if META_SHEET not in wb.sheetnames:
            return False
        return _read_meta(wb[META_SHEET]).get("format") == FORMAT
    except Exception:  # noqa: BLE001
        return False
    finally:
        wb.close()


def _read_meta(ws) -> dict[str, str]:
    meta = {}
    for row in ws.iter_rows(min_row=1, max_row=40, max_col=2, values_only=True):
        if row and row[0] is not None:
            meta[str(row[0]).strip()] = _norm(row[1])
    return meta


def read_progress_workbook(store: Store, path: str | Path) -> ProgressDiff:
    """What importing this filled-in sheet would change; writes nothing, never raises on bad files."""
    path = Path(path)
    diff = ProgressDiff(path)
    try:
        wb = _open_book(path)
    except Exception as exc:  # noqa: BLE001 - reported in Chinese instead
        diff.errors.append(f"無法讀取「{path.name}」：{exc}")
        return diff
    try:
        _read_into(store, wb, diff)
    finally:
        wb.close()
    return diff


def _read_into(store: Store, wb, diff: ProgressDiff) -> None:
    name = diff.path.name
    if META_SHEET not in wb.sheetnames:
        diff.errors.append(f"「{name}」不是 PlanDesk 填報表（找不到隱藏工作表 {META_SHEET}）。")
        return
    meta = _read_meta(wb[META_SHEET])
    if meta.get("format") != FORMAT:
        diff.errors.append(f"「{name}」不是 PlanDesk 填報表（格式標記不符）。")
        return
    try:
        version = int(meta.get("format_version", "0"))
        diff.plan_year = int(meta["plan_year"])
        diff.month = int(meta["month"])
    except (KeyError, ValueError):
        diff.errors.append(f"「{name}」的 {META_SHEET} 工作表內容不完整或已被修改。")
        return
    if version > FORMAT_VERSION:
        diff.errors.append(
            f"「{name}」由較新版本的 PlanDesk 產生（填報表格式 {version}），請更新程式後再匯入。"
        )
        return
    if not 1 <= diff.month <= 12:
        diff.errors.append(f"「{name}」的月份不正確：{diff.month}")
        return
    diff.section = meta.get("section", "")
    plan = store.plan_by_year(diff.plan_year)
    if plan is None:
        diff.errors.append(f"資料庫中沒有 {diff.plan_year} 年度計畫，無法匯入「{name}」。")
        return
    db_id = database_id(store)
    if meta.get("database_id") != db_id:
        diff.warnings.append(ProgressWarning(
            META_SHEET, None, "此填報表不是由本資料庫產生，工作代碼無法對應的列將略過。"
        ))
    tasks = _plan_tasks(store, plan.id)
    progress = store.progress_for_plan(plan.id)
    seen: set[int] = set()
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        _read_sheet(ws, diff, db_id, tasks, progress, seen)
    if not seen and not diff.errors:
        diff.warnings.append(ProgressWarning("", None, f"「{name}」中沒有可對應的工作列。"))


def _plan_tasks(store: Store, plan_id: int) -> dict[int, tuple[str, str, str]]:
    out = {}
    for section, tree in store.plan_tree(plan_id):
        for node in tree:
            item = " ".join(p for p in (node.item.number, node.item.name) if p)
            for task in node.tasks:
                out[task.id] = (section.name, item, task.content)
    return out


def _read_sheet(ws, diff: ProgressDiff, db_id: str, tasks, progress, seen: set[int]) -> None:
    rows = ws.iter_rows(values_only=True)
    col: dict[str, int] = {}
    header_row = 0
    for r, values in enumerate(rows, start=1):
        texts = [_norm(v) for v in values]
        if KEY_HEADER in texts:
            by_header = {h: f for f, h, _ in COLUMNS}
            col = {by_header[t]: i for i, t in enumerate(texts) if t in by_header}
            header_row = r
            break
        if r > 20:
            break
    if not header_row:
        diff.warnings.append(ProgressWarning(ws.title, None, f"找不到「{KEY_HEADER}」欄，已略過此工作表。"))
        return
    missing = [h for f, h, _ in COLUMNS if f in INPUT_FIELDS and f not in col]
    if missing:
        diff.errors.append(f"工作表「{ws.title}」缺少欄位：{'、'.join(missing)}。")
        return
    for r, values in enumerate(rows, start=header_row + 1):
        if values and _norm(values[0]) == FILLER_LABEL:
            break  # the footer: 填表人, 填報日期 and the 核章欄 are not task rows

        def get(f: str, values=values) -> str:
            i = col.get(f)
            return _norm(values[i]) if i is not None and i < len(values) else ""

        inputs = {f: get(f) for f in INPUT_FIELDS}
        parsed = _parse_key(get("key"))
        if parsed is None:
            if any(inputs.values()):
                diff.warnings.append(ProgressWarning(ws.title, r, "此列沒有工作代碼，已略過。"))
            continue
        task_id, fp = parsed
        if task_id not in tasks or task_key(db_id, task_id) != f"{task_id}:{fp}":
            diff.warnings.append(ProgressWarning(
                ws.title, r, f"工作代碼 {task_id}:{fp} 不屬於本資料庫的 {diff.plan_year} 年度計畫，已略過。"
            ))
            continue
        if task_id in seen:
            diff.warnings.append(ProgressWarning(ws.title, r, "同一工作重複出現，已略過此列。"))
            continue
        seen.add(task_id)
        status = None
        if inputs["status"]:
            if inputs["status"] not in STATUS_CHOICES:
                diff.warnings.append(ProgressWarning(
                    ws.title, r,
                    f"狀態「{inputs['status']}」不在清單中（{'、'.join(STATUS_CHOICES)}），已略過此列。",
                ))
                continue
            status = Status(inputs["status"])
        if status is Status.BEHIND and not (inputs["cause"] and inputs["remedy"]):
            diff.warnings.append(ProgressWarning(
                ws.title, r, "狀態為「落後」，但未填寫落後原因或因應對策。"
            ))
        section, item, content = tasks[task_id]
        change = ProgressChange(
            task_id, section, item, content, diff.month,
            progress.get(task_id, {}).get(diff.month), status,
            inputs["note"], inputs["actual_value"], inputs["cause"], inputs["remedy"],
            ws.title, r,
        )
        if change.changed_fields():
            diff.changes.append(change)
        else:
            diff.unchanged += 1


# --------------------------------------------------------------------------- applying
def apply_progress_diff(store: Store, diff: ProgressDiff) -> int:
    """Store every change of the diff in one transaction; returns how many reports changed."""
    if diff.errors:
        raise StoreError("填報表有錯誤，未匯入：" + "；".join(diff.errors))
    from desktop.models.backups import backup_before

    backup_before(store, "import")  # refuses a damaged database, too
    try:
        with store.transaction():
            for ch in diff.changes:
                store.set_progress(
                    ch.task_id, ch.month,
                    status=ch.status.value if ch.status else None,
                    note=ch.note, actual_value=ch.actual_value, cause=ch.cause, remedy=ch.remedy,
                )
    except sqlite3.IntegrityError as exc:
        raise StoreError(
            f"匯入「{diff.path.name}」失敗，資料未變更：部分工作已被刪除（{exc}）"
        ) from exc
    except StoreError as exc:
        raise StoreError(f"匯入「{diff.path.name}」失敗，資料未變更：{exc}") from exc
    return len(diff.changes)
