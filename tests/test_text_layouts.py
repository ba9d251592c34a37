"""The grid draws its texts from kept layouts (views/text_layouts.py): the pixels must be the
ones QPainter.drawText draws, for every alignment the grid uses, wrapped or clipped."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from desktop.views.fonts import ui_font
from desktop.views.text_layouts import draw_text

A = Qt.AlignmentFlag
FLAGS = [int(A.AlignLeft | A.AlignTop | Qt.TextFlag.TextWordWrap),
         int(A.AlignHCenter | A.AlignTop | Qt.TextFlag.TextWordWrap),
         int(A.AlignCenter)]
WORDS = "推動辦理宣導清查稽核作業完成率達百分之百以上民眾服務品質提升戶籍資料管理，。、（）"


def _texts() -> list[str]:
    rng = random.Random(5)
    made = ["".join(rng.choice(WORDS) for _ in range(rng.randint(1, 120))) for _ in range(12)]
    return made + ["完成率 100%（1/2）Wolf", "long english words that wrap somewhere here",
                   "第一行\n第二行\n\n第四", "◆", "本月無排程", "12", " trailing  ", "tab\tx\r\ny",
                   "averyveryverylongwordthatcannotwrapatall", ""]


def _image(font: QFont, rect: QRect, flags: int, text: str, kept: bool) -> QImage:
    img = QImage(rect.right() + 12, rect.bottom() + 12, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor("#fff3b8"))
    painter = QPainter(img)
    painter.setFont(font)
    painter.setPen(QColor("#1d232b"))
    if kept:
        draw_text(painter, rect, flags, text)
    else:
        painter.drawText(rect, flags, text)
    painter.end()
    return img


@pytest.mark.parametrize("bold", [False, True])
def test_kept_layouts_draw_what_drawtext_draws(qapp, bold):
    font = ui_font()
    font.setBold(bold)
    for text in _texts():
        for flags in FLAGS:
            for rect in (QRect(7, 9, 220, 300), QRect(7, 9, 220, 40), QRect(3, 3, 30, 20)):
                for _ in range(2):  # the second draw comes from the kept layout
                    assert _image(font, rect, flags, text, True) == _image(font, rect, flags, text, False), (
                        text, flags, rect)
