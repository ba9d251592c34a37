"""The line breaking the 成果報告 uses for its table cells (plain strings, not Paragraphs)."""

from __future__ import annotations

import pytest

from desktop.printing.fonts import register_cjk_font
from desktop.printing.linebreak import wrap_lines


@pytest.fixture(scope="module")
def font():
    return register_cjk_font("")


@pytest.mark.parametrize("text, width_chars, lines", [
    ("", 5, [""]),
    ("一二三四五", 5, ["一二三四五"]),
    ("一二三四五六", 5, ["一二三四五", "六"]),
    ("一二三四五，六", 5, ["一二三四五，", "六"]),  # a comma never starts a line
    ("一二三四五％", 5, ["一二三四五％"]),
    ("第一行\n第二行", 5, ["第一行", "第二行"]),
    ("一二三 ABCDEFG", 6, ["一二三 ", "ABCDEFG"]),  # a Latin word moves whole
])
def test_wrap_lines(font, text, width_chars, lines):
    assert wrap_lines(text, font, 10, width_chars * 10 + 0.5) == lines


def test_no_line_is_wider_than_the_cell(font):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = "本月受理出生登記98件，均於60日內通知申請獎勵金；" * 5
    for line in wrap_lines(text, font, 8, 120):
        assert stringWidth(line.rstrip("，；"), font, 8) <= 120
