"""Fast line breaking of plain CJK text for table cells drawn as strings.

A reportlab Paragraph costs about a third of a millisecond to break and draw; a results report
has tens of thousands of cells. We break the text ourselves with the font's width table and give
the table plain strings ("\\n" between lines), which reportlab draws with one drawString a line.
Rules: break anywhere between CJK characters; never start a line with 、，。：；？！）」』％ and
the like (it hangs at the end of the line before); a Latin word or number shorter than a line
is not cut.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from desktop.printing.markup import clean

CANNOT_START = set("、，。．：；？！）」』》〉】％…‧·,.:;?!)]}%")
_WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-/.,%")


def _widths(font: str, size: float):
    face = getattr(getFont(font), "face", None)
    if face is None:
        return lambda c: stringWidth(c, font, size)
    get, default, k = face.charWidths.get, face.defaultWidth, 0.001 * size
    return lambda c: k * get(ord(c), default)


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` as lines no wider than `width` points (a line of one wide word may be wider)."""
    width_of = _widths(font, size)
    out: list[str] = []
    for para in clean(text).strip("\n").split("\n"):
        if sum(map(width_of, para)) <= width:  # most cells: one line, nothing to break
            out.append(para)
            continue
        line: list[str] = []
        used = 0.0
        for ch in para:
            w = width_of(ch)
            if line and used + w > width and ch not in CANNOT_START:
                cut = len(line)
                if ch in _WORD:  # do not cut a Latin word or a number when it can move whole
                    k = cut
                    while k > 0 and line[k - 1] in _WORD:
                        k -= 1
                    if k > 0:
                        cut = k
                out.append("".join(line[:cut]))
                line = line[cut:]
                used = sum(width_of(c) for c in line)
            line.append(ch)
            used += w
        out.append("".join(line))
    return out


def wrap_text(text: str, font: str, size: float, width: float) -> str:
    return "\n".join(wrap_lines(text, font, size, width))
