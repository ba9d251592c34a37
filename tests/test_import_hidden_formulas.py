"""A formula without a cached result and a hidden row each get a warning with sheet and row;
a period crossing the year keeps this year's months and says so (issue 9)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from desktop.exchange.table_import import read_table_file

HEADER = ["編號", "計畫項目", "工作內容", "實施期程", "執行單位"]


def _table(path, rows, hidden=(), title="臺北市士林區戶政事務所 97 年度工作計畫具體作法一覽表"):
    wb = Workbook()
    ws = wb.active
    ws.title = "一覽表"
    ws.append([title])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    return path


def warnings(r):
    return [(w.sheet, w.row, w.message) for w in r.warnings]


def test_a_formula_without_a_cached_result_is_warned_with_its_cell(tmp_path):
    # openpyxl saves a formula without its result, as a program that never calculated would
    path = _table(tmp_path / "f.xlsx", [
        ["1", "便民服務", "=\"單一窗口\"&\"服務\"", "97.1.1-97.12.31", "第一課"],
        ["2", "檔案管理", "檔案清查", "97.3.1-97.4.30", "第一課"],
    ])
    r = read_table_file(path)
    assert warnings(r)[0] == (
        "一覽表", 3, "C3 是公式「=\"單一窗口\"&\"服務\"」，檔案中沒有存下計算結果，此格當作空白；"
        "請在 Excel 或 LibreOffice 開啟、重新計算並存檔後再匯入")
    assert [t["content"] for s in r.sections for it in s["items"] for t in it["tasks"]] == ["", "檔案清查"]


def test_a_hidden_row_is_read_and_warned_about(tmp_path):
    path = _table(tmp_path / "h.xlsx", [
        ["1", "便民服務", "單一窗口", "97.1.1-97.12.31", "第一課"],
        ["2", "舊項目", "已停辦的工作", "97.3.1-97.4.30", "第一課"],
    ], hidden=[4])
    r = read_table_file(path)
    assert warnings(r) == [
        ("一覽表", 4, "這一列在原檔中是隱藏的，仍已匯入；如果是不要的舊資料，請匯入後刪除")]
    assert [it["name"] for s in r.sections for it in s["items"]] == ["便民服務", "舊項目"]


def test_a_period_crossing_the_year_keeps_this_years_months_with_a_warning(tmp_path):
    path = _table(tmp_path / "y.xlsx", [["1", "便民服務", "跨年度的工作", "96.11~97.03", "第一課"]])
    r = read_table_file(path)
    assert r.year == 97
    assert r.sections[0]["items"][0]["tasks"][0]["months"] == [1, 2, 3]
    assert warnings(r) == [("一覽表", 3, "期間「96.11–97.03」跨越年度，只採用本年度（97年）的 1–3月")]


def test_a_hidden_row_in_an_ods_file(tmp_path):
    """hidden_row.ods: LibreOffice's copy of the hidden-row table above (row 4 collapsed)."""
    r = read_table_file(Path(__file__).parent / "fixtures" / "import" / "hidden_row.ods")
    assert warnings(r) == [
        ("一覽表", 4, "這一列在原檔中是隱藏的，仍已匯入；如果是不要的舊資料，請匯入後刪除")]
    assert [it["name"] for s in r.sections for it in s["items"]] == ["便民服務", "舊項目"]
