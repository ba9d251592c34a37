"""read_table_file on the layout variations: marks and fills, checkpoints, repeated numbers,
sections by sheet name, banners, ODF, and our own bureau workbook read back exactly."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from desktop.exchange.reader_ods import grids_from_ods
from desktop.exchange.reader_table import split_weight
from desktop.exchange.table_import import ImportFileError, read_table_file
from desktop.exchange.workbook import write_bureau_workbook
from desktop.models.store import Store

_spec = importlib.util.spec_from_file_location(
    "make_import_fixtures", Path(__file__).parent / "fixtures" / "make_import_fixtures.py"
)
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)


def items(result, section):
    sec = next(s for s in result.sections if s["name"] == section)
    return sec["items"]


def test_every_mark_and_every_non_white_fill_plans_a_month(tmp_path):
    r = read_table_file(mk.marks_and_fills(tmp_path / "m.xlsx"))
    marks = items(r, "研考室")
    for i, mark in enumerate(mk.MARKS):
        assert marks[i]["tasks"][0]["months"] == [i % 12 + 1], mark
    fills = next(it for it in marks if it["number"] == "99")
    assert fills["tasks"][0]["months"] == [1, 2, 3]  # rgb, theme, indexed; the two whites are not
    odd = next(it for it in marks if it["number"] == "100")
    assert odd["tasks"][0]["months"] == [1]
    assert [(w.sheet, w.row, w.message) for w in r.warnings] == [
        ("研考室", 18, "月份欄有無法辨識的記號：1月「5日前」，已視為有排程"),
        ("空白頁", None, "工作表「空白頁」是空的，略過"),  # 封面 and 說明 sheets are skipped quietly
    ]
    assert [s["name"] for s in r.sections] == ["研考室", "人事室"]


def test_checkpoints_repeated_numbers_and_blank_continuations(tmp_path):
    r = read_table_file(mk.marks_and_fills(tmp_path / "m.xlsx"))
    people = items(r, "人事室")
    assert [(it["number"], it["name"]) for it in people] == [("3", "差勤管理"), ("3", "考績作業")]
    [check] = people[0]["tasks"]
    assert (check["months"], check["checkpoints"]) == ([2], [1, 2])
    assert [(t["content"], t["months"]) for t in people[1]["tasks"]] == [
        ("年終考績", [12]), ("平時考核", [6])]


def test_generic_sheet_name_weight_columns_continuation_and_banner(tmp_path):
    r = read_table_file(mk.generic_sheet(tmp_path / "g.xlsx"))
    assert [s["name"] for s in r.sections] == ["Sheet"]
    [item] = items(r, "Sheet")
    assert (item["number"], item["name"], item["weight"], item["owners"]) == ("1", "櫃台服務", 3.0, "王小明")
    [task] = item["tasks"]
    assert (task["status"], task["note"], task["months"]) == ("落後", "人力不足\n下月補足人力", [1])
    assert [(w.row, w.message) for w in r.warnings] == [
        (1, "找不到課室名稱（標題列或課室欄），以工作表名稱「Sheet」作為課室"),
        (3, "只有考核指標或執行情形，已併入上一項工作"),
        (4, "從這一列起不是管制表的內容（「註：本表由研考人員彙整，每月更新。」），略過到下一個表頭為止"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("市容查報 (2分/劉淑敏)", ("市容查報", 2.0, "劉淑敏", True)),
        ("戶籍清查（3分／王小明、李大華）", ("戶籍清查", 3.0, "王小明、李大華", True)),
        ("區民活動中心管理 (4.5分)", ("區民活動中心管理", 4.5, "", True)),
        ("兵調體檢業務 (6 分/郭珊青、丁國梅)", ("兵調體檢業務", 6.0, "郭珊青、丁國梅", True)),
        ("一般項目", ("一般項目", None, "", True)),
        ("市容查報\n(2分/劉淑敏)", ("市容查報", 2.0, "劉淑敏", True)),
        ("災害防救 (民)10.5分/洪源孝 (社)4.5分/古鵬生",
         ("災害防救 (民)10.5分/洪源孝 (社)4.5分/古鵬生", None, "", False)),
    ],
)
def test_weight_and_owners_inside_the_item_name(raw, expected):
    assert split_weight(raw) == expected


def test_ods_with_spans_covered_cells_fills_and_huge_empty_repeats(tmp_path):
    r = read_table_file(mk.wenshan_ods(tmp_path / "w.ods"))
    assert (r.year, r.office) == (113, "臺北市文山區戶政事務所")
    [(name, its)] = [(s["name"], s["items"]) for s in r.sections]
    assert name == "行政庶務課"
    assert [(it["number"], it["name"]) for it in its] == [("1", "環境整潔"), ("2", "公文管理")]
    first, second = its[0]["tasks"]
    assert (first["content"], first["months"], first["note"], first["kpi"]) == (
        "洽公環境每月檢查\n並記錄", [1, 2, 3], "依進度辦理", "檢查12次")
    assert (second["content"], second["months"], second["kpi"]) == ("設備維護", [6, 12], "")
    assert (its[1]["tasks"][0]["months"], its[1]["tasks"][0]["checkpoints"]) == ([1], [1])
    assert r.warnings == []


def test_a_sheet_without_any_table_is_a_file_error(tmp_path):
    wb = Workbook()
    wb.active.append(["只是一段說明文字"])
    wb.save(tmp_path / "說明.xlsx")
    with pytest.raises(ImportFileError) as err:
        read_table_file(tmp_path / "說明.xlsx")
    assert "說明.xlsx" in str(err.value) and "找不到工作計畫期程管制表" in str(err.value)


def test_title_in_parentheses_and_same_section_in_two_sheets_merge(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "第1頁"
    ws.append(["臺北市中山區戶政事務所（人事室）114年度工作計畫期程管制表"])
    ws.append(["項次", "計畫項目", "工作內容", *mk.MONTHS_CN])
    ws.append(["1", "差勤", "抽查", "■"])
    ws2 = wb.create_sheet("第2頁")
    ws2.append(["臺北市中山區戶政事務所（人事室）114年度工作計畫期程管制表"])
    ws2.append(["項次", "計畫項目", "工作內容", *mk.MONTHS_CN])
    ws2.append(["2", "考績", "年終", *[""] * 11, "■"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert (r.year, r.office) == (114, "臺北市中山區戶政事務所")
    assert [(s["name"], [i["name"] for i in s["items"]]) for s in r.sections] == [
        ("人事室", ["差勤", "考績"])]
    assert r.warnings == []


# --------------------------------------------------------------------------- our own export
ROUND_TRIP = [
    {"name": "戶籍登記課", "items": [
        {"number": "1", "name": "便民服務", "weight": 2.0, "owners": "王小明、李大華", "tasks": [
            {"content": "跨機關通報", "months": [1, 2, 3], "checkpoints": [3, 6],
             "kpi": "正確率100%"},
            {"content": "=SUM(A1)", "months": [12], "kpi": "-1 件以下"}]},
        {"number": "1", "name": "另一個一", "tasks": []},
        {"number": "", "name": "無編號", "weight": 1.5, "tasks": [
            {"content": "多行\n內容", "months": list(range(1, 13))}]},
    ]},
    {"name": "人事 室", "items": [
        {"number": "3-1", "name": "差勤", "tasks": [{"content": "抽查", "months": [5]}]}]},
    {"name": "一個名稱很長很長的專案辦公室任務編組暨跨課室協調推動工作小組", "items": [
        {"number": "1", "name": "協調", "tasks": [{"content": "開會", "months": [2, 8]}]}]},
]


def _export(store: Store, plan, out: Path, fmt: str) -> Path:
    return write_bureau_workbook(store, plan, out, fmt=fmt, month=6, today=date(2024, 7, 1))


def _cells(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type == "solid" else None
                if c.value is not None or fill:
                    out[(ws.title, c.coordinate)] = (c.value, fill)
        out[(ws.title, "merged")] = sorted(str(m) for m in ws.merged_cells.ranges)
    return out


def _reimport(result, path: Path, fmt: str, plan) -> Path:
    store = Store(path.with_suffix(".sqlite"))
    try:
        again = store.create_plan(result.year, result.office, plan.title)
        data = [{"name": s["name"], "items": [
            {**it, "tasks": [{k: v for k, v in t.items() if k not in ("status", "note")}
                             for t in it["tasks"]]} for it in s["items"]]} for s in result.sections]
        store.insert_sections(again.id, data)
        return _export(store, again, path, fmt)
    finally:
        store.close()


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_bureau_workbook_export_import_export_gives_the_same_cells(store, tmp_path, fmt):
    plan = store.create_plan(113, "臺北市文山區戶政事務所", "臺北市文山區戶政事務所113年度提升服務品質執行計畫")
    store.insert_sections(plan.id, ROUND_TRIP)
    first = _export(store, plan, tmp_path / f"first.{fmt}", fmt)
    result = read_table_file(first)
    assert result.warnings == []
    assert (result.year, result.office) == (113, "臺北市文山區戶政事務所")
    expected = [
        {"name": s["name"], "items": [
            {"number": it["number"], "name": it["name"], "weight": it.get("weight"),
             "owners": it.get("owners", ""), "tasks": [
                 {"content": t["content"], "months": t["months"],
                  "checkpoints": t.get("checkpoints", []), "kpi": t.get("kpi", "")}
                 for t in it["tasks"]]}
            for it in s["items"]]}
        for s in ROUND_TRIP
    ]
    got = [
        {"name": s["name"], "items": [
            {**{k: it[k] for k in ("number", "name", "weight", "owners")}, "tasks": [
                {k: t[k] for k in ("content", "months", "checkpoints", "kpi")} for t in it["tasks"]]}
            for it in s["items"]]}
        for s in result.sections
    ]
    assert got == expected
    second = _reimport(result, tmp_path / f"second.{fmt}", fmt, plan)
    if fmt == "xlsx":
        assert _cells(second) == _cells(first)
    else:
        def ods_cells(path):
            return [(g.name, g.text, g.filled, sorted(g.merges)) for g in grids_from_ods(path)]

        assert ods_cells(second) == ods_cells(first)


def test_row_shading_is_not_a_plan_and_month_headers_in_other_forms(tmp_path):
    import datetime as dt

    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "秘書室"
    ws.append(["編號", "計畫項目", "工作內容", *[dt.datetime(2024, m, 1) for m in range(1, 13)]])
    ws.append(["1", "公文", "稽催"])
    ws.append(["2", "檔案", "清查"])
    stripe = PatternFill("solid", fgColor="F2F2F2")
    for c in range(1, 16):  # the whole row is shaded grey ...
        ws.cell(2, c).fill = stripe
    ws.cell(2, 6).fill = mk.DARK  # ... and March is planned in dark
    ws.cell(3, 10, "●")
    ws2 = wb.create_sheet("會計室")
    ws2.append(["編號", "計畫項目", "工作內容", "一月", "二月", "三月", "四月", "五月", "六月",
                "七月", "八月", "九月", "十月", "十一月", "十二月"])
    ws2.append(["1", "預算", "編列", *[""] * 10, "V"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert [[t["months"] for it in s["items"] for t in it["tasks"]] for s in r.sections] == [
        [[3], [7]], [[11]]]
    assert [(w.sheet, w.row, w.message) for w in r.warnings] == [
        ("秘書室", 2, "連文字欄都有底色：月份欄中相同的底色不視為排程（本工作表不再重複提醒）")]


def test_a_data_row_above_a_repeated_header_is_not_taken_for_a_title(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "第三課"
    header = ["計畫要項", "具體實施步驟", "辦理期間"]
    ws.append(["臺北市北投區戶政事務所96年全面提升服務品質執行計畫展開一覽表"])
    ws.append(header)
    ws.append(["研習訓練", "訂定本所年度服務研習訓練計畫", "96.1.1-96.2.28"])
    ws.append(["", "訂定「96年度提升服務品質教育訓練計畫」"])
    ws.append(header)
    ws.append(["", "派員參訓", "96.3.1-96.3.31"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    [sec] = r.sections
    assert sec["name"] == "第三課"
    [item] = sec["items"]
    assert [(t["content"], t["months"]) for t in item["tasks"]] == [
        ("訂定本所年度服務研習訓練計畫", [1, 2]),
        ("訂定「96年度提升服務品質教育訓練計畫」", []),
        ("派員參訓", [3]),
    ]
    assert r.warnings == []


LO = Path(__file__).parent / "fixtures" / "import" / "libreoffice"


@pytest.mark.parametrize("name", ["000_shilin", "001_wenshan", "002_daan", "003_beitou", "004_datong",
                                  "marks_and_fills", "hidden_sheet"])
@pytest.mark.parametrize("saved", [".ods", ".lo.xlsx"])
def test_layouts_saved_by_libreoffice_read_the_same(tmp_path, name, saved):
    """The committed copies LibreOffice made (ODF, and xlsx again from that ODF) read exactly
    as the openpyxl-built workbook does: merges, fills, marks and warnings alike."""
    builder = mk.LAYOUTS[f"{name}.xlsx"]
    ours = read_table_file(builder(tmp_path / f"{name}.xlsx"))
    theirs = read_table_file(LO / f"{name}{saved}")
    assert theirs.sections == ours.sections
    assert (theirs.year, theirs.office, theirs.title) == (ours.year, ours.office, ours.title)
    assert [(w.sheet, w.row, w.message) for w in theirs.warnings] == [
        (w.sheet, w.row, w.message) for w in ours.warnings]


def test_total_rows_and_a_roster_below_the_table_are_not_items(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "附件1"
    ws.append(["附件 1 臺北市大同區公所 113 年度工作計畫作業時程管制表"])
    ws.append(["項次", "課室", "專案名稱 (配分/承辦人)", "考核方式(月份)", *mk.MONTHS_CN])
    ws.append(["1", "民政課", "市容查報 (2分/劉淑敏)", "書面(3月)", "", "", "■"])
    ws.append(["合計", "", "100分"])
    ws.append([])
    ws.append(["職別", "職稱", "姓名", "任務"])
    ws.append(["召集人", "區長", "王大明", "綜理推動事宜"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert [(s["name"], [(i["name"], i["weight"], [t["months"] for t in i["tasks"]]) for i in s["items"]])
            for s in r.sections] == [("民政課", [("市容查報", 2.0, [[3]])])]
    assert [(w.row, w.message) for w in r.warnings] == [
        (4, "「合計」列不是計畫項目，略過"),
        (6, "從這一列起是任務編組（1 人），讀入計畫的推動小組，不當作管制表的內容"),
    ]
    # the roster below the table (大安 112 writes its 任務編組 there) goes to the plan's roster
    assert r.roster == [{"role": "召集人", "title": "區長", "name": "王大明", "duty": "綜理推動事宜"}]


def test_sub_numbers_without_a_name_are_tasks_of_the_item_above(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "兵役課"
    ws.append(["編號", "計畫項目", "工作內容", *mk.MONTHS_CN])
    ws.append(["3", "權益編管", ""])
    ws.append(["3-1", "", "家屬生活扶助", "V"])
    ws.append(["3-2", "", "慰問金作業", "", "V"])
    ws.append(["4", "", "沒有名稱的新項目", "", "", "V"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert [(i["number"], i["name"], [(t["content"], t["months"]) for t in i["tasks"]])
            for i in r.sections[0]["items"]] == [
        ("3", "權益編管", [("3-1 家屬生活扶助", [1]), ("3-2 慰問金作業", [2])]),
        ("4", "", [("沒有名稱的新項目", [3])]),
    ]
    assert [(w.row, w.message) for w in r.warnings] == [(5, "計畫項目名稱空白")]


def test_a_dash_alone_in_a_text_column_means_nothing_is_written(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "行政庶務課"
    ws.append(["編號", "計畫項目", "工作內容", *mk.MONTHS_CN, "執行情形", "考核指標"])
    ws.append(["12", "門禁安全管理", "門禁安全管理", *["-----"] * 12, "—", "－"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    [task] = r.sections[0]["items"][0]["tasks"]
    assert (task["months"], task["note"], task["kpi"]) == (list(range(1, 13)), "", "")
    assert r.warnings == []


def test_round_trip_without_office_and_sheet_names_cut_to_31_characters(store, tmp_path):
    long_name = "跨課室推動提升服務品質暨為民服務工作精進及創新加值服務專案工作小組"
    sections = [
        {"name": f"{long_name}甲", "items": [{"number": "1", "name": "甲案", "tasks": [
            {"content": "甲", "months": [1]}]}]},
        {"name": f"{long_name}乙", "items": [{"number": "1", "name": "乙案", "tasks": [
            {"content": "乙", "months": [2]}]}]},
        {"name": "研考 小組", "items": [{"number": "1", "name": "丙案", "tasks": [
            {"content": "丙", "months": [3]}]}]},
    ]
    plan = store.create_plan(114, "", "")
    store.insert_sections(plan.id, sections)
    first = _export(store, plan, tmp_path / "first.xlsx", "xlsx")
    assert any(n.endswith("(2)") for n in openpyxl.load_workbook(first).sheetnames)
    result = read_table_file(first)
    assert [s["name"] for s in result.sections] == [s["name"] for s in sections]
    assert (result.year, result.office, result.warnings) == (114, "", [])
    second = _reimport(result, tmp_path / "second.xlsx", "xlsx", plan)
    assert _cells(second) == _cells(first)


def test_a_title_naming_the_section_wins_over_a_unit_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "登記"
    ws.append(["臺北市大安區戶政事務所（戶籍登記課）112 年度重要工作計畫作業時程管制表"])
    ws.append(["編號", "計畫項目", "工作內容", "執行單位", *mk.MONTHS_CN])
    ws.append(["1", "櫃台服務", "臨櫃服務", "登記股", "V"])
    ws.append(["2", "資料清查", "清查", "資料股", "", "V"])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert [(s["name"], [i["name"] for i in s["items"]]) for s in r.sections] == [
        ("戶籍登記課", ["櫃台服務", "資料清查"])]
    assert [(w.row, w.message) for w in r.warnings] == [
        (2, "標題已指明課室「戶籍登記課」，「執行單位」欄未用來分課室，也未匯入")]


def test_hidden_sheets_are_not_read_and_a_period_fills_in_missing_marks(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "人事室"
    ws.append(["編號", "計畫項目", "工作內容", *mk.MONTHS_CN, "辦理期間"])
    ws.append(["1", "考績", "平時考核", *[""] * 12, "113.4.1-113.5.31"])
    ws.append(["2", "訓練", "數位課程", "", "V", *[""] * 10, "113.3.1-113.3.31"])
    old = wb.create_sheet("去年")
    old.append(["編號", "計畫項目", "工作內容"])
    old.append(["1", "舊項目", "舊工作"])
    old.sheet_state = "hidden"
    lists = wb.create_sheet("選單")
    lists.append(["未開始"])
    lists.sheet_state = "hidden"
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert [(s["name"], [(t["content"], t["months"], t["schedule_note"]) for i in s["items"] for t in i["tasks"]])
            for s in r.sections] == [
        ("人事室", [("平時考核", [4, 5], "113.4.1-113.5.31"), ("數位課程", [2], "113.3.1-113.3.31")])]
    assert [(w.sheet, w.row, w.message) for w in r.warnings] == [
        ("人事室", 2, "月份欄沒有標記，依期程「113.4.1-113.5.31」讀為 4、5 月"),
        ("去年", None, "工作表「去年」是隱藏的，未讀取"),
    ]


def test_year_from_the_roc_year_row_when_no_title_names_it(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "研考"
    ws.append(["編號", "計畫項目", "工作內容", "預定作業時程"])
    ws.append(["", "", "", "114年"])
    ws.append(["", "", "", *range(1, 13)])
    ws.merge_cells("D1:O1")
    ws.merge_cells("D2:O2")
    ws.append(["1", "管考", "每月管考會議", *["●"] * 12])
    wb.save(tmp_path / "t.xlsx")
    r = read_table_file(tmp_path / "t.xlsx")
    assert (r.year, r.office, r.title) == (114, "", "")
    assert r.sections[0]["items"][0]["tasks"][0]["months"] == list(range(1, 13))
    assert r.warnings == []
