"""The window's safety at start and close (issue 7): a backup on close when something
changed, `.part` leftovers of a killed backup removed at start.

Each window is ended by QApplication.quit(); run_gui drops the second Quit that closing the
window posts (it used to stop later tests' event loops: test_disk_full, test_year_report_window)."""

from __future__ import annotations

import pytest
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


def _open_and_look(db, seen):
    def act():
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        seen["years"] = [p.year for p in window.store.plans()]
        window.close()
        QApplication.quit()

    QTimer.singleShot(0, act)
    return application.run_gui(str(db))


def test_a_damaged_file_is_moved_aside_and_the_newest_good_backup_offered(qtbot, tmp_path, monkeypatch):
    from test_backups import damage_free_list

    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    assert run(["--db", str(db), "backup"]) == 0
    damage_free_list(db)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2])
                        or QMessageBox.StandardButton.Yes)
    seen = {}
    assert _open_and_look(db, seen) == 0
    assert seen["years"] == [115]
    assert asked and "已損壞" in asked[0] or "有問題" in asked[0]
    assert "115 年度 69 項工作" in asked[0] and "前" in asked[0]
    [aside] = list(tmp_path.glob("plan.損壞-*.sqlite"))
    assert aside.stat().st_size > 0  # never deleted


def test_a_zero_byte_file_with_backups_offers_the_backup(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    assert run(["--db", str(db), "backup"]) == 0
    db.write_bytes(b"")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a))
    assert application.run_gui(str(db)) == 1  # declined: nothing opened, no sample slipped in
    assert not db.exists() and list(tmp_path.glob("plan.損壞-*.sqlite"))


def test_a_database_error_in_the_window_is_a_message(qtbot, tmp_path, monkeypatch):
    import sqlite3

    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))

    def fail():
        raise sqlite3.DatabaseError("database disk image is malformed")

    def act():
        import sys

        try:
            fail()
        except sqlite3.DatabaseError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # what Qt does with a slot's error
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                w.close()
        QApplication.quit()

    QTimer.singleShot(0, act)
    assert application.run_gui(str(db)) == 0
    assert shown and "還原備份" in shown[0]


@pytest.mark.parametrize(("path", "windows", "kind"), [
    (r"C:\Users\officer\OneDrive\文件\plan.sqlite", False, "OneDrive"),
    (r"C:\Users\officer\OneDrive - 臺北市政府\plan.sqlite", False, "OneDrive"),
    ("/home/u/Dropbox/plan.sqlite", False, "Dropbox"),
    (r"G:\我的雲端硬碟\plan.sqlite", False, "Google"),
    ("/Users/u/Library/Mobile Documents/com~apple~CloudDocs/plan.sqlite", False, "iCloud"),
    (r"C:\Users\u\iCloudDrive\plan.sqlite", False, "iCloud"),
    (r"\\fileserver\研考\plan.sqlite", False, "UNC"),
    ("//fileserver/share/plan.sqlite", False, "UNC"),
    (r"C:\Users\u\AppData\Local\PlanDesk\plandesk.sqlite", False, None),
    ("/home/u/.local/share/PlanDesk/plandesk.sqlite", False, None),
    ("/home/u/dropboxes-notes/plan.sqlite", False, None),
])
def test_synced_and_network_folders_are_recognised(path, windows, kind):
    from desktop.paths import synced_folder

    found = synced_folder(path, windows=windows)
    assert (found is None) if kind is None else (kind in found)


def test_a_synced_folder_is_warned_about_and_moved_on_request(qtbot, tmp_path, monkeypatch):
    from desktop.paths import data_dir

    db = tmp_path / "OneDrive" / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    texts = []

    def exec_(box):
        texts.append(box.text())
        box.buttons()[0].click() if box.buttons() else None
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: texts.append(a[2]))
    seen = {}
    assert _open_and_look(db, seen) == 0
    assert "同步" in texts[0] and "寫到一半" in texts[0]
    assert (data_dir() / "plan.sqlite").exists() and seen["years"] == [115]
    assert db.exists()  # the original is left where it was
