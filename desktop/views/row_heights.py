"""The grid's row heights from its wrapped texts (faster than Qt's resize-to-contents over
thousands of rows): texts are measured by character (views/text_width.py), and each item
block's heights are kept, so a section shown before is not measured again."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView

from desktop.models.qt_models import COL_CONTENT, COL_ITEM, COL_KPI, COL_NUMBER
from desktop.views.grid_look import PAD
from desktop.views.text_width import advances

_KEEP_WIDTHS = 3  # sets of column widths whose heights are kept (a window resize makes a new set)
_KEEP_BLOCKS = 20_000  # item blocks kept per set of widths: every item of a 40,000-task plan
# (font, column widths) -> item id -> (item, its tasks, their heights); the item and tasks are
# the very objects measured: PlanData replaces an edited one, so an edit is measured again
_KEPT: dict[tuple[Any, ...], dict[int, tuple[Any, tuple[Any, ...], list[int]]]] = {}


class RowHeights:
    """Heights for one font and one set of column widths (text column → width in px)."""

    def __init__(self, font: QFont, column_widths: dict[int, int]):
        bold = QFont(font)
        bold.setBold(True)
        self.fm, self.fm_bold = advances(font), advances(bold)
        self.line = self.fm.metrics.lineSpacing()
        self.base = self.line + 2 * PAD + 6
        self.widths = {c: max(10, w - 2 * PAD - 2) for c, w in column_widths.items()}
        key = (font.key(), tuple(sorted(self.widths.items())))
        kept = _KEPT.get(key)
        if kept is None or len(kept) >= _KEEP_BLOCKS:  # (items of plans shown before pile up)
            if len(_KEPT) >= _KEEP_WIDTHS:
                _KEPT.clear()
            kept = _KEPT[key] = {}
        self.kept = kept
        self.measured = 0  # blocks measured (not found kept), for tests

    def block(self, item: Any, tasks: tuple[Any, ...]) -> list[int]:
        """Heights of one item's rows (`tasks`: a row's task, None for an item without tasks):
        each fits its task's texts, and together they fit the item's name; whole pixels, as
        the header keeps them."""
        got = self.kept.get(item.id)
        if got is not None and got[0] is item and got[1] == tasks:
            return got[2]
        heights = self._measure(item, tasks)
        self.kept[item.id] = (item, tasks, heights)
        self.measured += 1
        return heights

    def _measure(self, item: Any, tasks: tuple[Any, ...]) -> list[int]:
        fm, widths = self.fm, self.widths
        heights = []
        for task in tasks:
            n = 1
            if task is not None:
                n = max(fm.lines(task.content, widths[COL_CONTENT]), fm.lines(task.kpi, widths[COL_KPI]))
            heights.append(max(self.base, n * self.line + 2 * PAD + 2))
        need = max(self.fm_bold.lines(item.name, widths[COL_ITEM]),
                   fm.lines(item.number, widths[COL_NUMBER])) * self.line + 2 * PAD + 2
        if need > sum(heights):
            heights[-1] += need - sum(heights)
        return [int(h) for h in heights]  # what resizeSection keeps of a fractional line spacing


def item_blocks(rows: list[Any]) -> list[tuple[int, int]]:
    """(first row, last row) of each row's item block (GridRow.first / .last)."""
    blocks = [(0, 0)] * len(rows)
    start = 0
    for r, row in enumerate(rows):
        if row.first:
            start = r
        if row.last:
            for k in range(start, r + 1):
                blocks[k] = (start, r)
    return blocks


def resize_rows(header: QHeaderView, rows: list[Any], blocks: list[tuple[int, int]], first: int,
                last: int, fit: RowHeights) -> int | None:
    """Give rows first..last (whole item blocks) their heights; the first row resized, if any.

    Qt answers each resized row with a timer that repaints from that row down, after the grid
    was painted once already; the rows are resized quietly and the caller repaints instead. With
    updates on, each resizeSection also works out where its row is on screen, which after the
    previous resize means every row above it again: n rows cost n² steps (5 × the time at 2,500)."""
    resized: int | None = None
    quiet = header.blockSignals(True)
    updates = header.updatesEnabled()
    header.setUpdatesEnabled(False)
    try:
        r = first
        while r <= last:
            b_first, b_last = blocks[r] if 0 <= r < len(blocks) else (r, r)
            block = rows[b_first:b_last + 1]
            heights = fit.block(block[0].item, tuple(row.task for row in block))
            for k, h in enumerate(heights, start=b_first):
                if header.sectionSize(k) != h:
                    header.resizeSection(k, h)
                    resized = k if resized is None else resized
            r = b_last + 1
    finally:
        header.setUpdatesEnabled(updates)
        header.blockSignals(quiet)
    return resized


class HeightWarmer(QObject):
    """Measures the other sections' item blocks while the window is idle, a few milliseconds at
    a time, so a section shown for the first time finds its heights kept too."""

    SLICE = 0.004  # seconds of measuring per turn of the event loop
    FIRST_DELAY = 300  # ms after a section was shown: its paint and the user's next step first

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._turn)
        self._blocks: Iterator[tuple[Any, tuple[Any, ...]]] | None = None
        self._fit: RowHeights | None = None
        self._for: tuple[Any, ...] | None = None  # (plan data, font and widths) being measured

    def start(self, data: Any, font: QFont, widths: dict[int, int]) -> None:
        """Measure every section of `data` (a PlanData) for this font and these widths, unless
        that is done or under way already."""
        key = (data, font.key(), tuple(widths.items()))
        if data is None or key == self._for:
            return
        self._for = key
        self._fit = RowHeights(font, widths)
        self._blocks = ((it.item, tuple(it.tasks) if it.tasks else (None,))
                        for tree in list(data.trees.values()) for it in tree)
        self._timer.start(self.FIRST_DELAY)

    def _turn(self) -> None:
        if self._blocks is None or self._fit is None:
            return
        end = time.perf_counter() + self.SLICE
        for item, tasks in self._blocks:
            self._fit.block(item, tasks)
            if time.perf_counter() > end:
                self._timer.start(0)
                return
        self._blocks = None  # all measured (self._for stays: nothing to do again)
