"""How a section sheet of the bureau workbook falls onto printed pages, decided by us.

Excel and LibreOffice ignore manual page breaks under 「fit to N pages」, and they cut a
merged 編號/計畫項目 cell at a page break, leaving the next page's rows with no item name.
So we print at a fixed scale that makes the sheet one page wide, estimate row heights
from the text, put a manual row break before an item that would cross the page end (when
it fits on a page), and where an item is taller than a page, split its merged cells at
the break and write its number and name again with 「（續）」, as the PDF does.
"""

from __future__ import annotations

import math
import unicodedata

from desktop.exchange.cells import clean_text

PX_PER_UNIT = 7  # Excel's column unit: the widest digit of the Normal font (Arial 10)
CELL_PX = 5  # what Excel adds to every column, and what a cell keeps free inside
INDENT_PX = 9  # one indent step (Alignment(indent=1))
CONTINUED = "（續）"
# Printable area, inches, with the margins the xlsx and ods writers set (the footer sits in
# the bottom margin); the ods page is about the same, a little shorter for its footer.
PAPER_IN = {"A4": (11.69, 8.27), "A3": (16.54, 11.69)}
MARGIN_IN = (0.4, 0.4, 0.5, 0.75)  # left, right, top, bottom (incl. the ods footer)


def column_px(units: float) -> float:
    return units * PX_PER_UNIT + CELL_PX


def text_lines(text: str, width: float, size: float = 10.0, indent: bool = False) -> int:
    """Lines `text` wraps to in a column `width` units wide, in a `size`-point CJK face."""
    if not text:
        return 1
    usable = max(8.0, column_px(width) - CELL_PX - (INDENT_PX if indent else 0))
    em = size * 96 / 72
    total = 0
    for line in text.split("\n"):
        px = sum(em if unicodedata.east_asian_width(ch) in ("W", "F") else em * 0.55
                 for ch in line)
        total += max(1, math.ceil(px * 1.04 / usable))  # a little slack for word wrapping
    return total


def print_scale(widths: list[float], paper: str, landscape: bool = True) -> int:
    """The percent that prints the sheet exactly one page wide (never above 100)."""
    w, h = PAPER_IN.get(paper, PAPER_IN["A4"])
    if not landscape:
        w, h = h, w
    usable_px = (w - MARGIN_IN[0] - MARGIN_IN[1]) * 96
    sheet_px = sum(column_px(u) for u in widths)
    return max(10, min(100, math.floor(usable_px / sheet_px * 100) - 1))


def page_room(sheet, paper: str, scale: int) -> float:
    """Sheet points of rows that fit below the repeated title rows on one printed page."""
    w, h = PAPER_IN.get(paper, PAPER_IN["A4"])
    if not sheet.landscape:
        w, h = h, w
    body_pt = (h - MARGIN_IN[2] - MARGIN_IN[3]) * 72
    titles = 0.0
    if sheet.title_rows:
        titles = sum(sheet.heights.get(r, 15.0) for r in range(sheet.title_rows[0],
                                                                 sheet.title_rows[1] + 1))
    return body_pt * 100 / scale - titles - 2


def paginate(sheet, paper: str, groups: list[tuple[int, int]], repeat: dict[str, int],
             tail: tuple[int, int] | None = None) -> None:
    """Set sheet.scale and sheet.row_breaks; split items that cannot fit on one page.

    `groups` are each item's first and last row; `repeat` the item columns to write again
    on a continuation ("item" gets 「（續）」); `tail` the sign-off rows, kept with the last item.
    """
    scale = print_scale(sheet.widths, paper, sheet.landscape)
    sheet.scale = scale
    room = page_room(sheet, paper, scale)
    height = lambda r: sheet.heights.get(r, 15.0)  # noqa: E731
    first_row = (sheet.title_rows[1] + 1) if sheet.title_rows else 1
    used = sum(height(r) for r in range(first_row, groups[0][0])) if groups else 0.0
    breaks: list[int] = []
    blocks = list(groups)
    if tail and blocks:  # the sign-off block goes with the last item where they fit together
        a, b = blocks[-1]
        together = sum(height(r) for r in range(a, tail[1] + 1))
        if together <= room:
            blocks[-1] = (a, tail[1])
        else:
            blocks.append(tail)
    elif tail:
        blocks.append(tail)
    for a, b in blocks:
        need = sum(height(r) for r in range(a, b + 1))
        if used + need <= room:
            used += need
            continue
        if need <= room:  # starts a new page whole
            if used > 0:
                breaks.append(a - 1)
            used = need
            continue
        if used > 0 and used + height(a) > room:
            breaks.append(a - 1)
            used = 0.0
        for r in range(a, b + 1):  # taller than a page: break between its rows
            if used > 0 and used + height(r) > room:
                breaks.append(r - 1)
                used = 0.0
                _continue_item(sheet, r, a, b, repeat)
            used += height(r)
    sheet.row_breaks = breaks


def _continue_item(sheet, r: int, a: int, b: int, repeat: dict[str, int]) -> None:
    """Row r starts a new page inside the item of rows a..b: cut its merges at r and write
    the number and name again there, the name with 「（續）」."""
    cols = set(repeat.values())
    kept = []
    for m in sheet.merges:
        r1, c1, r2, c2 = m
        if c1 == c2 and c1 in cols and r1 < r <= r2 and a <= r1 and r2 <= b:
            kept.append((r1, c1, r - 1, c1))
            kept.append((r, c1, r2, c1))
        else:
            kept.append(m)
    sheet.merges = [m for m in kept if m[0] != m[2] or m[1] != m[3]]
    for key, c in repeat.items():
        value = sheet.cells[(a, c)].value
        if key == "item" and isinstance(value, str) and value:
            value = clean_text(value) + CONTINUED
        sheet.put(r, c, value, sheet.cells[(a, c)].style)
