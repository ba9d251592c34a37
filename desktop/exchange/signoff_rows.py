"""The 核章欄 and 製表日期 below a sheet's table, for the bureau workbook and the ODF file.

The date row is one cell merged across the sheet, so the importer takes it (and what follows)
as a note below the table, not as data. The label cells split the sheet's width about
evenly, whatever the columns, with an empty bordered row under them for the seals.
"""

from __future__ import annotations

from datetime import date

from desktop.models.rocdate import roc_long

DATE_STYLE = "signoff_date"
LABEL_STYLE = "signoff_label"
SPACE_STYLE = "signoff_space"
STAMP_PT = 48.0  # about 1.7 cm for a seal
DATE_PREFIX = "製表日期："  # the importer stops reading a table at a row starting so


def made_on_text(made_on: date) -> str:
    return f"{DATE_PREFIX}{roc_long(made_on)}"


def column_groups(widths: list[float], n: int) -> list[tuple[int, int]]:
    """Split columns 1..len(widths) into n runs of about equal total width (1-based, inclusive)."""
    n = max(1, min(n, len(widths)))
    total = sum(widths)
    groups: list[tuple[int, int]] = []
    start, acc = 1, 0.0
    for c, w in enumerate(widths, start=1):
        acc += w
        left = n - len(groups) - 1  # groups still to make after this one
        cols_left = len(widths) - c
        if left and (acc >= total * (len(groups) + 1) / n or cols_left == left):
            groups.append((start, c))
            start = c + 1
    groups.append((start, len(widths)))
    return groups


def add_signoff_rows(sheet, first_row: int, labels: list[str], made_on: date) -> int:
    """Write a blank row, 製表日期, the labels and the stamp row from `first_row`; returns the
    last row written. `sheet` is a layout.SheetLayout (put, merge, heights, widths)."""
    last_col = len(sheet.widths)
    r = first_row + 1  # one blank row between the table and the block
    sheet.heights[first_row] = 8
    sheet.put(r, 1, made_on_text(made_on), DATE_STYLE)
    sheet.merge(r, 1, r, last_col)
    sheet.heights[r] = 18
    groups = column_groups(sheet.widths, len(labels))
    for label, (c1, c2) in zip(labels, groups, strict=False):
        for c in range(c1, c2 + 1):
            sheet.put(r + 1, c, label if c == c1 else None, LABEL_STYLE)
            sheet.put(r + 2, c, None, SPACE_STYLE)
        sheet.merge(r + 1, c1, r + 1, c2)
        sheet.merge(r + 2, c1, r + 2, c2)
    sheet.heights[r + 1] = 20
    sheet.heights[r + 2] = STAMP_PT
    return r + 2
