"""`plandesk import` through desktop.cli.run, the way scripts and officers call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from desktop.cli import run
from desktop.models.rocdate import current_roc_year, default_report_month
from desktop.models.store import Store

OFFICE = "臺北市文山區戶政事務所"

# section -> rows of (編號, 計畫項目, 工作內容, months, 執行情形, 考核指標)
WENSHAN = {
    "戶籍登記課": [
        ("1", "便民服務", "跨機關通報服務，主動協助民眾", [1, 2, 3, 4, 5, 6], "依進度辦理", "通報正確率100%"),
        ("1", "便民服務", "戶籍謄本線上申辦宣導", [3, 9], "", "宣導2場以上"),
        ("2", "資料清查", "清查逾期未辦遷入登記人口", [7, 8], "", "完成清查"),
    ],
    "行政庶務課": [
        ("1", "環境整潔", "洽公環境每月檢查", list(range(1, 13)), "已檢查", "檢查12次"),
    ],
}


def write_table(path: Path, sections: dict = WENSHAN, year: int | None = 113,
                office: str = OFFICE, fill: bool = False) -> Path:
    """A control table like 文山區戶政事務所's: one sheet per section, months marked ■."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sections.items():
        ws = wb.create_sheet(name)
        year_text = f"{year}年度" if year else ""
        ws.append([f"{office}{name}{year_text}工作計畫期程管制表"])
        ws.append(["編號", "計畫項目", "工作內容", "預定作業時程", *[""] * 11, "執行情形", "考核指標"])
        ws.append(["", "", "", *[f"{m}月" for m in range(1, 13)], "", ""])
        ws.merge_cells(start_row=2, start_column=4, end_row=2, end_column=15)
        for number, item, content, months, note, kpi in rows:
            marks = ["■" if m in months else "" for m in range(1, 13)]
            ws.append([number, item, content, *marks, note, kpi])
            if fill:
                r = ws.max_row
                for m in months:
                    ws.cell(r, 3 + m).fill = PatternFill("solid", fgColor="404040")
    wb.save(path)
    return path


def dump(db: Path):
    s = Store(db)
    try:
        return [(p, s.export_sections(p.id)) for p in s.plans()]
    finally:
        s.close()


def seed(db: Path, year: int = 113) -> None:
    s = Store(db)
    try:
        plan = s.create_plan(year, OFFICE, "既有計畫")
        s.insert_sections(plan.id, [
            {"name": "戶籍登記課", "items": [{"number": "9", "name": "既有項目", "tasks": [
                {"content": "既有工作", "months": [1], "progress": {1: {"status": "依進度"}}}]}]},
            {"name": "人事室", "items": [{"number": "1", "name": "差勤", "tasks": [
                {"content": "差勤管理", "months": [2]}]}]},
        ])
    finally:
        s.close()


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "plandesk.sqlite"


def test_new_year_becomes_a_new_plan(tmp_path, db, capsys):
    f = write_table(tmp_path / "文山113.xlsx")
    assert run(["--db", str(db), "import", str(f)]) == 0
    out = capsys.readouterr().out
    assert "已匯入 113 年度" in out
    [(plan, sections)] = dump(db)
    assert plan.year == 113
    assert "文山區戶政事務所" in plan.office
    assert [s["name"] for s in sections] == ["戶籍登記課", "行政庶務課"]
    tasks = [t for it in sections[0]["items"] for t in it["tasks"]]
    assert [t["months"] for t in tasks] == [[1, 2, 3, 4, 5, 6], [3, 9], [7, 8]]
    assert tasks[0]["kpi"] == "通報正確率100%"
    # 執行情形 goes into the report month (December for a past year).
    month = default_report_month(113)
    assert tasks[0]["progress"][month]["note"] == "依進度辦理"
    assert tasks[1]["progress"] == {}


def test_new_section_is_added_and_the_rest_untouched(tmp_path, db, capsys):
    seed(db)
    before = dump(db)
    f = write_table(tmp_path / "t.xlsx", {"行政庶務課": WENSHAN["行政庶務課"]})
    assert run(["--db", str(db), "import", str(f)]) == 0
    [(plan, sections)] = dump(db)
    assert plan == before[0][0]
    assert [s["name"] for s in sections] == ["戶籍登記課", "人事室", "行政庶務課"]
    assert sections[:2] == before[0][1]
    assert "新增課室" in capsys.readouterr().out


def test_existing_section_is_refused_and_nothing_written(tmp_path, db, capsys):
    seed(db)
    before = dump(db)
    f = write_table(tmp_path / "t.xlsx")  # 戶籍登記課 exists, 行政庶務課 is new
    assert run(["--db", str(db), "import", str(f)]) == 1
    err = capsys.readouterr().err
    assert "戶籍登記課" in err and "已有課室" in err and "t.xlsx" in err
    assert dump(db) == before  # not even 行政庶務課


def test_replace_replaces_the_section_wholesale(tmp_path, db, capsys):
    seed(db)
    f = write_table(tmp_path / "t.xlsx")
    assert run(["--db", str(db), "import", str(f), "--replace"]) == 0
    [(_, sections)] = dump(db)
    assert [s["name"] for s in sections] == ["戶籍登記課", "人事室", "行政庶務課"]
    items = sections[0]["items"]
    assert "既有項目" not in [it["name"] for it in items]
    assert sum(len(it["tasks"]) for it in items) == 3
    assert "取代課室" in capsys.readouterr().out


def test_dry_run_writes_nothing(tmp_path, db, capsys):
    seed(db)
    before = dump(db)
    f = write_table(tmp_path / "t.xlsx")
    assert run(["--db", str(db), "import", str(f), "--dry-run", "--replace"]) == 0
    out = capsys.readouterr().out
    assert "取代課室" in out and "未寫入" in out
    assert dump(db) == before
    empty = tmp_path / "empty.sqlite"
    assert run(["--db", str(empty), "import", str(f), "--dry-run"]) == 0
    assert dump(empty) == []


def test_dry_run_json_is_exactly_the_design_shape(tmp_path, db, capsys):
    f = write_table(tmp_path / "t.xlsx")
    assert run(["--db", str(db), "import", str(f), "--dry-run", "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert list(data) == ["sections", "warnings", "errors"]
    assert [s["name"] for s in data["sections"]] == ["戶籍登記課", "行政庶務課"]
    for sec in data["sections"]:
        assert list(sec) == ["name", "items"]
        for it in sec["items"]:
            assert list(it) == ["number", "name", "weight", "owners", "tasks"]
            for t in it["tasks"]:
                assert list(t) == ["content", "months", "schedule_note", "method", "kpi",
                                   "status", "note", "control_number"]
                assert all(isinstance(m, int) for m in t["months"])
                assert t["months"] == sorted(t["months"])
    first = data["sections"][0]["items"][0]
    assert first["number"] == "1" and first["name"] == "便民服務"
    assert first["tasks"][0]["months"] == [1, 2, 3, 4, 5, 6]
    assert first["tasks"][0]["note"] == "依進度辦理"
    for w in data["warnings"]:
        assert list(w) == ["sheet", "row", "message"]
    assert data["errors"] == []
    assert "戶籍登記課" in out  # ensure_ascii=False: Chinese as is, not \\u escapes
    assert dump(db) == []


def test_json_of_a_refused_merge_lists_the_error(tmp_path, db, capsys):
    seed(db)
    f = write_table(tmp_path / "t.xlsx")
    assert run(["--db", str(db), "import", str(f), "--dry-run", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["errors"]) == 1 and "戶籍登記課" in data["errors"][0]["message"]


def test_year_comes_from_option_then_file_then_today(tmp_path, db, capsys):
    f = write_table(tmp_path / "t113.xlsx", year=113)
    assert run(["--db", str(db), "import", str(f), "--year", "114"]) == 0
    assert [p.year for p, _ in dump(db)] == [114]
    assert run(["--db", str(db), "import", str(f)]) == 0
    assert [p.year for p, _ in dump(db)] == [113, 114]
    g = write_table(tmp_path / "noyear.xlsx", year=None)
    assert run(["--db", str(db), "import", str(g)]) == 0
    assert current_roc_year() in [p.year for p, _ in dump(db)]


def test_fill_colour_marks_months_too(tmp_path, db, capsys):
    rows = {"人事室": [("1", "差勤", "差勤管理", [4, 5], "", "")]}
    f = tmp_path / "fill.xlsx"
    write_table(f, rows, fill=True)
    assert run(["--db", str(db), "import", str(f)]) == 0
    [(_, sections)] = dump(db)
    assert sections[0]["items"][0]["tasks"][0]["months"] == [4, 5]


def test_missing_file_and_wrong_suffix(tmp_path, db, capsys):
    assert run(["--db", str(db), "import", str(tmp_path / "沒有.xlsx")]) == 2
    assert "沒有.xlsx" in capsys.readouterr().err
    txt = tmp_path / "plan.csv"
    txt.write_text("編號,計畫項目\n1,x\n", encoding="utf-8")
    assert run(["--db", str(db), "import", str(txt)]) == 2
    assert "plan.csv" in capsys.readouterr().err
    assert dump(db) == []


def _progress_setup(tmp_path, db):
    """A plan with three tasks planned in May, and its May progress sheets written out."""
    from desktop.exchange.progress_sheets import write_progress_sheets

    s = Store(db)
    try:
        plan = s.create_plan(113, OFFICE, "計畫")
        s.insert_sections(plan.id, [
            {"name": "戶籍登記課", "items": [{"number": "1", "name": "便民", "tasks": [
                {"content": "甲工作", "months": [5], "progress": {5: {"status": "執行中", "note": "舊說明"}}},
                {"content": "乙工作", "months": [5]},
            ]}]},
            {"name": "人事室", "items": [{"number": "1", "name": "差勤", "tasks": [
                {"content": "丙工作", "months": [5]}]}]},
        ])
        files = write_progress_sheets(s, plan, 5, tmp_path / "sheets")
    finally:
        s.close()
    return {f.name: f for f in files}


def _fill(path: Path, content: str, status: str, note: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows(min_row=1, max_row=10) if any(c.value == "工作代碼" for c in r))
    col = {c.value: c.column for c in header}
    for row in ws.iter_rows(min_row=header[0].row + 1):
        if row[col["工作內容"] - 1].value == content:
            row[col["狀態"] - 1].value = status
            row[col["執行情形"] - 1].value = note
    wb.save(path)


def test_progress_sheet_updates_exactly_its_tasks(tmp_path, db, capsys):
    files = _progress_setup(tmp_path, db)
    sheet = next(f for n, f in files.items() if n.startswith("戶籍登記課"))
    _fill(sheet, "乙工作", "落後", "人手不足")
    before = dump(db)
    capsys.readouterr()

    assert run(["--db", str(db), "import", str(sheet), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "乙工作" in out and "落後" in out and "甲工作" not in out
    assert dump(db) == before

    assert run(["--db", str(db), "import", str(sheet), "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["task"], c["month"], c["old_status"], c["new_status"]) for c in data["progress"]] == [
        ("乙工作", 5, "", "落後")]

    assert run(["--db", str(db), "import", str(sheet)]) == 0
    after = dump(db)
    [(plan, secs)] = after
    a, b = secs[0]["items"][0]["tasks"]
    assert a["progress"] == before[0][1][0]["items"][0]["tasks"][0]["progress"]  # untouched
    assert b["progress"][5]["status"] == "落後" and b["progress"][5]["note"] == "人手不足"
    assert secs[1] == before[0][1][1]  # the other section untouched
    assert [p for p, _ in after] == [p for p, _ in before]


def test_progress_sheet_for_a_missing_year_is_refused(tmp_path, db, capsys):
    files = _progress_setup(tmp_path, db)
    sheet = next(iter(files.values()))
    other = tmp_path / "other.sqlite"
    assert run(["--db", str(other), "import", str(sheet)]) == 2
    err = capsys.readouterr().err
    assert "113" in err and sheet.name in err
    assert dump(other) == []


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_exported_bureau_workbook_comes_back(sample_store, tmp_path, capsys, fmt):
    """What PlanDesk exports, PlanDesk imports: sections, items, tasks, months, ◆ and KPIs."""
    from desktop.exchange.workbook import write_bureau_workbook

    plan = sample_store.plans()[0]
    out = tmp_path / f"bureau.{fmt}"
    write_bureau_workbook(sample_store, plan, out, fmt=fmt)
    db = tmp_path / "fresh.sqlite"
    assert run(["--db", str(db), "import", str(out)]) == 0
    [(got_plan, got)] = dump(db)
    assert got_plan.year == plan.year and got_plan.office == plan.office
    want = sample_store.export_sections(plan.id)

    def shape(sections):
        return [(s["name"], [(it["number"], it["name"], it["weight"], it["owners"],
                              [(t["content"], t["months"], t["checkpoints"], t["kpi"])
                               for t in it["tasks"]]) for it in s["items"]]) for s in sections]

    assert shape(got) == shape(want)


def test_json_without_dry_run_writes_and_prints(tmp_path, db, capsys):
    f = write_table(tmp_path / "t.xlsx")
    assert run(["--db", str(db), "import", str(f), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in data["sections"]] == ["戶籍登記課", "行政庶務課"]
    assert [s["name"] for s in dump(db)[0][1]] == ["戶籍登記課", "行政庶務課"]


def test_year_option_on_a_progress_sheet_is_ignored_with_a_warning(tmp_path, db, capsys):
    files = _progress_setup(tmp_path, db)
    sheet = next(iter(files.values()))
    assert run(["--db", str(db), "import", str(sheet), "--year", "120", "--dry-run"]) == 0
    assert "--year 120 不適用" in capsys.readouterr().err


def test_invalid_year_is_refused(tmp_path, db, capsys):
    f = write_table(tmp_path / "t.xlsx")
    assert run(["--db", str(db), "import", str(f), "--year", "2024"]) == 2
    assert "2024" in capsys.readouterr().err
    assert dump(db) == []
