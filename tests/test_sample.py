"""The shipped sample plan: transcribed from the Wenshan 113 table, every state visible in November."""

from __future__ import annotations

from collections import Counter

import pytest

from desktop.cli import run
from desktop.models.domain import DerivedState, Status
from desktop.models.sample import load_sample_plan, sample_data
from desktop.models.state import derive_state
from desktop.models.store import Store, StoreError

REPORT_MONTH = 11


def _tasks(store: Store, plan_id: int):
    """(section name, item, task) for every task of the plan, in order."""
    for sec, tree in store.plan_tree(plan_id):
        for it in tree:
            for task in it.tasks:
                yield sec.name, it.item, task


def _states(store: Store, month: int) -> Counter:
    plan = store.plans()[0]
    progress = store.progress_for_plan(plan.id)
    return Counter(
        derive_state(t.months, progress.get(t.id, {}), month) for _, _, t in _tasks(store, plan.id)
    )


def test_plan_header(sample_store):
    plans = sample_store.plans()
    assert len(plans) == 1
    plan = plans[0]
    assert plan.year == 115
    assert plan.office == "臺北市文山區戶政事務所"
    assert plan.title == "臺北市文山區戶政事務所115年度提升服務品質執行計畫"
    assert plan.approved_on == "2025-12-29"
    assert plan.doc_number.startswith("CNAA")


def test_four_sections_in_reference_order(sample_store):
    plan = sample_store.plans()[0]
    names = [s.name for s in sample_store.sections(plan.id)]
    assert names == ["戶籍登記課", "戶籍資料課", "行政庶務課", "人事室"]


def test_task_count_and_shape(sample_store):
    plan = sample_store.plans()[0]
    assert 50 <= sample_store.task_count(plan.id) <= 70
    counts = {
        sec.name: sum(len(it.tasks) for it in tree) for sec, tree in sample_store.plan_tree(plan.id)
    }
    assert counts == {"戶籍登記課": 21, "戶籍資料課": 15, "行政庶務課": 30, "人事室": 3}
    for _, item, task in _tasks(sample_store, plan.id):
        assert item.number and item.name
        assert task.content.strip()
        assert item.weight is None and item.owners == ""  # the Wenshan table has neither


def test_known_items_in_each_section(sample_store):
    plan = sample_store.plans()[0]
    items = {
        sec.name: [(it.item.number, it.item.name) for it in tree]
        for sec, tree in sample_store.plan_tree(plan.id)
    }
    assert items["戶籍登記課"][0] == ("3", "助您好孕專案")
    assert ("6", "戶籍清查業務") in items["戶籍登記課"]
    assert items["戶籍資料課"][0] == ("1", "辦理到校受理國中生初領國民身分證業務")
    assert ("11", "門牌指標設置及定期巡查管理") in items["戶籍資料課"]
    assert items["行政庶務課"][-1] == ("15", "勞資會議")
    assert items["人事室"] == [("1", "員工考核作業")]


def test_known_tasks_and_kpis(sample_store):
    plan = sample_store.plans()[0]
    by_content = {t.content: (sec, item, t) for sec, item, t in _tasks(sample_store, plan.id)}

    sec, item, task = by_content["新住民關懷訪視案件同意率達60%以上"]
    assert (sec, item.number, item.name) == ("戶籍登記課", "5", "新住民關懷訪視作業")
    assert task.target_op == ">=" and task.target_value == 60 and task.target_unit == "%"

    sec, item, task = by_content["致贈百歲人瑞金鎖片不知去向者(1/1-2/28)完成清查率100%"]
    assert task.months == (1, 2)
    assert task.schedule_note == "1/1-2/28"
    assert task.kpi.startswith("評鑑：\n*人口清查")

    # multi-line content keeps its line breaks
    _, item, task = by_content[
        "1. 送審案件登錄資料正確\n2. 送審案件文件備妥\n3. 應調查事項調查完整"
    ]
    assert item.name == "國籍歸化案件"
    assert "國籍行政系統登錄國籍案件資料" in task.kpi
    assert task.method == "評鑑&民政局考核"

    _, item, task = by_content["1-4月公務人員、職工、約僱人員平時考核"]
    assert item.name == "員工考核作業"
    assert task.months == (4,)
    assert task.checkpoints == (4,)

    _, _, task = by_content["年度財產及物品盤點"]
    assert task.months == (1, 7, 10)
    assert task.kpi == "財管系統線上申報:1月、7月各1次\n10月辦理財產及物品盤點"

    _, _, task = by_content["為協調勞資關係, 促進勞資合作, 提高工作效率"]
    assert task.kpi == "每3個月召開1次"
    assert task.months == (3, 6, 9, 12)

    _, _, task = by_content[
        "如發現脫落，遺失或需新增之門牌指標，應填列「製作門牌指標清冊」，併同、「製作門牌數量一覽表」、"
        "「設置門牌指標數量表」報局製作：\n1. 月報表皆依限報局\n2. 月報表正確無誤"
    ]
    assert task.schedule_note == "每月5日前"
    assert "應於每月5日前陳報" in task.kpi


def test_every_derived_state_appears_in_november(sample_store):
    states = _states(sample_store, REPORT_MONTH)
    assert set(states) == set(DerivedState), states


def test_behind_both_by_report_and_by_date(sample_store):
    plan = sample_store.plans()[0]
    progress = sample_store.progress_for_plan(plan.id)
    by_report = by_date = 0
    for _, _, t in _tasks(sample_store, plan.id):
        reports = progress.get(t.id, {})
        if derive_state(t.months, reports, REPORT_MONTH) is not DerivedState.BEHIND:
            continue
        latest = max(
            (m for m, p in reports.items() if p.status and m <= REPORT_MONTH), default=None
        )
        if latest is not None and reports[latest].status is Status.BEHIND:
            by_report += 1
            assert reports[latest].cause and reports[latest].remedy
        else:
            assert t.months[-1] < REPORT_MONTH
            by_date += 1
    assert by_report >= 1 and by_date >= 1


def test_every_behind_report_gives_cause_and_remedy(sample_store):
    plan = sample_store.plans()[0]
    reports = [
        p
        for per_task in sample_store.progress_for_plan(plan.id).values()
        for p in per_task.values()
    ]
    assert len(reports) > 400
    behind = [p for p in reports if p.status is Status.BEHIND]
    assert behind
    assert all(p.cause.strip() and p.remedy.strip() for p in behind)
    assert {p.month for p in reports} == set(range(1, 12))  # reports for months 1..11 only


def test_sample_json_shape():
    data = sample_data()
    assert data["task_force"] == []  # the reference has no 推動小組 roster (附件 2 not included)
    allowed = {s.value for s in Status}
    for sec in data["sections"]:
        for item in sec["items"]:
            for task in item["tasks"]:
                assert task["months"] == sorted(set(task["months"]))
                assert set(task["checkpoints"]) <= set(task["months"])
                for month, rep in task["progress"].items():
                    assert 1 <= int(month) <= 12
                    assert rep["status"] in allowed


def test_loading_twice_is_refused(sample_store):
    plan = sample_store.plans()[0]
    before = sample_store.task_count(plan.id)
    with pytest.raises(StoreError, match="115"):
        load_sample_plan(sample_store)
    assert len(sample_store.plans()) == 1
    assert sample_store.task_count(plan.id) == before


def test_cli_demo(tmp_path, capsys):
    db = tmp_path / "demo.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    assert "115 年度" in capsys.readouterr().out
    store = Store(db)
    try:
        assert store.plan_by_year(115) is not None
        assert store.integrity_problems() == []
    finally:
        store.close()
    # a second demo into the same file is refused with a Chinese message and a non-zero exit
    assert run(["--db", str(db), "demo"]) != 0
    assert "115" in capsys.readouterr().err
