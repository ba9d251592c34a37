"""When backups are taken (issue 7): on close after a change, before an import, a progress
sheet import and a carry-over; `.part` leftovers of a killed backup cleaned at start."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_backups import damage_free_list
from test_import_cli import write_table

from desktop.cli import run
from desktop.models import backups
from desktop.models.store import Store
from desktop.views import application
from desktop.views import commands as cmd
from desktop.views.main_window import MainWindow


def _years(path) -> list[int]:
    s = Store(path)
    try:
        return [p.year for p in s.plans()]
    finally:
        s.close()


def test_import_takes_a_backup_of_what_was_there_first(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    table = write_table(tmp_path / "t.xlsx", year=113)
    assert run(["--db", str(db), "import", str(table)]) == 0
    [before] = backups.backup_files(tmp_path / "backups")
    assert before.name.endswith("-import.sqlite")
    assert _years(before) == [115]
    assert _years(db) == [113, 115]


def test_import_into_a_damaged_database_writes_nothing(tmp_path, capsys):
    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    damage_free_list(db)
    table = write_table(tmp_path / "t.xlsx", year=113)
    capsys.readouterr()
    assert run(["--db", str(db), "import", str(table)]) == 2
    assert "已損壞" in capsys.readouterr().err
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("SELECT year FROM plan").fetchall() == [(115,)]
    finally:
        raw.close()
    assert not (tmp_path / "backups").exists()


def test_carry_over_takes_a_backup_first(qtbot, sample_store, tmp_path):
    sample_store.set_setting("backup_dir", str(tmp_path / "bk"))
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    old = sample_store.plans()[0]
    window.push(lambda: cmd.NewPlan(window, old.year + 1, carry_from=old))
    [made] = backups.backup_files(tmp_path / "bk")
    assert made.name.endswith("-carry.sqlite") and _years(made) == [old.year]
    window.undo_stack.undo()
    window.undo_stack.redo()  # redo puts the same rows back; no second backup needed
    assert len(backups.backup_files(tmp_path / "bk")) == 1


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
