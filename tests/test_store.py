"""The SQLite store: opening and migrating files, CRUD, ordering, undo snapshots, backups."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import run
from desktop.models.domain import Status
from desktop.models.migrations import APPLICATION_ID, SCHEMA_VERSION
from desktop.models.sample import sample_data
from desktop.models.store import Store, StoreError

TABLES = ("plan", "section", "item", "task", "progress", "task_force", "setting")


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, to compare whole databases."""
    out = {}
    for table in TABLES:
        rows = store.conn.execute(f"SELECT * FROM {table}").fetchall()
        out[table] = sorted(tuple(r) for r in rows)
    return out


@pytest.fixture
def tree(store):
    """A small plan: two sections, items and tasks with reports."""
    plan = store.create_plan(115, "臺北市文山區戶政事務所", "115年度提升服務品質執行計畫")
    reg = store.add_section(plan.id, "戶籍登記課")
    adm = store.add_section(plan.id, "行政庶務課")
    baby = store.add_item(reg.id, "3", "助您好孕專案")
    census = store.add_item(reg.id, "6", "戶籍清查業務")
    t1 = store.add_task(baby.id, content="60日內通知辦理出生登記", months=range(1, 13))
    t2 = store.add_task(census.id, content="百歲人瑞清查", months=[1, 2], checkpoints=[2])
    t3 = store.add_task(census.id, content="逕遷戶所清查", months=[9, 10, 11, 12])
    energy = store.add_item(adm.id, "4", "節約能源")
    t4 = store.add_task(energy.id, content="用電量統計表", months=range(1, 13), kpi="較去年減少")
    store.set_progress(t1.id, 1, status="依進度", note="本月受理出生登記 85 件")
    store.set_progress(t2.id, 2, status="已完成", actual_value="100%")
    store.set_progress(t3.id, 9, status="落後", cause="人力不足", remedy="加派人力")
    store.set_progress(t4.id, 1, note="本月用電 11,820 度")
    store.add_task_force_member(plan.id, role="召集人", title="主任", name="王大明", duty="督導")
    return {
        "plan": plan, "reg": reg, "adm": adm, "baby": baby, "census": census, "energy": energy,
        "t1": t1, "t2": t2, "t3": t3, "t4": t4,
    }  # fmt: skip


# ------------------------------------------------------------------ opening files
def test_new_file_is_migrated(tmp_path):
    store = Store(tmp_path / "new.sqlite")
    try:
        assert store.pragma("user_version") == SCHEMA_VERSION
        assert store.pragma("application_id") == APPLICATION_ID
        assert store.plans() == []
        assert store.integrity_problems() == []
    finally:
        store.close()


def test_empty_file_is_migrated(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    store = Store(path)
    try:
        assert store.pragma("user_version") == SCHEMA_VERSION
        assert store.pragma("application_id") == APPLICATION_ID
    finally:
        store.close()


def test_reopen_keeps_data_and_does_not_migrate_again(tmp_path):
    path = tmp_path / "plan.sqlite"
    store = Store(path)
    plan = store.create_plan(115, "臺北市文山區戶政事務所")
    store.set_setting("paper", "A3")
    store.close()
    again = Store(path)
    try:
        assert again.plans() == [plan]
        assert again.get_setting("paper") == "A3"
        assert again.pragma("user_version") == SCHEMA_VERSION
    finally:
        again.close()


@pytest.mark.parametrize("reopen", [False, True])
def test_durability_pragmas_on_every_connection(tmp_path, reopen):
    path = tmp_path / "plan.sqlite"
    store = Store(path)
    if reopen:
        store.close()
        store = Store(path)
    try:
        assert store.pragma("journal_mode") == "wal"
        assert store.pragma("synchronous") == 2  # FULL
        assert store.pragma("foreign_keys") == 1
    finally:
        store.close()


def test_newer_file_is_refused_in_chinese(tmp_path):
    path = tmp_path / "future.sqlite"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreError, match="較新版本") as info:
        Store(path)
    assert str(path) in str(info.value)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    raw.close()


def test_other_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.execute("INSERT INTO contacts VALUES ('x')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="不是 PlanDesk 資料庫"):
        Store(path)
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT name FROM sqlite_master").fetchall() == [("contacts",)]
    raw.close()


def test_sqlite_file_of_another_program_by_application_id_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA application_id=1234")
    raw.close()
    with pytest.raises(StoreError, match="不是 PlanDesk 資料庫"):
        Store(path)


def test_other_sqlite_file_with_a_user_version_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contacts (name TEXT)")
    raw.execute("PRAGMA user_version=1")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="不是 PlanDesk 資料庫"):
        Store(path).close()


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    text = "這不是資料庫，只是一份文字檔。\n" * 200
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match="PlanDesk") as info:
        Store(path)
    assert str(path) in str(info.value)
    assert path.read_text(encoding="utf-8") == text  # untouched


def test_unreachable_path_is_refused_in_chinese(tmp_path):
    with pytest.raises(StoreError, match="無法開啟資料庫檔案"):
        Store(tmp_path / "no such folder" / "plan.sqlite")


# ------------------------------------------------------------------ plans and sections
def test_plan_crud(store):
    plan = store.create_plan(
        115, "臺北市文山區戶政事務所", "115年度計畫", approved_on="2025-12-29", doc_number="CNAA1"
    )
    assert store.plan(plan.id) == plan
    assert store.plan_by_year(115) == plan
    assert store.plan_by_year(114) is None
    with pytest.raises(StoreError, match="115 年度計畫已存在"):
        store.create_plan(115)
    changed = store.update_plan(plan.id, title="新標題", doc_number="CNAA2")
    assert (changed.title, changed.doc_number, changed.office) == ("新標題", "CNAA2", plan.office)
    with pytest.raises(ValueError):
        store.update_plan(plan.id, year=116)
    store.create_plan(113)
    assert [p.year for p in store.plans()] == [113, 115]
    store.delete_plan(plan.id)
    assert [p.year for p in store.plans()] == [113]
    with pytest.raises(StoreError, match="找不到年度計畫"):
        store.plan(plan.id)


def test_section_crud(store):
    plan = store.create_plan(115)
    a = store.add_section(plan.id, "  戶籍登記課 ")
    assert a.name == "戶籍登記課"
    b = store.add_section(plan.id, "人事室")
    with pytest.raises(StoreError, match="已存在"):
        store.add_section(plan.id, "戶籍登記課")
    with pytest.raises(StoreError, match="不可空白"):
        store.add_section(plan.id, "   ")
    assert store.rename_section(b.id, "人事室 ").name == "人事室"  # own name is fine
    with pytest.raises(StoreError, match="已存在"):
        store.rename_section(b.id, "戶籍登記課")
    with pytest.raises(StoreError, match="不可空白"):
        store.rename_section(b.id, "")
    assert store.section_by_name(plan.id, "人事室") == b
    store.delete_section(a.id)
    assert store.sections(plan.id) == [b]
    with pytest.raises(StoreError, match="找不到課室"):
        store.section(a.id)


def test_item_crud(store):
    sec = store.add_section(store.create_plan(115).id, "行政庶務課")
    item = store.add_item(sec.id, "3", "檔案管理及銷毀")
    assert (item.number, item.name, item.weight, item.owners) == ("3", "檔案管理及銷毀", None, "")
    item = store.update_item(item.id, weight=2.5, owners="劉淑敏", number="3-1")
    assert (item.number, item.weight, item.owners) == ("3-1", 2.5, "劉淑敏")
    with pytest.raises(ValueError):
        store.update_item(item.id, colour="red")
    store.delete_item(item.id)
    assert store.items(sec.id) == []
    with pytest.raises(StoreError, match="找不到計畫項目"):
        store.item(item.id)
    with pytest.raises(StoreError, match="資料已不存在"):
        store.update_item(item.id, name="x")


def test_task_crud(store):
    sec = store.add_section(store.create_plan(115).id, "戶籍登記課")
    item = store.add_item(sec.id, "6", "戶籍清查業務")
    task = store.add_task(
        item.id, content="清查\n第二行", months=[5, 6], checkpoints=[6], schedule_note="5/1-6/30",
        method="評鑑", kpi="完成清查率100%", target_op=">=", target_value="100", target_unit="%",
        control_number="A-1",
    )  # fmt: skip
    assert task.content == "清查\n第二行"
    assert task.months == (5, 6) and task.checkpoints == (6,)
    assert (task.target_op, task.target_value, task.target_unit) == (">=", 100.0, "%")
    assert store.tasks(item.id) == [task]
    task = store.update_task(task.id, months=[12, 1], target_op="", target_value="", kpi=None)
    assert task.months == (1, 12)
    assert (task.target_op, task.target_value, task.kpi) == (None, None, "")
    with pytest.raises(ValueError):
        store.update_task(task.id, months=[13])
    with pytest.raises(ValueError):
        store.add_task(item.id, owner="x")
    assert store.task(task.id).months == (1, 12)  # the failed update changed nothing
    other = store.add_item(sec.id, "7", "跨機關通報服務")
    moved = store.move_task_to_item(task.id, other.id)
    assert moved.item_id == other.id and store.tasks(item.id) == []
    store.delete_task(task.id)
    with pytest.raises(StoreError, match="找不到工作內容"):
        store.task(task.id)


def test_task_force_and_settings(store):
    plan = store.create_plan(115)
    store.add_task_force_member(plan.id, role="召集人", title="主任", name="王大明", duty="督導")
    store.add_task_force_member(plan.id, role="委員", name="林小華")
    members = store.task_force(plan.id)
    assert [(m.role, m.name, m.position) for m in members] == [
        ("召集人", "王大明", 0), ("委員", "林小華", 1),
    ]  # fmt: skip
    assert members[1].title == "" and members[1].duty == ""
    assert store.get_setting("office", "（未設定）") == "（未設定）"
    store.set_setting("office", "臺北市文山區戶政事務所")
    store.set_setting("office", "臺北市大安區戶政事務所")
    assert store.get_setting("office") == "臺北市大安區戶政事務所"


# ------------------------------------------------------------------ ordering
def _names(rows):
    return [getattr(r, "name", None) or r.content for r in rows]


def test_insert_at_position(store):
    plan = store.create_plan(115)
    store.add_section(plan.id, "A")
    store.add_section(plan.id, "C")
    store.add_section(plan.id, "B", position=1)
    store.add_section(plan.id, "0", position=0)
    assert _names(store.sections(plan.id)) == ["0", "A", "B", "C"]
    sec = store.sections(plan.id)[0]
    store.add_item(sec.id, "2", "second")
    store.add_item(sec.id, "1", "first", position=0)
    assert _names(store.items(sec.id)) == ["first", "second"]
    item = store.items(sec.id)[0]
    for text in ("a", "c"):
        store.add_task(item.id, content=text)
    store.add_task(item.id, position=1, content="b")
    assert _names(store.tasks(item.id)) == ["a", "b", "c"]


def test_move(tree, store):
    plan, census = tree["plan"], tree["census"]
    assert store.move("section", tree["adm"].id, -1) is True
    assert _names(store.sections(plan.id)) == ["行政庶務課", "戶籍登記課"]
    assert store.move("section", tree["adm"].id, -1) is False  # already first
    assert store.move("item", tree["baby"].id, 1) is True
    assert _names(store.items(tree["reg"].id)) == ["戶籍清查業務", "助您好孕專案"]
    assert store.move("item", tree["baby"].id, 1) is False  # already last
    assert store.move("task", tree["t3"].id, -1) is True
    assert _names(store.tasks(census.id)) == ["逕遷戶所清查", "百歲人瑞清查"]
    assert store.move("task", 99999, 1) is False
    # the section tree follows the stored order
    assert [t.content for t in store.section_tree(tree["reg"].id)[0].tasks] == [
        "逕遷戶所清查", "百歲人瑞清查",
    ]  # fmt: skip


# ------------------------------------------------------------------ progress
def test_set_progress_upsert(tree, store):
    t1 = tree["t1"]
    first = store.set_progress(t1.id, 3, status="執行中", note="受理 80 件")
    assert first.status is Status.IN_PROGRESS and first.entered_at
    second = store.set_progress(t1.id, 3, actual_value="80 件")
    assert (second.status, second.note, second.actual_value) == (
        Status.IN_PROGRESS,
        "受理 80 件",
        "80 件",
    )
    third = store.set_progress(t1.id, 3, status=Status.BEHIND, cause="系統當機", remedy="加班補登")
    assert (third.status, third.cause, third.remedy, third.note) == (
        Status.BEHIND, "系統當機", "加班補登", "受理 80 件",
    )  # fmt: skip
    count = store.conn.execute("SELECT count(*) FROM progress WHERE task_id=?", (t1.id,)).fetchone()
    assert count[0] == 2  # months 1 and 3


def test_empty_report_is_removed(tree, store):
    t4 = tree["t4"]
    assert 1 in store.progress(t4.id)
    assert store.set_progress(t4.id, 1, note="   ") is None
    assert store.progress(t4.id) == {}
    # clearing only the status keeps a report that still says something
    t1 = tree["t1"]
    kept = store.set_progress(t1.id, 1, status=None)
    assert kept is not None and kept.status is None and kept.note == "本月受理出生登記 85 件"
    assert store.set_progress(t1.id, 1, status="", note="") is None
    assert 1 not in store.progress(t1.id)


def test_status_and_month_validation(tree, store):
    t1 = tree["t1"]
    with pytest.raises(ValueError):
        store.set_progress(t1.id, 4, status="做完了")
    with pytest.raises(StoreError, match="月份"):
        store.set_progress(t1.id, 13, status="依進度")
    with pytest.raises(StoreError, match="月份"):
        store.set_progress(t1.id, 0, note="x")
    with pytest.raises(ValueError):
        store.set_progress(t1.id, 4, colour="red")
    assert set(store.progress(t1.id)) == {1}
    with pytest.raises(sqlite3.IntegrityError):  # the schema refuses bad statuses too
        store.conn.execute(
            "INSERT INTO progress(task_id, month, status) VALUES (?, 5, 'x')", (t1.id,)
        )


def test_progress_for_plan(tree, store):
    other = store.create_plan(114)
    sec = store.add_section(other.id, "人事室")
    task = store.add_task(store.add_item(sec.id, "1", "考核").id, content="年終考核", months=[12])
    store.set_progress(task.id, 12, status="已完成")
    by_task = store.progress_for_plan(tree["plan"].id)
    assert set(by_task) == {tree["t1"].id, tree["t2"].id, tree["t3"].id, tree["t4"].id}
    assert by_task[tree["t3"].id][9].cause == "人力不足"
    assert store.progress_for_plan(other.id) == {task.id: store.progress(task.id)}


# ------------------------------------------------------------------ cascades
def _count(store, table):
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_cascade_delete_section(tree, store):
    store.delete_section(tree["reg"].id)
    assert _count(store, "item") == 1 and _count(store, "task") == 1
    assert set(store.progress_for_plan(tree["plan"].id)) == {tree["t4"].id}


def test_cascade_delete_item_and_task(tree, store):
    store.delete_item(tree["census"].id)
    assert _count(store, "task") == 2
    assert store.progress(tree["t3"].id) == {}
    store.delete_task(tree["t1"].id)
    assert _count(store, "progress") == 1  # only t4's report is left


def test_cascade_delete_plan(tree, store):
    store.delete_plan(tree["plan"].id)
    for table in ("section", "item", "task", "progress", "task_force"):
        assert _count(store, table) == 0, table


# ------------------------------------------------------------------ snapshot / restore (undo)
@pytest.mark.parametrize(
    ("table", "key"),
    [("plan", "plan"), ("section", "reg"), ("item", "census"), ("task", "t3")],
)
def test_snapshot_restore_gives_back_same_rows_and_ids(tree, store, table, key):
    before = dump(store)
    snap = store.snapshot(table, tree[key].id)
    getattr(store, f"delete_{table}")(tree[key].id)
    assert dump(store) != before
    store.restore(snap)
    assert dump(store) == before
    assert store.integrity_problems() == []


def test_delete_returns_a_snapshot_for_undo(tree, store):
    before = dump(store)
    snap = store.delete_section(tree["reg"].id)
    assert {r["id"] for r in snap["task"]} == {tree["t1"].id, tree["t2"].id, tree["t3"].id}
    store.restore(snap)
    assert dump(store) == before


def test_snapshot_is_plain_data(tree, store):
    snap = store.snapshot("plan", tree["plan"].id)
    assert json.loads(json.dumps(snap, ensure_ascii=False)) == snap


# ------------------------------------------------------------------ transactions
def test_failing_transaction_leaves_nothing(tree, store):
    before = dump(store)
    with pytest.raises(RuntimeError), store.transaction():
        sec = store.add_section(tree["plan"].id, "人事室")
        store.add_task(store.add_item(sec.id, "1", "員工考核作業").id, content="年終考核")
        store.set_progress(tree["t1"].id, 2, status="落後", cause="x", remedy="y")
        store.update_plan(tree["plan"].id, title="改過的標題")
        store.delete_section(tree["adm"].id)
        raise RuntimeError("中途失敗")
    assert dump(store) == before
    # the store is usable afterwards
    store.add_section(tree["plan"].id, "人事室")
    assert len(store.sections(tree["plan"].id)) == 3


def test_nested_transaction_rolls_back_as_one(tree, store):
    before = dump(store)
    with pytest.raises(StoreError), store.transaction():
        store.add_section(tree["plan"].id, "會計室")
        with store.transaction():
            store.add_section(tree["plan"].id, "人事室")
        store.add_section(tree["plan"].id, "人事室")  # duplicate: StoreError
    assert dump(store) == before


def test_insert_sections_is_all_or_nothing(tree, store):
    before = dump(store)
    data = [
        {"name": "人事室", "items": [{"number": "1", "name": "考核", "tasks": [{"content": "x"}]}]},
        {"name": "戶籍登記課", "items": []},  # exists already
    ]
    with pytest.raises(StoreError, match="戶籍登記課"):
        store.insert_sections(tree["plan"].id, data)
    assert dump(store) == before


def test_failed_inner_call_leaves_nothing_when_the_outer_transaction_goes_on(tree, store):
    data = [
        {"name": "人事室", "items": [{"number": "1", "name": "考核", "tasks": [{"content": "x"}]}]},
        {"name": "戶籍登記課", "items": []},  # exists already
    ]
    with store.transaction():
        store.set_setting("imported", "yes")
        try:
            store.insert_sections(tree["plan"].id, data)
        except StoreError:
            pass  # e.g. an import that reports the section as a warning and goes on
    assert store.get_setting("imported") == "yes"
    assert store.section_by_name(tree["plan"].id, "人事室") is None


def test_progress_for_a_deleted_task_is_a_store_error(tree, store):
    store.delete_task(tree["t1"].id)
    with pytest.raises(StoreError):
        store.set_progress(tree["t1"].id, 5, status="依進度")


def test_committed_write_survives_reopen(tmp_path):
    path = tmp_path / "plan.sqlite"
    store = Store(path)
    plan = store.create_plan(115)
    # another connection sees the commit at once: no Save button
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT year FROM plan WHERE id=?", (plan.id,)).fetchone() == (115,)
    raw.close()
    store.close()


# ------------------------------------------------------------------ backups and integrity
def test_backup_is_a_valid_store_with_recent_commits(tree, store, tmp_path):
    dest = store.backup(tmp_path / "backups" / "copy.sqlite")
    assert dest.exists()
    assert not list(dest.parent.glob("*.part"))
    copy = Store(dest)
    try:
        assert dump(copy) == dump(store)
        assert copy.pragma("application_id") == APPLICATION_ID
        assert copy.pragma("user_version") == SCHEMA_VERSION
        assert copy.integrity_problems() == []
    finally:
        copy.close()


def test_integrity_problems_empty_on_a_good_file(tree, store):
    assert store.integrity_problems() == []


def _orphan(path):
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("INSERT INTO task(item_id, content) VALUES (999, '孤兒工作')")
    raw.commit()
    raw.close()


def test_integrity_problems_finds_an_orphan(tmp_path):
    path = tmp_path / "plan.sqlite"
    Store(path).close()
    _orphan(path)
    store = Store(path)
    try:
        problems = store.integrity_problems()
    finally:
        store.close()
    assert len(problems) == 1 and "task" in problems[0]


def test_cli_check(tmp_path, capsys):
    path = tmp_path / "plan.sqlite"
    assert run(["--db", str(path), "demo"]) == 0
    assert run(["--db", str(path), "check"]) == 0
    assert "資料庫正常" in capsys.readouterr().out
    _orphan(path)
    assert run(["--db", str(path), "check"]) == 1
    assert "task" in capsys.readouterr().out


def _malformed(path):
    """A PlanDesk file whose second page header is overwritten (a damaged disk block)."""
    assert run(["--db", str(path), "demo"]) == 0  # closing checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    with open(path, "r+b") as f:
        f.seek(4096)
        f.write(b"\xab" * 8)


def test_integrity_problems_reports_a_malformed_file(tmp_path):
    path = tmp_path / "plan.sqlite"
    _malformed(path)
    store = Store(path)
    try:
        assert store.integrity_problems()
    finally:
        store.close()


def test_cli_check_on_a_malformed_file(tmp_path, capsys):
    path = tmp_path / "plan.sqlite"
    _malformed(path)
    assert run(["--db", str(path), "check"]) == 1
    out = capsys.readouterr()
    assert "損壞" in out.out + out.err or "完整性" in out.out + out.err


# ------------------------------------------------------------------ whole plans
def _as_json(sections):
    return json.loads(json.dumps(sections, ensure_ascii=False))


def test_insert_export_round_trip(store):
    data = sample_data()["sections"]
    plan = store.create_plan(115)
    store.insert_sections(plan.id, data)
    exported = store.export_sections(plan.id)
    # JSON keys are strings; missing progress fields come back as ""
    expected = json.loads(json.dumps(data, ensure_ascii=False))
    for sec in expected:
        for item in sec["items"]:
            for task in item["tasks"]:
                task.setdefault("carried_from", None)  # not carried over: no such flag in the sample
                task["progress"] = {
                    m: {
                        k: rep.get(k) or ""
                        for k in ("status", "note", "actual_value", "cause", "remedy")
                    }
                    for m, rep in task["progress"].items()
                }
    assert _as_json(exported) == expected
    # and what was exported goes in again unchanged
    again = store.create_plan(116)
    store.insert_sections(again.id, exported)
    assert store.export_sections(again.id) == exported


def test_carry_over(tree, store):
    old = store.update_plan(tree["plan"].id, approved_on="2025-12-29", doc_number="CNAA1")
    new = store.carry_over(old.id, 116)
    assert (new.year, new.office) == (116, old.office)
    assert new.title == "116年度提升服務品質執行計畫"
    assert store.progress_for_plan(new.id) == {}
    old_sections = store.export_sections(old.id)
    # DESIGN §1: work 落後 or unreported at its last planned month is flagged when carried over
    unfinished = {"60日內通知辦理出生登記", "逕遷戶所清查", "用電量統計表"}
    for sec in old_sections:
        for item in sec["items"]:
            for task in item["tasks"]:
                task["carried_from"] = 115 if task["content"] in unfinished else None
                task["progress"] = {}
    assert store.export_sections(new.id) == old_sections
    assert [(m.role, m.name) for m in store.task_force(new.id)] == [("召集人", "王大明")]
    # the old year is untouched
    assert len(store.progress_for_plan(old.id)) == 4
    with pytest.raises(StoreError, match="116"):
        store.carry_over(old.id, 116)


def test_carry_over_flags_only_work_really_left_undone(store):
    """Routine monthly work reported 依進度 to December is not 'unfinished'; work 落後 or not
    reported at its last planned month is. An old flag is not stacked on a new one."""
    plan = store.create_plan(115, "臺北市文山區戶政事務所")
    monthly = {m: {"status": "依進度", "note": "依限完成"} for m in range(1, 13)}
    store.insert_sections(plan.id, [{"name": "行政庶務課", "items": [{"number": "1", "name": "節約能源", "tasks": [
        {"content": "用電量統計表", "months": list(range(1, 13)), "progress": monthly},
        {"content": "檔案清查", "months": [3, 4], "progress": {4: {"status": "落後", "note": "人力不足"}}},
        {"content": "年終考核", "months": [12], "schedule_note": "12月底前", "carried_from": 114},
        {"content": "機密文書清查", "months": [6], "progress": {6: {"status": "已完成"}}},
    ]}]}])
    new = store.carry_over(plan.id, 116)
    notes = {t.content: (t.carried_from, t.schedule_note)
             for tree in store.section_tree(store.sections(new.id)[0].id) for t in tree.tasks}
    assert notes["用電量統計表"] == (None, "")
    assert notes["機密文書清查"] == (None, "")
    assert notes["檔案清查"] == (115, "")
    assert notes["年終考核"] == (115, "12月底前")


def test_migrating_a_previous_version_backs_it_up_first(tmp_path, monkeypatch):
    """A file of version N-1 is copied aside (online backup API) before the step runs, and
    the step keeps the data."""
    import desktop.models.store as store_module
    from desktop.models.migrations import STEPS

    path = tmp_path / "plan.sqlite"
    old = Store(path)
    plan = old.create_plan(115, "臺北市文山區戶政事務所")
    old.close()
    monkeypatch.setattr(store_module, "STEPS", [*STEPS, "ALTER TABLE plan ADD COLUMN motto TEXT"])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(STEPS) + 1)
    new = Store(path)
    try:
        assert new.pragma("user_version") == len(STEPS) + 1
        assert [tuple(r) for r in new.conn.execute("SELECT id, year, motto FROM plan")] == [
            (plan.id, 115, None)]
    finally:
        new.close()
    [backup] = list(tmp_path.glob(f"plan.v{len(STEPS)}-*.sqlite"))
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == len(STEPS)
        assert copy.execute("SELECT year FROM plan").fetchall() == [(115,)]
    finally:
        copy.close()
