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

# Characters XML 1.0 cannot carry (control characters, lone surrogates, the two non-characters).
_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
)
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


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def check_length(text: str, where: str) -> str:
    """Refuse text a spreadsheet cell cannot hold, naming where it is."""
    if len(text) > MAX_CELL_CHARS:
        raise ExportError(
            f"{where}的文字共 {len(text):,} 字，超過試算表儲存格上限 {MAX_CELL_CHARS:,} 字，"
            "請先縮短內容再匯出。"
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
