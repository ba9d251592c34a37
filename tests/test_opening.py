"""Opening a database safely (issue 7): newer files untouched, failing migrations named, full
disks and unwritable lock files told as such, zero-byte files as damage, one lock per file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

import desktop.models.store as store_module
from desktop.cli import run
from desktop.dblock import lock_database
from desktop.models import backups
from desktop.models.migrations import APPLICATION_ID, STEPS
from desktop.models.store import Store, StoreError


def _demo(path):
    assert run(["--db", str(path), "demo"]) == 0
    return path


def test_a_newer_file_is_refused_without_changing_it(tmp_path):
    db = tmp_path / "newer.sqlite"
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE future(x)")
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.execute("PRAGMA user_version=99")
    raw.commit()
    raw.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="較新版本"):
        Store(db)
    assert db.read_bytes() == before  # still a rollback-journal file: no WAL switch
    assert not db.with_name(db.name + "-wal").exists()


def test_a_failing_migration_step_says_so(tmp_path, monkeypatch):
    db = tmp_path / "plan.sqlite"
    Store(db).close()
    monkeypatch.setattr(store_module, "STEPS", [*STEPS, "ALTER TABLE nowhere ADD COLUMN x"])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(STEPS) + 1)
    with pytest.raises(StoreError) as err:
        Store(db)
    assert "升級資料庫" in str(err.value) and "已損壞" not in str(err.value)
    monkeypatch.undo()
    again = Store(db)
    try:
        assert again.pragma("user_version") == len(STEPS)
    finally:
        again.close()


def test_a_zero_byte_file_with_backups_is_damage_not_a_new_database(tmp_path, capsys):
    db = _demo(tmp_path / "plan.sqlite")
    assert run(["--db", str(db), "backup"]) == 0
    db.write_bytes(b"")
    capsys.readouterr()
    assert run(["--db", str(db), "check"]) == 1
    assert "0 位元組" in capsys.readouterr().err
    assert run(["--db", str(db), "demo"]) == 2
    assert db.stat().st_size == 0  # no schema was slipped in


def test_restore_headless_checks_the_backup_and_keeps_the_current_file(tmp_path, capsys):
    db = _demo(tmp_path / "plan.sqlite")
    assert run(["--db", str(db), "backup"]) == 0
    [good] = backups.backup_files(tmp_path / "backups")
    db.write_bytes(b"")
    capsys.readouterr()
    assert run(["--db", str(db), "restore", str(good), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["plans"] == [{"year": 115, "tasks": 69}]
    aside = tmp_path / os.path.basename(out["kept_aside"])
    assert aside.exists() and aside.stat().st_size == 0 and "還原前" in aside.name
    assert run(["--db", str(db), "check"]) == 0
    # a backup that is not ours, or damaged, is refused and nothing changes
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x(y)").connection.close()
    before = db.read_bytes()
    capsys.readouterr()
    assert run(["--db", str(db), "restore", str(other)]) == 2
    assert "不是 PlanDesk 資料庫" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_the_lock_is_on_the_resolved_path(tmp_path):
    db = _demo(tmp_path / "plan.sqlite")
    link = tmp_path / "link.sqlite"
    link.symlink_to(db)
    held = lock_database(db)
    try:
        assert lock_database(link) is None
        assert lock_database(tmp_path / "." / "plan.sqlite") is None
    finally:
        held.unlock()


def test_a_lock_left_by_a_dead_program_means_an_unclean_shutdown(tmp_path):
    db = _demo(tmp_path / "plan.sqlite")
    clean = lock_database(db)
    assert not clean.unclean
    clean.unlock()
    code = ("from PySide6.QtCore import QLockFile; import os; l = QLockFile(%r); "
            "l.setStaleLockTime(0); l.tryLock(0); os._exit(0)" % (str(db) + ".lock"))
    subprocess.run([sys.executable, "-c", code], check=True)
    after_crash = lock_database(db)
    try:
        assert after_crash is not None and after_crash.unclean
    finally:
        after_crash.unlock()


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder):
    try:
        with open(folder / "filler", "wb", buffering=0) as f:
            while True:
                f.write(b"\0" * 4096)
    except OSError:
        pass


def test_full_disk_is_said_as_such_not_damage(tiny_disk, capsys):
    db = _demo(tiny_disk / "plan.sqlite")
    _fill(tiny_disk)
    capsys.readouterr()
    assert run(["--db", str(db), "demo"]) == 2
    err = capsys.readouterr().err
    assert "磁碟空間已滿" in err and "已損壞" not in err and "另一個 PlanDesk" not in err
    with pytest.raises(StoreError) as opened:
        Store(db)
    assert "已損壞" not in str(opened.value)
    (tiny_disk / "filler").unlink()
    assert run(["--db", str(db), "check"]) == 0  # usable again once space is back
