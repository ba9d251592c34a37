"""延續未完成 as a real field of a task (issue 9): stored, migrated from the old 時程說明 prefix,
set by carry_over, written to files as the prefix and read back from it."""

from __future__ import annotations

import sqlite3

from desktop.models.carry import carried_tasks, schedule_text, set_carried, split_carried
from desktop.models.migrations import SCHEMA_V1, SEARCH_V2, STEPS, split_sql
from desktop.models.store import Store


def old_file(path, notes: list[str], version: int = 3) -> None:
    """A database as the program before the field wrote it: the flag only in 時程說明."""
    raw = sqlite3.connect(path)
    for script in STEPS[:version]:
        for statement in split_sql(script):
            raw.execute(statement)
    raw.execute("INSERT INTO plan(year) VALUES (116)")
    raw.execute("INSERT INTO section(plan_id, name) VALUES (1, '人事室')")
    raw.execute("INSERT INTO item(section_id, name) VALUES (1, '差勤管理')")
    for i, note in enumerate(notes):
        raw.execute("INSERT INTO task(item_id, position, content, schedule_note) VALUES (1, ?, ?, ?)",
                    (i, f"工作{i}", note))
    raw.execute("PRAGMA application_id=0x504C4453")
    raw.execute(f"PRAGMA user_version={version}")
    raw.commit()
    raw.close()


def test_an_old_file_with_prefixed_notes_opens_migrated(tmp_path):
    db = tmp_path / "old.sqlite"
    old_file(db, ["〔115年度未完成〕 每月5日前", "〔115年度未完成〕", "每月5日前", "",
                  "備註〔114年度未完成〕在中間", "〔abc年度未完成〕 不是年度"])
    store = Store(db)
    try:
        got = [(t.content, t.carried_from, t.schedule_note) for t in store.tasks(1)]
        assert got == [("工作0", 115, "每月5日前"), ("工作1", 115, ""), ("工作2", None, "每月5日前"),
                       ("工作3", None, ""), ("工作4", None, "備註〔114年度未完成〕在中間"),
                       ("工作5", None, "〔abc年度未完成〕 不是年度")]
        # the search index still follows edits of the task's texts after the step
        store.update_task(1, content="逐月差勤稽核")
        hits = store.conn.execute("SELECT text FROM search_fts WHERE text MATCH '差勤稽核'").fetchall()
        assert [h[0] for h in hits] == ["逐月差勤稽核"]
    finally:
        store.close()


def test_a_version_one_file_goes_through_every_step(tmp_path):
    db = tmp_path / "v1.sqlite"
    assert STEPS[:2] == [SCHEMA_V1, SEARCH_V2]
    old_file(db, ["〔112年度未完成〕 1/1-2/28"], version=1)
    store = Store(db)
    try:
        [task] = store.tasks(1)
        assert (task.carried_from, task.schedule_note) == (112, "1/1-2/28")
    finally:
        store.close()


def test_the_field_is_stored_and_kept_in_plain_data(store):
    plan = store.create_plan(116)
    store.insert_sections(plan.id, [{"name": "人事室", "items": [{"number": "1", "name": "差勤", "tasks": [
        {"content": "差勤稽核", "months": [1], "carried_from": 115},
        {"content": "考績", "months": [12]}]}]}])
    tasks = store.export_sections(plan.id)[0]["items"][0]["tasks"]
    assert [(t["content"], t["carried_from"]) for t in tasks] == [("差勤稽核", 115), ("考績", None)]
    [(sec, item, task)] = carried_tasks(store, plan.id)
    assert (sec.name, item.name, task.content, task.carried_from) == ("人事室", "差勤", "差勤稽核", 115)
    old = set_carried(store, {task.id: None})
    assert old == {task.id: 115}
    assert carried_tasks(store, plan.id) == []
    set_carried(store, old)
    assert store.task(task.id).carried_from == 115


def test_files_carry_the_flag_as_the_schedule_prefix():
    store_task = type("T", (), {"carried_from": 115, "schedule_note": "每月5日前"})()
    assert schedule_text(store_task) == "〔115年度未完成〕 每月5日前"
    store_task.schedule_note = ""
    assert schedule_text(store_task) == "〔115年度未完成〕"
    store_task.carried_from = None
    assert schedule_text(store_task) == ""
    assert split_carried("〔115年度未完成〕 每月5日前") == (115, "每月5日前")
    assert split_carried("  〔115年度未完成〕") == (115, "")
    assert split_carried("每月5日前") == (None, "每月5日前")
    assert split_carried("〔1000年度未完成〕 x") == (None, "〔1000年度未完成〕 x")


def test_carry_over_sets_the_field_not_the_note(store: Store):
    plan = store.create_plan(115, "臺北市文山區戶政事務所")
    store.insert_sections(plan.id, [{"name": "行政庶務課", "items": [{"number": "1", "name": "節約能源", "tasks": [
        {"content": "檔案清查", "months": [3, 4], "schedule_note": "3/1-4/30",
         "progress": {4: {"status": "落後", "note": "人力不足"}}},
        {"content": "年終考核", "months": [12], "carried_from": 114, "schedule_note": "12月底前",
         "progress": {12: {"status": "已完成"}}},
        {"content": "清查二", "months": [6], "carried_from": 114},
    ]}]}])
    new = store.carry_over(plan.id, 116)
    got = [(t.content, t.carried_from, t.schedule_note) for t in store.tasks(store.items(store.sections(new.id)[0].id)[0].id)]
    assert got == [("檔案清查", 115, "3/1-4/30"), ("年終考核", None, "12月底前"), ("清查二", 115, "")]


def test_a_bad_year_is_refused_in_chinese_and_nothing_changes(store):
    import pytest

    from desktop.models.store import StoreError

    plan = store.create_plan(116)
    store.insert_sections(plan.id, [{"name": "人事室", "items": [{"number": "1", "name": "差勤", "tasks": [
        {"content": "差勤稽核", "months": [1]}]}]}])
    task = store.tasks(store.items(store.sections(plan.id)[0].id)[0].id)[0]
    for bad in ("abc", 1000, -1, 11.5):
        with pytest.raises(StoreError, match="延續"):
            store.update_task(task.id, carried_from=bad)
    with pytest.raises(StoreError, match="延續"):
        store.insert_sections(plan.id, [{"name": "會計室", "items": [{"name": "x", "tasks": [
            {"content": "y", "carried_from": "一一五"}]}]}])
    assert store.task(task.id).carried_from is None
    assert [s.name for s in store.sections(plan.id)] == ["人事室"]
    store.update_task(task.id, carried_from="115")
    assert store.task(task.id).carried_from == 115
