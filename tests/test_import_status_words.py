"""執行狀態 in the offices' own words (issue 9): mapped onto Status, the word kept in the note,
one summary warning per sheet; a word naming no status stays a warning on its row."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from desktop.exchange.status_words import status_of
from desktop.exchange.table_import import read_table_file


@pytest.mark.parametrize("word, status", [
    ("已開始執行", "執行中"), ("執行中", "執行中"), ("辦理中", "執行中"),
    ("依期程執行", "依進度"), ("依進度", "依進度"), ("按進度", "依進度"),
    ("已完成", "已完成"), ("執行完畢", "已完成"), ("完成", "已完成"), ("辦理完成。", "已完成"),
    ("尚未執行", "未開始"), ("未執行", "未開始"),
    ("暫停", "暫緩"), ("暫緩", "暫緩"), ("落後", "落後"), ("延遲", "落後"),
    (" 依期程 執行 ", "依進度"),
])
def test_office_words_map_onto_status(word, status):
    assert status_of(word) == status


def test_words_naming_no_status():
    assert status_of("每日處理") is None
    assert status_of("") is None


def _sheet(tmp_path, statuses):
    wb = Workbook()
    ws = wb.active
    ws.title = "民政課"
    for c, h in enumerate(["編號", "計畫項目", "工作內容", "執行狀態", "執行情形說明"], 1):
        ws.cell(1, c, h)
    for i, s in enumerate(statuses):
        ws.cell(2 + i, 1, str(i + 1))
        ws.cell(2 + i, 2, f"項目{i + 1}")
        ws.cell(2 + i, 3, f"工作{i + 1}")
        ws.cell(2 + i, 4, s)
    p = tmp_path / "t.xlsx"
    wb.save(p)
    return read_table_file(p)


def test_many_rows_give_one_summary_and_unmapped_words_warn_per_row(tmp_path):
    r = _sheet(tmp_path, ["已開始執行"] * 5 + ["依期程執行", "看情形", "延遲"])
    tasks = [t for it in r.sections[0]["items"] for t in it["tasks"]]
    assert [t["status"] for t in tasks] == ["執行中"] * 5 + ["依進度", None, "落後"]
    assert tasks[0]["note"] == "已開始執行"
    assert tasks[6]["note"] == "看情形"
    assert [(w.sheet, w.row, w.message) for w in r.warnings] == [
        ("民政課", 8, "執行狀態「看情形」不是 未開始、執行中、依進度、落後、已完成、暫緩 之一，已放入執行情形"),
        ("民政課", 2, "執行狀態依各機關寫法對應：「已開始執行」→執行中（5 列）、「依期程執行」→依進度（1 列）、"
                     "「延遲」→落後（1 列）；原來的寫法保留在執行情形說明"),
    ]


def test_exact_status_words_are_not_summarised(tmp_path):
    r = _sheet(tmp_path, ["執行中", "已完成"])
    assert r.warnings == []
