"""管考快照: freeze a year, open it read-only, compare with today or another snapshot."""

from __future__ import annotations

import json

from desktop.cli import run
from desktop.models import snapshots as snap
from desktop.models.store import Store


def _plan(store: Store):
    plan = store.create_plan(115, "文山區戶政事務所")
    sec = store.add_section(plan.id, "戶籍登記課")
    item = store.add_item(sec.id, "1", "新住民關懷")
    keep = store.add_task(item.id, content="訪視", months=(3, 6), checkpoints=(6,),
                          target_op=">=", target_value=60, target_unit="%")
    gone = store.add_task(item.id, content="舊工作", months=(1,))
    store.set_progress(keep.id, 3, status="依進度", note="已訪視 10 戶")
    store.set_progress(keep.id, 6, actual_value="50%")
    return plan, item, keep, gone


def test_diff_lists_each_crafted_change_in_table_order(store):
    plan, item, keep, gone = _plan(store)
    first = snap.take(store, plan.id, "115年5月所務會議")
    store.delete_task(gone.id)
    added = store.add_task(item.id, content="新工作", months=(9,))
    store.update_task(keep.id, months=[3, 7], kpi="同意率達60%以上", target_value=40)
    store.set_progress(keep.id, 3, status="落後", cause="人力不足", note="已訪視 10 戶")
    store.set_progress(keep.id, 6, actual_value="70%")
    changes = [(c.task_id, c.field, c.month, c.before, c.after)
               for c in snap.diff_snapshots(store, first.id)]
    assert changes == [
        (keep.id, "kpi", None, "", "同意率達60%以上"),
        (keep.id, "target", None, "≥ 60 %", "≥ 40 %"),
        (keep.id, "months", None, "3月、6月", "3月、7月"),
        (keep.id, "status", 3, "依進度", "落後"),
        (keep.id, "cause", 3, "", "人力不足"),
        (keep.id, "actual_value", 6, "50%", "70%"),
        (keep.id, "kpi_result", 6, "未達成", "達成"),
        (gone.id, "task", None, "", "刪除"),
        (added.id, "task", None, "", "新增"),
    ]
    change = snap.diff_snapshots(store, first.id)[0]
    assert (change.section, change.item, change.content, change.field_label) == (
        "戶籍登記課", "新住民關懷", "訪視", "考核指標")
    second = snap.take(store, plan.id, "送民政局 115/07/10")
    assert snap.diff_snapshots(store, second.id) == []
    assert len(snap.diff_snapshots(store, first.id, second.id)) == len(changes)
    assert snap.diff_snapshots(store, second.id, first.id)[0].before == "同意率達60%以上"


def test_a_snapshot_is_frozen_and_opens_as_its_own_copy(store):
    plan, item, keep, gone = _plan(store)
    taken = snap.take(store, plan.id, "115年5月所務會議")
    store.update_task(keep.id, content="改過了")
    store.delete_plan(plan.id)
    assert [s.name for s in snap.snapshots(store, 115)] == ["115年5月所務會議"]
    copy = snap.open_snapshot(store, taken.id)
    assert copy.task(keep.id).content == "訪視"
    assert copy.progress(keep.id)[3].note == "已訪視 10 戶"
    assert [p.year for p in copy.plans()] == [115]
    assert store.plans() == []
    copy.close()


def test_changed_since_latest_snapshot(store):
    plan, item, keep, gone = _plan(store)
    assert snap.changed_since_latest(store, plan.id) == (None, [])
    snap.take(store, plan.id, "四月")
    newest = snap.take(store, plan.id, "五月")
    store.set_progress(keep.id, 6, note="本月新填")
    since, changes = snap.changed_since_latest(store, plan.id)
    assert since == newest
    assert [(c.task_id, c.field, c.month) for c in changes] == [(keep.id, "note", 6)]


def test_cli_take_list_diff(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    plan, item, keep, gone = _plan(store)
    store.close()
    assert run(["--db", str(db), "snapshot", "take", "--year", "115", "--name", "115年5月所務會議"]) == 0
    assert "已存成快照" in capsys.readouterr().out
    assert run(["--db", str(db), "snapshot", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["snapshots"]
    assert [set(s) >= {"id", "name", "taken_at", "year"} for s in listed] == [True]
    assert listed[0]["name"] == "115年5月所務會議" and listed[0]["year"] == 115
    store = Store(db)
    store.set_progress(keep.id, 3, status="落後")
    store.close()
    assert run(["--db", str(db), "snapshot", "diff", str(listed[0]["id"]), "--json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert changes == [{**changes[0], "task_id": keep.id, "section": "戶籍登記課", "item": "新住民關懷",
                        "content": "訪視", "field": "status", "month": 3,
                        "before": "依進度", "after": "落後"}]
    assert run(["--db", str(db), "snapshot", "diff", "115年5月所務會議"]) == 0
    out = capsys.readouterr().out
    assert "3月 執行狀態：依進度 → 落後" in out and "共 1 項變更" in out
    assert run(["--db", str(db), "snapshot", "list", "--year", "114"]) == 0
    assert "沒有快照" in capsys.readouterr().out
    assert run(["--db", str(db), "snapshot", "diff", "99"]) == 2
    assert "找不到快照「99」" in capsys.readouterr().err
    assert run(["--db", str(db), "snapshot", "take", "--year", "115", "--name", " "]) == 2
    assert "快照名稱不可空白" in capsys.readouterr().err
