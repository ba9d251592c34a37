"""The grid's row heights measure texts by character; the sum is never narrower than Qt's own
measure of the whole text, so a wrapped text never gets a line too few."""

from __future__ import annotations

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
