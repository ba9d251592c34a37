"""read_table_file on the five reference layouts (/work/shared/reference), rebuilt as
workbooks with a few real rows each by tests/fixtures/make_import_fixtures.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from desktop.exchange.table_import import ImportWarning, read_table_file

_spec = importlib.util.spec_from_file_location(
    "make_import_fixtures", Path(__file__).parent / "fixtures" / "make_import_fixtures.py"
)
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)

ALL = list(range(1, 13))


def shape(result) -> list:
    """Sections → items → tasks, with only the task fields that are set."""
    out = []
    for sec in result.sections:
        items = []
        for it in sec["items"]:
            tasks = [{k: v for k, v in t.items() if v not in ("", None, [])} for t in it["tasks"]]
            items.append((it["number"], it["name"], it["weight"], it["owners"], tasks))
        out.append((sec["name"], items))
    return out


def warnings(result) -> list[tuple]:
    return [(w.sheet, w.row, w.message) for w in result.warnings]


@pytest.fixture
def build(tmp_path):
    def _build(maker, suffix=".xlsx"):
        return maker(tmp_path / f"{maker.__name__}{suffix}")

    return _build


def test_000_shilin_free_text_periods_and_sections_by_unit_column(build):
    r = read_table_file(build(mk.shilin_000))
    assert (r.year, r.office) == (97, "臺北市士林區戶政事務所")
    assert r.title == "臺北市士林區戶政事務所 97 年度工作計畫具體作法一覽表"
    assert shape(r) == [
        ("第一課", [
            ("", "戶政巡迴服務車", None, "", [{
                "content": "1.戶政巡迴車服務時間及地點：每週四於大葉站。", "months": ALL,
                "schedule_note": "91.4.1 開辦\n賡續辦理"}]),
            ("", "戶政便民工作站", None, "", [{
                "content": "1.目前建置天母工作站一處。", "schedule_note": "92.5.1開辦"}]),
            ("", "辦理選務工作", None, "", [{
                "content": "第7屆立委及全國不分區選舉", "months": [1, 3],
                "schedule_note": "97.1.12\n97.3.22"}]),
            ("", "新移民電腦班", None, "", [{
                "content": "開辦新移民電腦研習班", "months": [10, 11],
                "schedule_note": "97.10報名\n97.11測試"}]),
            ("", "新移民生活適應輔導班", None, "", [{
                "content": "辦理生活適應輔導班", "months": [9], "schedule_note": "97 年 9 月"}]),
        ]),
        ("第三課", [
            ("", "辦理績優人員評選及獎勵", None, "", [{
                "content": "1.員工平時考核作業：1.建立內部稽核制度，評核機關員工工作表現。",
                "months": ALL, "schedule_note": "97.01~12"}]),
            ("", "綠美化辦公環境", None, "", [{
                "content": "加強辦公環境綠美化：1. 維護保養現有辦公環境植栽、美化花器。",
                "months": ALL, "schedule_note": "97.01~12 ( 視本所經費狀況賡續辦理)"}]),
            ("", "推動電話禮貌", None, "", [{
                "content": "電話測試：每月與文二戶所電話互測 4通。", "months": [1, 2, 3, 4, 5, 6],
                "schedule_note": "97.01~06"}]),
            ("", "志工座談會", None, "", [{
                "content": "召開志工團集會：召開志工團集會並進行幹部改選",
                "months": list(range(2, 11)), "schedule_note": "97.02~10"}]),
        ]),
        ("第二課", [
            ("", "戶籍資料整理", None, "", [{
                "content": "整理戶籍資料", "months": [1, 2, 7, 8],
                "schedule_note": "97.01~97.2.8\n97.07~97.8.8"}]),
        ]),
    ]
    assert warnings(r) == [
        ("附件一", 4, "「91.4.1 開辦 賡續辦理」未寫明月份，視為全年（1–12月）辦理"),
        ("附件一", 5, "無法從「92.5.1開辦」讀出月份"),
    ]


def test_001_wenshan_title_blocks_repeated_headers_and_dash_marks(build):
    r = read_table_file(build(mk.wenshan_001))
    assert (r.year, r.office) == (113, "臺北市文山區戶政事務所")
    assert shape(r) == [
        ("戶籍登記課", [
            ("3", "助您好孕專案", None, "", [{
                "content": "1. 60日內通知辦理出生登記並申請獎勵金", "months": ALL,
                "kpi": "民政局考核: *助您好孕業務執行情形"}]),
            ("4", "國籍歸化案件", None, "", [
                {"content": "1. 送審案件登錄資料正確", "months": ALL,
                 "kpi": "評鑑&民政局考核: *國籍案件辦理情形", "note": "已完成送審"},
                {"content": "國籍變更後,1年內依限通知經許可歸化國籍者提出喪失原有國籍證明",
                 "months": [3, 6, 9, 12]},
                # after the repeated header: blank number and name continue item 4
                {"content": "國籍變更後，依限接續辦理相關戶籍登記案件", "months": ALL},
            ]),
            ("6", "戶籍清查業務", None, "", [
                {"content": "80歲以上至未滿90歲最近2年未使用健保卡者(5/1-6/30)完成清查率100%",
                 "months": [5, 6], "kpi": "評鑑： *人口清查"},
                {"content": "戶籍逕遷至戶政事務所1年以上者(9/1-12/31)完成清查率100%",
                 "months": [9, 10, 11, 12]},
            ]),
        ]),
        ("戶籍資料課", [
            ("1", "戶籍資料管理", None, "", [{
                "content": "戶籍資料數位化影像檔正確", "months": [2, 4], "kpi": "抽查無誤"}]),
        ]),
    ]
    assert r.warnings == []


def test_002_daan_year_row_fill_marks_status_and_unlabelled_numbers(build):
    r = read_table_file(build(mk.daan_002))
    assert (r.year, r.office) == (112, "臺北市大安區戶政事務所")
    assert shape(r) == [
        ("戶籍登記課", [
            ("1", "戶籍登記\n櫃台人員\n績效評鑑\n計畫", None, "", [{
                "content": "1.訂定櫃檯同仁績效評鑑計畫。", "months": ALL, "status": "執行中",
                "note": "已開始執行"}]),
            ("2", "網路預約\n免排隊", None, "", [{
                "content": "每日查閱網路預約申辦系統", "months": ALL, "status": "依進度",
                "note": "每日處理"}]),
            ("4", "出生登記", None, "", [
                {"content": "◎助你好孕專案：\n1.通知辦理出生登記並申請奬勵金。", "months": [1, 2, 3],
                 "status": "執行中"},
                {"content": "◎出生登記跨機關通報：\n1.新生兒通報健保", "months": [4, 5]},
                {"content": "◎第3胎以上兒童證明", "months": [6], "status": "已完成"},
            ]),
        ]),
    ]
    assert warnings(r) == [(
        "工作表1", 6,
        "執行狀態依各機關寫法對應：「已開始執行」→執行中（1 列）；原來的寫法保留在執行情形說明",
    )]


def test_003_beitou_hierarchy_periods_units_and_control_numbers(build):
    r = read_table_file(build(mk.beitou_003))
    assert (r.year, r.office) == (96, "臺北市北投區戶政事務所")
    per = "96.1.1-96.12.31"
    assert shape(r) == [
        ("各課", [
            ("1", "品管圈", None, "", [{
                "content": "本年跨課室成立一品管圈，主管應參加。", "months": ALL,
                "schedule_note": per, "control_number": "1"}]),
            ("", "網路討論區", None, "", [{
                "content": "開放同仁上內網發表討論。", "schedule_note": "併「開啓一扇窗案」辦理列管"}]),
        ]),
        ("第三課", [
            ("3", "所務會議", None, "", [{
                "content": "每二個月舉行一次，會中安排提案討論及臨時動議。", "months": ALL,
                "schedule_note": per, "control_number": "3"}]),
            # the item's second step belongs to another unit: the item appears in both sections
            ("12", "經驗分享", None, "", [
                {"content": "所務會議增加分享時間。", "months": ALL, "schedule_note": per,
                 "control_number": "12"},
                {"content": "加強內部網站資料：依同仁需求持續增加。", "months": ALL,
                 "schedule_note": "賡續辦理"},
            ]),
            ("24、23", "1. 服務場所內外環境整潔", None, "", [
                {"content": "彩繪鐵捲門內外層門面。", "months": [2],
                 "schedule_note": "96. 2. 1-96. 2. 31", "control_number": "24"},
                {"content": "重新裝修茶水間。", "months": [1], "schedule_note": "96. 1. 1-96. 1. 31",
                 "control_number": "23"},
            ]),
            ("18", "代客叫車", None, "", [{
                "content": "代客叫車服務。", "months": [5, 6, 7, 8],
                "schedule_note": "96. 8. 1-96. 5. 30", "control_number": "18"}]),
            # 「96. 1. 1-95. 12. 31」: the end's year is a slip — the whole year, warned on its row
            ("44", "3. 顧客滿意調查", None, "", [{
                "content": "依年度專案工作訂定民意調查主題並辦理民調", "months": ALL,
                "schedule_note": "96. 1. 1-95. 12. 31", "control_number": "44"}]),
        ]),
        ("第一課", [
            ("11", "經驗分享", None, "", [{
                "content": "案例研討會每年4次。", "months": ALL, "schedule_note": per,
                "control_number": "11"}]),
        ]),
        ("未填執行單位", [
            ("", "型塑學習組織", None, "", [{
                "content": "配合行政院型塑學習組織計畫辦理。", "months": ALL,
                "schedule_note": "賡續辦理"}]),
        ]),
    ]
    s = "展開一覽表"
    assert warnings(r) == [
        (s, 2, "「年度目標」、「目標展開」欄沒有對應的欄位，未匯入"),
        (s, 3, "管制表沒有編號欄：以各工作的列管編號作為計畫項目的編號；沒有列管編號的計畫項目，編號留空"),
        (s, 5, "無法從「併「開啓一扇窗案」辦理列管」讀出月份"),
        (s, 8, "「賡續辦理」未寫明月份，視為全年（1–12月）辦理"),
        (s, 10, "「96.2.31」不是有效日期，只採用其月份（2月）"),
        (s, 12, "「賡續辦理」未寫明月份，視為全年（1–12月）辦理"),
        (s, 12, "執行單位空白，歸入「未填執行單位」"),
        (s, 13, "期間「96.8.1–96.5.30」起訖顛倒，已改為由早到晚讀取"),
        (s, 14, "期間「96.1.1–95.12.31」訖日早於起日，訖日年份應為誤寫，已讀為 96年1月–12月"),
    ]


def test_004_datong_weights_owners_methods_as_content_and_repeated_numbers(build):
    r = read_table_file(build(mk.datong_004))
    assert (r.year, r.office) == (113, "臺北市大同區公所")
    assert r.title == "臺北市大同區公所 113 年度工作計畫作業時程管制表"  # without 「附件 1」
    odd_name = "災害防救暨救濟物資整備與督考 (民)10.5分/洪源孝 (社)4.5分/古鵬生"
    # under 「考核方式(月份)」 the months the method names are the checkpoints
    assert shape(r) == [
        ("民政課", [
            ("1", "市容查報", 2.0, "劉淑敏", [{
                "content": "網頁、書面(整年)", "method": "網頁、書面(整年)", "months": ALL,
                "checkpoints": ALL, "kpi": "1. 查報品質。(50%) 2. 查驗品質。(40%)"}]),
        ]),
        ("民政課 / 社會課", [
            ("2", odd_name, None, "", [
                {"content": "實地(3月)", "method": "實地(3月)", "months": [3], "checkpoints": [3],
                 "kpi": "1. 災害防救(70%) 2. 救濟物資準備(30%)"},
                {"content": "書面(4月)", "method": "書面(4月)", "months": [4], "checkpoints": [4]},
            ]),
        ]),
        ("社會課", [
            ("3", "低收入戶及中低收入戶總清查", 4.0, "蔡淑芬、王小明", [{
                "content": "系統查核+實地(3月)", "method": "系統查核+實地(3月)", "months": [3],
                "checkpoints": [3], "kpi": "1. 審核作業 (80%) 2. 訪查作業 (20%)"}]),
            # the same number again with another name: another item
            ("3", "身心障礙者生活補助總清查", 3.0, "蔡淑芬", [{
                "content": "系統查核+實地(3月)", "method": "系統查核+實地(3月)", "months": [3],
                "checkpoints": [3], "kpi": "1. 審核作業 (80%)"}]),
        ]),
    ]
    assert warnings(r) == [
        ("附件1", 5, "執行單位「民政課 / 社會課」列了不只一個單位，整列歸入名為「民政課 / 社會課」的課室；"
                     "如需分屬各課室，請匯入後再調整"),
        ("附件1", 5, f"「{odd_name}」的配分／承辦人寫法無法判讀，保留在項目名稱中"),
    ]


def test_result_is_insertable_into_the_store(build, store):
    r = read_table_file(build(mk.datong_004))
    plan = store.create_plan(r.year, r.office, r.title)
    data = [
        {**sec, "items": [
            {**it, "tasks": [{k: v for k, v in t.items() if k not in ("status", "note")}
                             for t in it["tasks"]]}
            for it in sec["items"]]}
        for sec in r.sections
    ]
    store.insert_sections(plan.id, data)
    back = store.export_sections(plan.id)
    assert [s["name"] for s in back] == ["民政課", "民政課 / 社會課", "社會課"]
    assert back[2]["items"][0]["owners"] == "蔡淑芬、王小明"
    assert back[1]["items"][0]["tasks"][1]["months"] == [4]


def test_warning_type_is_plain_data(build):
    r = read_table_file(build(mk.daan_002))
    assert isinstance(r.warnings[0], ImportWarning)
    assert r.path.name == "daan_002.xlsx"


def test_macro_workbook_suffix_reads_like_xlsx(build, tmp_path):
    source = build(mk.wenshan_001)
    xlsm = tmp_path / "文山.xlsm"
    xlsm.write_bytes(source.read_bytes())
    assert shape(read_table_file(xlsm)) == shape(read_table_file(source))
