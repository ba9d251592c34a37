"""The bureau workbook as a format-neutral grid: cells, styles, merges, sizes, print set-up.

Built once from `control_tables`, then drawn by the xlsx writer and by the ods writer,
so the two files (and the window, which uses the same rows) never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from desktop import __version__
from desktop.exchange.cells import (
    check_length,
    clean_text,
    line_count,
    sheet_name,
    sheet_name_note,
    task_place,
    text_units,
)
from desktop.exchange.control_table import SectionTable, TableRow, control_tables
from desktop.exchange.roster_sheet import ROSTER_SHEET, roster_sheet
from desktop.exchange.sheet_print import paginate, text_lines
from desktop.exchange.signoff_rows import add_signoff_rows
from desktop.models.carry import schedule_text
from desktop.models.domain import MONTHS, DerivedState, Plan
from desktop.models.rocdate import roc_from_iso, roc_long
from desktop.models.signoff import signoff_labels
from desktop.models.state import STATE_COLORS
from desktop.models.store import Store

FORMAT_VERSION = 1
PROGRAM = f"PlanDesk {__version__}"
FORMAT_TAG = f"plandesk-format:{FORMAT_VERSION}"

PLANNED_FILL = "404040"  # dark enough to print as a solid bar in black and white
HEADER_FILL = "D9D9D9"
CHECKPOINT = "◆"
LINE_PT = 15.0  # one wrapped line of 10-point CJK text (Noto CJK needs 14.5), in points
STATE_ORDER = tuple(DerivedState)
MAX_ROW_PT = 409.0  # Excel's tallest row; longer text wraps past the printed row
ROW_PAD = 4.0  # points above and below the text of a row
CENTERED = ("number", "weight", "state")  # the other text columns are indented


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: float = 10
    fill: str | None = None  # hex RGB, no '#'
    color: str = "000000"
    align: str = "left"  # left / center / right
    valign: str = "top"  # top / center
    wrap: bool = True
    border: bool = True
    locked: bool = True  # False: the cell stays editable when the sheet is protected
    indent: int = 0  # left indent steps, so left-aligned text does not touch the border


STYLES: dict[str, Style] = {
    "title": Style(bold=True, size=16, align="center", valign="center", wrap=False, border=False),
    "subtitle": Style(size=10, align="right", valign="center", wrap=False, border=False),
    "header": Style(bold=True, fill=HEADER_FILL, align="center", valign="center"),
    # 「10月」 must stay on one line in a 4.6-unit column, in Excel and in LibreOffice
    "month_head": Style(bold=True, size=9, fill=HEADER_FILL, align="center", valign="center",
                        wrap=False),
    "text": Style(indent=1),
    "center": Style(align="center"),
    "month": Style(align="center", valign="center", wrap=False),
    "month_on": Style(fill=PLANNED_FILL, align="center", valign="center", wrap=False),
    "month_cp": Style(bold=True, size=11, align="center", valign="center", wrap=False),
    "month_on_cp": Style(
        bold=True, size=11, fill=PLANNED_FILL, color="FFFFFF", align="center",
        valign="center", wrap=False,
    ),
    "cover_title": Style(bold=True, size=18, align="center", valign="center", border=False),
    "cover_label": Style(bold=True, size=11, align="right", valign="center", border=False),
    "cover_value": Style(size=11, valign="center", border=False),
    "cover_header": Style(bold=True, size=11, fill=HEADER_FILL, align="center", valign="center"),
    "cover_name": Style(size=11, valign="center"),
    "cover_num": Style(size=11, align="right", valign="center"),
    "cover_total": Style(bold=True, size=11, align="right", valign="center", fill="F2F2F2"),
    "cover_total_name": Style(bold=True, size=11, valign="center", fill="F2F2F2"),
    "signoff_date": Style(align="right", valign="center", wrap=False, border=False),
    "signoff_label": Style(bold=True, fill=HEADER_FILL, align="center", valign="center"),
    "signoff_space": Style(),
}
for _state, _hex in STATE_COLORS.items():
    STYLES[f"state:{_state.value}"] = Style(
        fill=_hex.lstrip("#").upper(), align="center", valign="center"
    )


@dataclass
class Cell:
    value: str | float | int | None
    style: str


@dataclass
class SheetLayout:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    widths: list[float] = field(default_factory=list)  # column units, index 0 = column 1
    heights: dict[int, float] = field(default_factory=dict)  # points
    freeze: tuple[int, int] | None = None  # first scrolling row and column
    title_rows: tuple[int, int] | None = None
    landscape: bool = True
    n_rows: int = 0
    scale: int | None = None  # fixed print scale (percent); None: fit to one page wide
    row_breaks: list[int] = field(default_factory=list)  # manual page break after these rows

    def put(self, row: int, col: int, value: str | float | int | None, style: str) -> None:
        self.cells[(row, col)] = Cell(value, style)
        self.n_rows = max(self.n_rows, row)

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))

    @property
    def n_cols(self) -> int:
        return len(self.widths)


@dataclass
class WorkbookLayout:
    plan: Plan
    month: int
    paper: str
    title: str
    sheets: list[SheetLayout]
    exported_on: date
    notes: list[str] = field(default_factory=list)  # what the user should know (names shortened)


def build_layout(
    store: Store,
    plan: Plan,
    section_ids=None,
    month: int = 12,
    paper: str = "A4",
    today: date | None = None,
) -> WorkbookLayout:
    """Cover sheet plus one sheet per section, everything checked and cleaned for export."""
    today = today or date.today()
    tables = control_tables(store, plan, month, section_ids)
    taken = {"封面"}
    has_method = any(r.task is not None and r.task.method.strip() for t in tables for r in t.rows)
    has_target = any(r.kpi_text for t in tables for r in t.rows)  # a 考核結果 column (§3a)
    labels = signoff_labels(store)
    sheets = [_section_sheet(t, sheet_name(t.section.name, taken), has_method, has_target)
              for t in tables]
    for sheet, table in zip(sheets, tables, strict=True):
        start = sheet.n_rows + 1
        end = add_signoff_rows(sheet, start, labels, today)
        groups, repeat = _item_groups(table, _columns(table, has_method, has_target))
        paginate(sheet, paper, groups, repeat, (start, end))
    members = store.task_force(plan.id) if section_ids is None and tables else []
    if members:  # offices print the roster with the plan
        sheets.append(roster_sheet(plan, members, sheet_name(ROSTER_SHEET, taken), LINE_PT))
    cover = _cover_sheet(plan, tables, month, today)
    title = check_length(clean_text(plan.title), "計畫標題") or \
        f"{plan.office}{plan.year}年度工作計畫期程管制表"
    notes = [n for t, s in zip(tables, sheets, strict=False)
             if (n := sheet_name_note(t.section.name, s.name))]
    return WorkbookLayout(plan, month, paper, title, [cover, *sheets], today, notes)


# --------------------------------------------------------------------------- section sheets
def _columns(table: SectionTable, has_method: bool = False,
             has_target: bool = False) -> list[tuple[str, str, float]]:
    """(key, header, width) left to right; 配分 and 承辦人 only when some item of the section
    has them, 考核方式 only when some task of the plan has one, 考核結果 (derived, read back
    as nothing) only when some task of the plan has a structured target. 時程說明 and 考核方式 use the
    header words the importer reads back, so no field is lost on the way out and back."""
    cols = [("number", "編號", 6.0), ("item", "計畫項目", 14.0)]
    if table.has_weight:
        cols.append(("weight", "配分", 6.0))
    if table.has_owners:
        cols.append(("owners", "承辦人", 10.0))
    cols.append(("content", "工作內容", 34.0))
    cols.extend((f"m{m}", f"{m}月", 4.6) for m in MONTHS)
    cols += [("schedule", "時程說明", 12.0), ("state", "狀態", 9.0), ("note", "執行情形", 30.0),
             ("kpi", "考核指標", 34.0)]
    if has_method:
        cols.append(("method", "考核方式", 16.0))
    if has_target:
        cols.append(("kpi_result", "考核結果", 20.0))
    return cols


def _weight_text(weight: float | None) -> str | float:
    if weight is None:
        return ""
    return int(weight) if float(weight).is_integer() else weight


def _section_sheet(table: SectionTable, name: str, has_method: bool = False,
                   has_target: bool = False) -> SheetLayout:
    sheet = SheetLayout(name)
    cols = _columns(table, has_method, has_target)
    col_of = {key: i + 1 for i, (key, _, _) in enumerate(cols)}
    sheet.widths = [w for _, _, w in cols]
    last = len(cols)
    plan, section, month = table.plan, table.section, table.month

    sheet.put(1, 1, check_length(clean_text(table.title), f"課室「{table.section.name}」的表頭標題"),
              "title")
    sheet.merge(1, 1, 1, last)
    sheet.heights[1] = 30
    sheet.put(2, 1, f"執行情形統計至 {plan.year}年{month}月", "subtitle")
    sheet.merge(2, 1, 2, last)
    sheet.heights[2] = 18
    first_month, last_month = col_of["m1"], col_of["m12"]
    for key, header, _ in cols:
        c = col_of[key]
        if key.startswith("m") and key[1:].isdigit():
            sheet.put(5, c, header, "month_head")
            continue
        sheet.put(3, c, header, "header")
        sheet.merge(3, c, 5, c)
    sheet.put(3, first_month, "預定作業時程", "header")
    sheet.merge(3, first_month, 3, last_month)
    sheet.put(4, first_month, f"{plan.year}年", "header")
    sheet.merge(4, first_month, 4, last_month)
    for r in (3, 4, 5):
        for c in range(1, last + 1):
            sheet.cells.setdefault((r, c), Cell(None, "header"))
        sheet.heights[r] = 18
    sheet.title_rows = (1, 5)
    sheet.freeze = (6, col_of["content"] + 1)

    r = 6
    for row in table.rows:
        item, task = row.item, row.task
        where = task_place(section.name, item.number, item.name, task.content if task else "")
        values: dict[str, str | float | int] = {}
        if row.first_of_item:
            values["number"] = clean_text(item.number)
            values["item"] = check_length(clean_text(item.name), where)
            if "weight" in col_of:
                values["weight"] = _weight_text(item.weight)
            if "owners" in col_of:
                values["owners"] = check_length(clean_text(item.owners), where)
        if task is not None:
            values["content"] = check_length(clean_text(task.content), where)
            values["note"] = check_length(clean_text(row.report_text(month)), where)
            values["kpi"] = check_length(clean_text(task.kpi), where)
            values["schedule"] = check_length(clean_text(schedule_text(task)), where)
            if "method" in col_of:
                values["method"] = check_length(clean_text(task.method), where)
            if "kpi_result" in col_of:
                values["kpi_result"] = check_length(clean_text(row.kpi_text), where)
            values["state"] = row.state.value if row.state else ""
        for key, c in col_of.items():
            if key.startswith("m") and key[1:].isdigit():
                m = int(key[1:])
                planned = task is not None and m in task.months
                cp = task is not None and m in task.checkpoints
                style = ("month_on" if planned else "month") + ("_cp" if cp else "")
                sheet.put(r, c, CHECKPOINT if cp else None, style)
            elif key == "state":
                style = f"state:{row.state.value}" if row.state else "center"
                sheet.put(r, c, values.get(key, ""), style)
            else:
                style = "center" if key in ("number", "weight") else "text"
                sheet.put(r, c, values.get(key, ""), style)
        if row.first_of_item and row.item_span > 1:
            for key in ("number", "item", "weight", "owners"):
                if key in col_of:
                    sheet.merge(r, col_of[key], r + row.item_span - 1, col_of[key])
        sheet.heights[r] = _row_height(sheet, r, cols, values, row)
        r += 1
    _grow_merged_items(sheet, table, cols, col_of)
    return sheet


def _item_groups(table: SectionTable, cols) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """Each item's first and last sheet row, and the item columns a continuation repeats."""
    groups, r = [], 6
    for row in table.rows:
        if row.first_of_item:
            groups.append((r, r + max(1, row.item_span) - 1))
        r += 1
    keys = [key for key, _, _ in cols]
    repeat = {k: keys.index(k) + 1 for k in ("number", "item", "weight", "owners") if k in keys}
    return groups, repeat


def _row_height(sheet, r, cols, values, row: TableRow) -> float:
    lines = 1
    for key, _, width in cols:
        if key in ("item", "owners") and row.item_span > 1:
            continue  # merged down; checked over the whole span afterwards
        text = values.get(key)
        if isinstance(text, str) and text:
            lines = max(lines, text_lines(text, width, indent=key not in CENTERED))
    return min(MAX_ROW_PT, round(lines * LINE_PT + ROW_PAD, 1))


def _grow_merged_items(sheet: SheetLayout, table: SectionTable, cols, col_of) -> None:
    """An item name merged over several rows must fit in their sum: grow the last row."""
    widths = {key: w for key, _, w in cols}
    r = 6
    for row in table.rows:
        if row.first_of_item and row.item_span > 1:
            need = 0.0
            for key in ("item", "owners"):
                if key in col_of:
                    text = sheet.cells[(r, col_of[key])].value
                    if isinstance(text, str) and text:
                        need = max(need, text_lines(text, widths[key], indent=True) * LINE_PT
                                   + ROW_PAD)
            have = sum(sheet.heights[r + i] for i in range(row.item_span))
            if need > have:
                last = r + row.item_span - 1
                sheet.heights[last] = min(MAX_ROW_PT, sheet.heights[last] + need - have)
        r += 1


# --------------------------------------------------------------------------- cover sheet
def state_counts(table: SectionTable) -> Counter:
    return Counter(row.state for row in table.rows if row.task is not None)


def _cover_sheet(plan: Plan, tables: list[SectionTable], month: int, today: date) -> SheetLayout:
    sheet = SheetLayout("封面")
    states = [s.value for s in STATE_ORDER]
    headers = ["課室", "工作項目", *states]
    longest = max((text_units(t.section.name) + 2 for t in tables), default=18.0)
    name_width = max(18.0, min(30.0, longest))
    sheet.widths = [name_width, 10.0] + [max(10.0, text_units(s) + 2) for s in states]
    last = len(headers)
    title = clean_text(plan.title) or f"{plan.office}{plan.year}年度提升服務品質執行計畫"
    sheet.put(1, 1, title, "cover_title")
    sheet.merge(1, 1, 1, last)
    sheet.heights[1] = 36
    sheet.put(2, 1, f"{clean_text(plan.office)}{plan.year}年度工作計畫期程管制表", "cover_title")
    sheet.merge(2, 1, 2, last)
    sheet.heights[2] = 30
    info = [
        ("機關", clean_text(plan.office)),
        ("年度", f"{plan.year}年度"),
    ]
    if plan.approved_on or plan.doc_number:
        approved = roc_from_iso(plan.approved_on, long=True) if plan.approved_on else ""
        info.append(("核定", " ".join(p for p in (approved, clean_text(plan.doc_number)) if p)))
    info += [
        ("執行情形統計至", f"{plan.year}年{month}月"),
        ("匯出日期", roc_long(today)),
        ("匯出程式", PROGRAM),
    ]
    r = 4
    for label, value in info:
        sheet.put(r, 1, f"{label}：", "cover_label")
        sheet.put(r, 2, value, "cover_value")
        sheet.merge(r, 2, r, last)
        sheet.heights[r] = 20
        r += 1
    r += 1
    for c, h in enumerate(headers, start=1):
        sheet.put(r, c, h, "cover_header")
    sheet.heights[r] = 20
    header_row = r
    totals = Counter()
    total_tasks = 0
    for table in tables:
        r += 1
        counts = state_counts(table)
        totals.update(counts)
        total_tasks += table.task_count
        sheet.put(r, 1, clean_text(table.section.name), "cover_name")
        sheet.put(r, 2, table.task_count, "cover_num")
        for c, s in enumerate(STATE_ORDER, start=3):
            sheet.put(r, c, counts.get(s, 0), "cover_num")
        sheet.heights[r] = max(20.0, line_count(table.section.name, name_width) * LINE_PT + 6)
    r += 1
    sheet.put(r, 1, "合計", "cover_total_name")
    sheet.put(r, 2, total_tasks, "cover_total")
    for c, s in enumerate(STATE_ORDER, start=3):
        sheet.put(r, c, totals.get(s, 0), "cover_total")
    sheet.heights[r] = 20
    sheet.title_rows = (header_row, header_row)
    return sheet
