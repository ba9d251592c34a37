"""Wrapped texts laid out once and drawn again from the layout: the grid paints the same cell
texts on every repaint, and laying out (shaping, line breaking) was most of drawText's cost.

`draw_text(painter, rect, flags, text)` draws exactly what `painter.drawText(rect, flags, text)`
draws (tests/test_text_layouts.py compares the pixels), for the flags the grid uses: one
horizontal alignment, top or vertical centre, with or without word wrap.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

_WRAP = int(Qt.TextFlag.TextWordWrap)
_HCENTER = int(Qt.AlignmentFlag.AlignHCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_VCENTER = int(Qt.AlignmentFlag.AlignVCenter)
_BOTTOM = int(Qt.AlignmentFlag.AlignBottom)
_KEEP = 6000  # laid-out texts kept (a few screens of cells); dropped all at once past this


class _Laid:
    """One text laid out for one width, as Qt's own drawText lays it out."""

    __slots__ = ("layout", "lines", "height", "width")

    def __init__(self, text: str, font: QFont, width: float, wrap: bool):
        # what drawText does to the text first: \n starts a line, \r and tabs are spaces
        shown = text.replace("\r", " ").replace("\t", " ").replace("\n", "\u2028")
        self.layout = layout = QTextLayout(shown, font)
        layout.setCacheEnabled(True)
        option = QTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignLeft)  # drawText aligns each line itself
        if not wrap:
            option.setFlags(option.flags() | QTextOption.Flag.IncludeTrailingSpaces)
        layout.setTextOption(option)
        line_width = max(0.0, width) if wrap else float(0x01000000)
        leading = QFontMetricsF(font).leading()
        height = -leading
        natural = 0.0
        self.lines = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(line_width)
            height = math.ceil(height + leading)  # lines on whole pixels, as drawText puts them
            line.setPosition(QPointF(0.0, height))
            height += line.ascent() + line.descent()
            natural = max(natural, line.naturalTextWidth())
            self.lines.append(line)
        layout.endLayout()
        self.height, self.width = height, natural


_CACHE: dict[tuple[QFont, str, int, bool], _Laid] = {}  # a QFont hashes and compares by its request


def draw_text(painter: QPainter, rect: QRect, flags: int, text: str) -> None:
    """painter.drawText(rect, flags, text), from a layout kept for the next paint."""
    if not text:
        return
    font = painter.font()
    wrap = bool(flags & _WRAP)
    key = (font, text, rect.width() if wrap else -1, wrap)
    laid = _CACHE.get(key)
    if laid is None:
        if len(_CACHE) >= _KEEP:
            _CACHE.clear()
        laid = _CACHE[key] = _Laid(text, font, rect.width(), wrap)
    r = QRectF(rect)
    yoff = 0.0
    if flags & _BOTTOM:
        yoff = r.height() - laid.height
    elif flags & _VCENTER:
        yoff = (r.height() - laid.height) / 2
    clip = not r.contains(QRectF(r.x(), r.y() + yoff, laid.width, laid.height))
    if clip:
        painter.save()
        painter.setClipRect(r, Qt.ClipOperation.IntersectClip)
    for line in laid.lines:
        xoff = 0.0
        if flags & _RIGHT:
            xoff = r.width() - line.horizontalAdvance()
        elif flags & _HCENTER:
            xoff = (r.width() - line.horizontalAdvance()) / 2
        line.draw(painter, QPointF(r.x() + xoff, r.y() + yoff))
    if clip:
        painter.restore()
