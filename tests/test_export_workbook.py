"""The bureau workbook (.xlsx): compared with a golden digest, reopened, and its guards tested.

Regenerate the golden file after an intended layout change with
`PLANDESK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_workbook.py`.
"""

from __future__ import annotations

import json
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from desktop import __version__
from desktop.exchange.cells import ExportError
from desktop.exchange.control_table import control_tables
from desktop.exchange.workbook import write_bureau_workbook

GOLDEN = Path(__file__).parent / "golden"
FIXED_DAY = date(2024, 7, 5)  # 113年7月5日


def build_small_plan(store):
    """Two sections, weights/owners in one only, every derived state, hostile texts."""
    plan = store.create_plan(
        113, "臺北市文山區戶政事務所", "臺北市文山區戶政事務所113年度提升服務品質執行計畫",
        approved_on="2023-12-29", doc_number="北市文戶秘字第1126009370號",
    )
    store.insert_sections(plan.id, [
        {"name": "戶籍登記課", "items": [
            {"number": "3", "name": "助您好孕專案", "weight": 2, "owners": "王小明", "tasks": [
                {"content": "60日內通知辦理出生登記並申請獎勵金", "months": [1, 2, 3, 4, 5, 6],
                 "checkpoints": [6], "kpi": "通知率達100%", "schedule_note": "每月5日前",
                 "method": "書面審查(6月)",
                 "progress": {"5": {"status": "依進度", "note": "已通知 42 件"},
                              "6": {"status": "已完成", "note": "全數完成", "actual_value": "100%"}}},
                {"content": "=SUM(A1:A3) 案件統計報表正確無誤", "months": [3, 6, 9, 12],
                 "checkpoints": [12], "kpi": "-錯誤 0 件",
                 "progress": {"6": {"status": "落後", "note": "+系統更新延遲",
                                    "cause": "系統升級", "remedy": "加班補登"}}},
            ]},
            {"number": "4", "name": "國籍歸化案件", "weight": 1.5, "owners": "", "tasks": [
                {"content": "送審案件登錄資料正確\n送審案件文件備妥", "months": [6, 7],
                 "checkpoints": [9], "kpi": "@民政局考核"},
                {"content": "辦理外籍人士歸化測試", "months": [8, 9, 10]},
            ]},
            {"number": "5", "name": "新住民關懷訪視作業", "tasks": []},
        ]},
        {"name": "行政/庶務[課]:一二三四五六七八九十一二三四五六七八九十", "items": [
            {"number": "1", "name": "公文管理", "tasks": [
                {"content": "公文稽催\x07每月辦理", "months": list(range(1, 13)),
                 "kpi": "逾期公文 0 件", "progress": {"7": {"status": "暫緩", "note": "配合搬遷"}}},
                {"content": "檔案清查", "months": [11, 12], "kpi": ""},
            ]},
        ]},
    ])
    return plan


def digest(path: Path) -> dict:
    """What the golden file pins: values, merges, fills, sizes and print settings per sheet."""
    wb = load_workbook(path)
    out = {"properties": {"creator": wb.properties.creator, "keywords": wb.properties.keywords},
           "sheets": {}}
    for ws in wb.worksheets:
        cells, fills = {}, {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = c.value
                if c.fill is not None and c.fill.fill_type == "solid":
                    fills[c.coordinate] = c.fill.fgColor.rgb
        out["sheets"][ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "fills": fills,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
            "heights": {str(k): d.height for k, d in sorted(ws.row_dimensions.items())},
            "freeze": ws.freeze_panes,
            "print_title_rows": ws.print_title_rows,
            "orientation": ws.page_setup.orientation,
            "paper": ws.page_setup.paperSize,
            "fit": [ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
                    ws.sheet_properties.pageSetUpPr.fitToPage],
            "footer": ws.oddFooter.center.text,
            "scale": ws.page_setup.scale,
            "row_breaks": [b.id for b in ws.row_breaks.brk],
        }
    return out


def check_golden(name: str, data: dict) -> None:
    path = GOLDEN / name
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    if os.environ.get("PLANDESK_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with PLANDESK_UPDATE_GOLDEN=1 to make it"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def small(store):
    return build_small_plan(store)


def export(store, plan, tmp_path, **kw) -> Path:
    kw.setdefault("month", 6)
    kw.setdefault("today", FIXED_DAY)
    return write_bureau_workbook(store, plan, tmp_path / "out.xlsx", **kw)


def test_small_plan_matches_golden(store, small, tmp_path):
    check_golden("bureau_small.json", digest(export(store, small, tmp_path)))


def test_layout_of_a_section_sheet(store, small, tmp_path):
    wb = load_workbook(export(store, small, tmp_path))
    assert wb.sheetnames[0] == "封面"
    ws = wb["戶籍登記課"]
    assert ws["A1"].value == "臺北市文山區戶政事務所戶籍登記課113年度工作計畫期程管制表"
    headers = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    assert headers[:5] == ["編號", "計畫項目", "配分", "承辦人", "工作內容"]
    assert headers[5] == "預定作業時程"
    assert headers[-5:] == ["時程說明", "狀態", "執行情形", "考核指標", "考核方式"]
    assert ws["F4"].value == "113年"
    assert [ws.cell(5, c).value for c in range(6, 18)] == [f"{m}月" for m in range(1, 13)]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"F3:Q3", "F4:Q4", "A3:A5", "A6:A7", "B6:B7", "C6:C7", "D6:D7"} <= merged
    # planned months dark, checkpoint ◆ white on dark, unplanned checkpoint dark on white
    assert ws["F6"].fill.fgColor.rgb.endswith("404040")
    assert ws["K6"].value == "◆" and ws["K6"].font.color.rgb.endswith("FFFFFF")
    assert ws["N8"].value == "◆" and ws["N8"].fill.fill_type is None
    assert ws["L6"].fill.fill_type is None
    assert ws["S6"].value == "已完成" and ws["T6"].value == "全數完成\n實際值：100%"
    assert ws["T7"].value == "+系統更新延遲\n落後原因：系統升級\n因應對策：加班補登"
    assert ws["S8"].value == "未填報" and ws["S9"].value == "未到期"
    assert ws.freeze_panes == "F6"
    assert ws.print_title_rows == "$1:$5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # a fixed scale that prints one page wide (fit-to-page would drop our manual breaks)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    sheet_px = sum(d.width * 7 + 5 for d in ws.column_dimensions.values())
    assert 0 <= (11.69 - 0.8) * 96 * 100 / sheet_px - ws.page_setup.scale <= 3
    assert ws.oddFooter.center.text == "第 &P 頁，共 &N 頁"
    assert all(ws.cell(6, c).border.left.style == "thin" for c in range(1, ws.max_column + 1))
    assert ws["E6"].alignment.wrap_text
    # the row fits the two-line task text
    assert ws.row_dimensions[8].height >= 2 * 14


def headers_of(ws) -> list[str]:
    return [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]


def test_schedule_note_and_method_have_their_own_columns(store, small, tmp_path):
    """時程說明 and 考核方式 go out under the header words the importer reads back."""
    wb = load_workbook(export(store, small, tmp_path))
    ws = wb["戶籍登記課"]
    heads = headers_of(ws)
    assert heads[heads.index("預定作業時程") + 12] == "時程說明"
    assert heads[-1] == "考核方式"
    assert ws.cell(6, heads.index("時程說明") + 1).value == "每月5日前"
    assert ws.cell(6, heads.index("考核方式") + 1).value == "書面審查(6月)"
    # 考核方式 is a plan-wide column: the other section has it too, empty
    assert headers_of(wb.worksheets[2])[-1] == "考核方式"


def test_no_method_column_when_the_plan_has_none(store, tmp_path):
    plan = store.create_plan(114, "臺北市文山區戶政事務所")
    store.insert_sections(plan.id, [{"name": "人事室", "items": [
        {"number": "1", "name": "訓練", "tasks": [{"content": "辦理訓練", "months": [3]}]}]}])
    heads = headers_of(load_workbook(export(store, plan, tmp_path))["人事室"])
    assert "考核方式" not in heads and "時程說明" in heads


def test_each_section_sheet_ends_with_the_signoff_block(store, small, tmp_path):
    store.set_setting("signoff_labels", "承辦人、課長、主任")
    wb = load_workbook(export(store, small, tmp_path))
    for ws in wb.worksheets[1:]:
        last = ws.max_row
        assert ws.cell(last - 2, 1).value == "製表日期：113年7月5日"
        labels = [ws.cell(last - 1, c).value for c in range(1, ws.max_column + 1)]
        assert [v for v in labels if v] == ["承辦人", "課長", "主任"]
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert f"A{last - 2}:{get_column_letter(ws.max_column)}{last - 2}" in merged
        assert ws.row_dimensions[last].height >= 40  # room for the seals
        assert ws.cell(last, 1).border.bottom.style == "thin"
    # the rows above the block are still the table's: the last task row is right above it
    ws = wb["戶籍登記課"]
    assert ws.cell(ws.max_row - 4, 5).value == "辦理外籍人士歸化測試" or \
        ws.cell(ws.max_row - 4, 2).value == "新住民關懷訪視作業"


def test_optional_columns_only_when_used(store, small, tmp_path):
    wb = load_workbook(export(store, small, tmp_path))
    ws = wb.worksheets[2]
    assert [ws.cell(3, c).value for c in range(1, 4)] == ["編號", "計畫項目", "工作內容"]


def test_sheet_names_follow_excel_rules(store, small, tmp_path):
    wb = load_workbook(export(store, small, tmp_path))
    name = wb.sheetnames[2]
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert name.startswith("行政_庶務_課__一二三")


def test_cover_counts_and_properties(store, small, tmp_path):
    wb = load_workbook(export(store, small, tmp_path))
    ws = wb["封面"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "113年7月5日" in flat and "112年12月29日 北市文戶秘字第1126009370號" in flat
    header = next(row for row in values if row[0] == "課室")
    counts = {row[0]: dict(zip(header[1:], row[1:], strict=True))
              for row in values if row[0] in ("戶籍登記課", "合計")}
    assert counts["戶籍登記課"]["工作項目"] == 4
    assert counts["戶籍登記課"]["已完成"] == 1 and counts["戶籍登記課"]["落後"] == 1
    assert counts["合計"]["工作項目"] == 6
    assert sum(counts["合計"][s] for s in header[2:]) == 6
    assert wb.properties.creator == f"PlanDesk {__version__}"
    assert wb.properties.keywords == "plandesk-format:1"
    assert {p.name for p in wb.custom_doc_props.props} >= {"PlanDeskFormat", "PlanDeskProgram"}


def test_formula_looking_text_stays_text(store, small, tmp_path):
    out = export(store, small, tmp_path)
    ws = load_workbook(out)["戶籍登記課"]
    assert ws["E7"].value == "=SUM(A1:A3) 案件統計報表正確無誤"
    assert ws["E7"].data_type == "s" and ws["E7"].quotePrefix
    assert ws["U7"].value == "-錯誤 0 件" and ws["U7"].data_type == "s"
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_illegal_xml_characters_are_removed(store, small, tmp_path):
    ws = load_workbook(export(store, small, tmp_path)).worksheets[2]
    assert ws["C6"].value == "公文稽催每月辦理"


def test_over_long_text_is_refused_with_its_place(store, small, tmp_path):
    task = store.tasks(store.items(store.sections(small.id)[0].id)[1].id)[1]
    store.update_task(task.id, content="長" * 40_000)
    with pytest.raises(ExportError) as err:
        export(store, small, tmp_path)
    msg = str(err.value)
    assert "戶籍登記課" in msg and "4 國籍歸化案件" in msg and "32,767" in msg
    assert not (tmp_path / "out.xlsx").exists()


def test_interrupted_export_keeps_the_old_file(store, small, tmp_path, monkeypatch):
    out = export(store, small, tmp_path)
    before = out.read_bytes()

    def broken_save(self, filename):
        filename.write(b"half")  # the workbook is made in memory, then written whole
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(ExportError, match="磁碟已滿，無法寫入"):
        export(store, small, tmp_path)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["out.xlsx"]


def test_a3_and_one_section(store, small, tmp_path):
    first = store.sections(small.id)[0]
    wb = load_workbook(export(store, small, tmp_path, paper="A3", section_ids=[first.id]))
    assert wb.sheetnames == ["封面", "戶籍登記課"]
    assert wb["戶籍登記課"].page_setup.paperSize == 8


def test_unknown_format_and_empty_plan_refused(store, tmp_path):
    plan = store.create_plan(114, "臺北市文山區戶政事務所")
    with pytest.raises(ExportError, match="沒有任何課室"):
        export(store, plan, tmp_path)
    with pytest.raises(ExportError, match="不支援"):
        export(store, plan, tmp_path, fmt="csv")


def test_sample_plan_exports_every_task(sample_store, tmp_path):
    plan = sample_store.plans()[-1]
    out = write_bureau_workbook(sample_store, plan, tmp_path / "s.xlsx", month=11)
    wb = load_workbook(out)
    tables = control_tables(sample_store, plan, 11)
    assert wb.sheetnames[1:] == [t.section.name for t in tables]
    for table, ws in zip(tables, wb.worksheets[1:], strict=True):
        content_col = [ws.cell(3, c).value for c in range(1, 8)].index("工作內容") + 1
        rows = range(6, 6 + len(table.rows))
        texts = [ws.cell(r, content_col).value or "" for r in rows]
        assert texts == [r.task.content if r.task else "" for r in table.rows]
        state_col = headers_of(ws).index("狀態") + 1
        states = [ws.cell(r, state_col).value or "" for r in rows]
        assert states == [r.state.value if r.state else "" for r in table.rows]


def test_row_height_stays_within_excel_limit(store, small, tmp_path):
    task = store.tasks(store.items(store.sections(small.id)[0].id)[0].id)[0]
    store.update_task(task.id, kpi="\n".join(f"第 {i} 點" for i in range(60)))
    ws = load_workbook(export(store, small, tmp_path))["戶籍登記課"]
    assert ws.row_dimensions[6].height == 409


def test_an_export_is_an_ordinary_readable_file(store, tmp_path):
    """mkstemp creates 0600 files; an exported workbook must be readable like any other file."""
    import os
    import stat

    plan = build_small_plan(store)
    out = write_bureau_workbook(store, plan, tmp_path / "bureau.xlsx", fmt="xlsx", month=6)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_xlsx_font_is_jhenghei_with_the_big5_charset(store, small, tmp_path):
    """Big5 makes Windows substitute a Traditional Chinese face where JhengHei is missing."""
    ws = load_workbook(export(store, small, tmp_path))["戶籍登記課"]
    for ref in ("A1", "E6", "B6"):
        font = ws[ref].font
        assert (font.name, font.charset, font.family) == ("微軟正黑體", 136, 2)


def test_the_plans_roster_gets_its_own_sheet(store, small, tmp_path):
    store.add_task_force_member(small.id, role="召集人", title="主任", name="陳大文",
                                duty="=綜理推動小組業務")
    store.add_task_force_member(small.id, role="委員", title="課長", name="王小明", duty="")
    wb = load_workbook(export(store, small, tmp_path))
    assert wb.sheetnames[-1] == "推動小組"
    ws = wb["推動小組"]
    assert ws["A1"].value == "臺北市文山區戶政事務所113年度推動小組（任務編組）"
    assert [c.value for c in ws[2]] == ["職別", "職稱", "姓名", "任務"]
    assert [c.value for c in ws[3]] == ["召集人", "主任", "陳大文", "=綜理推動小組業務"]
    assert ws["D3"].data_type == "s"  # formula-looking text stays text
    assert ws.page_setup.orientation == "portrait" and ws.print_title_rows == "$1:$2"
    one = store.sections(small.id)[0].id
    assert "推動小組" not in load_workbook(export(store, small, tmp_path, section_ids=[one])).sheetnames


def test_no_roster_sheet_without_a_roster(store, small, tmp_path):
    assert "推動小組" not in load_workbook(export(store, small, tmp_path)).sheetnames


def build_long_plan(store, items: int = 30, tasks: int = 3, long_item: int | None = None):
    """Many items of several tasks; item `long_item` has 14 tall tasks (taller than a page)."""
    plan = store.create_plan(113, "臺北市文山區戶政事務所")
    text = "辦理戶籍資料清查並通報民政局，確認戶口名簿記載正確。" * 3
    its = []
    for i in range(items):
        n = 14 if i == long_item else tasks
        its.append({"number": str(i + 1), "name": f"第{i + 1}項計畫項目", "tasks": [
            {"content": f"工作{i}-{k} {text}", "months": [k % 12 + 1], "kpi": text}
            for k in range(n)]})
    store.insert_sections(plan.id, [{"name": "戶籍登記課", "items": its}])
    return plan


def item_rows(ws) -> dict[int, tuple[int, int]]:
    """item number → its first and last row, from the 工作內容 texts 「工作{i}-{k} …」."""
    rows: dict[int, list[int]] = {}
    for r in range(6, ws.max_row + 1):
        v = ws.cell(r, 3).value
        if isinstance(v, str) and v.startswith("工作"):
            rows.setdefault(int(v[2:].split("-")[0]), []).append(r)
    return {i: (min(rs), max(rs)) for i, rs in rows.items()}


def test_manual_row_breaks_keep_each_item_on_one_page(store, tmp_path):
    plan = build_long_plan(store)
    ws = load_workbook(export(store, plan, tmp_path))["戶籍登記課"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "30 items of 3 tall tasks need several pages"
    for first, last in item_rows(ws).values():
        assert not any(first <= b < last for b in breaks), (first, last, breaks)
    # each page's rows fit the page at the sheet's scale, below the repeated title rows
    room = ((8.27 - 0.5 - 0.75) * 72 * 100 / ws.page_setup.scale
            - sum(ws.row_dimensions[r].height for r in range(1, 6)))
    bounds = [5, *breaks, ws.max_row]
    for a, b in zip(bounds, bounds[1:], strict=False):
        assert sum(ws.row_dimensions[r].height or 15 for r in range(a + 1, b + 1)) <= room + 1
    # the sign-off block is not alone on the last page
    assert breaks[-1] < ws.max_row - 4


def test_an_item_taller_than_a_page_is_continued_with_its_name(store, tmp_path):
    plan = build_long_plan(store, items=3, long_item=1)
    ws = load_workbook(export(store, plan, tmp_path))["戶籍登記課"]
    first, last = item_rows(ws)[1]
    inside = [b for b in (b.id for b in ws.row_breaks.brk) if first <= b < last]
    assert inside, "14 tall tasks cannot fit one page"
    merged = [m for m in ws.merged_cells.ranges if m.min_col in (1, 2)]
    for b in inside:
        assert ws.cell(b + 1, 1).value == "2"
        assert ws.cell(b + 1, 2).value == "第2項計畫項目（續）"
        assert not any(m.min_row <= b < m.max_row for m in merged)  # no merge crosses a break


def test_a_continued_item_reads_back_as_one_item(store, tmp_path):
    from desktop.exchange.table_import import read_table_file

    plan = build_long_plan(store, items=3, long_item=1)
    result = read_table_file(export(store, plan, tmp_path))
    items = result.sections[0]["items"]
    assert [it["name"] for it in items] == ["第1項計畫項目", "第2項計畫項目", "第3項計畫項目"]
    assert len(items[1]["tasks"]) == 14


def test_rows_are_as_tall_as_their_text_and_text_is_indented(store, small, tmp_path):
    wb = load_workbook(export(store, small, tmp_path))
    ws = wb["戶籍登記課"]
    assert ws.row_dimensions[9].height == 19  # one line of text: 15 + 4
    assert ws["E6"].alignment.indent == 1 and ws["A6"].alignment.indent == 0
    # the Normal font measures columns alike in Excel and LibreOffice (Liberation Sans)
    assert (wb._named_styles["Normal"].font.name, wb._named_styles["Normal"].font.sz) == ("Arial", 10)
