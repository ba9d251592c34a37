"""The window's safety at start and close (issue 7): a backup on close when something
changed, `.part` leftovers of a killed backup removed at start.

Kept apart from the models' tests: a window run through run_gui leaves Qt state behind that
slowed a later background-export test (tests/test_disk_full.py) past its wait."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.cli import run
from desktop.models import backups
from desktop.views import application
from desktop.views.main_window import MainWindow


def _run_window(db, edit):
    def act():
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        if edit:
            window.store.set_setting("touched", "yes")
        window.close()
        QApplication.quit()

    QTimer.singleShot(0, act)
    assert application.run_gui(str(db)) == 0


def test_close_backs_up_only_when_something_changed(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    _run_window(db, edit=False)
    assert backups.backup_files(tmp_path / "backups") == []
    _run_window(db, edit=True)
    [made] = backups.backup_files(tmp_path / "backups")
    assert made.name.endswith("-close.sqlite")


def test_part_files_of_a_killed_backup_are_removed_at_start(qtbot, tmp_path):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    leftover = folder / "plandesk-20261201-090000-000000-start.sqlite.part"
    leftover.write_bytes(b"half a copy")
    beside = tmp_path / "plan.sqlite.part"
    beside.write_bytes(b"half a restore")
    _run_window(db, edit=False)
    assert not leftover.exists() and not beside.exists()
