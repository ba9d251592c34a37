"""The 推動小組（任務編組） roster as the last page(s) of the control-table PDF."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Spacer, Table

from desktop.exchange.roster_sheet import COLUMNS, roster_title
from desktop.models.domain import Plan, TaskForceMember
from desktop.printing.markup import para_text
from desktop.printing.pages import CachedParagraph

HEADER_FILL = colors.HexColor("#e4e4e4")


def roster_story(plan: Plan, members: list[TaskForceMember], st: dict, font: str,
                 width: float) -> list:
    """A new page: the roster's title, then 職別／職稱／姓名／任務 with the header repeated."""
    if not members:
        return []
    size = st["body"].fontSize
    rows: list[list] = [[CachedParagraph(h, st["head"]) for _, h, _ in COLUMNS]]
    for m in members:
        rows.append([CachedParagraph(para_text(getattr(m, key)),
                                     st["body" if key == "duty" else "center"])
                     for key, _, _ in COLUMNS])
    total = sum(w for _, _, w in COLUMNS)
    table = Table(rows, colWidths=[width * w / total for _, _, w in COLUMNS], repeatRows=1,
                  hAlign="CENTER", style=[
                      ("FONTNAME", (0, 0), (-1, -1), font),
                      ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                      ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                      ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                      ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                  ])
    return [PageBreak(), CachedParagraph(para_text(roster_title(plan)), st["subtitle"]),
            Spacer(1, size), table]
