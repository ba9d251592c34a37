"""Excel's limits said, not cut silently: 32,767 UTF-16 units a cell, 31-character sheet names;
control characters dropped on the way in with a warning (DEL became U+FFFD in .ods)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from desktop import cli
from desktop.exchange.cells import ExportError, check_length, clean_text, drop_controls, utf16_units
from desktop.exchange.table_import import read_table_file
from desktop.exchange.workbook import write_bureau_workbook


def test_emoji_count_twice():
    assert utf16_units("😀" * 3) == 6 and utf16_units("戶政") == 2
    check_length("😀" * 16_383, "x")  # 32,766 units
    with pytest.raises(ExportError, match="40,000 個字元單位.*表情符號"):
        check_length("😀" * 20_000, "工作內容「測試」")


def test_an_export_of_20000_emoji_is_refused_naming_the_task(sample_store, tmp_path):
    plan = sample_store.plans()[-1]
    sec = sample_store.sections(plan.id)[0]
    item = sample_store.items(sec.id)[0]
    task = sample_store.tasks(item.id)[0]
    sample_store.update_task(task.id, content="😀" * 20_000)
    with pytest.raises(ExportError, match=f"課室「{sec.name}」.*超過 Excel 儲存格上限"):
        write_bureau_workbook(sample_store, plan, tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()


def test_a_long_section_name_is_said_not_cut_silently(sample_store, tmp_path, capsys):
    plan = sample_store.plans()[-1]
    sec = sample_store.sections(plan.id)[0]
    long_name = "為民服務暨便民措施推動與檢討考核工作小組（含第一課、第二課、第三課）"
    assert len(long_name) > 31
    sample_store.rename_section(sec.id, long_name)
    out = tmp_path / "t.xlsx"
    db = str(sample_store.path)
    sample_store.close()
    assert cli.run(["--db", db, "export", "--format", "xlsx", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"注意：課室「{long_name}」的名稱超過 Excel 工作表名稱上限 31 字" in err
    assert long_name[:31] in load_workbook(out).sheetnames


def test_control_characters_are_dropped_with_a_warning(tmp_path):
    assert drop_controls("a\x7fb\x01c\td\ne") == ("abc\td\ne", 2)
    assert clean_text("a\x7fb") == "ab"  # and never written out (DEL → U+FFFD in .ods)
    wb = Workbook()
    ws = wb.active
    ws.title = "戶籍登記課"
    ws.append(["臺北市文山區戶政事務所戶籍登記課113年度工作計畫期程管制表"])
    ws.append(["編號", "計畫項目", "工作內容", *[f"{m}月" for m in range(1, 13)]])
    ws.append(["1", "便民\x7f服務", "受理\x7f\x7f案件", "V"])
    wb.save(tmp_path / "c.xlsx")
    result = read_table_file(tmp_path / "c.xlsx")
    [item] = result.sections[0]["items"]
    assert item["name"] == "便民服務" and item["tasks"][0]["content"] == "受理案件"
    notes = [(w.sheet, w.row, w.message) for w in result.warnings]
    assert ("戶籍登記課", 3, "第 2 欄的文字含有 1 個控制字元（如 U+007F），已移除") in notes
    assert ("戶籍登記課", 3, "第 3 欄的文字含有 2 個控制字元（如 U+007F），已移除") in notes


def test_the_window_export_says_a_name_was_shortened(qtbot, sample_store, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox
    from test_disk_full import export_window

    plan = sample_store.plans()[-1]
    sec = sample_store.sections(plan.id)[0]
    sample_store.rename_section(sec.id, "甲" * 40)
    window = export_window(qtbot, sample_store, plan)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda p, t, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "out" / "t.xlsx"), ""))
    window._export_actions[0].trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert "工作表名稱改為「" + "甲" * 31 + "」" in shown[0]
