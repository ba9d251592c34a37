"""The grid's row heights measure texts by character; the sum is never narrower than Qt's own
measure of the whole text, so a wrapped text never gets a line too few."""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QFontMetrics

from desktop.views.fonts import ui_font
from desktop.views.text_width import advances


def test_width_by_character_covers_the_whole_text(qapp):
    texts = ["戶籍登記課辦理民眾服務品質提升", "完成率 100%（1/2）Wolf", "AVAVAV ffi", ""]
    bold = QFont(ui_font())
    bold.setBold(True)
    for font in (ui_font(), bold):
        table = advances(font)
        metrics = QFontMetrics(font)
        for text in texts:
            assert metrics.horizontalAdvance(text) - 1 <= table.width(text) <= metrics.horizontalAdvance(text) + 2
        assert advances(font) is table


def test_line_counts_are_kept_and_right(qapp):
    """fit_rows asks for the same texts each time a section is shown: counted once, then kept."""
    table = advances(ui_font())
    text = "戶籍登記課辦理民眾服務品質提升\n完成率 100%"
    first = table.lines(text, 60)
    expected = sum(max(1, math.ceil((table.width(p) + 4) / 60)) for p in text.split("\n"))
    assert first == expected >= 3
    assert table.lines(text, 60) == first and (text, 60) in table._lines
    assert table.lines("", 60) == 1
