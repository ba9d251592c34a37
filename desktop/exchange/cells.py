"""Cell text rules shared by the xlsx and ods writers.

Spreadsheets have limits the database does not: 32,767 characters a cell, no control
characters in XML, 31-character sheet names, and text that starts with `=` may be taken
for a formula. These helpers make every text safe once, the same way for both formats.
"""

from __future__ import annotations

import math
import re
import unicodedata

from desktop.models.store import StoreError

MAX_CELL_CHARS = 32_767
MAX_SHEET_NAME = 31
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# Characters XML 1.0 cannot carry (control characters, lone surrogates, the two non-characters),
# and DEL, which XML allows but LibreOffice turns into U+FFFD in .ods.
_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]"
)
# Control characters dropped on the way in: U+0000–U+001F except tab and newline, and DEL.
_CONTROL_IN = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_FILE_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class ExportError(StoreError):
    """An export refused for a reason the user can fix; the message is Chinese."""


def clean_text(text: object) -> str:
    """Text with the characters XML cannot hold removed; None becomes ''."""
    if text is None:
        return ""
    s = str(text)
    return _ILLEGAL_XML.sub("", s) if _ILLEGAL_XML.search(s) else s


def drop_controls(text: str) -> tuple[str, int]:
    """`text` without control characters (tab and newline kept), and how many went.
    A carriage return is not counted: readers turn \r\n and \r into \n before this."""
    if not _CONTROL_IN.search(text):
        return text, 0
    cleaned = _CONTROL_IN.sub("", text)
    return cleaned, len(text) - len(cleaned)


def utf16_units(text: str) -> int:
    """Excel counts a cell's length in UTF-16 code units: an emoji is two."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def sheet_name_note(section: str, sheet: str) -> str | None:
    """Say when a section's sheet tab could not carry its whole name."""
    full = clean_text(section).strip()
    if sheet == full:
        return None
    if len(full) > MAX_SHEET_NAME:
        why = f"超過 Excel 工作表名稱上限 {MAX_SHEET_NAME} 字"
    else:
        why = "含有 Excel 工作表名稱不能用的字元（[]:*?/\\）或與其他課室重複"
    return f"課室「{full}」的名稱{why}，工作表名稱改為「{sheet}」（封面上仍是全名）"


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def check_length(text: str, where: str) -> str:
    """Refuse text a spreadsheet cell cannot hold, naming where it is. The limit is in UTF-16
    units, as Excel counts: 20,000 emoji are 40,000 units and a cell Excel calls corrupt."""
    units = utf16_units(text)
    if units > MAX_CELL_CHARS:
        extra = "（表情符號等罕用字每字算 2 個單位）" if units != len(text) else ""
        raise ExportError(
            f"{where}的文字共 {units:,} 個字元單位{extra}，超過 Excel 儲存格上限 "
            f"{MAX_CELL_CHARS:,}，請先縮短內容再匯出。"
        )
    return text


def task_place(section: str, item_number: str, item_name: str, content: str = "") -> str:
    """「課室「…」計畫項目「3 名稱」工作內容「…」」 for error messages."""
    item = " ".join(p for p in (item_number, item_name) if p).strip()
    where = f"課室「{section}」計畫項目「{_short(item)}」"
    if content:
        where += f"工作內容「{_short(content)}」"
    return where


def _short(text: str, n: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def sheet_name(name: str, taken: set[str]) -> str:
    """A name Excel accepts: no []:*?/\\, not blank, ≤31 characters, unique (case-insensitive)."""
    base = _SHEET_BAD.sub("_", clean_text(name)).strip().strip("'") or "工作表"
    if base.lower() == "history":
        base = "History_"
    base = base[:MAX_SHEET_NAME]
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f"({n})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def file_name(name: str) -> str:
    """A file name Windows accepts."""
    return _FILE_BAD.sub("_", name).strip().rstrip(".") or "檔案"


def char_units(ch: str) -> float:
    """Width of one character in Excel column units: CJK and full-width take two."""
    if ch < "\u1100":
        return 1.0
    return 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.0


def text_units(text: str) -> float:
    return sum(char_units(c) for c in text)


def line_count(text: str, width: float) -> int:
    """Lines the text takes when wrapped in a column `width` units wide."""
    if not text:
        return 1
    usable = max(1.0, width - 1.0)
    return sum(max(1, math.ceil(text_units(line) / usable)) for line in text.split("\n"))
