"""檔案 › 還原備份… (issue 7): the list says when, why and what; restoring checks the backup,
keeps the current content aside and reloads the window."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.models import backups
from desktop.models.backups import backup_store
from desktop.models.store import Store
from desktop.views import restore_dialog
from desktop.views.main_window import MainWindow


def test_list_restore_and_keep_the_current_content(qtbot, sample_store, tmp_path, monkeypatch):
    sample_store.set_setting("backup_dir", str(tmp_path / "bk"))
    made = backup_store(sample_store, "start")
    (tmp_path / "bk" / "plandesk-20200101-090000-000000.sqlite").write_bytes(b"not a database")
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    assert window.restore_action in window.file_menu.actions()
    plan = sample_store.plans()[0]
    sample_store.delete_plan(plan.id)
    window.reload()
    assert window.plan is None

    dialog = restore_dialog.RestoreDialog(tmp_path / "bk")
    qtbot.addWidget(dialog)
    rows = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert len(rows) == 2
    first = [rows[0].text(c) for c in range(5)]
    assert first[0].startswith("1") and "/" in first[0] and first[2] == "啟動時"
    assert first[3] == "115 年度（69）" and first[4] == "可還原"
    assert rows[1].isDisabled() and "損壞" in rows[1].text(4)

    def run_dialog(d):
        d.list.setCurrentItem(d.list.topLevelItem(0))
        d._ok()
        return QDialog.DialogCode.Accepted

    told = []
    monkeypatch.setattr(restore_dialog.RestoreDialog, "exec", run_dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    window.restore_action.trigger()
    assert [p.year for p in sample_store.plans()] == [115]
    assert window.plan is not None and window.plan.year == 115
    assert told and made.name in told[0] and "115 年度 69 項工作" in told[0]
    [aside] = list(tmp_path.glob("plan.還原前-*.sqlite"))
    kept = Store(aside)
    try:
        assert kept.plans() == []  # what was there before the restore
    finally:
        kept.close()
    assert backups.backup_files(tmp_path / "bk")[-1] == made
