"""Broken and hostile files through `plandesk import`: a Chinese message naming the file,
a non-zero exit, and not one byte of stored content changed. Each file is built here, small."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_import_cli import WENSHAN, dump, seed, write_table

from desktop.cli import run

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def db(tmp_path) -> Path:
    d = tmp_path / "plandesk.sqlite"
    seed(d)
    return d


def refused(db: Path, f: Path, capsys, *extra: str) -> str:
    before = dump(db)
    code = run(["--db", str(db), "import", str(f), *extra])
    err = capsys.readouterr().err
    assert code != 0
    assert f.name in err
    assert "錯誤" in err
    assert "Traceback" not in err
    assert dump(db) == before
    return err


def rewrite_member(src: Path, dest: Path, member: str, data: bytes) -> Path:
    """Copy an xlsx with one member's bytes replaced."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = data if info.filename == member else zin.read(info.filename)
            zout.writestr(info.filename, body)
    return dest


def test_truncated_zip(tmp_path, db, capsys):
    good = write_table(tmp_path / "good.xlsx")
    raw = good.read_bytes()
    f = tmp_path / "截斷.xlsx"
    f.write_bytes(raw[: len(raw) // 2])
    refused(db, f, capsys)


def test_corrupt_member(tmp_path, db, capsys):
    good = write_table(tmp_path / "good.xlsx")
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + 40):
        raw[i] ^= 0x5A
    f = tmp_path / "壞掉.xlsx"
    f.write_bytes(bytes(raw))
    refused(db, f, capsys)


def test_docx_renamed(tmp_path, db, capsys):
    f = tmp_path / "報告.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    err = refused(db, f, capsys)
    assert "Word" in err


def test_png_renamed(tmp_path, db, capsys):
    f = tmp_path / "圖片.xlsx"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    refused(db, f, capsys)


def test_plain_text_renamed(tmp_path, db, capsys):
    f = tmp_path / "文字.xlsx"
    f.write_text("編號,計畫項目,工作內容\n1,便民,服務\n", encoding="utf-8")
    refused(db, f, capsys)


def test_zero_bytes(tmp_path, db, capsys):
    f = tmp_path / "空.xlsx"
    f.write_bytes(b"")
    refused(db, f, capsys)


def test_empty_workbook(tmp_path, db, capsys):
    f = tmp_path / "空白活頁簿.xlsx"
    Workbook().save(f)
    refused(db, f, capsys)


def test_sheet_without_a_table(tmp_path, db, capsys):
    f = tmp_path / "會議紀錄.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "紀錄"
    ws.append(["113年度第3次所務會議紀錄"])
    ws.append(["時間：113年3月5日"])
    ws.append(["主席致詞：略"])
    wb.save(f)
    refused(db, f, capsys)


def test_zip_bomb_highly_compressible_member(tmp_path, db, capsys):
    good = write_table(tmp_path / "good.xlsx")
    f = tmp_path / "炸彈.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        # 64 MB of one byte compresses to ~64 KB: a ratio no real sheet has.
        zout.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024),
                      compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    assert f.stat().st_size < 2 * 1024 * 1024
    refused(db, f, capsys)


def test_zip_bomb_declaring_gigabytes(tmp_path, db, capsys):
    """A member whose headers claim 4 GB: refused from the directory alone, nothing inflated."""
    good = write_table(tmp_path / "good.xlsx")
    raw = bytearray(good.read_bytes())
    target = b"xl/worksheets/sheet1.xml"
    huge = struct.pack("<I", 0xF0000000)
    # central directory entry: uncompressed size at +24; local header: at +22
    cd = raw.find(b"PK\x01\x02")
    while cd != -1:
        name_len = struct.unpack("<H", raw[cd + 28: cd + 30])[0]
        if raw[cd + 46: cd + 46 + name_len] == target:
            raw[cd + 24: cd + 28] = huge
            local = struct.unpack("<I", raw[cd + 42: cd + 46])[0]
            raw[local + 22: local + 26] = huge
        cd = raw.find(b"PK\x01\x02", cd + 4)
    f = tmp_path / "宣稱4GB.xlsx"
    f.write_bytes(bytes(raw))
    with zipfile.ZipFile(f) as z:
        assert z.getinfo(target.decode()).file_size == 0xF0000000
    refused(db, f, capsys)


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
"""


def test_billion_laughs_in_a_sheet(tmp_path, db, capsys):
    good = write_table(tmp_path / "good.xlsx")
    f = rewrite_member(good, tmp_path / "笑話.xlsx", "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    refused(db, f, capsys)


def test_billion_laughs_in_an_ods(tmp_path, db, capsys):
    f = tmp_path / "笑話.ods"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        z.writestr("content.xml", BILLION_LAUGHS)
    refused(db, f, capsys)


def _with_dimension(src: Path, dest: Path, ref: str) -> Path:
    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    start = xml.index("<dimension")
    end = xml.index("/>", start) + 2
    xml = xml[:start] + f'<dimension ref="{ref}"/>' + xml[end:]
    return rewrite_member(src, dest, "xl/worksheets/sheet1.xml", xml.encode())


@pytest.mark.parametrize("ref", ["A1:B2", "A1:XFD1048576"])
def test_lying_dimension_does_not_lose_or_invent_rows(tmp_path, capsys, ref):
    """<dimension> is a hint written by the producer; the rows present are the truth."""
    good = write_table(tmp_path / "good.xlsx", {"戶籍登記課": WENSHAN["戶籍登記課"]})
    f = _with_dimension(good, tmp_path / "尺寸不實.xlsx", ref)
    db = tmp_path / "fresh.sqlite"
    code = run(["--db", str(db), "import", str(f)])
    captured = capsys.readouterr()
    if code != 0:  # refusing it is acceptable; a silent partial import is not
        assert f.name in captured.err and dump(db) == []
        return
    [(_, sections)] = dump(db)
    tasks = [t["content"] for it in sections[0]["items"] for t in it["tasks"]]
    assert len(tasks) == 3


def test_stray_cell_far_away_does_not_hang(tmp_path, capsys):
    """A table plus one cell at XFD1048576: a reader walking max_row × max_column would hang."""
    good = write_table(tmp_path / "good.xlsx", {"戶籍登記課": WENSHAN["戶籍登記課"]})
    with zipfile.ZipFile(good) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    xml = xml.replace("</sheetData>", far + "</sheetData>")
    f = rewrite_member(good, tmp_path / "遠方儲存格.xlsx", "xl/worksheets/sheet1.xml", xml.encode())
    db = tmp_path / "fresh.sqlite"
    code = run(["--db", str(db), "import", str(f)])
    captured = capsys.readouterr()
    if code != 0:
        assert f.name in captured.err and dump(db) == []
        return
    [(_, sections)] = dump(db)
    assert sum(len(it["tasks"]) for it in sections[0]["items"]) == 3


def test_json_mode_reports_file_errors_as_json(tmp_path, db, capsys):
    f = tmp_path / "文字.xlsx"
    f.write_text("not a workbook", encoding="utf-8")
    before = dump(db)
    assert run(["--db", str(db), "import", str(f), "--dry-run", "--json"]) == 2
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["sections"] == [] and len(data["errors"]) == 1
    assert f.name in data["errors"][0]["message"] and f.name in err
    assert dump(db) == before


def test_unreadable_database_is_not_touched(tmp_path, capsys):
    """A file that is not a PlanDesk database: refused before anything is read or written."""
    fake = tmp_path / "not.sqlite"
    fake.write_bytes(b"SQLite format 3\0" + b"\0" * 100)
    f = write_table(tmp_path / "t.xlsx")
    before = fake.read_bytes()
    assert run(["--db", str(fake), "import", str(f)]) != 0
    assert "錯誤" in capsys.readouterr().err
    assert fake.read_bytes() == before
