"""The grid's row heights from its wrapped texts (faster than Qt's resize-to-contents over
thousands of rows): texts are measured by character (views/text_width.py) and line counts kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont

from desktop.models.qt_models import COL_CONTENT, COL_ITEM, COL_KPI, COL_NUMBER
from desktop.views.grid_look import PAD
from desktop.views.text_width import advances


class RowHeights:
    """Heights for one font and one set of column widths (text column → width in px)."""

    def __init__(self, font: QFont, column_widths: dict[int, int]):
        bold = QFont(font)
        bold.setBold(True)
        self.fm, self.fm_bold = advances(font), advances(bold)
        self.line = self.fm.metrics.lineSpacing()
        self.base = self.line + 2 * PAD + 6
        self.widths = {c: max(10, w - 2 * PAD - 2) for c, w in column_widths.items()}

    def block(self, rows: list[Any]) -> list[int]:
        """Heights of one item's rows (GridRow): each fits its task's texts, and together
        they fit the item's name; whole pixels, as the header keeps them."""
        fm, widths = self.fm, self.widths
        heights = []
        for row in rows:
            n = 1
            if row.task is not None:
                n = max(fm.lines(row.task.content, widths[COL_CONTENT]), fm.lines(row.task.kpi, widths[COL_KPI]))
            heights.append(max(self.base, n * self.line + 2 * PAD + 2))
        item = rows[0].item
        need = max(self.fm_bold.lines(item.name, widths[COL_ITEM]),
                   fm.lines(item.number, widths[COL_NUMBER])) * self.line + 2 * PAD + 2
        if need > sum(heights):
            heights[-1] += need - sum(heights)
        return [int(h) for h in heights]  # what resizeSection keeps of a fractional line spacing
