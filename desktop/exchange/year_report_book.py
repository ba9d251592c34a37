"""The year-end results report (成果報告) as an .xlsx or .ods workbook: a 摘要 sheet with each
section's KPI achievement rate, then one sheet per section with the same columns as the PDF.

Drawn by the bureau workbook's own writers (`workbook_xlsx` / `workbook_ods`) from a
format-neutral `WorkbookLayout`, so the Taiwan font, landscape A4/A3, the repeated header rows,
page numbers and our own page breaks (an item cut by a page is named again with 「（續）」) are
the same as there. Written atomically: a full disk is one clear message, the old file kept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.exchange.atomic import write_file
from desktop.exchange.cells import ExportError, check_length, clean_text, sheet_name
from desktop.exchange.layout import SheetLayout, WorkbookLayout
from desktop.exchange.sheet_print import CONTINUED, paginate, text_lines
from desktop.exchange.signoff_rows import add_signoff_rows, made_on_text
from desktop.models.kpi import KpiResult
from desktop.models.year_report import SectionReport, TaskRow, YearReport, rate_text

SUMMARY_SHEET = "摘要"
COLUMNS = (("number", "編號", 6.0), ("item", "計畫項目", 14.0), ("content", "工作內容", 32.0),
           ("months", "預定月份", 10.0), ("state", "最終狀態", 9.0),
           ("kpi", "考核指標及目標值", 24.0), ("result", "考核結果", 18.0),
           ("notes", "全年執行情形", 40.0), ("evidence", "佐證資料", 18.0))
SUMMARY = (("課室", 24.0), ("工作項數", 9.0), ("已完成", 9.0), ("達成", 9.0), ("未達成", 9.0),
           ("未填", 9.0), ("未到期", 9.0), ("未設目標值", 11.0), ("考核指標達成率", 16.0),
           ("佐證件數", 9.0))
LINE_PT = 15.0
MAX_ROW_PT = 409.0  # Excel's tallest row
HEADER_ROW = 3
FORMATS = ("xlsx", "ods")


def _title(sheet: SheetLayout, title: str, note: str) -> None:
    last = len(sheet.widths)
    sheet.put(1, 1, title, "title")
    sheet.merge(1, 1, 1, last)
    sheet.heights[1] = 30
    sheet.put(2, 1, note, "subtitle")
    sheet.merge(2, 1, 2, last)
    sheet.heights[2] = 18


def summary_sheet(report: YearReport, made_on: date) -> SheetLayout:
    sheet = SheetLayout(SUMMARY_SHEET)
    sheet.widths = [w for _, w in SUMMARY]
    plan = report.plan
    _title(sheet, clean_text(f"{plan.office}{plan.year}年度工作計畫成果報告"),
           f"執行情形及考核結果截至 {plan.year}年{report.month}月　{made_on_text(made_on)}")
    for c, (header, _) in enumerate(SUMMARY, start=1):
        sheet.put(HEADER_ROW, c, header, "cover_header")
    sheet.heights[HEADER_ROW] = 20
    r = HEADER_ROW
    rows = [*report.sections, report.totals]
    for k, sec in enumerate(rows):
        r += 1
        name_style, num_style = ("cover_total_name", "cover_total") if k == len(rows) - 1 \
            else ("cover_name", "cover_num")
        sheet.put(r, 1, clean_text(sec.name), name_style)
        values = (sec.tasks, sec.done, sec.kpi[KpiResult.MET], sec.kpi[KpiResult.MISSED],
                  sec.kpi[KpiResult.MISSING], sec.not_due, sec.no_target, rate_text(sec.rate),
                  sec.evidence)
        for c, value in enumerate(values, start=2):
            sheet.put(r, c, value, num_style)
        sheet.heights[r] = 18
    r += 1
    sheet.put(r, 1, "考核指標達成率＝達成 ÷（達成＋未達成＋未填）；未到期及未設目標值的工作不列入計算。",
              "signoff_date")
    sheet.merge(r, 1, r, len(SUMMARY))
    sheet.title_rows = (HEADER_ROW, HEADER_ROW)
    sheet.freeze = (HEADER_ROW + 1, 2)
    return sheet


def _cells(row: TaskRow) -> dict[str, str]:
    kpi = "\n".join(p for p in (row.kpi_text.strip(), f"目標值：{row.target}" if row.target else "")
                    if p)
    result = "\n".join([row.result_label, *[f"{c.month}月 {c.actual or '—'} {c.result}"
                                            for c in row.checks]])
    files = "\n".join([f"共 {len(row.evidence)} 件", *row.evidence]) if row.evidence else "無"
    return {"content": row.task.content, "months": row.months_label, "state": str(row.state),
            "kpi": kpi, "result": result, "notes": "\n".join(row.notes), "evidence": files}


def _lines(values: dict[str, str]) -> int:
    return max(text_lines(values.get(key, ""), w, indent=True) for key, _, w in COLUMNS)


def _parts(values: dict[str, str]) -> list[dict[str, str]]:
    """A task whose notes or evidence are taller than Excel's tallest row goes on several
    rows: the first with every column, the next ones with the rest of those two, 「（續）」."""
    limit = int((MAX_ROW_PT - 4) // LINE_PT)
    if _lines(values) <= limit:
        return [values]
    parts = [dict(values, notes="", evidence="")]
    for key in ("notes", "evidence"):
        width = dict((k, w) for k, _, w in COLUMNS)[key]
        chunk: list[str] = []
        k = 0
        for line in values[key].split("\n"):
            if chunk and text_lines("\n".join([*chunk, line]), width, indent=True) > limit:
                _put(parts, k, key, chunk)
                chunk, k = [], k + 1
            chunk.append(line)
        _put(parts, k, key, chunk)
    return parts


def _put(parts: list[dict[str, str]], k: int, key: str, chunk: list[str]) -> None:
    while len(parts) <= k:
        parts.append({"content": CONTINUED})
    parts[k][key] = "\n".join(chunk)


def section_sheet(report: YearReport, sec: SectionReport, name: str,
                  ) -> tuple[SheetLayout, list[tuple[int, int]]]:
    """The section's sheet and each item's first and last row (for the page breaks)."""
    sheet = SheetLayout(name)
    sheet.widths = [w for _, _, w in COLUMNS]
    col = {key: c for c, (key, _, _) in enumerate(COLUMNS, start=1)}
    plan = report.plan
    _title(sheet, clean_text(f"{plan.office}{plan.year}年度成果報告　{sec.name}"),
           f"執行情形及考核結果截至 {plan.year}年{report.month}月")
    for key, header, _ in COLUMNS:
        sheet.put(HEADER_ROW, col[key], header, "header")
    sheet.heights[HEADER_ROW] = 20
    sheet.title_rows = (1, HEADER_ROW)
    sheet.freeze = (HEADER_ROW + 1, col["content"] + 1)
    r = HEADER_ROW
    groups: list[tuple[int, int]] = []
    for node in sec.items:
        first = r + 1
        rows = [part for t in node.tasks for part in _parts(_cells(t))] or [
            {"content": "（本項目尚無工作內容）"}]
        for t, values in enumerate(rows):
            r += 1
            if t == 0:
                sheet.put(r, col["number"], clean_text(node.item.number), "center")
                sheet.put(r, col["item"], clean_text(node.item.name), "text")
            for key, header, _ in COLUMNS[2:]:
                text = check_length(clean_text(values.get(key, "")),
                                    f"課室「{sec.name}」第 {r} 列「{header}」")
                style = f"state:{text}" if key == "state" and text else \
                    "center" if key in ("months", "state") else "text"
                sheet.put(r, col[key], text, style)
            sheet.heights[r] = min(MAX_ROW_PT, _lines(values) * LINE_PT + 4)
        for c in (col["number"], col["item"]):
            for rr in range(first + 1, r + 1):
                sheet.put(rr, c, None, sheet.cells[(first, c)].style)
            sheet.merge(first, c, r, c)
        groups.append((first, r))
    if not sec.items:
        r += 1
        sheet.put(r, 1, "本課室尚無計畫項目", "center")
        for c in range(2, len(COLUMNS) + 1):
            sheet.put(r, c, None, "center")
        sheet.merge(r, 1, r, len(COLUMNS))
    sheet.n_rows = r
    return sheet, groups


def build_book(report: YearReport, paper: str, labels: list[str], made_on: date) -> WorkbookLayout:
    taken = {SUMMARY_SHEET.lower()}
    sheets = [summary_sheet(report, made_on)]
    for sec in report.sections:
        name = sheet_name(sec.name, taken)
        taken.add(name.lower())
        sheet, groups = section_sheet(report, sec, name)
        start = sheet.n_rows + 1
        end = add_signoff_rows(sheet, start, labels, made_on)
        paginate(sheet, paper, groups, {"number": 1, "item": 2}, tail=(start, end))
        sheet.scale = max(10, (sheet.scale or 100) - 3)  # LibreOffice measures columns wider
        sheets.append(sheet)
    first = sheets[0]
    first.scale = None  # the summary is small: fit to one page wide
    plan = report.plan
    return WorkbookLayout(plan, report.month, paper, f"{plan.office}{plan.year}年度工作計畫成果報告",
                          sheets, made_on)


def write_year_report_book(report: YearReport, out: str | Path, fmt: str = "xlsx",
                           paper: str = "A4", labels: list[str] | None = None,
                           made_on: date | None = None) -> Path:
    if fmt not in FORMATS:
        raise ExportError(f"不支援的成果報告格式「{fmt}」，請選擇 xlsx 或 ods。")
    layout = build_book(report, paper, labels or ["承辦人", "單位主管", "機關首長"],
                        made_on or date.today())
    if fmt == "xlsx":
        from desktop.exchange.workbook_xlsx import write_xlsx as write
    else:
        from desktop.exchange.workbook_ods import write_ods as write
    return write_file(Path(out), lambda buf: write(layout, buf))
