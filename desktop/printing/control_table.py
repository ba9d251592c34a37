"""The 工作計畫期程管制表 as a landscape PDF, one block of pages per section.

We paginate ourselves instead of letting reportlab split one long table: we know each
row's height once, so every page is one small table (no quadratic re-splitting), a row
taller than a page is cut into chunks across rows, and the item's number and name are
written again with 「（續）」 at the top of a page where its tasks continue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table

from desktop.exchange.control_table import SectionTable, TableRow, control_tables
from desktop.exchange.gc_pause import full_collections_paused
from desktop.models.carry import CARRY_COLOR, carry_mark
from desktop.models.domain import Plan
from desktop.models.report_month import report_month_for
from desktop.models.signoff import signoff_labels
from desktop.models.state import STATE_COLORS
from desktop.models.store import Store
from desktop.printing.fonts import register_cjk_font
from desktop.printing.markup import para_text
from desktop.printing.pages import MARGIN, CachedParagraph, build_pdf, page_size, styles
from desktop.printing.signoff_block import signoff_block
from desktop.printing.task_force_page import roster_story

PLANNED_FILL = colors.HexColor("#a3a3a3")  # survives a black-and-white copier
MARK_PLANNED_FILL = colors.HexColor("#4a4a4a")  # planned cells in the report month, darker
MARK_FILL = colors.HexColor("#fff0b8")  # the report month's other cells, a light tint
HEADER_FILL = colors.HexColor("#e4e4e4")
PAD = 2.0
CONTINUED = "（續）"
ProgressFn = Callable[[int, str], None]


@dataclass
class _Layout:
    """Column widths and sizes for one section (配分/承辦人 only when the section uses them)."""

    paper: str
    font: str
    size: float
    width: float
    height: float
    keys: list[str]
    widths: list[float]
    st: dict = field(default_factory=dict)

    def col(self, key: str) -> int:
        return self.keys.index(key)

    @property
    def month0(self) -> int:
        return self.keys.index("m1")

    @property
    def lead(self) -> float:
        return self.st["body"].leading


def _layout(paper: str, font: str, has_weight: bool, has_owners: bool) -> _Layout:
    width, height = page_size(paper, wide=True)
    usable = width - 2 * MARGIN
    scale = usable / 786.0  # widths below are designed for A4 landscape
    size = 8.0 if scale < 1.2 else 10.0
    fixed = {"number": 26, "name": 74, "weight": 26, "owners": 44, "state": 38}
    keys = ["number", "name"]
    if has_weight:
        keys.append("weight")
    if has_owners:
        keys.append("owners")
    keys += ["content"] + [f"m{m}" for m in range(1, 13)] + ["state", "progress", "kpi"]
    widths = {k: v * scale for k, v in fixed.items()}
    month_w = 17 * scale
    used = sum(widths[k] for k in keys if k in widths) + 12 * month_w
    flex = usable - used
    widths.update(content=flex * 0.40, progress=flex * 0.28, kpi=flex * 0.32)
    widths.update({f"m{m}": month_w for m in range(1, 13)})
    lay = _Layout(paper, font, size, width, height, keys, [widths[k] for k in keys])
    lay.st = styles(font, size)
    return lay


@dataclass
class _Line:
    """One printed table row: a task, an item without tasks, or one chunk of a tall task."""

    cells: list
    height: float
    row: TableRow
    chunk: int  # 0 for the first (or only) chunk of a row
    first_line_of_item: bool


def _para(text: str, style) -> CachedParagraph:
    return CachedParagraph(text, style)


def _fmt_weight(w: float | None) -> str:
    if w is None:
        return ""
    return f"{w:g}"


def _text_height(cell, width: float) -> float:
    if isinstance(cell, CachedParagraph):
        return cell.wrap(width, 1e6)[1]
    return 0.0


def _fits(text: str, style, width: float, limit: float) -> bool:
    return _para(para_text(text), style).wrap(width, limit)[1] <= limit


def _chunks(text: str, style, width: float, first: float, limit: float) -> list[CachedParagraph]:
    """Cut plain text into paragraphs no taller than first, then limit (reportlab cannot
    split a table cell; splitting a wrapped CJK Paragraph leaves odd gaps, so we cut text)."""
    out = []
    rest = text
    lim = first
    while rest:
        if _fits(rest, style, width, lim):
            out.append(_para(para_text(rest), style))
            break
        lo, hi = 1, len(rest)
        while lo < hi:  # the longest prefix that fits
            mid = (lo + hi + 1) // 2
            if _fits(rest[:mid], style, width, lim):
                lo = mid
            else:
                hi = mid - 1
        cut = rest.rfind("\n", 0, lo)
        if cut > lo * 0.8:
            lo = cut + 1
        out.append(_para(para_text(rest[:lo]), style))
        rest = rest[lo:].lstrip("\n")
        lim = limit
    return out


@dataclass
class _Row:
    """A table row before pagination, with the plain text of each cell for cutting it."""

    row: TableRow
    cells: list
    texts: dict[int, tuple[str, object]]
    height: float


class _SectionPrinter:
    def __init__(self, table: SectionTable, lay: _Layout, mark: int | None, reserve: float = 0.0):
        self.t = table
        self.lay = lay
        self.mark = mark
        self.reserve = reserve  # room the 核章欄 needs below the last page's rows
        self.inner = [w - 2 * PAD for w in lay.widths]
        lead = lay.lead
        self.header_heights = [lead + 2 * PAD + 2, lead + 2 * PAD]
        top = MARGIN * 0.8
        self.frame_w = lay.width - 2 * MARGIN
        self.frame_h = lay.height - top - MARGIN
        self.avail = self.frame_h - self._title_height() - sum(self.header_heights) - 2

    def _title_height(self) -> float:
        st = self.lay.st
        title = _para(self._title() + CONTINUED, st["subtitle"])
        note = _para(self._note(), st["small"])
        return title.wrap(self.frame_w, 1e6)[1] + note.wrap(self.frame_w, 1e6)[1] + 4

    def _title(self) -> str:
        """The section title; an absurdly long office name must not eat the page."""
        title = self.t.title
        return para_text(title if len(title) <= 120 else title[:119] + "…")

    def _note(self) -> str:
        return f"<para alignment='right'>執行情形及狀態截至 {self.t.plan.year}年{self.t.month}月</para>"

    # ------------------------------------------------------------- rows
    def _row(self, row: TableRow) -> _Row:
        lay, st = self.lay, self.lay.st
        cells: list = [""] * len(lay.keys)
        texts: dict[int, tuple[str, object]] = {}

        def put(key: str, plain: str, style: str, markup: str | None = None) -> None:
            if plain.strip():
                c = lay.col(key)
                cells[c] = _para(markup if markup is not None else para_text(plain), st[style])
                texts[c] = (plain.strip("\n"), st[style])

        if row.first_of_item:
            put("number", row.item.number, "center")
            put("name", row.item.name, "body")
            if "weight" in lay.keys:
                cells[lay.col("weight")] = _fmt_weight(row.item.weight)
            if "owners" in lay.keys:
                put("owners", row.item.owners, "center")
        task = row.task
        if task is not None:
            plain, markup = task.content, para_text(task.content)
            note = task.schedule_note.strip()
            mark = carry_mark(task.carried_from) if task.carried_from else ""  # 延續未完成
            if note or mark:
                head = "時程：" if note else ""
                plain += f"\n（{head}{mark}{' ' if mark and note else ''}{note}）"
                shown = (f"<font color='{CARRY_COLOR}'>{mark}</font>" if mark else "") + (
                    (" " if mark else "") + para_text(note) if note else "")
                markup += ("<br/>" if markup else "") + f"<font size=-1>（{head}{shown}）</font>"
            put("content", plain, "body", markup)
            for m in task.checkpoints:
                cells[lay.month0 + m - 1] = "◆"
            if row.state is not None:
                put("state", row.state.value, "center")
            put("progress", row.report_text(self.t.month), "body")
            put("kpi", task.kpi, "body")
        return _Row(row, cells, texts, self._height(cells))

    def _height(self, cells: list) -> float:
        h = max((_text_height(c, w) for c, w in zip(cells, self.inner, strict=True)), default=0)
        return max(h, self.lay.lead) + 2 * PAD

    def _cut(self, r: _Row, first: float) -> list[_Line]:
        """A row taller than a page as several lines; the first fills what is left of a page."""
        limit = self.avail - 2 * PAD - self.lay.lead
        first = max(first - 2 * PAD, self.lay.lead)
        pieces = {c: _chunks(text, style, self.inner[c], first, limit)
                  for c, (text, style) in r.texts.items()}
        n = max(len(v) for v in pieces.values())
        lines = []
        for k in range(n):
            part: list = list(r.cells) if k == 0 else [""] * len(r.cells)
            for c, chunks in pieces.items():
                part[c] = chunks[k] if k < len(chunks) else ""
            lines.append(_Line(part, self._height(part), r.row, k, r.row.first_of_item and k == 0))
        return lines

    def _continued(self, line: _Line) -> _Line:
        """The first line of a page whose item began on an earlier page: repeat number and name."""
        lay, st = self.lay, self.lay.st
        cells = list(line.cells)
        item = line.row.item
        name = _para(para_text(item.name) + CONTINUED, st["body"])
        if _text_height(name, self.inner[lay.col("name")]) > self.avail / 3:
            name = _para(CONTINUED, st["body"])
        cells[lay.col("number")] = _para(para_text(item.number), st["center"])
        cells[lay.col("name")] = name
        if "weight" in lay.keys:
            cells[lay.col("weight")] = _fmt_weight(item.weight)
        if "owners" in lay.keys:
            cells[lay.col("owners")] = _para(para_text(item.owners), st["center"])
        return _Line(cells, self._height(cells), line.row, line.chunk, False)

    def pages(self) -> list[list[_Line]]:
        pages: list[list[_Line]] = []
        current: list[_Line] = []
        used = 0.0
        min_room = 4 * self.lay.lead + 2 * PAD
        for r in (self._row(row) for row in self.t.rows):
            if r.height <= self.avail:
                lines = [_Line(r.cells, r.height, r.row, 0, r.row.first_of_item)]
            else:
                room = self.avail - used
                lines = self._cut(r, room if room >= min_room else self.avail)
            for line in lines:
                if current and used + line.height > self.avail + 0.01:
                    pages.append(current)
                    current, used = [], 0.0
                if not current and not line.first_line_of_item:
                    line = self._continued(line)
                current.append(line)
                used += line.height
        if current or not pages:
            pages.append(current)
        self._make_room_at_end(pages)
        return pages

    def _make_room_at_end(self, pages: list[list[_Line]]) -> None:
        """The sign-off block must not stand alone on a page: when the last page has no room
        for it, its last rows move to a new page with it (the item named again there)."""
        last = pages[-1]
        if not self.reserve or sum(x.height for x in last) + self.reserve <= self.avail + 0.01:
            return
        moved: list[_Line] = []
        while len(last) > 1 and sum(x.height for x in last) + self.reserve > self.avail + 0.01:
            moved.insert(0, last.pop())
            if sum(x.height for x in moved) + self.reserve > self.avail:
                last.append(moved.pop(0))
                break
        if not moved:
            return
        if not moved[0].first_line_of_item:
            moved[0] = self._continued(moved[0])
        pages.append(moved)

    # ------------------------------------------------------------- tables
    def _header(self) -> list[list]:
        lay, st = self.lay, self.lay.st
        names = {"number": "編號", "name": "計畫項目", "weight": "配分", "owners": "承辦人",
                 "content": "工作內容", "state": "狀態", "progress": "執行情形", "kpi": "考核指標"}
        top = [_para(names[k], st["head"]) if k in names else "" for k in lay.keys]
        top[lay.month0] = _para(f"預定作業時程（{self.t.plan.year}年）", st["head"])
        second = ["" for _ in lay.keys]
        for m in range(1, 13):
            second[lay.month0 + m - 1] = f"{m}月"
        return [top, second]

    def _style(self, lines: list[_Line]) -> list[tuple]:
        lay = self.lay
        m0, last = lay.month0, len(lay.keys) - 1
        item_cols = lay.col("content") - 1
        cmds: list[tuple] = [
            ("FONTNAME", (0, 0), (-1, -1), lay.font),
            ("FONTSIZE", (0, 0), (-1, -1), lay.size),
            ("LEADING", (0, 0), (-1, -1), lay.lead),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
            ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
            ("VALIGN", (0, 2), (-1, -1), "TOP"),
            ("VALIGN", (m0, 2), (m0 + 11, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (m0, 0), (m0 + 11, -1), 0),
            ("RIGHTPADDING", (m0, 0), (m0 + 11, -1), 0),
            ("FONTSIZE", (m0, 1), (m0 + 11, 1), lay.size * 0.85),
            ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
            ("SPAN", (m0, 0), (m0 + 11, 0)),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("LINEBELOW", (0, 1), (-1, 1), 0.9, colors.black),
            ("LINEBELOW", (m0, 0), (m0 + 11, 0), 0.4, colors.black),
        ]
        for c in range(len(lay.keys)):
            if not m0 <= c < m0 + 12:
                cmds.append(("SPAN", (c, 0), (c, 1)))
            if c < last:
                cmds.append(("LINEAFTER", (c, 0 if not m0 <= c < m0 + 11 else 1), (c, -1), 0.4,
                             colors.black))
        mc = m0 + (self.mark or 1) - 1
        if self.mark:
            cmds += [("BACKGROUND", (mc, 1), (mc, 1), colors.black),
                     ("TEXTCOLOR", (mc, 1), (mc, 1), colors.white),
                     ("LINEBEFORE", (mc, 1), (mc, -1), 1.6, colors.black),
                     ("LINEAFTER", (mc, 1), (mc, -1), 1.6, colors.black)]
        if not lines:
            cmds.append(("SPAN", (0, 2), (-1, 2)))
        for i, line in enumerate(lines):
            r = i + 2
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is None or nxt.row.item.id != line.row.item.id:
                cmds.append(("LINEBELOW", (0, r), (item_cols, r), 0.4, colors.black))
            if nxt is None or nxt.chunk == 0:
                cmds.append(("LINEBELOW", (item_cols + 1, r), (-1, r), 0.4, colors.black))
            task = line.row.task
            if task is None:
                if self.mark:
                    cmds.append(("BACKGROUND", (mc, r), (mc, r), MARK_FILL))
                continue
            for a, b in _runs(task.months):
                cmds.append(("BACKGROUND", (m0 + a - 1, r), (m0 + b - 1, r), PLANNED_FILL))
            if self.mark and self.mark in task.months:
                cmds += [("BACKGROUND", (mc, r), (mc, r), MARK_PLANNED_FILL),
                         ("TEXTCOLOR", (mc, r), (mc, r), colors.white)]
            elif self.mark:
                cmds.append(("BACKGROUND", (mc, r), (mc, r), MARK_FILL))
            state = line.row.state
            if state is not None:
                sc = lay.col("state")
                cmds.append(("BACKGROUND", (sc, r), (sc, r), colors.HexColor(STATE_COLORS[state])))
        return cmds

    def flowables(self) -> list:
        lay, st = self.lay, self.lay.st
        out: list = []
        pages = self.pages()
        note = self._note()
        for n, lines in enumerate(pages):
            if n:
                out.append(PageBreak())
            title = self._title() + (CONTINUED if n else "")
            out.append(_para(title, st["subtitle"]))
            out.append(_para(note, st["small"]))
            out.append(Spacer(1, 2))
            rows = self._header()
            heights = list(self.header_heights)
            if not lines:
                rows.append([_para("本課室尚無計畫項目", st["center"])] + [""] * (len(lay.keys) - 1))
                heights.append(lay.lead * 2)
            for line in lines:
                rows.append(line.cells)
                heights.append(line.height)
            out.append(Table(rows, colWidths=lay.widths, rowHeights=heights,
                             style=self._style(lines), hAlign="CENTER"))
        return out


def _height_of(block, width: float) -> float:
    return sum(f.wrap(width, 1e6)[1] for f in block._content) + 2


def _runs(months: Iterable[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for m in sorted(months):
        if runs and m == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def build_story(
    tables: list[SectionTable], paper: str, font: str, mark: int | None,
    progress: ProgressFn | None = None, labels: list[str] | None = None,
    made_on: date | None = None,
) -> list:
    """Each section's pages, each ended by its 核章欄 (the section head signs its own table)."""
    story: list = []
    for i, table in enumerate(tables):
        if i:
            story.append(PageBreak())
        lay = _layout(paper, font, table.has_weight, table.has_owners)
        block = signoff_block(labels, lay.st, font, lay.width - 2 * MARGIN, made_on) if labels \
            else None
        reserve = _height_of(block, lay.width - 2 * MARGIN) if block else 0.0
        story += _SectionPrinter(table, lay, mark, reserve).flowables()
        if block:
            story.append(block)
        if progress:
            progress(10 + int(60 * (i + 1) / len(tables)), f"排版 {table.section.name}")
    return story


@full_collections_paused()
def write_control_table(
    store: Store, plan: Plan, out: str | Path, section_ids: Iterable[int] | None = None,
    month: int | None = None, paper: str = "A4", progress: ProgressFn | None = None,
    today: date | None = None,
) -> Path:
    """The control table PDF. month None: states as of the default report month, no column marked.
    `today` fixes 製表日期 (tests); default is the real date."""
    font = register_cjk_font(store.get_setting("pdf_font", ""))
    state_month = month if month is not None else report_month_for(store, plan.year)
    tables = control_tables(store, plan, state_month, section_ids)
    if progress:
        progress(10, "讀取資料")
    story = build_story(tables, paper, font, month, progress, signoff_labels(store), today)
    size = page_size(paper, wide=True)
    if not story:
        st = styles(font, 10)
        story = [_para(f"{para_text(plan.office)}{plan.year}年度計畫尚無課室", st["subtitle"])]
    elif section_ids is None:  # the whole plan: its roster is printed with it
        st = styles(font, 10.0 if paper.upper() == "A3" else 9.0)
        story += roster_story(plan, store.task_force(plan.id), st, font, size[0] - 2 * MARGIN)
    out = build_pdf(out, story, size, font, plan.office,
                    title=f"{plan.office}{plan.year}年度工作計畫期程管制表",
                    subject="工作計畫期程管制表", top=MARGIN * 0.8, bottom=MARGIN)
    if progress:
        progress(100, "完成")
    return out

