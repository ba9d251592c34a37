"""Checks a spreadsheet file before any parser touches it.

.xlsx and .ods are zip files of XML. A hostile or broken one can be a zip bomb, an XML
entity bomb ("billion laughs"), a truncated download or some other file renamed. All of
that is caught here with `zipfile` alone, reading each member in small chunks, so the
check itself needs little memory and time; only then do openpyxl or odfpy open it.

Defence in depth: both parsers parse through defusedxml themselves (openpyxl when
defusedxml is installed, odfpy always), so a DTD that slipped past the scan here would
still be refused. We do not call `defusedxml.defuse_stdlib()`: it patches the standard
library for the whole program, and the exporters share that process.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_TOTAL = 200 * 1024 * 1024  # all members together, uncompressed
MAX_XML_MEMBER = 25 * 1024 * 1024  # one sheet's XML; a 5,000-task table is about 5 MB
MAX_ODS_CONTENT = 12 * 1024 * 1024  # odfpy keeps a whole DOM: 8 MB of 5,000 tasks take 150 MB
MAX_XML_TOTAL = 60 * 1024 * 1024  # all XML together: what the parsers hold in memory
MAX_RATIO = 100  # uncompressed / compressed, checked on members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# openpyxl makes one object per cell a merged range covers: a merge over A1:XFD1048576
# would never finish. Limit the cells that merges cover, per sheet.
MAX_MERGED_CELLS = 200_000
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
# A sheet is refused from its cell count, read while scanning its XML: openpyxl would otherwise
# build an object per cell first (858,440 cells took 11–20 s and 382 MB to refuse).
MAX_SHEET_CELLS = 400_000  # sheet_grid.MAX_CELLS: a 5,000-task table has under 200,000
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_TAG = re.compile(r"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
_ATTR = re.compile(r'(?:\w+:)?(\w+)\s*=\s*"([^"]*)"')


class UnsafeFileError(Exception):
    """The file must not be parsed; the message is Chinese and names the file."""


def _sniff(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\x89PNG"):
        return "PNG 圖片"
    if head.startswith(b"\xff\xd8"):
        return "JPEG 圖片"
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with path.open("rb") as fh:
            ole = fh.read(4 * 1024 * 1024)  # the directory naming the streams sits near the start
        if "EncryptedPackage".encode("utf-16-le") in ole:
            return "有密碼保護的檔案"
        return "舊版 Office 檔（.xls/.doc）"
    if head.startswith(b"PK"):
        return "殘缺的壓縮檔（檔案已損毀或不完整）"
    with path.open("rb") as fh:
        sample = fh.read(512)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            return ""
    if b"\x00" not in sample:
        return "純文字檔"
    return ""


def check_spreadsheet(path: Path) -> str:
    """Return "xlsx" or "ods" when the file is safe to open; raise UnsafeFileError if not."""
    name = path.name
    if not path.exists():
        raise UnsafeFileError(f"找不到檔案「{name}」")
    if path.stat().st_size == 0:
        raise UnsafeFileError(f"檔案「{name}」是空的（0 位元組）")
    if not zipfile.is_zipfile(path):
        kind = _sniff(path)
        if kind == "有密碼保護的檔案":
            raise UnsafeFileError(f"檔案「{name}」有密碼保護，請先在 Excel 移除密碼、另存新檔後再匯入")
        if kind.startswith("舊版"):
            raise UnsafeFileError(
                f"檔案「{name}」是{kind}，請在 Excel 或 LibreOffice 另存為 .xlsx 或 .ods 後再匯入"
            )
        what = f"，它其實是{kind}" if kind else "，或檔案已損毀、不完整"
        raise UnsafeFileError(f"檔案「{name}」不是 Excel（.xlsx）或 ODF（.ods）試算表{what}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            kind = _kind(zf, name)
            _check_sizes(infos, name, MAX_ODS_CONTENT if kind == "ods" else MAX_XML_MEMBER)
            cells = {}
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    cells[info.filename] = _check_xml(zf, info, name)
            if kind == "xlsx":
                _check_sheets(zf, name, cells)
    except UnsafeFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise UnsafeFileError(f"檔案「{name}」已損毀或不完整，無法讀取（{type(exc).__name__}）") from exc
    return kind


def _kind(zf: zipfile.ZipFile, name: str) -> str:
    names = set(zf.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        mime = zf.read("mimetype")[:100]
        if b"spreadsheet" in mime:
            return "ods"
        raise UnsafeFileError(
            f"檔案「{name}」是 ODF 文件但不是試算表（{mime.decode('ascii', 'replace')}）"
        )
    if "word/document.xml" in names:
        raise UnsafeFileError(f"檔案「{name}」是 Word 文件，不是試算表；請提供 .xlsx 或 .ods 檔")
    if "ppt/presentation.xml" in names:
        raise UnsafeFileError(f"檔案「{name}」是 PowerPoint 簡報，不是試算表")
    raise UnsafeFileError(f"檔案「{name}」是壓縮檔，但不是 Excel（.xlsx）或 ODF（.ods）試算表")


def _check_sizes(infos: list[zipfile.ZipInfo], name: str, member_limit: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFileError(f"檔案「{name}」內含 {len(infos)} 個項目，數量異常，拒絕開啟")
    total = 0
    xml_total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_TOTAL:
            raise UnsafeFileError(f"檔案「{name}」解壓縮後超過 {_mb(MAX_TOTAL)}，疑似壓縮炸彈，拒絕開啟")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFileError(
                f"檔案「{name}」中的「{info.filename}」壓縮比異常"
                f"（{info.file_size // max(info.compress_size, 1)} 倍），疑似壓縮炸彈，拒絕開啟"
            )
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        if info.file_size > member_limit:
            raise UnsafeFileError(
                f"檔案「{name}」中的「{info.filename}」超過 {_mb(member_limit)}，不像是一份管制表，拒絕開啟"
            )
        xml_total += info.file_size
        if xml_total > MAX_XML_TOTAL:
            raise UnsafeFileError(
                f"檔案「{name}」的表格內容解壓縮後超過 {_mb(MAX_XML_TOTAL)}，不像是一份管制表，拒絕開啟"
            )


def _mb(n: int) -> str:
    return f"{n // 1024 // 1024} MB" if n >= 1024 * 1024 else f"{n:,} 位元組"


def sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) for every sheet xl/workbook.xml lists, in its order."""
    import html

    def tags(member: str, kind: str) -> list[dict[str, str]]:
        text = zf.read(member).decode("utf-8", "replace")
        return [{k: html.unescape(v) for k, v in _ATTR.findall(attrs)}
                for tag, attrs in _TAG.findall(text) if tag == kind]

    names = set(zf.namelist())
    rels_member = "xl/_rels/workbook.xml.rels"
    targets = {}
    if rels_member in names:
        for rel in tags(rels_member, "Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id", "")] = target
    return [(sheet.get("name", ""), targets.get(sheet.get("id", ""), ""))
            for sheet in tags("xl/workbook.xml", "sheet")]


def _check_sheets(zf: zipfile.ZipFile, name: str, cells: dict[str, int]) -> None:
    """Every listed sheet must be there (or a whole section is lost without a word), and none
    may hold more cells than any control table."""
    names = set(zf.namelist())
    for sheet, member in sheet_parts(zf):
        if not member or member not in names:
            raise UnsafeFileError(
                f"檔案「{name}」列出的工作表「{sheet}」內容不在檔案中（檔案不完整或已損毀），"
                "為免漏掉整個課室而不自知，拒絕匯入；請在 Excel 重新存檔後再試"
            )
        count = cells.get(member) or 0
        if count > MAX_SHEET_CELLS:
            raise UnsafeFileError(
                f"檔案「{name}」的工作表「{sheet}」有 {count:,} 個儲存格，超過上限 "
                f"{MAX_SHEET_CELLS:,}，不像是一份管制表，拒絕開啟"
            )


def _check_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> int:
    """Refuse DTDs and entities; read at most the declared size (a lying header is caught).
    Returns the number of cells (`<c …>`) in a worksheet, else 0."""
    limit = info.file_size
    seen = 0
    merged = 0
    cells = 0
    tail = b""
    sheet = info.filename.startswith("xl/worksheets/")
    with zf.open(info) as fh:
        first = True
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise UnsafeFileError(f"檔案「{name}」中的「{info.filename}」使用不支援的編碼（UTF-16）")
            first = False
            seen += len(chunk)
            if seen > limit or seen > MAX_XML_MEMBER:
                raise UnsafeFileError(f"檔案「{name}」中的「{info.filename}」實際大小與宣告不符，拒絕開啟")
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise UnsafeFileError(
                    f"檔案「{name}」中的「{info.filename}」含有 XML 實體宣告（DOCTYPE/ENTITY），"
                    "可能是惡意檔案，拒絕開啟"
                )
            if sheet:
                cells += sum(1 for m in _CELL.finditer(window) if m.end() > len(tail))
                for m in _MERGE.finditer(window):
                    if m.end() > len(tail):  # not counted with the previous chunk
                        merged += _area(*m.groups())
                if merged > MAX_MERGED_CELLS:
                    raise UnsafeFileError(
                        f"檔案「{name}」中的「{info.filename}」合併儲存格涵蓋的範圍異常龐大，拒絕開啟"
                    )
            tail = chunk[-256:]
    return cells


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _area(c1: bytes, r1: bytes, c2: bytes, r2: bytes) -> int:
    return (abs(int(r2) - int(r1)) + 1) * (abs(_col(c2) - _col(c1)) + 1)
