"""Monthly progress sheets: what is in them, what is editable, and the round trip back."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from openpyxl import load_workbook
from test_export_workbook import build_small_plan

from desktop.exchange.progress_sheets import (
    META_SHEET,
    apply_progress_diff,
    is_progress_workbook,
    read_progress_workbook,
    write_progress_sheets,
)
from desktop.models.domain import Status
from desktop.models.store import Store, StoreError

INPUT_COLUMNS = ("E", "F", "G", "H", "I")  # 狀態 執行情形 實際值 落後原因 因應對策


@pytest.fixture
def sheets(store, tmp_path):
    plan = build_small_plan(store)
    # 製表日期 fixed: the golden digest holds it, and today's date made it fail the next day
    files = write_progress_sheets(store, plan, 6, tmp_path / "out", today=date(2026, 12, 3))
    return plan, files


def data_rows(ws):
    return [r for r in range(4, ws.max_row + 1) if ws.cell(r, 10).value]


def test_one_file_per_section_with_the_right_tasks(store, sheets):
    plan, files = sheets
    assert [f.name for f in files] == [
        "戶籍登記課_113年6月填報表.xlsx",
        "行政_庶務[課]_一二三四五六七八九十一二三四五六七八九十_113年6月填報表.xlsx",
    ]
    ws = load_workbook(files[0]).worksheets[0]
    assert "填報說明" in ws["A2"].value
    assert [ws.cell(3, c).value for c in range(1, 11)] == [
        "編號", "計畫項目", "工作內容", "預定月份", "狀態", "執行情形", "實際值", "落後原因",
        "因應對策", "工作代碼",
    ]
    rows = data_rows(ws)
    # planned up to June and not done before June: 2 tasks of item 3, first of item 4;
    # 「辦理外籍人士歸化測試」 (Aug–Oct) is not yet due
    assert [ws.cell(r, 3).value for r in rows] == [
        "60日內通知辦理出生登記並申請獎勵金", "=SUM(A1:A3) 案件統計報表正確無誤",
        "送審案件登錄資料正確\n送審案件文件備妥",
    ]
    assert ws.cell(rows[0], 4).value == "1～6月" and ws.cell(rows[1], 4).value == "3月、6月、9月、12月"
    # pre-filled with June's report
    assert ws.cell(rows[0], 5).value == "已完成" and ws.cell(rows[0], 7).value == "100%"
    assert ws.cell(rows[1], 8).value == "系統升級" and ws.cell(rows[1], 3).data_type == "s"


def test_a_task_done_before_the_month_is_left_out(store, sheets, tmp_path):
    plan, _ = sheets
    files = write_progress_sheets(store, plan, 7, tmp_path / "july")
    ws = load_workbook(files[0]).worksheets[0]
    contents = [ws.cell(r, 3).value for r in data_rows(ws)]
    assert "60日內通知辦理出生登記並申請獎勵金" not in contents  # done in June
    assert "=SUM(A1:A3) 案件統計報表正確無誤" in contents


def test_only_input_cells_unlocked_protection_and_validation(sheets):
    _, files = sheets
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    rows = data_rows(ws)
    unlocked = {
        c.coordinate for row in ws.iter_rows() for c in row
        if c.value is not None or c.has_style
        if not c.protection.locked
    }
    footer = ws.max_row - 3
    assert ws.cell(footer, 1).value == "填表人" and ws.cell(footer, 4).value == "填報日期"
    assert unlocked == {f"{col}{r}" for col in INPUT_COLUMNS for r in rows} | {
        f"C{footer}", f"E{footer}", f"F{footer}"}  # 填表人, 填報日期 (merged E:F)
    assert ws.protection.sheet and not ws.protection.password
    assert ws.column_dimensions["J"].hidden
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"未開始,執行中,依進度,落後,已完成,暫緩"'
    assert str(dv.sqref) == f"E{rows[0]}:E{rows[-1]}"
    meta = wb[META_SHEET]
    assert meta.sheet_state == "hidden"
    stamp = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert stamp["format"] == "plandesk-progress" and stamp["plan_year"] == 113
    assert stamp["month"] == 6 and stamp["section"] == "戶籍登記課"
    assert wb.security.lockStructure and not wb.security.workbookPassword


def test_footer_has_filler_dates_and_the_signoff_block(store, tmp_path):
    from datetime import date

    plan = build_small_plan(store)
    store.set_setting("signoff_labels", "承辦人、課長")
    [first, _] = write_progress_sheets(store, plan, 6, tmp_path / "out", today=date(2024, 7, 5))
    ws = load_workbook(first).worksheets[0]
    last = ws.max_row
    footer = last - 3
    assert footer > max(data_rows(ws))
    assert [ws.cell(footer, c).value for c in (1, 4, 7, 8)] == [
        "填表人", "填報日期", "製表日期", "113年7月5日"]
    assert [v for v in (ws.cell(last - 1, c).value for c in range(1, 10)) if v] == ["承辦人", "課長"]
    assert ws.row_dimensions[last].height >= 40
    assert ws.print_area == f"'{ws.title}'!$A$1:$I${last}"


def test_filled_footer_is_not_read_as_a_task_row(store, sheets, tmp_path):
    _, files = sheets
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    footer = ws.max_row - 3
    ws[f"C{footer}"] = "林小華"
    ws[f"E{footer}"] = "113年7月3日"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    diff = read_progress_workbook(store, filled)
    assert diff.errors == [] and diff.warnings == [] and diff.changes == []


def test_fill_read_apply_round_trip(store, sheets, tmp_path):
    plan, files = sheets
    assert is_progress_workbook(files[0])
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    r1, r2, r3 = data_rows(ws)
    ws[f"E{r3}"] = "執行中"
    ws[f"F{r3}"] = "已登錄 12 件"
    ws[f"G{r3}"] = 12
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    before = store.progress_for_plan(plan.id)

    diff = read_progress_workbook(store, filled)
    assert diff.errors == [] and diff.warnings == []
    assert (diff.plan_year, diff.month, diff.section) == (113, 6, "戶籍登記課")
    assert diff.unchanged == 2
    [change] = diff.changes
    assert change.task == "送審案件登錄資料正確\n送審案件文件備妥"
    assert change.item == "4 國籍歸化案件" and change.old is None
    assert (change.status, change.note, change.actual_value) == (Status.IN_PROGRESS, "已登錄 12 件", "12")
    assert (change.sheet, change.row) == ("戶籍登記課", r3)
    assert change.changed_fields() == ["status", "note", "actual_value"]

    assert apply_progress_diff(store, diff) == 1
    after = store.progress_for_plan(plan.id)
    got = after[change.task_id][6]
    assert (got.status, got.note, got.actual_value) == (Status.IN_PROGRESS, "已登錄 12 件", "12")
    # nothing else moved
    del after[change.task_id]
    assert {t: {m: (p.status, p.note) for m, p in ms.items()} for t, ms in after.items()} == {
        t: {m: (p.status, p.note) for m, p in ms.items()}
        for t, ms in before.items() if t != change.task_id
    }
    # reading the same file again finds nothing left to change
    assert read_progress_workbook(store, filled).changes == []


def test_clearing_a_report_and_behind_without_cause(store, sheets, tmp_path):
    plan, files = sheets
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    r1, r2, _ = data_rows(ws)
    for col in INPUT_COLUMNS:
        ws[f"{col}{r1}"] = None
    ws[f"E{r2}"] = "落後"
    ws[f"H{r2}"] = None
    wb.save(tmp_path / "f.xlsx")
    diff = read_progress_workbook(store, tmp_path / "f.xlsx")
    assert [str(w) for w in diff.warnings] == [
        f"工作表「戶籍登記課」第 {r2} 列：狀態為「落後」，但未填寫落後原因或因應對策。"
    ]
    assert len(diff.changes) == 2
    apply_progress_diff(store, diff)
    cleared = diff.changes[0].task_id
    assert 6 not in store.progress(cleared) and 5 in store.progress(cleared)


def test_key_from_another_database_is_a_warning(store, sheets, tmp_path):
    plan, files = sheets
    other = Store(tmp_path / "other.sqlite")
    build_small_plan(other)
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    r = data_rows(ws)[2]
    ws[f"F{r}"] = "另一個資料庫"
    wb.save(tmp_path / "f.xlsx")
    diff = read_progress_workbook(other, tmp_path / "f.xlsx")
    assert diff.changes == [] and diff.errors == []
    messages = [str(w) for w in diff.warnings]
    assert any(META_SHEET in m and "不是由本資料庫產生" in m for m in messages)
    assert any(f"工作表「戶籍登記課」第 {r} 列" in m and "不屬於本資料庫" in m for m in messages)
    other.close()


def test_bad_status_and_tampered_key_rows_are_skipped(store, sheets, tmp_path):
    _, files = sheets
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    r1, r2, r3 = data_rows(ws)
    ws[f"E{r1}"] = "差不多"
    ws[f"J{r2}"] = "99999:0000000000"
    ws[f"J{r3}"] = None
    ws[f"F{r3}"] = "沒有代碼"
    wb.save(tmp_path / "f.xlsx")
    diff = read_progress_workbook(store, tmp_path / "f.xlsx")
    rows = sorted(w.row for w in diff.warnings)
    assert rows == [r1, r2, r3] and diff.changes == []


def test_not_a_progress_workbook(store, sheets, tmp_path):
    plan, _ = sheets
    from desktop.exchange.workbook import write_bureau_workbook

    bureau = write_bureau_workbook(store, plan, tmp_path / "b.xlsx", month=6)
    assert not is_progress_workbook(bureau)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    assert not is_progress_workbook(junk)
    diff = read_progress_workbook(store, junk)
    assert diff.errors and "junk.xlsx" in diff.errors[0]
    diff = read_progress_workbook(store, bureau)
    assert diff.errors and "不是 PlanDesk 填報表" in diff.errors[0]
    with pytest.raises(StoreError, match="未匯入"):
        apply_progress_diff(store, diff)


def test_plan_year_missing_in_database_is_an_error(store, sheets, tmp_path):
    _, files = sheets
    other = Store(tmp_path / "empty.sqlite")
    shutil.copy(files[0], tmp_path / "x.xlsx")
    diff = read_progress_workbook(other, tmp_path / "x.xlsx")
    assert diff.errors == ["資料庫中沒有 113 年度計畫，無法匯入「x.xlsx」。"]
    other.close()


def test_apply_is_all_or_nothing(store, sheets, tmp_path):
    plan, files = sheets
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    rows = data_rows(ws)
    for r in rows:
        ws[f"F{r}"] = "更新"
    wb.save(tmp_path / "f.xlsx")
    diff = read_progress_workbook(store, tmp_path / "f.xlsx")
    assert len(diff.changes) == 3
    store.delete_task(diff.changes[-1].task_id)  # deleted between preview and apply
    before = store.progress_for_plan(plan.id)
    with pytest.raises(StoreError, match="資料未變更"):
        apply_progress_diff(store, diff)
    assert store.progress_for_plan(plan.id) == before


def progress_digest(path) -> dict:
    """Cells (but not the per-database keys), merges, fills, locks, validation, print set-up."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cells, fills, unlocked = {}, {}, []
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and c.column_letter != "J":
                cells[c.coordinate] = c.value
            if c.fill is not None and c.fill.fill_type == "solid":
                fills[c.coordinate] = c.fill.fgColor.rgb
            if c.has_style and not c.protection.locked:
                unlocked.append(c.coordinate)
    [dv] = ws.data_validations.dataValidation
    meta = wb[META_SHEET]
    return {
        "sheets": wb.sheetnames,
        "cells": cells,
        "fills": fills,
        "unlocked": unlocked,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
        "hidden_columns": [k for k, d in sorted(ws.column_dimensions.items()) if d.hidden],
        "validation": [dv.type, dv.formula1, str(dv.sqref), dv.showErrorMessage],
        "protection": [ws.protection.sheet, ws.protection.password, wb.security.lockStructure],
        "freeze": ws.freeze_panes,
        "print": [ws.print_title_rows, ws.page_setup.orientation, ws.page_setup.fitToWidth,
                  ws.page_setup.fitToHeight],
        "meta_keys": [meta.cell(r, 1).value for r in range(1, meta.max_row + 1)],
        "meta_state": meta.sheet_state,
    }


def test_progress_sheet_matches_golden(sheets):
    from test_export_workbook import check_golden

    _, files = sheets
    check_golden("progress_small.json", progress_digest(files[0]))


def _as_ods(wb, out):
    """The workbook as LibreOffice would save it to ODF: same sheets, cell texts, hidden sheet."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="hiddentable", family="table")
    hidden.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden)
    for ws in wb.worksheets:
        attrs = {"name": ws.title}
        if ws.sheet_state != "visible":
            attrs["stylename"] = hidden
        table = Table(**attrs)
        for row in ws.iter_rows(values_only=True):
            tr = TableRow()
            for value in row:
                cell = TableCell(valuetype="string") if value is not None else TableCell()
                if value is not None:
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(out))


def test_a_progress_sheet_saved_as_ods_is_still_a_progress_sheet(store, sheets, tmp_path):
    """City rules prefer ODF: a section may fill the sheet in LibreOffice and save .ods.
    It must update reports, not be mistaken for a new control table."""
    plan, files = sheets
    wb = load_workbook(files[0])
    ws = wb.worksheets[0]
    r3 = data_rows(ws)[2]
    ws[f"E{r3}"] = "落後"
    ws[f"F{r3}"] = "人力不足"
    filled = tmp_path / "filled.ods"
    _as_ods(wb, filled)
    assert is_progress_workbook(filled)
    diff = read_progress_workbook(store, filled)
    assert diff.errors == []
    assert (diff.plan_year, diff.month, diff.section) == (113, 6, "戶籍登記課")
    [change] = diff.changes
    assert (change.status, change.note, change.sheet, change.row) == (Status.BEHIND, "人力不足", "戶籍登記課", r3)
    assert apply_progress_diff(store, diff) == 1
    assert store.progress(change.task_id)[6].note == "人力不足"
