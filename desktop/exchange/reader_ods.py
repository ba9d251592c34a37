"""ODF spreadsheets (.ods) into sheet grids, with the same limits as .xlsx.

odfpy keeps repeat counts as attributes (`number-rows-repeated="1048000"`), so rows and
cells are expanded only when they hold something, and never past sheet_grid's limits.
"""

from __future__ import annotations

from pathlib import Path

from odf import teletype
from odf.namespaces import TABLENS, TEXTNS
from odf.opendocument import load

from desktop.exchange.sheet_grid import (
    MAX_CELLS,
    MAX_COL,
    MAX_ROW,
    Grid,
    SheetTooLarge,
    keep_text,
    note_formula,
)

_WHITE = {"#ffffff", "transparent", ""}
MAX_REPEAT_WITH_CONTENT = 1000


def _hidden_table_styles(doc: object) -> set[str]:
    names: set[str] = set()
    for style in doc.automaticstyles.childNodes:
        for child in getattr(style, "childNodes", []):
            if getattr(child, "qname", (None, None))[1] == "table-properties":
                if (child.getAttribute("display") or "").lower() == "false":
                    names.add(style.getAttribute("name"))
    return names


def _filled_styles(doc: object) -> dict[str, str]:
    """Cell style name → its non-white background colour."""
    names: dict[str, str] = {}
    for container in (doc.automaticstyles, doc.styles):
        for style in container.childNodes:
            if getattr(style, "qname", None) is None or style.qname[1] != "style":
                continue
            for child in style.childNodes:
                if getattr(child, "qname", (None, None))[1] != "table-cell-properties":
                    continue
                color = (child.getAttribute("backgroundcolor") or "").lower()
                if color not in _WHITE:
                    names[style.getAttribute("name")] = color
    return names


def _int_attr(el: object, name: str, default: int = 1) -> int:
    try:
        v = el.getAttribute(name)
    except ValueError:
        return default
    try:
        return max(int(v), 1) if v else default
    except (TypeError, ValueError):
        return default


def _cell_text(cell: object) -> str:
    parts = []
    for child in cell.childNodes:
        if getattr(child, "qname", None) == (TEXTNS, "p"):
            parts.append(teletype.extractText(child))
    return "\n".join(parts).strip()


def _rows(table: object):
    """Table rows in order, also those inside header-rows and row-groups."""
    for child in table.childNodes:
        q = getattr(child, "qname", None)
        if q == (TABLENS, "table-row"):
            yield child
        elif q in ((TABLENS, "table-header-rows"), (TABLENS, "table-row-group"), (TABLENS, "table-rows")):
            yield from _rows(child)


def grids_from_ods(path: Path) -> list[Grid | SheetTooLarge]:
    """Every sheet as a grid, or the reason it was skipped (too large)."""
    doc = load(str(path))
    filled_styles = _filled_styles(doc)
    hidden = _hidden_table_styles(doc)
    out: list[Grid | SheetTooLarge] = []
    for table in doc.spreadsheet.childNodes:
        if getattr(table, "qname", None) != (TABLENS, "table"):
            continue
        try:
            grid = _grid(table, filled_styles)
            grid.hidden = (table.getAttribute("stylename") or "") in hidden
            out.append(grid)
        except SheetTooLarge as exc:
            out.append(exc)
    return out


def _grid(table: object, filled_styles: dict[str, str]) -> Grid:
    grid = Grid(table.getAttribute("name") or "")
    count = 0
    r = 1
    for row in _rows(table):
        rrep = _int_attr(row, "numberrowsrepeated")
        if (row.getAttribute("visibility") or "visible") != "visible" and rrep <= MAX_REPEAT_WITH_CONTENT:
            grid.hidden_rows.update(range(r, r + rrep))
        cells = []
        c = 1
        for cell in row.childNodes:
            q = getattr(cell, "qname", None)
            if q not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            crep = _int_attr(cell, "numbercolumnsrepeated")
            if q == (TABLENS, "table-cell"):
                text = keep_text(grid, r, c, _cell_text(cell))
                style = cell.getAttribute("stylename") or ""
                filled = filled_styles.get(style)
                formula = cell.getAttribute("formula")
                if formula and not text and cell.getAttribute("valuetype") in (None, ""):
                    note_formula(grid, r, c, formula.removeprefix("of:"))
                if text or filled:
                    for k in range(min(crep, MAX_REPEAT_WITH_CONTENT)):
                        if c + k <= MAX_COL:
                            cells.append((c + k, text, filled))
                rs = _int_attr(cell, "numberrowsspanned")
                cs = _int_attr(cell, "numbercolumnsspanned")
                if rs > 1 or cs > 1:
                    grid.merges.append((r, c, r + rs - 1, c + cs - 1))
            c += crep
            if c > MAX_COL:
                break
        if cells:
            if rrep > MAX_REPEAT_WITH_CONTENT:
                grid.notes.append((r, f"這一列宣稱重複 {rrep} 次，只讀取前 {MAX_REPEAT_WITH_CONTENT} 次"))
            for k in range(min(rrep, MAX_REPEAT_WITH_CONTENT)):
                if r + k > MAX_ROW:
                    break
                for col, text, filled in cells:
                    if text:
                        grid.text[(r + k, col)] = text
                    if filled:
                        grid.filled[(r + k, col)] = filled
                count += len(cells)
                if count > MAX_CELLS:
                    raise SheetTooLarge(grid.name, f"工作表「{grid.name}」的儲存格超過上限 {MAX_CELLS}，略過")
        r += rrep
        if r > MAX_ROW:
            break
    return grid.finish()
