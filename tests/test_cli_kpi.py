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


def _suggest_db(tmp_path):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    plan = store.create_plan(115, office="測試所")
    item = store.add_item(store.add_section(plan.id, "戶籍登記課").id, number="5", name="新住民關懷訪視作業")
    wanted = store.add_task(item.id, content="新住民關懷訪視案件同意率達60%以上", months=(6, 12))
    store.add_task(item.id, content="1. 60日內通知 2. 次日起10日內匯入")  # two targets: none
    set_already = store.add_task(item.id, content="完成清查率100%", target_op="=",
                                 target_value=90, target_unit="%")
    store.close()
    return db, wanted.id, set_already.id


def test_suggest_targets_json_lists_without_writing(tmp_path, capsys):
    db, wanted, set_already = _suggest_db(tmp_path)
    assert run(["--db", str(db), "suggest-targets", "--year", "115", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["suggestions"]
    assert [r["task_id"] for r in rows] == [wanted]
    assert set(rows[0]) >= {"task_id", "content", "kpi", "op", "value", "unit", "phrase"}
    assert (rows[0]["op"], rows[0]["value"], rows[0]["unit"]) == (">=", 60, "%")
    assert rows[0]["phrase"] == "新住民關懷訪視案件同意率達60%以上"
    store = Store(db)
    assert store.task(wanted).target_op is None
    store.close()


def test_suggest_targets_apply_writes_after_a_backup(tmp_path, capsys):
    from desktop.paths import backup_dir_for

    db, wanted, set_already = _suggest_db(tmp_path)
    assert run(["--db", str(db), "suggest-targets", "--year", "115", "--apply"]) == 0
    assert "已採用 1 項建議目標值" in capsys.readouterr().out
    store = Store(db)
    task = store.task(wanted)
    assert (task.target_op, task.target_value, task.target_unit) == (">=", 60, "%")
    assert store.task(set_already).target_value == 90  # a target already set is left alone
    store.close()
    assert any("targets" in p.name for p in backup_dir_for(db).iterdir())
    assert run(["--db", str(db), "suggest-targets", "--year", "115", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["suggestions"] == []


def test_suggest_targets_unknown_year_is_a_chinese_error(tmp_path, capsys):
    db, _, _ = _suggest_db(tmp_path)
    assert run(["--db", str(db), "suggest-targets", "--year", "99"]) == 2
    assert "沒有 99 年度計畫" in capsys.readouterr().err
