"""`plandesk carry-over`, `plandesk carried [--year Y] [--json]` and `carried --clear TASK_ID…` (issue 9)."""

from __future__ import annotations

import json

from desktop.cli import run
from desktop.models.store import Store


def carried_db(tmp_path):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    assert run(["--db", str(db), "carry-over"]) == 0
    return db


def test_carry_over_then_list_the_carried_tasks(tmp_path, capsys):
    db = carried_db(tmp_path)
    capsys.readouterr()
    store = Store(db)
    try:
        newest = store.plans()[-1]
        flagged = [t for _s, tree in store.plan_tree(newest.id) for it in tree for t in it.tasks
                   if t.carried_from]
        assert flagged and all(t.carried_from == newest.year - 1 for t in flagged)
    finally:
        store.close()
    assert run(["--db", str(db), "carried", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["year"] == newest.year
    assert sorted(t["task_id"] for t in report["tasks"]) == sorted(t.id for t in flagged)
    first = report["tasks"][0]
    assert set(first) == {"task_id", "section", "item_number", "item", "content", "carried_from",
                          "schedule_note", "months"}
    assert first["carried_from"] == newest.year - 1
    assert run(["--db", str(db), "carried"]) == 0
    out = capsys.readouterr().out
    assert f"{newest.year} 年度延續未完成的工作：{len(flagged)} 項" in out
    assert f"〔{newest.year - 1}年度未完成〕" in out
    # the old year has none
    assert run(["--db", str(db), "carried", "--year", str(newest.year - 1), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"] == []


def test_clear_takes_task_ids(tmp_path, capsys):
    db = carried_db(tmp_path)
    capsys.readouterr()
    assert run(["--db", str(db), "carried", "--json"]) == 0
    ids = [t["task_id"] for t in json.loads(capsys.readouterr().out)["tasks"]]
    assert run(["--db", str(db), "carried", "--clear", str(ids[0]), str(ids[1])]) == 0
    assert "已清除 2 項工作的延續標記" in capsys.readouterr().out
    assert run(["--db", str(db), "carried", "--json"]) == 0
    assert [t["task_id"] for t in json.loads(capsys.readouterr().out)["tasks"]] == ids[2:]


def test_clear_refuses_unknown_ids_and_changes_nothing(tmp_path, capsys):
    db = carried_db(tmp_path)
    capsys.readouterr()
    assert run(["--db", str(db), "carried", "--json"]) == 0
    ids = [t["task_id"] for t in json.loads(capsys.readouterr().out)["tasks"]]
    assert run(["--db", str(db), "carried", "--clear", str(ids[0]), "999999"]) == 2
    err = capsys.readouterr().err
    assert "找不到工作" in err and "999999" in err and "未清除任何" in err
    assert run(["--db", str(db), "carried", "--json"]) == 0
    assert [t["task_id"] for t in json.loads(capsys.readouterr().out)["tasks"]] == ids


def test_carry_over_to_an_existing_year_is_refused(tmp_path, capsys):
    db = carried_db(tmp_path)
    capsys.readouterr()
    store = Store(db)
    years = [p.year for p in store.plans()]
    store.close()
    assert run(["--db", str(db), "carry-over", "--year", str(years[0]), "--to", str(years[-1])]) == 2
    assert "已存在" in capsys.readouterr().err
