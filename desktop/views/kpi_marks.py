"""The grid's KPI marker: a checked month's result (DESIGN.md §3a) as a coloured glyph under
the ◆ and a coloured corner, so 達成 / 未達成 / 未填 read at a glance; and the legend's key to them."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPolygon
from PySide6.QtWidgets import QLabel

from desktop.models.kpi import KPI_COLORS, KpiResult

MARKS = {KpiResult.MET: "✓", KpiResult.MISSED: "✗", KpiResult.MISSING: "○"}
CORNER = 7
MARK_HEIGHT = 13


def paint_kpi_mark(painter: QPainter, rect: QRect, top: int, result: KpiResult) -> None:
    """Draw the mark of `result` in the month cell `rect`, below `top` (the bar's bottom)."""
    color = QColor(KPI_COLORS[result])
    painter.save()
    corner = QPolygon([rect.topRight() + QPoint(-CORNER, 0), rect.topRight(),
                       rect.topRight() + QPoint(0, CORNER)])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(corner)
    font = QFont(painter.font())
    font.setBold(True)
    room = max(10, min(MARK_HEIGHT, rect.bottom() - top))  # just under the bar, even in a tall row
    font.setPixelSize(room - 1)
    painter.setFont(font)
    painter.setPen(color)
    band = QRect(rect.left(), top, rect.width(), room)
    painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), MARKS.get(result, ""))
    painter.restore()


def checkpoint_legend() -> QLabel:
    """The legend's 「考核月份」, its tooltip keying the marks in their colours.

    The legend row is already as wide as the grid at 1366 px, so the marks are explained in
    the tooltip (and each month cell's tooltip names its result) rather than in more chips.
    """
    chips = "、".join(f"<span style='color:{KPI_COLORS[r]}'><b>{mark}</b> {r.value}</span>"
                     for r, mark in MARKS.items())
    label = QLabel("考核月份")
    label.setObjectName("kpi_legend")
    label.setToolTip(f"考核月份 ◆ 下方標示考核結果：{chips}（未填：實際值未填或不是數字）")
    return label
