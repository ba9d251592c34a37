"""The grid's 延續未完成 mark: a coloured bar down the left edge of the 工作內容 cell and a
corner flag, in the padding the text leaves free, so marking a row costs two fills."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPolygon

from desktop.models.carry import CARRY_COLOR

BAR = 3  # inside the cell's 5 px text padding
CORNER = 9
_COLOR = QColor(CARRY_COLOR)


def paint_carry_mark(painter: QPainter, rect: QRect) -> None:
    """Mark the 工作內容 cell `rect` of a carried task."""
    painter.fillRect(QRect(rect.left() + 1, rect.top() + 1, BAR, rect.height() - 2), _COLOR)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_COLOR)
    top_left = rect.topLeft() + QPoint(1, 1)
    painter.drawPolygon(QPolygon([top_left, top_left + QPoint(CORNER, 0), top_left + QPoint(0, CORNER)]))
    painter.restore()
