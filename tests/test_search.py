"""Search across years (issue 8): Chinese substrings of 1, 2 and 3+ characters, kept current
by triggers, rebuilt by the migration for a file made before the index existed."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import run
from desktop.models.migrations import SCHEMA_V1, split_sql
from desktop.models.search import excerpt, search
from desktop.models.store import Store


def _three_years(store: Store) -> dict:
    ids = {}
    for year, word in ((112, "戶籍謄本"), (113, "新住民關懷"), (115, "門牌整編")):
        plan = store.create_plan(year, "文山區戶政事務所")
        sec = store.add_section(plan.id, "戶籍登記課")
        item = store.add_item(sec.id, "1", f"{word}專案")
        task = store.add_task(item.id, content=f"辦理{word}宣導", kpi="同意率達60%以上",
                              months=(3,))
        ids[year] = (item.id, task.id)
    return ids


@pytest.mark.parametrize("query, years", [
    ("籍", {112}), ("住民", {113}), ("門牌整編", {115}), ("宣導", {112, 113, 115}),
    ("60%", {112, 113, 115}),
])
def test_finds_chinese_substrings_of_any_length_across_years(store, query, years):
    _three_years(store)
    hits = search(store, query)
    assert {h.year for h in hits} == years
    assert all(query in h.text for h in hits)
    assert [h.year for h in hits] == sorted((h.year for h in hits), reverse=True)


def test_hits_name_section_item_task_and_field(store):
    ids = _three_years(store)
    item_id, task_id = ids[113]
    hits = search(store, "新住民")
    assert [(h.field, h.task_id, h.item_id, h.section) for h in hits] == [
        ("name", task_id, item_id, "戶籍登記課"), ("content", task_id, item_id, "戶籍登記課")]
    assert hits[0].item == "新住民關懷專案" and hits[0].field_label == "計畫項目"


def test_index_follows_edits_reports_deletes_and_undo(store):
    ids = _three_years(store)
    _, task_id = ids[115]
    store.set_progress(task_id, 3, status="落後", note="人力不足", cause="承辦人請假",
                       remedy="加派人力")
    assert [(h.field, h.month) for h in search(store, "人力")] == [("note", 3), ("remedy", 3)]
    assert search(store, "請假")[0].field == "cause"
    store.set_progress(task_id, 3, note="已補足")
    assert [h.field for h in search(store, "人力")] == ["remedy"]
    store.update_task(task_id, content="辦理門牌檢查")
    assert [h.field for h in search(store, "檢查")] == ["content"]
    assert [h.field for h in search(store, "門牌整編")] == ["name"]
    snap = store.delete_plan(store.plan_by_year(115).id)
    assert search(store, "門牌") == [] and search(store, "補足") == []
    store.restore(snap)
    assert {h.field for h in search(store, "門牌")} == {"name", "content"}


def test_quotes_and_wildcards_are_plain_text(store):
    _three_years(store)
    assert search(store, '"') == [] and search(store, "_") == [] and search(store, "%%") == [] and search(store, "a*b\"c") == []
    assert search(store, "   ") == []


def test_a_file_made_before_the_index_is_indexed_by_the_migration(tmp_path):
    db = tmp_path / "old.sqlite"
    raw = sqlite3.connect(db)
    for statement in split_sql(SCHEMA_V1):
        raw.execute(statement)
    raw.execute("INSERT INTO plan(year) VALUES (110)")
    raw.execute("INSERT INTO section(plan_id, name) VALUES (1, '人事室')")
    raw.execute("INSERT INTO item(section_id, name) VALUES (1, '差勤管理')")
    raw.execute("INSERT INTO task(item_id, content) VALUES (1, '每月差勤稽核')")
    raw.execute("INSERT INTO progress(task_id, month, note) VALUES (1, 2, '稽核完成')")
    raw.execute("PRAGMA application_id=0x504C4453")
    raw.execute("PRAGMA user_version=1")
    raw.commit()
    raw.close()
    store = Store(db)
    assert [(h.year, h.field, h.month) for h in search(store, "稽核")] == [
        (110, "content", None), (110, "note", 2)]
    store.close()


def test_excerpt_marks_the_match():
    piece, start, end = excerpt("甲" * 50 + "新住民" + "乙" * 50, "新住民", width=30)
    assert piece[start:end] == "新住民" and piece.startswith("…") and piece.endswith("…")


def test_cli_search_json_and_text(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    ids = _three_years(store)
    store.close()
    assert run(["--db", str(db), "search", "住民", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert results[1] == {**results[1], "year": 113, "section": "戶籍登記課",
                          "item": "新住民關懷專案", "task_id": ids[113][1], "field": "content",
                          "text": "辦理新住民關懷宣導"}
    assert set(results[0]) >= {"year", "section", "item", "task_id", "field", "text"}
    assert run(["--db", str(db), "search", "住民"]) == 0
    out = capsys.readouterr().out
    assert "113 年度" in out and "工作內容" in out and "共 2 筆" in out
    assert run(["--db", str(db), "search", "沒有這個字"]) == 0
    assert "找不到" in capsys.readouterr().out
    assert run(["--db", str(db), "search", " "]) == 2
    assert "搜尋" in capsys.readouterr().err
