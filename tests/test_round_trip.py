"""Our own workbook comes back whole: export, import into an empty database, export again →
the same cells on every sheet, cover included (issue 9, DESIGN.md §5)."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.exchange.import_cli import load_import
from desktop.exchange.merge import apply_merge, plan_merge
from desktop.exchange.workbook import write_bureau_workbook
from desktop.models.sample import load_sample_plan
from desktop.models.store import Store

_spec = importlib.util.spec_from_file_location(
    "test_export_workbook", Path(__file__).parent / "test_export_workbook.py")
_ew = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ew)

DAY = date(2026, 12, 3)


def rich_plan(store):
    """Reports of several months (older ones too), every status, KPI, notes, weights, owners,
    actual values, causes and remedies, checkpoints, methods, 核定 date and 文號."""
    plan = _ew.build_small_plan(store)
    store.insert_sections(plan.id, [{"name": "人事室", "items": [
        {"number": "1", "name": "差勤管理", "weight": 3, "owners": "李大同、陳小華", "tasks": [
            {"content": "每月差勤統計", "months": list(range(1, 13)), "kpi": "準時率95%",
             "progress": {"2": {"status": "執行中", "note": "二月統計完成"},
                          "4": {"note": "四月只寫了說明", "actual_value": "96%"}}},
            {"content": "年度考績作業", "months": [11, 12], "checkpoints": [12],
             "method": "實地(12月)",
             "progress": {"3": {"status": "未開始", "note": "尚未開始\n第二行說明"}}},
            {"content": "員工協助方案", "months": [2, 3], "kpi": "參與 30 人次",
             "progress": {"3": {"status": "落後", "note": "講師未到",
                                "cause": "講師生病", "remedy": "改期四月"}}},
            {"content": "依進度而無說明", "months": [5, 6], "progress": {"6": {"status": "依進度"}}},
        ]},
    ]}])
    return plan


def cells(path: Path, fmt: str) -> dict[str, dict]:
    if fmt == "xlsx":
        wb = load_workbook(path)
        return {ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row
                           if c.value not in (None, "")} for ws in wb.worksheets}
    from desktop.exchange.reader_ods import grids_from_ods

    return {g.name: dict(g.text) for g in grids_from_ods(path)}


def round_trip(store: Store, plan, tmp_path: Path, fmt: str, month: int):
    first = write_bureau_workbook(store, plan, tmp_path / f"first.{fmt}", fmt, month=month, today=DAY)
    empty = Store(tmp_path / "empty.db")
    loaded = load_import(empty, first)
    assert loaded.errors == []
    merge = plan_merge(empty, loaded.result, loaded.result.year, False)
    apply_merge(empty, merge)
    again = empty.plan_by_year(plan.year)
    second = write_bureau_workbook(empty, again, tmp_path / f"second.{fmt}", fmt, month=month,
                                   today=DAY)
    return empty, again, cells(first, fmt), cells(second, fmt)


def differences(a: dict, b: dict) -> list:
    assert list(a) == list(b)
    return [(name, k, a[name].get(k), b[name].get(k)) for name in a
            for k in sorted(set(a[name]) | set(b[name]), key=str) if a[name].get(k) != b[name].get(k)]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_sample_plan_comes_back_cell_for_cell(store, tmp_path, fmt):
    plan = load_sample_plan(store)
    _, again, a, b = round_trip(store, plan, tmp_path, fmt, 11)
    assert differences(a, b) == []
    assert (again.title, again.approved_on, again.doc_number) == (
        plan.title, plan.approved_on, plan.doc_number)


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("month", [3, 6, 12])
def test_a_plan_with_reports_weights_and_owners_comes_back_cell_for_cell(store, tmp_path, fmt, month):
    plan = rich_plan(store)
    _, again, a, b = round_trip(store, plan, tmp_path, fmt, month)
    assert differences(a, b) == []
    assert (again.title, again.office, again.approved_on, again.doc_number) == (
        plan.title, plan.office, "2023-12-29", "北市文戶秘字第1126009370號")


def test_derived_states_read_back_as_that_months_reports(store, tmp_path):
    """已完成/暫緩/落後 become the sheet month's report; 未填報/未到期/本月無排程 are none."""
    plan = rich_plan(store)
    empty, again, _, _ = round_trip(store, plan, tmp_path, "xlsx", 6)
    got = {}
    for _sec, tree in empty.plan_tree(again.id):
        for it in tree:
            for t in it.tasks:
                got[t.content] = {m: (p.status, p.note) for m, p in empty.progress(t.id).items()}
    # 已完成 in June (reported that month) stays 已完成 in June, not 落後
    assert got["60日內通知辦理出生登記並申請獎勵金"] == {6: ("已完成", "全數完成")}
    # 暫緩 reported in July is older than nothing at June: 公文稽催 had no report by June
    assert got["公文稽催每月辦理"] == {}
    # an older report keeps its own month; the state 落後 is its status
    assert got["員工協助方案"] == {3: ("落後", "講師未到")}
    # 未到期 / 本月無排程: no report at all
    assert got["辦理外籍人士歸化測試"] == {}
    assert got["檔案清查"] == {}


def test_the_roster_comes_back_with_the_plan(store, tmp_path):
    plan = rich_plan(store)
    store.add_task_force_member(plan.id, role="召集人", title="主任", name="王大明",
                                duty="綜理「113 年度提升服務品質執行計畫」各項事宜")
    store.add_task_force_member(plan.id, role="委員", title="課長", name="李小華", duty="督導推動")
    empty, again, a, b = round_trip(store, plan, tmp_path, "xlsx", 6)
    assert "推動小組" in a
    assert differences(a, b) == []
    assert [(m.role, m.title, m.name, m.duty) for m in empty.task_force(again.id)] == [
        ("召集人", "主任", "王大明", "綜理「113 年度提升服務品質執行計畫」各項事宜"),
        ("委員", "課長", "李小華", "督導推動")]


def test_the_command_line_round_trip(tmp_path, capsys):
    """`plandesk demo`, `export --format xlsx`, `import` into an empty database, `export` again."""
    from desktop.cli import run

    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert run(["--db", str(a), "demo"]) == 0
    assert run(["--db", str(a), "export", "--format", "xlsx", "--month", "11",
                "--out", str(tmp_path / "a.xlsx")]) == 0
    assert run(["--db", str(b), "import", str(tmp_path / "a.xlsx")]) == 0
    assert run(["--db", str(b), "export", "--format", "xlsx", "--month", "11",
                "--out", str(tmp_path / "b.xlsx")]) == 0
    capsys.readouterr()
    assert differences(cells(tmp_path / "a.xlsx", "xlsx"), cells(tmp_path / "b.xlsx", "xlsx")) == []


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_carried_over_flag_goes_out_in_the_schedule_and_comes_back_as_the_field(store, tmp_path, fmt):
    """延續未完成 is a field; the workbook writes it as 「〔N年度未完成〕」 before 時程說明 and the
    import reads it back into the field (issue 9)."""
    plan = rich_plan(store)
    tasks = {t.content: t for _s, tree in store.plan_tree(plan.id) for it in tree for t in it.tasks}
    store.update_task(tasks["檔案清查"].id, carried_from=112)
    store.update_task(tasks["60日內通知辦理出生登記並申請獎勵金"].id, carried_from=112)
    empty, again, a, b = round_trip(store, plan, tmp_path, fmt, 6)
    assert differences(a, b) == []
    shown = [v for sheet in a.values() for v in sheet.values() if isinstance(v, str)]
    assert "〔112年度未完成〕 每月5日前" in shown and "〔112年度未完成〕" in shown
    back = {t.content: (t.carried_from, t.schedule_note)
            for _s, tree in empty.plan_tree(again.id) for it in tree for t in it.tasks}
    assert back["檔案清查"] == (112, "")
    assert back["60日內通知辦理出生登記並申請獎勵金"] == (112, "每月5日前")
    assert back["每月差勤統計"] == (None, "")
