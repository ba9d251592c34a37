"""Text widths for row heights, fast: each character of a font is measured once and a text's
width is the sum (the grid lays out thousands of texts when a section or year is shown)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF


class CharAdvances(dict):
    """Character → advance in one font; width(text) is the width of the text on one line."""

    def __init__(self, font: QFont):
        super().__init__()
        self.metrics = QFontMetricsF(font)

    def __missing__(self, char: str) -> float:
        width = self[char] = self.metrics.horizontalAdvance(char)
        return width

    def width(self, text: str) -> float:
        return sum(map(self.__getitem__, text))


_BY_FONT: dict[str, CharAdvances] = {}


def advances(font: QFont) -> CharAdvances:
    """The shared table for this font (kept for the program's life: a few hundred entries)."""
    key = font.key()
    table = _BY_FONT.get(key)
    if table is None:
        table = _BY_FONT[key] = CharAdvances(font)
    return table
