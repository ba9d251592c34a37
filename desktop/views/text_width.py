"""Text widths for row heights, fast: each character of a font is measured once and a text's
width is the sum (the grid lays out thousands of texts when a section or year is shown)."""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QFontMetricsF

_KEEP_LINES = 60_000  # (text, width) line counts kept per font: three texts a task of a 20,000-task plan


class CharAdvances(dict):
    """Character → advance in one font; width(text) is the width of the text on one line,
    lines(text, width) the lines it wraps to (kept: a section shown again is not measured again)."""

    def __init__(self, font: QFont):
        super().__init__()
        self.metrics = QFontMetricsF(font)
        self._lines: dict[tuple[str, int], int] = {}

    def __missing__(self, char: str) -> float:
        width = self[char] = self.metrics.horizontalAdvance(char)
        return width

    def width(self, text: str) -> float:
        return sum(map(self.__getitem__, text))

    def lines(self, text: str, width: int) -> int:
        """Lines of `text` wrapped in `width` px, each paragraph at least one, with 4 px to spare."""
        key = (text, width)
        n = self._lines.get(key)
        if n is None:
            n = sum(max(1, math.ceil((self.width(p) + 4) / width)) for p in text.split("\n")) if text else 1
            if len(self._lines) >= _KEEP_LINES:
                self._lines.clear()
            self._lines[key] = n
        return n


_BY_FONT: dict[str, CharAdvances] = {}


def advances(font: QFont) -> CharAdvances:
    """The shared table for this font (kept for the program's life: a few hundred entries)."""
    key = font.key()
    table = _BY_FONT.get(key)
    if table is None:
        table = _BY_FONT[key] = CharAdvances(font)
    return table
