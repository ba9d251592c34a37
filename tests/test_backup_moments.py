"""When backups are taken (issue 7): before an import and a carry-over; a damaged database
refuses the import. The window-run cases (close, start) are in test_window_safety.py."""

from __future__ import annotations

import sqlite3

from test_backups import damage_free_list
from test_import_cli import write_table

from desktop.cli import run
from desktop.models import backups
from desktop.models.store import Store
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


