"""Hostile and broken files: refused before any parser expands them, with a Chinese message
naming the file, never a traceback. Sizes are bounded by construction (no timing asserts)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from desktop.exchange import safe_open, sheet_grid
from desktop.exchange.table_import import ImportFileError, read_table_file

_spec = importlib.util.spec_from_file_location(
    "make_import_fixtures", Path(__file__).parent / "fixtures" / "make_import_fixtures.py"
)
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return mk.hostile(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.xlsx", "不是 Excel（.xlsx）或 ODF（.ods）試算表，它其實是殘缺的壓縮檔（檔案已損毀或不完整）"),
        ("picture.xlsx", "不是 Excel（.xlsx）或 ODF（.ods）試算表，它其實是PNG 圖片"),
        ("notes.xlsx", "不是 Excel（.xlsx）或 ODF（.ods）試算表，它其實是純文字檔"),
        ("empty.xlsx", "是空的（0 位元組）"),
        ("password.xlsx", "有密碼保護，請先在 Excel 移除密碼、另存新檔後再匯入"),
        ("letter.xlsx", "是 Word 文件，不是試算表；請提供 .xlsx 或 .ods 檔"),
        ("bomb_ratio.xlsx", "中的「xl/worksheets/sheet1.xml」壓縮比異常（1026 倍），疑似壓縮炸彈，拒絕開啟"),
        ("bomb_total.xlsx", "解壓縮後超過 200 MB，疑似壓縮炸彈，拒絕開啟"),
        ("laughs.xlsx", "中的「xl/worksheets/sheet1.xml」含有 XML 實體宣告（DOCTYPE/ENTITY），可能是惡意檔案，拒絕開啟"),
        ("merge_bomb.xlsx", "中的「xl/worksheets/sheet1.xml」合併儲存格涵蓋的範圍異常龐大，拒絕開啟"),
        ("bomb.ods", "中的「content.xml」壓縮比異常（1026 倍），疑似壓縮炸彈，拒絕開啟"),
        ("laughs.ods", "中的「content.xml」含有 XML 實體宣告（DOCTYPE/ENTITY），可能是惡意檔案，拒絕開啟"),
    ],
)
def test_hostile_file_is_refused_with_a_message_naming_it(files, name, message):
    with pytest.raises(ImportFileError) as err:
        read_table_file(files[name])
    assert str(err.value) == f"檔案「{name}」{message}"


def test_entity_bomb_is_refused_by_the_parsers_too(files, monkeypatch):
    """Defence in depth: with the zip scan switched off, defusedxml inside openpyxl/odfpy refuses."""
    monkeypatch.setattr(safe_open, "_check_xml", lambda *a: None)
    for name in ("laughs.xlsx", "laughs.ods"):
        with pytest.raises(ImportFileError) as err:
            read_table_file(files[name])
        assert f"檔案「{name}」" in str(err.value)


def test_lying_dimension_is_not_trusted(files):
    r = read_table_file(files["dimension.xlsx"])
    [sec] = r.sections
    assert [(i["number"], i["name"], [t["content"] for t in i["tasks"]]) for i in sec["items"]] == [
        ("1", "A", ["B"])]


def test_non_empty_row_repeated_a_million_times_is_capped_with_a_warning(files):
    r = read_table_file(files["repeat_bomb.ods"])
    tasks = [t for s in r.sections for i in s["items"] for t in i["tasks"]]
    assert len(tasks) == 3 + 1000
    assert [(w.sheet, w.row, w.message) for w in r.warnings] == [
        ("行政庶務課", 7, "這一列宣稱重複 1048000 次，只讀取前 1000 次")]


def test_too_many_cells_skips_the_sheet_and_then_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_grid, "MAX_CELLS", 10)
    path = mk.wenshan_001(tmp_path / "big.xlsx")
    with pytest.raises(ImportFileError) as err:
        read_table_file(path)
    assert str(err.value) == "檔案「big.xlsx」無法匯入：工作表「附件1」有 224 個儲存格，超過上限 10，略過"


def test_old_excel_file_is_asked_to_be_saved_as_xlsx(files, tmp_path):
    old = tmp_path / "舊表.xlsx"
    old.write_bytes(files["old.xls"].read_bytes())
    with pytest.raises(ImportFileError) as err:
        read_table_file(old)
    assert str(err.value) == (
        "檔案「舊表.xlsx」是舊版 Office 檔（.xls/.doc），請在 Excel 或 LibreOffice 另存為 .xlsx 或 .ods 後再匯入")
    with pytest.raises(ImportFileError) as err:
        read_table_file(files["old.xls"])
    assert str(err.value) == "檔案「old.xls」是舊版或範本格式，請在 Excel 或 LibreOffice 另存為 .xlsx 或 .ods 後再匯入"


def test_wrong_suffix_and_missing_file(tmp_path):
    (tmp_path / "plan.csv").write_text("編號,計畫項目\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        read_table_file(tmp_path / "plan.csv")
    assert str(err.value) == "檔案「plan.csv」不是 .xlsx、.xlsm 或 .ods 試算表，無法匯入"
    with pytest.raises(ImportFileError) as err:
        read_table_file(tmp_path / "nowhere.xlsx")
    assert str(err.value) == "找不到檔案「nowhere.xlsx」"


def test_xml_larger_than_a_control_table_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_open, "MAX_XML_TOTAL", 2000)
    with pytest.raises(ImportFileError) as err:
        read_table_file(mk.wenshan_001(tmp_path / "w.xlsx"))
    assert str(err.value) == "檔案「w.xlsx」的表格內容解壓縮後超過 2,000 位元組，不像是一份管制表，拒絕開啟"
    monkeypatch.setattr(safe_open, "MAX_ODS_CONTENT", 1024 * 1024 // 1000)
    with pytest.raises(ImportFileError) as err:
        read_table_file(mk.wenshan_ods(tmp_path / "w.ods"))
    assert re.fullmatch(r"檔案「w\.ods」中的「\w+\.xml」超過 1,048 位元組，不像是一份管制表，拒絕開啟",
                        str(err.value))


def test_damaged_sheet_xml_gives_a_file_error_or_a_reading_never_a_traceback(tmp_path):
    import random
    import zipfile

    good = mk.wenshan_001(tmp_path / "good.xlsx").read_bytes()
    xml = zipfile.ZipFile(tmp_path / "good.xlsx").read("xl/worksheets/sheet1.xml")
    rng = random.Random(113)
    outcomes = set()
    for i in range(25):
        cut = rng.randrange(len(xml))
        damaged = {
            0: xml[:cut],  # cut short
            1: xml[:cut] + b"<<&\x00" + xml[cut:],  # garbage inserted
            2: xml.replace(b'r="', b'r="9999999', 1 + i % 3),  # absurd row numbers
            3: xml.replace(b"<v>", b"<v>x", 1 + i % 5),  # numbers that are not numbers
            4: xml[:cut] + xml[cut + 40:],  # a piece missing
        }[i % 5]
        path = tmp_path / f"damaged{i}.xlsx"
        path.write_bytes(mk._replace_member(good, "xl/worksheets/sheet1.xml", damaged))
        try:
            result = read_table_file(path)
        except ImportFileError as exc:
            assert f"檔案「damaged{i}.xlsx」" in str(exc)
            outcomes.add("error")
        else:
            assert isinstance(result.sections, list)
            outcomes.add("read")
    assert outcomes == {"error", "read"}
