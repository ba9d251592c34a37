"""佐證資料: copied files with name, size and SHA-256; 文號; undoable removal; check; zip export."""

from __future__ import annotations

import hashlib
import json
import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook

from desktop.cli import run
from desktop.models import evidence as ev
from desktop.models.store import Store, StoreError


def _plan(store: Store):
    plan = store.create_plan(115, "文山區戶政事務所")
    sec = store.add_section(plan.id, "戶籍登記課")
    item = store.add_item(sec.id, "3", "助您好孕專案")
    task = store.add_task(item.id, content="宣導", months=(5,))
    other = store.add_section(plan.id, "人事室")
    t2 = store.add_task(store.add_item(other.id, "1", "差勤/管理").id, content="=SUM(A1)")
    return plan, task, t2


@pytest.fixture
def photo(tmp_path):
    f = tmp_path / "in" / "簽到表.pdf"
    f.parent.mkdir()
    f.write_bytes(b"%PDF-1.4 sign-in sheet")
    return f


def test_a_file_is_copied_into_a_browsable_folder_and_recorded(store, photo):
    plan, task, _ = _plan(store)
    e = ev.add_file(store, task.id, photo, month=5, note="五月場次")
    folder = ev.evidence_folder(store.path)
    assert folder == store.path.with_name("plan-佐證資料")
    copied = folder / e.path
    assert e.path == "115年度/戶籍登記課/3 助您好孕專案/5月_簽到表.pdf"
    assert copied.read_bytes() == photo.read_bytes()
    assert (e.file_name, e.size, e.sha256, e.month) == (
        "簽到表.pdf", photo.stat().st_size, hashlib.sha256(photo.read_bytes()).hexdigest(), 5)
    again = ev.add_file(store, task.id, photo, month=5)
    assert again.path.endswith("5月_簽到表 (2).pdf")
    photo.unlink()  # the original may go; the copy stays
    assert copied.is_file()
    assert [x.id for x in ev.for_task(store, task.id)] == [e.id, again.id]
    assert ev.counts(store, plan.id) == {task.id: 2}


def test_document_number_and_refusals(store, tmp_path):
    plan, task, _ = _plan(store)
    d = ev.add_document(store, task.id, "北市文戶字第1153000123號", "函送成果")
    assert d.path == "" and d.label == "文號 北市文戶字第1153000123號　函送成果"
    with pytest.raises(StoreError, match="請輸入文號"):
        ev.add_document(store, task.id, " ")
    with pytest.raises(StoreError, match="找不到檔案"):
        ev.add_file(store, task.id, tmp_path / "nope.pdf")
    with pytest.raises(StoreError, match="已不存在"):
        ev.add_document(store, 999, "x")
    with pytest.raises(StoreError, match="月份"):
        ev.add_document(store, task.id, "x", month=13)


def test_evidence_survives_reopen_and_removal_is_undoable_until_purged(tmp_path, photo):
    store = Store(tmp_path / "plan.sqlite")
    plan, task, _ = _plan(store)
    e = ev.add_file(store, task.id, photo)
    store.close()
    store = Store(tmp_path / "plan.sqlite")
    assert ev.for_task(store, task.id) == [e]
    path = ev.file_path(store, e)
    ev.set_deleted(store, e.id, True)
    assert ev.for_task(store, task.id) == [] and path.is_file()
    ev.set_deleted(store, e.id, False)  # undo
    assert ev.for_task(store, task.id) == [e]
    snap = store.delete_task(task.id)  # a deleted task keeps its evidence for undo
    assert ev.for_plan(store, plan.id) == [] and path.is_file()
    store.restore(snap)
    assert ev.for_task(store, task.id) == [e]
    store.delete_task(task.id)
    assert ev.purge(store) == 1 and not path.exists()
    assert ev.purge(store) == 0
    store.close()


def test_check_reports_missing_and_changed_files(tmp_path, photo, capsys):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    _, task, _ = _plan(store)
    a = ev.add_file(store, task.id, photo)
    b = ev.add_file(store, task.id, photo, month=5)
    pa, pb = ev.file_path(store, a), ev.file_path(store, b)
    store.close()
    assert run(["--db", str(db), "check"]) == 0
    capsys.readouterr()
    pa.write_bytes(b"%PDF-1.4 SIGN-IN SHEET")  # same size, other content
    pb.unlink()
    assert run(["--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert f"佐證檔案已被修改（大小或 SHA-256 不符）：{pa}" in out
    assert f"佐證檔案遺失：{pb}" in out


def test_export_zip_with_index_sheet(store, photo, tmp_path):
    plan, task, t2 = _plan(store)
    ev.add_file(store, task.id, photo, month=5)
    ev.add_document(store, t2.id, "=1+1", "看起來像公式")
    gone = ev.add_file(store, t2.id, photo)
    ev.file_path(store, gone).unlink()
    out = ev.export_zip(store, plan.id, tmp_path / "out.zip")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert names == {"戶籍登記課/3 助您好孕專案/5月_簽到表.pdf", ev.INDEX_NAME}
        ws = load_workbook(BytesIO(zf.read(ev.INDEX_NAME))).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0][:7] == ["戶籍登記課", "3", "助您好孕專案", "宣導", "5月", "簽到表.pdf", None]
    assert rows[1][5:8] == [None, "=1+1", "看起來像公式"] and ws.cell(4, 7).data_type == "s"
    assert rows[2][11] == "（檔案遺失）"
    one = ev.export_zip(store, plan.id, tmp_path / "one.zip", store.section_by_name(plan.id, "人事室").id)
    with zipfile.ZipFile(one) as zf:
        assert zf.namelist() == [ev.INDEX_NAME]


def test_cli_add_list_export(tmp_path, photo, capsys):
    db = tmp_path / "plan.sqlite"
    store = Store(db)
    plan, task, _ = _plan(store)
    store.close()
    second = photo.with_name("照片.jpg")
    second.write_bytes(b"jpeg")
    assert run(["--db", str(db), "evidence", "add", "--task", str(task.id), "--month", "5",
                str(photo), str(second)]) == 0
    assert capsys.readouterr().out.count("已附加佐證") == 2
    assert run(["--db", str(db), "evidence", "add", "--task", str(task.id), "--doc", "府授字第1號"]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), "evidence", "list", "--year", "115", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["evidence"]
    assert [set(e) >= {"id", "task_id", "month", "file", "path", "size", "sha256", "doc_number", "note"}
            for e in listed] == [True] * 3
    assert [e["file"] for e in listed] == ["", "簽到表.pdf", "照片.jpg"]
    assert listed[1]["path"].endswith("5月_簽到表.pdf") and listed[1]["size"] == photo.stat().st_size
    assert run(["--db", str(db), "evidence", "export", "--year", "115", "--out", str(tmp_path / "y.zip")]) == 0
    assert zipfile.ZipFile(tmp_path / "y.zip").testzip() is None
    # refusals: nothing half-added
    assert run(["--db", str(db), "evidence", "add", "--task", str(task.id), str(photo),
                str(tmp_path / "nope.pdf")]) == 2
    assert "找不到檔案" in capsys.readouterr().err
    assert run(["--db", str(db), "evidence", "add", "--task", "999", str(photo)]) == 2
    assert "已不存在" in capsys.readouterr().err
    assert run(["--db", str(db), "evidence", "add", "--task", str(task.id)]) == 2
    store = Store(db)
    assert len(ev.for_task(store, task.id)) == 3
    store.close()
