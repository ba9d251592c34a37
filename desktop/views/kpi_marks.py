"""The grid's KPI marker: a checked month's result (DESIGN.md §3a) as a coloured glyph under
the ◆ and a coloured corner, so 達成 / 未達成 / 未填 read at a glance; and its legend chips."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPolygon
from PySide6.QtWidgets import QHBoxLayout, QLabel

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


def legend_marks(layout: QHBoxLayout) -> None:
    """「✓達成 ✗未達成 ○未填」 in the grid's legend, in the marker's colours."""
    for result, mark in MARKS.items():
        chip = QLabel(f"{mark}{result.value}")
        chip.setStyleSheet(f"color: {KPI_COLORS[result]}; font-weight: bold;")
        layout.addWidget(chip)
