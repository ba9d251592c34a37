"""Workbooks that lie: a listed sheet whose part is missing, a sheet far too big (refused from
its XML before openpyxl builds a cell object each)."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from desktop import cli
from desktop.exchange.safe_open import MAX_SHEET_CELLS, UnsafeFileError, check_spreadsheet


def exported(tmp_path: Path) -> Path:
    db = tmp_path / "p.sqlite"
    assert cli.run(["--db", str(db), "demo"]) == 0
    out = tmp_path / "表.xlsx"
    assert cli.run(["--db", str(db), "export", "--format", "xlsx", "--out", str(out)]) == 0
    return out


def rewrite(src: Path, dest: Path, drop: str = "", replace: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            data = (replace or {}).get(info.filename, zin.read(info))
            zout.writestr(info.filename, data)
    return dest


def test_a_listed_sheet_missing_from_the_zip_is_an_error_naming_it(tmp_path, capsys):
    src = exported(tmp_path)
    with zipfile.ZipFile(src) as z:
        sheets = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    from openpyxl import load_workbook

    second = load_workbook(src).sheetnames[2]
    broken = rewrite(src, tmp_path / "缺頁.xlsx", drop=sheets[2])
    with pytest.raises(UnsafeFileError, match=f"工作表「{second}」內容不在檔案中"):
        check_spreadsheet(broken)
    db = tmp_path / "other.sqlite"
    assert cli.run(["--db", str(db), "import", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "缺頁.xlsx" in err and second in err
    from desktop.models.store import Store

    if db.exists():  # nothing was imported
        store = Store(db)
        assert store.plans() == []
        store.close()


def test_a_sheet_of_858440_cells_is_refused_before_parsing(tmp_path, capsys, monkeypatch):
    src = exported(tmp_path)
    rnd = random.Random(7)
    rows = []
    for r in range(1, 4293):  # 4,292 rows × 200 columns = 858,400 cells, + 40 below
        rows.append(f'<row r="{r}">' + "".join(
            f"<c><v>{rnd.randrange(10**6)}</v></c>" for _ in range(200)) + "</row>")
    rows.append('<row r="4293">' + "<c><v>1</v></c>" * 40 + "</row>")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<dimension ref="A1:A1"/><sheetData>' + "".join(rows) + "</sheetData></worksheet>")
    big = rewrite(src, tmp_path / "巨大.xlsx", replace={"xl/worksheets/sheet2.xml": xml.encode()})
    assert 858_440 > MAX_SHEET_CELLS

    import openpyxl

    def never(*a, **k):
        raise AssertionError("openpyxl must not be asked to parse it")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(UnsafeFileError, match="有 858,440 個儲存格，超過上限"):
        check_spreadsheet(big)
    assert cli.run(["--db", str(tmp_path / "x.sqlite"), "import", "--dry-run", str(big)]) == 2
    assert "858,440 個儲存格" in capsys.readouterr().err


def test_the_real_export_still_passes(tmp_path):
    assert check_spreadsheet(exported(tmp_path)) == "xlsx"
