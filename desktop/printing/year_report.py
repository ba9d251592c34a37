"""The year-end results report (成果報告) as a landscape PDF.

First page: the heading (office, ROC year, 製表日期) and the summary with each section's KPI
achievement rate; then one table per section (one row per task, grouped under its item);
the sign-off block (核章欄) at the end. A table that runs onto the next page repeats its
header, and an item whose tasks continue there is named again with 「（續）」.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table

from desktop.models.kpi import KPI_COLORS, KpiResult
from desktop.models.rocdate import roc_long
from desktop.models.state import STATE_COLORS
from desktop.models.year_report import SectionReport, TaskRow, YearReport, rate_text
from desktop.printing.linebreak import wrap_text
from desktop.printing.markup import para_text
from desktop.printing.pages import MARGIN, CachedParagraph, build_pdf, page_size, styles

HEADER_FILL = colors.HexColor("#e4e4e4")
TOTAL_FILL = colors.HexColor("#f2f2f2")
CONTINUED = "（續）"
# A task taller than what is left of a page is split inside its row (reportlab's
# splitInRow), no piece shorter than this, so no page is left half empty.
MIN_SPLIT = 36
COLUMNS = ("編號", "計畫項目", "工作內容", "預定月份", "最終狀態", "考核指標及目標值",
           "考核結果", "全年執行情形", "佐證資料")
WIDTHS = (26, 74, 150, 46, 40, 100, 80, 190, 80)  # A4 landscape (786 pt), scaled for A3
SUMMARY = ("課室", "工作項數", "已完成", "達成", "未達成", "未填", "未到期", "未設目標值",
           "考核指標達成率", "佐證件數")
SUMMARY_WIDTHS = (170, 58, 58, 58, 58, 58, 58, 70, 90, 58)
NUMBER_COL, NAME_COL = 0, 1
SMALL_COLS = (7, 8)  # 全年執行情形 and 佐證資料: the longest texts, a size smaller
PAD = 2.0


class ItemTable(Table):
    """A section's table that names the item again, with 「（續）」, at the top of a page
    where the item's tasks continue. `keys[r]` is (number, name, continues) for row r;
    `item_cells(number, name)` gives the two cells to write there."""

    keys: list[tuple[str, str, bool]]
    item_cells: Callable[[str, str], tuple[str, str]]

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 - reportlab
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        n_rest = len(rest._cellvalues) - 1
        keys = self.keys[:1] + self.keys[len(self.keys) - n_rest:]
        in_row = len(first._cellvalues) + n_rest > len(self.keys)  # one row cut in two
        first.keys, rest.keys = self.keys[:len(first._cellvalues)], keys
        first.item_cells = rest.item_cells = self.item_cells
        number, name, continues = keys[1] if len(keys) > 1 else ("", "", False)
        if continues or in_row:
            rest._cellvalues[1][NUMBER_COL], rest._cellvalues[1][NAME_COL] = \
                self.item_cells(number, name + CONTINUED)
            rest._argH[1] = None  # measured again with the name in it
        return parts


def _p(text: str, style) -> CachedParagraph:
    return CachedParagraph(para_text(text), style)


def _lines(items: list[str]) -> str:
    return "\n".join(items)


def _kpi_cell(row: TaskRow) -> str:
    parts = [row.kpi_text.strip()]
    if row.target:
        parts.append(f"目標值：{row.target}")
    return _lines([p for p in parts if p]) or "—"


def _result_cell(row: TaskRow) -> str:
    return _lines([row.result_label, *[f"{c.month}月 {c.actual or '—'} {c.result}"
                                       for c in row.checks]])


def section_table(sec: SectionReport, st: dict, font: str, scale: float) -> list:
    """Body cells are plain strings broken by `wrap_text` (a Paragraph per cell is three times
    slower over a 1,000-task year); only the header row uses Paragraphs."""
    size, small = st["body"].fontSize, st["small"].fontSize
    inner = [w * scale - 2 * PAD for w in WIDTHS]

    def cell(text: str, col: int) -> str:
        return wrap_text(text, font, small if col in SMALL_COLS else size, inner[col])

    def item_cells(number: str, name: str) -> tuple[str, str]:
        return cell(number, NUMBER_COL), cell(name, NAME_COL)

    head = [_p(h, st["head"]) for h in COLUMNS]
    rows: list[list] = [head]
    keys: list[tuple[str, str, bool]] = [("", "", False)]
    lead = st["body"].leading
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 1), (-1, -1), size), ("LEADING", (0, 1), (-1, -1), lead),
        ("FONTSIZE", (SMALL_COLS[0], 1), (-1, -1), small),
        ("LEADING", (SMALL_COLS[0], 1), (-1, -1), st["small"].leading),
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (3, 1), (4, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("INNERGRID", (2, 0), (-1, -1), 0.4, colors.black),
        ("LINEAFTER", (0, 0), (1, -1), 0.4, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
    ]
    for node in sec.items:
        if len(rows) > 1:
            cmds.append(("LINEABOVE", (0, len(rows)), (1, len(rows)), 0.4, colors.black))
        number, name = node.item.number, node.item.name
        if not node.tasks:
            rows.append([*item_cells(number, name), cell("（本項目尚無工作內容）", 2)] + [""] * 6)
            keys.append((number, name, False))
            continue
        for t, row in enumerate(node.tasks):
            r = len(rows)
            files = [f"共 {len(row.evidence)} 件", *row.evidence] if row.evidence else ["無"]
            texts = [row.task.content or "—", row.months_label, str(row.state), _kpi_cell(row),
                     _result_cell(row), _lines(row.notes) or "—", _lines(files)]
            rows.append([*(item_cells(number, name) if t == 0 else ("", "")),
                         *(cell(text, c) for c, text in enumerate(texts, start=2))])
            keys.append((number, name, t > 0))
            cmds.append(("BACKGROUND", (4, r), (4, r), colors.HexColor(STATE_COLORS[row.state])))
            if row.result is not None:
                cmds.append(("TEXTCOLOR", (6, r), (6, r), colors.HexColor(KPI_COLORS[row.result])))
    if len(rows) == 1:
        rows.append(["本課室尚無計畫項目"] + [""] * 8)
        keys.append(("", "", False))
        cmds += [("SPAN", (0, 1), (-1, 1)), ("ALIGN", (0, 1), (-1, 1), "CENTER")]
    table = ItemTable(rows, colWidths=[w * scale for w in WIDTHS], repeatRows=1, style=cmds,
                      hAlign="CENTER", splitByRow=0, splitInRow=MIN_SPLIT)
    table.keys, table.item_cells = keys, item_cells
    return [_p(sec.name, st["h2"]), table]


def summary_table(report: YearReport, st: dict, font: str, scale: float) -> Table:
    rows = [[_p(h, st["head"]) for h in SUMMARY]]
    for sec in [*report.sections, report.totals]:
        rows.append([_p(sec.name, st["body"])] + [
            _p(str(v), st["center"]) for v in (
                sec.tasks, sec.done, sec.kpi[KpiResult.MET], sec.kpi[KpiResult.MISSED],
                sec.kpi[KpiResult.MISSING], sec.not_due, sec.no_target)
        ] + [_p(rate_text(sec.rate), st["center"]), _p(str(sec.evidence), st["center"])])
    return Table(rows, colWidths=[w * scale for w in SUMMARY_WIDTHS], repeatRows=1, style=[
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ], hAlign="CENTER")


def build_story(report: YearReport, font: str, paper: str, labels: list[str],
                made_on: date | None = None) -> list:
    from desktop.printing.signoff_block import made_on_text, signoff_block

    width = page_size(paper, wide=True)[0] - 2 * MARGIN
    scale = width / sum(WIDTHS)
    st = styles(font, 8.0 if scale < 1.2 else 10.0)
    plan = report.plan
    story: list = [
        _p(plan.office, st["subtitle"]),
        _p(f"{plan.year}年度工作計畫成果報告", st["title"]),
        _p(f"執行情形及考核結果截至 {plan.year}年{report.month}月　{made_on_text(made_on)}",
           st["center"]),
        Spacer(1, 12), _p("各課室考核指標達成情形", st["h2"]),
        summary_table(report, st, font, scale),
        Spacer(1, 6),
        _p("考核指標達成率＝達成 ÷（達成＋未達成＋未填）；未到期及未設目標值的工作不列入計算。"
           "最終狀態依填報紀錄推算至上列月份。", st["small"]),
    ]
    if not report.sections:
        story.append(_p(f"{plan.year}年度計畫尚無課室", st["body"]))
    for sec in report.sections:
        story.append(PageBreak())
        story += section_table(sec, st, font, scale)
    story.append(signoff_block(labels, st, font, width, made_on))
    return story


def write_year_report(report: YearReport, font: str, out: str | Path, paper: str = "A4",
                      labels: list[str] | None = None, made_on: date | None = None) -> Path:
    """The PDF at `out`, written atomically (a full disk is one clear message, the old file kept)."""
    story = build_story(report, font, paper, labels or ["承辦人", "單位主管", "機關首長"], made_on)
    plan = report.plan
    return build_pdf(Path(out), story, page_size(paper, wide=True), font, plan.office,
                     title=f"{plan.office}{plan.year}年度工作計畫成果報告",
                     subject=f"{plan.year}年度成果報告（{roc_long(made_on or date.today())}）",
                     top=MARGIN, bottom=MARGIN * 1.2)


FORMATS = ("pdf", "xlsx", "ods")


def write_report(store, plan, out: str | Path, fmt: str = "pdf", month: int = 12,
                 paper: str = "", made_on: date | None = None) -> YearReport:
    """Build the report of `plan` and write it as pdf, xlsx or ods; the CLI and the window
    both come here. Raises ExportError / WriteError (Chinese) when refused."""
    from desktop.exchange.cells import ExportError
    from desktop.models.signoff import signoff_labels
    from desktop.models.year_report import build

    if fmt not in FORMATS:
        raise ExportError(f"不支援的成果報告格式「{fmt}」，請選擇 pdf、xlsx 或 ods。")
    if not 1 <= int(month) <= 12:
        raise ExportError(f"月份必須在 1 到 12 之間：{month}")
    report = build(store, plan, int(month))
    paper = paper or store.get_setting("paper", "A4")
    if fmt == "pdf":
        from desktop.printing.fonts import register_cjk_font

        write_year_report(report, register_cjk_font(store.get_setting("pdf_font", "")), out,
                          paper, signoff_labels(store), made_on)
    else:
        from desktop.exchange.year_report_book import write_year_report_book

        write_year_report_book(report, out, fmt, paper, signoff_labels(store), made_on)
    return report
