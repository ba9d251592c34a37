"""The command line on the mistakes people make: typos in paths, a window already open,
files that are not databases, output redirected on Windows."""

from __future__ import annotations

import io
import sys

import pytest

from desktop.cli import run
from desktop.models.sample import load_sample_plan
from desktop.models.store import Store, StoreError


def test_check_on_a_missing_file_does_not_create_it(tmp_path, capsys):
    missing = tmp_path / "typo.sqlite"
    assert run(["--db", str(missing), "check"]) == 1
    assert not missing.exists()
    assert "找不到資料庫檔案" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["export", "--format", "xlsx", "--out", "x.xlsx"],
                                     ["handout", "--out", "x.pdf"], ["backup"]])
def test_reading_commands_refuse_a_missing_database(tmp_path, capsys, command):
    missing = tmp_path / "typo.sqlite"
    assert run(["--db", str(missing), *command]) == 2
    assert not missing.exists()
    assert "找不到資料庫檔案" in capsys.readouterr().err


def test_check_on_a_file_that_is_not_a_database_exits_1(tmp_path, capsys):
    path = tmp_path / "notes.sqlite"
    path.write_text("這不是資料庫\n" * 100, encoding="utf-8")
    assert run(["--db", str(path), "check"]) == 1
    assert "PlanDesk" in capsys.readouterr().err


def test_writing_commands_refuse_while_the_window_has_the_database(tmp_path, capsys):
    from PySide6.QtCore import QLockFile

    db = tmp_path / "plan.sqlite"
    lock = QLockFile(str(db) + ".lock")
    assert lock.tryLock(100)
    try:
        assert run(["--db", str(db), "demo"]) == 2
        assert "已由另一個 PlanDesk" in capsys.readouterr().err
    finally:
        lock.unlock()
    assert run(["--db", str(db), "demo"]) == 0


def test_backup_to_an_unwritable_place_is_a_message_and_leaves_nothing(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    s = Store(db)
    load_sample_plan(s)
    s.close()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert run(["--db", str(db), "backup", "--out", str(folder)]) == 2
    assert "備份" in capsys.readouterr().err
    assert list(folder.iterdir()) == []
    assert not list(tmp_path.glob("*.part"))


def test_store_backup_failure_is_a_store_error(tmp_path):
    s = Store(tmp_path / "plan.sqlite")
    try:
        (tmp_path / "out").mkdir()
        with pytest.raises(StoreError, match="備份"):
            s.backup(tmp_path / "out")
        assert not list(tmp_path.glob("*.part"))
    finally:
        s.close()


def test_output_is_utf8_even_where_the_console_is_not(tmp_path, monkeypatch):
    """On a Traditional Chinese Windows the console code page is cp950; JSON with ✓ or
    characters outside Big5 must not raise UnicodeEncodeError when redirected."""
    raw = io.BytesIO()
    fake = io.TextIOWrapper(raw, encoding="cp950")
    monkeypatch.setattr(sys, "stdout", fake)
    db = tmp_path / "plan.sqlite"
    s = Store(db)
    plan = s.create_plan(115, "臺北市測試區公所✓")
    s.close()
    assert run(["--db", str(db), "check"]) == 0
    fake.flush()
    assert plan.year == 115
    assert "資料庫正常" in raw.getvalue().decode("utf-8")


def test_usage_errors_are_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(["handout", "--month", "13", "--out", "x.pdf"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" not in err and "usage:" not in err
    assert "用法" in err and "錯誤" in err


def test_check_reports_what_the_database_holds(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), "check"]) == 0
    out = capsys.readouterr().out
    assert "資料庫正常" in out
    assert "年度計畫 1、課室 4" in out and "工作內容 69" in out


def test_progress_export_names_the_sections_left_out(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), "export", "--format", "progress", "--month", "11",
                "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "「人事室」11月沒有需要填報的工作，未產生填報表" in out
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == 3


def test_backup_of_another_database_goes_beside_it_not_into_the_default_folder(tmp_path, capsys):
    from desktop.paths import default_backup_dir

    db = tmp_path / "office" / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    assert run(["--db", str(db), "backup"]) == 0
    assert list((db.parent / "backups").glob("*.sqlite"))
    assert not default_backup_dir().exists()


def test_import_dry_run_of_a_missing_file_creates_no_database(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "import", str(tmp_path / "nope.xlsx"), "--dry-run"]) == 2
    assert not db.exists()
    assert "nope.xlsx" in capsys.readouterr().err
