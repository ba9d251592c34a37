"""The sign-off block (核章欄) and 製表日期 that end every printout (DESIGN.md §4).

One bordered table: the labels (承辦人／單位主管／機關首長 by default, set in 工具 › 設定)
over an empty row tall enough for a seal, with 製表日期 in ROC above it. Kept together so
the block never splits across a page; the chair's 主席裁示／決議 box is drawn the same way.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Spacer, Table

from desktop.models.rocdate import roc_long
from desktop.printing.markup import para_text
from desktop.printing.pages import CachedParagraph

STAMP_HEIGHT = 56.0  # about 2 cm: room for a personal seal and a signature
HEAD_FILL = colors.HexColor("#e4e4e4")


def made_on_text(made_on: date | None = None) -> str:
    """「製表日期：113年7月5日」"""
    return f"製表日期：{roc_long(made_on or date.today())}"


def _box_style(font: str, size: float) -> list[tuple]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
    ]


def signoff_block(labels: list[str], st: dict, font: str, width: float,
                  made_on: date | None = None) -> KeepTogether:
    """製表日期 on the right, then one column per label with an empty row to stamp in."""
    size = st["body"].fontSize
    labels = labels or ["承辦人"]
    head = [CachedParagraph(para_text(label), st["head"]) for label in labels]
    table = Table([head, [""] * len(labels)], colWidths=[width / len(labels)] * len(labels),
                  rowHeights=[None, STAMP_HEIGHT], style=_box_style(font, size), hAlign="CENTER")
    date_line = CachedParagraph(f"<para alignment='right'>{made_on_text(made_on)}</para>",
                                st["body"])
    return KeepTogether([Spacer(1, size * 0.8), date_line, Spacer(1, size * 0.3), table])


def decision_box(title: str, st: dict, font: str, width: float, lines: int = 5) -> KeepTogether:
    """An empty bordered box headed 主席裁示／決議, for the chair's words in the meeting."""
    size = st["body"].fontSize
    head = CachedParagraph(para_text(title), st["head"])
    table = Table([[head], [""]], colWidths=[width],
                  rowHeights=[None, lines * st["body"].leading * 1.8],
                  style=_box_style(font, size), hAlign="CENTER")
    return KeepTogether([Spacer(1, size * 0.6), table])
