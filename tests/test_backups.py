"""Backups (issue 7): a history kept by the retention policy, never a copy of a damaged file."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from desktop.cli import run
from desktop.models import backups
from desktop.models.backups import DamagedDatabaseError, backup_store
from desktop.models.store import Store
from desktop.views.settings_dialog import SettingsDialog


def damage_free_list(path):
    """A PlanDesk file whose free-page list points past the end (the issue's case): it opens
    and reads, but quick_check finds the damage."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.close()
    with open(path, "r+b") as f:
        f.seek(32)
        f.write((99999).to_bytes(4, "big") + (3).to_bytes(4, "big"))


def _demo(path):
    assert run(["--db", str(path), "demo"]) == 0
    return path


def test_backups_are_pruned_by_the_policy_not_by_count(sample_store, tmp_path):
    sample_store.set_setting("backup_dir", str(tmp_path / "bk"))
    sample_store.set_setting("backup_keep", "1")
    start = datetime(2026, 1, 1, 9, 0)
    for n in range(40):
        backup_store(sample_store, "start", now=start + timedelta(days=n))
    files = backups.backup_files(tmp_path / "bk")
    # 40 days of daily backups: the last 2 days, one a day to 2 weeks, then one a week
    assert 15 <= len(files) <= 20
    assert files[-1].name.startswith("plandesk-20260209-090000")
    assert not list((tmp_path / "bk").glob("*.part"))
    old = Store(files[0])
    try:
        assert old.integrity_problems() == []
    finally:
        old.close()


def test_a_damaged_database_is_never_backed_up_and_no_backup_is_lost(tmp_path, capsys):
    db = _demo(tmp_path / "plan.sqlite")
    for _ in range(3):
        assert run(["--db", str(db), "backup"]) == 0
    good = backups.backup_files(tmp_path / "backups")
    assert len(good) == 3
    damage_free_list(db)
    capsys.readouterr()
    for _ in range(10):
        assert run(["--db", str(db), "backup"]) == 2
    err = capsys.readouterr().err
    assert "已損壞" in err and "既有的備份全部保留" in err
    assert backups.backup_files(tmp_path / "backups") == good
    assert run(["--db", str(db), "backup", "--out", str(tmp_path / "x.sqlite")]) == 2
    assert not (tmp_path / "x.sqlite").exists()


def test_a_copy_that_fails_its_check_is_not_kept(sample_store, tmp_path, monkeypatch):
    real = sqlite3.connect
    target = tmp_path / "bk" / "copy.sqlite"

    class Lying(sqlite3.Connection):
        def execute(self, sql, *a):
            if sql.startswith("PRAGMA integrity_check"):
                return iter([("Page 7: btreeInitPage() returns error 11",)])
            return super().execute(sql, *a)

    def connect(path, *a, **k):
        return real(path, *a, factory=Lying, **k) if str(path).endswith(".part") else real(path, *a, **k)

    monkeypatch.setattr(backups.sqlite3, "connect", connect)
    with pytest.raises(DamagedDatabaseError, match="完整性檢查"):
        backups.copy_checked(sample_store.conn, target)
    assert not target.exists() and not list(target.parent.glob("*.part"))


def test_settings_say_the_policy_and_the_space_used(qtbot, sample_store, tmp_path):
    sample_store.set_setting("backup_dir", str(tmp_path / "bk"))
    backup_store(sample_store)
    d = SettingsDialog(sample_store, None)
    qtbot.addWidget(d)
    text = d.backup_policy.text()
    assert "最近 2 天" in text and "每週保留 1 份" in text and "每月保留 1 份" in text
    assert "目前共 1 份備份" in text and "KB" in text
