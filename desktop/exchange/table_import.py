"""Reading any real control table (.xlsx/.xlsm/.ods) into plain data (DESIGN.md §5).

`read_table_file` is the one entry point: the CLI, the merge step and the import preview
dialog all call it. It never writes anything and never raises anything but
ImportFileError (with a Chinese message naming the file); what it could not read in a
readable file comes back as ImportWarning with sheet and row.

The returned `sections` have the shape of `import --json` (DESIGN.md §6) plus
"checkpoints"; without "status"/"note" they go straight into `Store.insert_sections`.
How each layout is read is described in reader_table (rows), reader_headers (headers and
titles) and periods (free-text ROC periods). Decisions worth knowing when showing a
preview:
- 「賡續辦理」 with no date → all twelve months, schedule_note 賡續辦理, and a warning.
- 年度目標/目標展開 columns have no place in the plan: not imported, one warning.
- 子項目/要項細目 is written before the content: 「子項目：內容」.
- A 狀態 column (our own exports) holds derived states: read with 執行情形 as that month's
  report (own_workbook), never as a status word; 執行狀態 is read. Our cover gives the plan's
  title, 核定 date and 文號 back (`ImportResult.cover`).
- 執行狀態 in an office's words (「已開始執行」) is mapped by status_words, the word kept in
  the note, one summary warning per sheet; text naming no Status goes to note, warned per row.
- A blank 執行單位 on a new item → section 「未填執行單位」, with a warning.
- A 任務編組 roster (below a table, as 大安 writes it, or a sheet of its own, as we export it)
  is read into `ImportResult.roster`; merge puts it into a new plan.
- Sheets named 封面/說明/目錄/… without a table are skipped quietly; other sheets
  without a table are warned about; a file without any table is an ImportFileError.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from desktop.exchange.own_workbook import Cover, read_cover
from desktop.exchange.reader_headers import find_header
from desktop.exchange.reader_table import ImportWarning, SheetResult, read_grid
from desktop.exchange.roster_read import read_roster, roster_columns
from desktop.exchange.safe_open import UnsafeFileError, check_spreadsheet
from desktop.exchange.sheet_grid import Grid, SheetTooLarge, grid_from_openpyxl

__all__ = ["ImportFileError", "ImportResult", "ImportWarning", "read_table_file"]

SUFFIXES = (".xlsx", ".xlsm", ".ods")
QUIET_SHEETS = ("封面", "說明", "目錄", "摘要", "統計", "總表", "彙總", "任務編組", "推動小組")


class ImportFileError(Exception):
    """The file cannot be read at all; str() is a Chinese message naming the file."""


@dataclass
class ImportResult:
    path: Path
    year: int | None  # ROC year from a title such as 「113年度」
    office: str  # 「臺北市文山區戶政事務所」 from the title, else ""
    title: str  # the first title row found, else ""
    sections: list[dict]
    warnings: list[ImportWarning] = field(default_factory=list)
    cover: Cover | None = None  # our own workbook's cover: title, 核定 date, 文號
    roster: list[dict] = field(default_factory=list)  # 推動小組 members: role/title/name/duty

    @property
    def task_count(self) -> int:
        return sum(len(i["tasks"]) for s in self.sections for i in s["items"])


def _load_grids(path: Path, kind: str) -> list[Grid | SheetTooLarge]:
    if kind == "ods":
        from desktop.exchange.reader_ods import grids_from_ods

        return grids_from_ods(path)
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    # a second, formula-keeping load only when some formula has no cached result
    raw = openpyxl.load_workbook(path) if _uncached_formulas(path) else None
    try:
        out: list[Grid | SheetTooLarge] = []
        for i, ws in enumerate(wb.worksheets):
            try:
                out.append(grid_from_openpyxl(ws, raw.worksheets[i] if raw is not None else None))
            except SheetTooLarge as exc:
                out.append(exc)
        return out
    finally:
        wb.close()
        if raw is not None:
            raw.close()


_NO_VALUE = re.compile(rb"(?:</f>|<f[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _uncached_formulas(path: Path) -> bool:
    """Does any sheet hold a formula cell without a <v> (its cached result)?"""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if _NO_VALUE.search(z.read(name)):
                    return True
    return False


def read_table_file(path: str | Path) -> ImportResult:
    """Every control table in the workbook, as sections in order of first appearance."""
    path = Path(path)
    name = path.name
    if path.suffix.lower() in (".xls", ".ots", ".xlt"):
        raise ImportFileError(
            f"檔案「{name}」是舊版或範本格式，請在 Excel 或 LibreOffice 另存為 .xlsx 或 .ods 後再匯入"
        )
    if path.suffix.lower() not in SUFFIXES:
        raise ImportFileError(f"檔案「{name}」不是 .xlsx、.xlsm 或 .ods 試算表，無法匯入")
    try:
        kind = check_spreadsheet(path)
    except UnsafeFileError as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        grids = _load_grids(path, kind)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError,
            OSError, EOFError, SyntaxError) as exc:  # SyntaxError: xml ParseError / defusedxml
        raise ImportFileError(
            f"檔案「{name}」的內容已損毀或格式不正確，無法讀取（{type(exc).__name__}）"
        ) from exc
    except Exception as exc:  # noqa: BLE001 - a parser's surprise must not reach the user as a traceback
        raise ImportFileError(f"讀取檔案「{name}」時發生錯誤：{type(exc).__name__}") from exc
    try:
        return _assemble(path, grids)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader bug must still reach the user in Chinese
        raise ImportFileError(f"讀取檔案「{name}」的表格時發生未預期的錯誤：{type(exc).__name__}") from exc


def _assemble(path: Path, grids: list[Grid | SheetTooLarge]) -> ImportResult:
    warnings: list[ImportWarning] = []
    results: list[tuple[Grid, SheetResult]] = []
    year: int | None = None
    cover: Cover | None = None
    roster: list[dict] = []
    for grid in grids:
        if isinstance(grid, SheetTooLarge):
            warnings.append(ImportWarning(grid.sheet, None, str(grid)))
            continue
        if grid.hidden:  # warned about only when it holds a table we leave out
            if any(find_header(grid, r) for r in grid.rows()):
                warnings.append(ImportWarning(grid.name, None, f"工作表「{grid.name}」是隱藏的，未讀取"))
            continue
        warnings.extend(ImportWarning(grid.name, row, msg) for row, msg in grid.notes)
        cover = cover or read_cover(grid)
        res = read_grid(grid, year, warnings)
        roster.extend(res.roster)
        if not res.has_table and (members := _roster_sheet(grid)):
            roster.extend(members)
            continue
        if res.has_table:
            results.append((grid, res))
            if year is None:
                year = next((t.year for t in res.titles if t.year), None)
        elif not any(w in grid.name for w in QUIET_SHEETS):
            what = "是空的" if not grid.text else "找不到管制表（沒有「編號、計畫項目、工作內容」等表頭）"
            warnings.append(ImportWarning(grid.name, None, f"工作表「{grid.name}」{what}，略過"))
    if not results and warnings and any(isinstance(g, SheetTooLarge) for g in grids):
        too_big = "；".join(str(g) for g in grids if isinstance(g, SheetTooLarge))
        raise ImportFileError(f"檔案「{path.name}」無法匯入：{too_big}")
    if not results:
        raise ImportFileError(
            f"檔案「{path.name}」中找不到工作計畫期程管制表：沒有任何工作表含有"
            "「編號／項次」「計畫項目／專案名稱」「工作內容」等表頭"
        )
    titles = [t for _, res in results for t in res.titles]
    if year is None:
        years = [y for _, res in results for y in res.years]
        year = Counter(years).most_common(1)[0][0] if years else None
    office = next((t.office for t in titles if t.office), "")
    title = titles[0].text if titles else ""
    merged: dict[str, list[dict]] = {}
    for _, res in results:
        for sec, items in res.sections.items():
            merged.setdefault(sec, []).extend(items)
    sections = [{"name": n, "items": items} for n, items in merged.items()]
    return ImportResult(path, year, office, title, sections, warnings, cover, roster)


def _roster_sheet(grid: Grid) -> list[dict]:
    """A sheet that is only a roster (our own 推動小組 sheet, or an office's 任務編組)."""
    for r in grid.rows()[:6]:
        if roster_columns(grid, r):
            return read_roster(grid, r)[0]
    return []
