"""plan_merge / apply_merge: what each section does, one transaction, exact undo and redo."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from desktop.exchange.merge import (
    ADD,
    NEW_PLAN,
    REFUSE,
    REPLACE,
    apply_merge,
    plan_merge,
    redo_merge,
    snapshot_created,
    undo_merge,
)
from desktop.models.rocdate import default_report_month
from desktop.models.store import StoreError


def task(content, months=(), status="", note="", **kw):
    return {"content": content, "months": list(months), "checkpoints": [], "schedule_note": "",
            "method": "", "kpi": kw.get("kpi", ""), "status": status, "note": note,
            "control_number": kw.get("control_number", "")}


def section(name, *items):
    return {"name": name, "items": list(items)}


def item(number, name, *tasks, weight=None, owners=""):
    return {"number": number, "name": name, "weight": weight, "owners": owners,
            "tasks": list(tasks)}


def result(*sections, year=113, office="臺北市文山區戶政事務所", title="113年度提升服務品質執行計畫"):
    return SimpleNamespace(path="x.xlsx", year=year, office=office, title=title,
                           sections=list(sections), warnings=[])


def existing(store, year=113):
    plan = store.create_plan(year, "臺北市文山區戶政事務所", "既有計畫")
    store.insert_sections(plan.id, [
        section("戶籍登記課", item("1", "既有項目", {"content": "既有工作", "months": [1, 2],
                                               "progress": {1: {"status": "依進度", "note": "舊"}}})),
        section("行政庶務課", item("1", "庶務", {"content": "庶務工作", "months": [3]})),
    ])
    return plan


def dump(store):
    """The whole database content, to compare before and after."""
    return [(p, store.export_sections(p.id), store.task_force(p.id)) for p in store.plans()]


def test_new_year_becomes_new_plan_with_office_and_title(store):
    r = result(section("戶籍登記課", item("1", "櫃檯服務", task("微笑服務", [3, 1, 2]))))
    mp = plan_merge(store, r, 113, replace=False)
    assert mp.new_plan and [s.action for s in mp.sections] == [NEW_PLAN]
    assert mp.sections[0].item_count == 1 and mp.sections[0].task_count == 1
    res = apply_merge(store, mp)
    plan = store.plan_by_year(113)
    assert res.created_plan_id == plan.id
    assert plan.office == "臺北市文山區戶政事務所" and plan.title == "113年度提升服務品質執行計畫"
    [sec] = store.export_sections(plan.id)
    assert sec["name"] == "戶籍登記課"
    assert sec["items"][0]["tasks"][0]["months"] == [1, 2, 3]


def test_status_and_note_go_to_the_report_month(store):
    r = result(section("人事室", item("1", "差勤", task("差勤管理", [1], "落後", "人力不足"),
                                     task("無狀態", [2]))), year=110)
    apply_merge(store, plan_merge(store, r, 110, replace=False))
    plan = store.plan_by_year(110)
    tasks = store.export_sections(plan.id)[0]["items"][0]["tasks"]
    month = default_report_month(110)
    assert month == 12
    assert tasks[0]["progress"] == {month: {"status": "落後", "note": "人力不足", "actual_value": "",
                                            "cause": "", "remedy": ""}}
    assert tasks[1]["progress"] == {}


def test_unknown_status_is_kept_in_the_note_with_a_warning(store):
    r = result(section("人事室", item("1", "差勤", task("差勤管理", [1], "已辦理", "共3場"))), year=110)
    mp = plan_merge(store, r, 110, replace=False)
    assert any("已辦理" in w.message for w in mp.warnings)
    apply_merge(store, mp)
    t = store.export_sections(store.plan_by_year(110).id)[0]["items"][0]["tasks"][0]
    assert t["progress"][12]["status"] == "" and t["progress"][12]["note"] == "已辦理：共3場"


def test_add_refuse_replace_actions(store):
    existing(store)
    r = result(section("戶籍登記課", item("9", "新項目", task("新工作", [5]))),
               section("人事室", item("1", "差勤", task("差勤", [6]))))
    mp = plan_merge(store, r, 113, replace=False)
    assert [s.action for s in mp.sections] == [REFUSE, ADD]
    assert not mp.ok and "戶籍登記課" in mp.errors[0].message
    mp2 = plan_merge(store, r, 113, replace=True)
    assert [s.action for s in mp2.sections] == [REPLACE, ADD] and mp2.ok


def test_refused_merge_writes_nothing(store):
    existing(store)
    before = dump(store)
    r = result(section("人事室", item("1", "差勤", task("差勤", [6]))),
               section("戶籍登記課", item("9", "新項目", task("新工作", [5]))))
    with pytest.raises(StoreError, match="戶籍登記課"):
        apply_merge(store, plan_merge(store, r, 113, replace=False))
    assert dump(store) == before


@pytest.mark.parametrize("error", [StoreError("模擬失敗"), sqlite3.IntegrityError("模擬失敗")])
def test_error_half_way_rolls_everything_back(store, monkeypatch, error):
    existing(store)
    before = dump(store)
    r = result(section("人事室", item("1", "差勤", task("差勤", [6]))),
               section("會計室", item("1", "帳務", task("帳務", [7]))))
    mp = plan_merge(store, r, 113, replace=False)
    real = store.insert_sections
    calls = []

    def failing(plan_id, data):
        calls.append(data[0]["name"])
        if len(calls) == 2:
            raise error
        return real(plan_id, data)

    monkeypatch.setattr(store, "insert_sections", failing)
    with pytest.raises(StoreError):
        apply_merge(store, mp)
    assert calls == ["人事室", "會計室"]
    assert dump(store) == before


def test_replace_keeps_position_and_undo_redo_are_exact(store):
    plan = existing(store)
    before = dump(store)
    ids_before = [s.id for s in store.sections(plan.id)]
    r = result(section("戶籍登記課", item("1", "換新", task("新工作", [4, 5], "執行中"))),
               section("秘書室", item("1", "文書", task("公文", [1]))))
    res = apply_merge(store, plan_merge(store, r, 113, replace=True))
    after = dump(store)
    names = [s.name for s in store.sections(plan.id)]
    assert names == ["戶籍登記課", "行政庶務課", "秘書室"]
    assert after[0][1][0]["items"][0]["name"] == "換新"
    assert len(res.replaced) == 1 and res.replaced[0]["section"][0]["id"] == ids_before[0]
    created = snapshot_created(store, res)
    ids_after = [s.id for s in store.sections(plan.id)]

    undo_merge(store, res)
    assert dump(store) == before
    assert [s.id for s in store.sections(plan.id)] == ids_before
    redo_merge(store, res, created)
    assert dump(store) == after
    assert [s.id for s in store.sections(plan.id)] == ids_after
    undo_merge(store, res)
    assert dump(store) == before


def test_undo_of_a_new_plan_removes_the_plan(store):
    r = result(section("人事室", item("1", "差勤", task("差勤", [6]))), year=114)
    res = apply_merge(store, plan_merge(store, r, 114, replace=False))
    created = snapshot_created(store, res)
    after = dump(store)
    undo_merge(store, res)
    assert store.plans() == []
    redo_merge(store, res, created)
    assert dump(store) == after


def test_duplicate_names_in_file_merge_with_warning_and_blank_name_is_named(store):
    r = result(section("人事室", item("1", "甲", task("a", [1]))),
               section(" 人事室 ", item("2", "乙", task("b", [2]))),
               section("", item("1", "丙", task("c", [3]))))
    mp = plan_merge(store, r, 113, replace=False)
    assert [s.name for s in mp.sections] == ["人事室", "未命名課室3"]
    assert mp.sections[0].item_count == 2
    assert len(mp.warnings) == 2
    apply_merge(store, mp)
    assert [s.name for s in store.sections(store.plan_by_year(113).id)] == ["人事室", "未命名課室3"]


def test_bad_weight_and_months_are_cleaned(store):
    r = result(section("人事室", item("1", "甲", task("a", [12, 0, 13, 3, 3]), weight="兩分")))
    mp = plan_merge(store, r, 113, replace=False)
    assert any("配分" in w.message for w in mp.warnings)
    apply_merge(store, mp)
    it = store.export_sections(store.plan_by_year(113).id)[0]["items"][0]
    assert it["weight"] is None and it["tasks"][0]["months"] == [3, 12]


def test_progress_rows_round_trip_exactly(store):
    plan = existing(store)
    tid = store.section_tree(store.sections(plan.id)[0].id)[0].tasks[0].id
    before = store.progress_rows([tid])
    assert before and before[0]["note"] == "舊"
    store.set_progress(tid, 1, status="落後", note="新")
    store.set_progress(tid, 2, status="依進度")
    after = store.progress_rows([tid])
    store.put_progress_rows([tid], before)
    assert store.progress_rows([tid]) == before
    store.put_progress_rows([tid], after)
    assert sorted(r["month"] for r in store.progress_rows([tid])) == [1, 2]


def test_plan_title_loses_the_section_name(store):
    r = result(section("戶籍登記課", item("1", "a", task("x", [1]))),
               title="臺北市大安區戶政事務所（戶籍登記課）112 年度重要工作計畫作業時程管制表")
    mp = plan_merge(store, r, 112, replace=False)
    assert mp.title == "臺北市大安區戶政事務所112 年度重要工作計畫作業時程管制表"


def test_year_given_for_a_new_plan_replaces_the_files_year_in_its_title(store):
    from types import SimpleNamespace

    from desktop.exchange.merge import plan_merge

    result = SimpleNamespace(year=113, office="臺北市大同區公所",
                             title="臺北市大同區公所113年度為民服務工作計畫",
                             sections=[{"name": "民政課", "items": []}])
    mp = plan_merge(store, result, 120, replace=False)
    assert mp.title == "臺北市大同區公所120年度為民服務工作計畫"


def test_a_table_of_another_office_is_warned_about(store):
    from types import SimpleNamespace

    from desktop.exchange.merge import plan_merge

    store.create_plan(113, "臺北市文山區戶政事務所")
    result = SimpleNamespace(year=113, office="臺北市大同區公所", title="",
                             sections=[{"name": "民政課", "items": []}])
    mp = plan_merge(store, result, 113, replace=False)
    assert any("臺北市大同區公所" in w.message and "臺北市文山區戶政事務所" in w.message
               for w in mp.warnings)
