"""The printable page of a snapshot comparison: every change, grouped by section, then 核章欄."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Spacer, Table

from desktop.models.rocdate import roc_long
from desktop.models.signoff import signoff_labels
from desktop.models.snapshots import Change
from desktop.models.store import Store
from desktop.printing.fonts import register_cjk_font
from desktop.printing.markup import para_text
from desktop.printing.pages import MARGIN, CachedParagraph, build_pdf, page_size, styles

HEADER_FILL = colors.HexColor("#e4e4e4")
COLUMNS = ["計畫項目", "工作內容", "月份", "欄位", "變更前", "變更後"]
WIDTHS = [70, 130, 34, 48, 112, 112]


def write_changes_pdf(store: Store, changes: list[Change], title: str, out: str | Path,
                      office: str = "", paper: str = "A4") -> Path:
    """`title` says what was compared (「115年5月所務會議 → 目前資料」)."""
    font = register_cjk_font(store.get_setting("pdf_font", ""))
    size = 8.0 if paper.upper() != "A3" else 9.0
    st = styles(font, size)
    width = page_size(paper, wide=False)[0] - 2 * MARGIN

    def p(text: str, style: str = "body") -> CachedParagraph:
        return CachedParagraph(para_text(text), st[style])

    story: list = [p(office, "subtitle"), p("管考快照比較", "title"), p(title, "center"),
                   p(f"製表日期：{roc_long(date.today())}　共 {len(changes)} 項變更", "center"),
                   Spacer(1, size)]
    if not changes:
        story.append(p("兩者內容相同，沒有變更。"))
    by_section: dict[str, list[Change]] = {}
    for c in changes:
        by_section.setdefault(c.section, []).append(c)
    scale = width / sum(WIDTHS)
    for section, group in by_section.items():
        story.append(p(f"{section}（{len(group)} 項）", "h2"))
        rows = [[p(h, "head") for h in COLUMNS]]
        for c in group:
            rows.append([p(c.item), p(_short(c.content)),
                         p(f"{c.month}月" if c.month else "", "center"), p(c.field_label, "center"),
                         p(c.before or "（空白）"), p(c.after or "（空白）")])
        story.append(Table(rows, colWidths=[w * scale for w in WIDTHS], repeatRows=1, style=[
            ("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
    labels = signoff_labels(store)
    story += [Spacer(1, size * 2), Table(
        [[p(label, "center") for label in labels], [""] * len(labels)],
        colWidths=[width / len(labels)] * len(labels), rowHeights=[None, size * 6],
        style=[("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), font)],
    )]
    return build_pdf(Path(out), story, page_size(paper, wide=False), font, office,
                     title=f"管考快照比較 {title}", subject="管考快照比較",
                     top=MARGIN, bottom=MARGIN * 1.2)


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
