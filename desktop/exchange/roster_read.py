"""Reading a 推動小組（任務編組） roster: 職別／職稱／姓名／任務, one row a member.

大安區 112 writes it below its control table (「附件二 任務編組」); our own workbook writes it
as a sheet of its own (roster_sheet). Both are read here the same way: the header row names
the columns, each following row with a 職稱 or 姓名 is a member, and a row that only
continues the 任務 text (a printed page wrapped it) joins the member above. The roster ends at
a blank row followed by something that is not a member, or at the sheet's end.
"""

from __future__ import annotations

from desktop.exchange.reader_headers import squash
from desktop.exchange.sheet_grid import Grid

FIELDS = (("role", ("職別", "職務", "編組")), ("title", ("職稱",)), ("name", ("姓名",)),
          ("duty", ("任務", "分工", "工作職掌")))


def roster_columns(grid: Grid, row: int) -> dict[str, int]:
    """field → column of a roster header row (empty when the row is not one)."""
    cols: dict[str, int] = {}
    for c, text in sorted(grid.row_cells(row).items()):
        t = squash(text)
        if len(t) > 6:
            continue
        for key, words in FIELDS:
            if key not in cols and any(w in t for w in words):
                cols[key] = c
                break
    return cols if len(cols) >= 3 and "name" in cols else {}


def read_roster(grid: Grid, header_row: int) -> tuple[list[dict], int]:
    """The members under a roster header, and the last row they take."""
    cols = roster_columns(grid, header_row)
    members: list[dict] = []
    last = header_row
    for r in grid.rows():
        if r <= header_row:
            continue
        values = {k: " ".join(grid.merged_get(r, c)[0].split()) if k != "duty"
                  else grid.merged_get(r, c)[0].strip() for k, c in cols.items()}
        if not any(values.values()):
            if not grid.row_cells(r):
                continue
            break  # something else is written here: the roster has ended
        if not (values.get("title") or values.get("name")):
            if members and values.get("duty"):
                members[-1]["duty"] = (members[-1]["duty"] + values["duty"]).strip()
                last = r
                continue
            break
        members.append({k: values.get(k, "") for k, _ in FIELDS})
        last = r
    return members, last
