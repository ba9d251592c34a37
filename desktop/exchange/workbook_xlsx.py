"""Draws a WorkbookLayout as an .xlsx file with openpyxl.

Styles are built once per style key and copied onto cells as a whole (`cell._style`),
which keeps a 1,000-task workbook well inside the one-second budget.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XCell
from openpyxl.cell.cell import MergedCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from desktop.exchange.cells import looks_like_formula
from desktop.exchange.layout import (
    FORMAT_TAG,
    FORMAT_VERSION,
    PROGRAM,
    STYLES,
    SheetLayout,
    Style,
    WorkbookLayout,
)

FONT_NAME = "微軟正黑體"  # Microsoft JhengHei: on every Taiwanese Windows PC
# Big5 charset and the swiss family: where JhengHei is missing, Windows substitutes a
# Traditional Chinese face (新細明體), not a Japanese one. xlsx has no text language, so
# LibreOffice shapes it by its own default Asian language (Taiwan forms when that is 中文
# (台灣) or, on a fresh Linux profile, by default; the .ods file carries zh-TW itself).
BIG5_CHARSET = 136
SWISS = 2
FOOTER = "第 &P 頁，共 &N 頁"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PAPER_SIZES = {"A4": 9, "A3": 8}  # Worksheet.PAPERSIZE_A4 / _A3


def apply_style(cell: XCell, style: Style) -> None:
    cell.font = Font(name=FONT_NAME, size=style.size, bold=style.bold, color=style.color,
                     charset=BIG5_CHARSET, family=SWISS)
    if style.fill:
        cell.fill = PatternFill("solid", fgColor=style.fill, bgColor=style.fill)
    if style.border:
        cell.border = BOX
    cell.alignment = Alignment(
        horizontal=style.align, vertical=style.valign, wrap_text=style.wrap,
        indent=style.indent if style.align == "left" else 0,
    )
    if not style.locked:
        cell.protection = Protection(locked=False)


class StyleCache:
    """One StyleArray per (style key, quoted) pair, copied onto every cell that uses it."""

    def __init__(self, styles: dict[str, Style]):
        self.styles = styles
        self._arrays: dict[tuple[str, bool], object] = {}

    def set(self, cell: XCell, key: str, quoted: bool = False) -> None:
        arr = self._arrays.get((key, quoted))
        if arr is None:
            apply_style(cell, self.styles[key])
            if quoted:
                cell.quotePrefix = True
            self._arrays[(key, quoted)] = copy(cell._style)
        else:
            cell._style = copy(arr)


def put_value(ws: Worksheet, row: int, col: int, value, cache: StyleCache, style: str) -> XCell:
    """Write a value; text that starts like a formula is stored as text, never a formula."""
    cell = ws.cell(row=row, column=col)
    quoted = False
    if isinstance(value, str):
        if value:
            cell.value = value
            if looks_like_formula(value):
                cell.data_type = "s"
                quoted = True
    elif value is not None:
        cell.value = value
    cache.set(cell, style, quoted)
    return cell


def merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    """Merge a range, giving the covered cells the first cell's style (borders included).

    openpyxl's merge_cells re-derives edge borders one cell at a time, which costs more
    than the rest of the export together; copying the style array gives the same borders.
    The range goes straight into the sheet's set: MultiCellRange.add first compares it with
    every range merged before (quadratic in a sheet's merges), and our layout's merges never
    overlap (checked by sheet_grid)."""
    mcr = MergedCellRange(ws, f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
    ws.merged_cells.ranges.add(mcr)
    first = ws.cell(row=r1, column=c1)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if (r, c) != (r1, c1):
                covered = MergedCell(ws, r, c)
                covered._style = copy(first._style)
                ws._cells[(r, c)] = covered


def page_setup(ws: Worksheet, paper: str, landscape: bool = True, scale: int | None = None,
               ) -> None:
    """Landscape A4/A3, one page wide and as many long as needed, page numbers in the footer.

    With `scale`, a fixed percent (that we computed to be one page wide) instead of 「fit to
    page」, under which Excel and LibreOffice would ignore our manual row breaks."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_SIZES.get(paper, 9)
    if scale:
        ws.page_setup.scale = scale
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.5
    ws.page_margins.bottom = 0.6
    ws.page_margins.footer = 0.25
    ws.oddFooter.center.text = FOOTER
    ws.evenFooter.center.text = FOOTER


def stamp_properties(wb: Workbook, title: str, year: int) -> None:
    """Program and format version in the file, so a later PlanDesk knows what it reads."""
    props = wb.properties
    props.creator = PROGRAM
    props.lastModifiedBy = PROGRAM
    props.title = title
    props.subject = f"{year}年度工作計畫期程管制表"
    props.keywords = FORMAT_TAG
    wb.custom_doc_props.append(StringProperty(name="PlanDeskFormat", value=str(FORMAT_VERSION)))
    wb.custom_doc_props.append(StringProperty(name="PlanDeskProgram", value=PROGRAM))
    wb.custom_doc_props.append(StringProperty(name="PlanYear", value=str(year)))


def _draw_sheet(ws: Worksheet, sheet: SheetLayout, paper: str, cache: StyleCache) -> None:
    for (r, c), cell in sheet.cells.items():
        put_value(ws, r, c, cell.value, cache, cell.style)
    for r1, c1, r2, c2 in sheet.merges:
        merge(ws, r1, c1, r2, c2)
    for i, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for r, height in sheet.heights.items():
        ws.row_dimensions[r].height = height
    if sheet.freeze:
        ws.freeze_panes = ws.cell(row=sheet.freeze[0], column=sheet.freeze[1]).coordinate
    if sheet.title_rows:
        ws.print_title_rows = f"{sheet.title_rows[0]}:{sheet.title_rows[1]}"
    page_setup(ws, paper, sheet.landscape, sheet.scale)
    # set at once: RowBreak.append copies and re-checks every break before it
    ws.row_breaks.brk = [Break(id=r) for r in sheet.row_breaks]
    ws.sheet_view.zoomScale = 90


def normal_font(wb: Workbook) -> None:
    """Arial 10 as the Normal font: Excel's column unit stays 7 pixels (as with Calibri 11),
    and LibreOffice measures columns the same way with its metric twin Liberation Sans
    (without Calibri it used DejaVu Sans, a third wider, and every row looked over-tall)."""
    font = Font(name="Arial", size=10, family=SWISS)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


def write_xlsx(layout: WorkbookLayout, out: Path) -> Path:
    wb = Workbook()
    normal_font(wb)
    wb.remove(wb.active)
    cache = StyleCache(STYLES)
    for sheet in layout.sheets:
        ws = wb.create_sheet(sheet.name)
        _draw_sheet(ws, sheet, layout.paper, cache)
    stamp_properties(wb, layout.title, layout.plan.year)
    wb.save(out)
    for ws in wb.worksheets:  # each cell points to its sheet: freed now, not by a full collection
        ws._cells.clear()
    return out
