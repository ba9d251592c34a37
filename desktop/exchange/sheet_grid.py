"""One sheet as a sparse grid of texts, fills and merges, whatever the file format.

The table reader works on this instead of openpyxl or odfpy objects, so .xlsx and .ods
read the same way. Only cells that exist are visited: a sheet whose `<dimension>` or
repeat counts claim a million rows costs nothing (see MAX_CELLS).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

MAX_CELLS = 400_000  # a 5,000-task table has well under 200,000 non-empty cells
MAX_ROW = 100_000
MAX_COL = 200


class SheetTooLarge(Exception):
    """The sheet holds more cells than any control table; the message is Chinese."""

    def __init__(self, sheet: str, message: str):
        super().__init__(message)
        self.sheet = sheet


@dataclass
class Grid:
    name: str
    hidden: bool = False  # a hidden sheet is not read (it is often an old copy or a template)
    text: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col), 1-based
    filled: dict[tuple[int, int], str] = field(default_factory=dict)  # non-white fill → colour
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    by_row: dict[int, dict[int, str]] = field(default_factory=dict)
    merge_at: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    notes: list[tuple[int | None, str]] = field(default_factory=list)  # (row, message) to warn
    hidden_rows: set[int] = field(default_factory=set)  # warned about when they hold text

    def finish(self) -> Grid:
        """Index rows, and merged ranges: every covered cell points to its top-left anchor."""
        for (r, c), t in self.text.items():
            self.by_row.setdefault(r, {})[c] = t
        for r in sorted(self.hidden_rows & set(self.by_row)):
            self.notes.append((r, "這一列在原檔中是隱藏的，仍已匯入；如果是不要的舊資料，請匯入後刪除"))
        for r1, c1, r2, c2 in self.merges:
            self.merge_at[(r1, c1)] = (r1, c1, r2, c2)
            r2 = min(r2, MAX_ROW)
            c2 = min(c2, MAX_COL)
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 20_000:
                continue  # a whole-column merge carries no table structure
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self.anchor[(r, c)] = (r1, c1)
        return self

    def get(self, row: int, col: int) -> str:
        return self.text.get((row, col), "")

    def merged_get(self, row: int, col: int) -> tuple[str, bool]:
        """The cell's text, taking a merged range's text; True when it came from above."""
        a = self.anchor.get((row, col))
        if a is None:
            return self.text.get((row, col), ""), False
        return self.text.get(a, ""), a[0] != row

    def fill(self, row: int, col: int) -> str | None:
        """The cell's non-white fill colour (a merged range's), or None."""
        f = self.filled.get((row, col))
        if f is not None:
            return f
        a = self.anchor.get((row, col))
        return self.filled.get(a) if a is not None else None

    def rows(self) -> list[int]:
        rs = set(self.by_row) | {r for r, _ in self.filled}
        return sorted(rs)

    def row_cells(self, row: int) -> dict[int, str]:
        """The texts written in this row (merged ranges not spread)."""
        return self.by_row.get(row, {})


def cell_text(value: object) -> str:
    """A cell value as the text a person reads (whole numbers without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "V" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            value = value.date()
        else:
            return f"{value.year - 1911}.{value.month}.{value.day}"
    if isinstance(value, _dt.date):
        return f"{value.year - 1911}.{value.month}.{value.day}"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


_WHITE = {"FFFFFF", "FFFFFFFF", "00FFFFFF"}
_WHITE_INDEXED = {1, 9, 65}


def _color_is_white(color: object) -> bool:
    if color is None:
        return True
    ctype = getattr(color, "type", None)
    if ctype == "rgb":
        rgb = str(getattr(color, "rgb", "") or "").upper()
        return rgb in _WHITE
    if ctype == "indexed":
        return getattr(color, "indexed", None) in _WHITE_INDEXED
    if ctype == "theme":
        return getattr(color, "theme", None) == 0 and not getattr(color, "tint", 0)
    return True


def _color_key(color: object) -> str:
    ctype = getattr(color, "type", None)
    if ctype == "rgb":
        return str(getattr(color, "rgb", "")).upper()[-6:]
    if ctype == "theme":
        return f"theme{getattr(color, 'theme', '')}:{getattr(color, 'tint', 0)}"
    return f"{ctype}{getattr(color, ctype or 'rgb', '')}"


def note_formula(grid: Grid, row: int, col: int, formula: str) -> None:
    """A formula whose result the file does not hold: its cell reads as empty, and says so."""
    from openpyxl.utils import get_column_letter

    shown = " ".join(str(formula).split())[:40]
    grid.notes.append((row, f"{get_column_letter(col)}{row} 是公式「{shown}」，檔案中沒有存下計算結果，"
                            "此格當作空白；請在 Excel 或 LibreOffice 開啟、重新計算並存檔後再匯入"))


def keep_text(grid: Grid, row: int, col: int, text: str) -> str:
    """The text without control characters; a note (shown as a warning) says where some went."""
    from desktop.exchange.cells import drop_controls

    cleaned, dropped = drop_controls(text)
    if dropped:
        grid.notes.append((row, f"第 {col} 欄的文字含有 {dropped} 個控制字元（如 U+007F），已移除"))
    return cleaned


def openpyxl_fill(cell: object) -> str | None:
    """The colour of a non-white pattern fill, or None (no fill, or white)."""
    fill = getattr(cell, "fill", None)
    if fill is None:
        return None
    ftype = getattr(fill, "fill_type", None) or getattr(fill, "patternType", None)
    if not ftype or ftype == "none":
        return None
    color = getattr(fill, "fgColor", None)
    if _color_is_white(color):
        return None
    return f"{ftype}:{_color_key(color)}"


def grid_from_openpyxl(ws: object, formulas: object = None) -> Grid:
    """Visit only the worksheet's stored cells; never trust its dimension. `formulas` is the
    same sheet loaded without data_only: a formula with no cached result is warned about."""
    grid = Grid(str(getattr(ws, "title", "")), getattr(ws, "sheet_state", "visible") != "visible")
    cells = getattr(ws, "_cells", {})
    if len(cells) > MAX_CELLS:
        raise SheetTooLarge(grid.name, f"工作表「{grid.name}」有 {len(cells)} 個儲存格，超過上限 {MAX_CELLS}，略過")
    for (r, c), cell in cells.items():
        if r > MAX_ROW or c > MAX_COL:
            continue
        t = keep_text(grid, r, c, cell_text(cell.value))
        if t:
            grid.text[(r, c)] = t
        if cell.has_style:
            f = openpyxl_fill(cell)
            if f is not None:
                grid.filled[(r, c)] = f
    for r, dim in getattr(ws, "row_dimensions", {}).items():
        if getattr(dim, "hidden", False):
            grid.hidden_rows.add(r)
    for (r, c), cell in getattr(formulas, "_cells", {}).items():
        if cell.data_type == "f" and (r, c) not in grid.text and r <= MAX_ROW and c <= MAX_COL:
            note_formula(grid, r, c, cell.value)
    for rng in getattr(ws, "merged_cells", None).ranges if getattr(ws, "merged_cells", None) else []:
        grid.merges.append((rng.min_row, rng.min_col, rng.max_row, rng.max_col))
    return grid.finish()
