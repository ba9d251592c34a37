"""`plandesk kpi`: the JSON shape of the evaluation issue, computed by the §3a rule."""

from __future__ import annotations

import json

from desktop.cli import run
from desktop.models.sample import load_sample_plan
from desktop.models.store import Store


def _db(tmp_path):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    plan = load_sample_plan(store)
    item = store.add_item(store.add_section(plan.id, "測試課").id, number="1", name="測試項目")
    task = store.add_task(item.id, content="同意率達60%以上", months=(3, 6), checkpoints=(3, 6),
                          target_op=">=", target_value=60, target_unit="%")
    store.set_progress(task.id, 3, actual_value="７０％")
    store.set_progress(task.id, 6, actual_value="九成")
    store.close()
    return db, plan.year, task.id


def test_kpi_json_keys_results_and_section_counts(tmp_path, capsys):
    db, year, task_id = _db(tmp_path)
    assert run(["--db", str(db), "kpi", "--year", str(year), "--month", "6", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    task = next(t for t in report["tasks"] if t["task_id"] == task_id)
    assert set(task) >= {"task_id", "section", "item", "content", "op", "value", "unit",
                         "checks", "year_result"}
    assert task["op"] == ">=" and task["section"] == "測試課" and task["item"] == "測試項目"
    assert task["checks"] == [{"month": 3, "actual": "７０％", "result": "達成"},
                              {"month": 6, "actual": "九成", "result": "未填"}]
    assert task["year_result"] == "未填"
    section = next(s for s in report["sections"] if s["name"] == "測試課")
    assert section == {"name": "測試課", "met": 0, "missed": 0, "missing": 1}


def test_kpi_month_before_the_first_check_is_not_due(tmp_path, capsys):
    db, year, task_id = _db(tmp_path)
    assert run(["--db", str(db), "kpi", "--year", str(year), "--month", "3", "--json"]) == 0
    task = next(t for t in json.loads(capsys.readouterr().out)["tasks"] if t["task_id"] == task_id)
    assert task["year_result"] == "達成"
    assert run(["--db", str(db), "kpi", "--year", str(year), "--month", "2", "--json"]) == 0
    task = next(t for t in json.loads(capsys.readouterr().out)["tasks"] if t["task_id"] == task_id)
    assert task["year_result"] == "未到期"


def test_kpi_text_output_and_missing_year(tmp_path, capsys):
    db, year, _ = _db(tmp_path)
    assert run(["--db", str(db), "kpi", "--year", str(year), "--month", "6"]) == 0
    out = capsys.readouterr().out
    assert "測試課：達成 0、未達成 0、未填 1" in out and "≥ 60 %" in out
    assert run(["--db", str(db), "kpi", "--year", "1"]) == 2
    assert "沒有 1 年度計畫" in capsys.readouterr().err
