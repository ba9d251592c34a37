"""管考 › 存成快照 and 快照與比較, driven as the officer does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.models import snapshots as snap
from desktop.models.qt_models import COL_CONTENT, COL_MONTH1


@pytest.fixture
def window(sample_window):
    return sample_window


def _take(window, monkeypatch, name=None):
    asked = {}

    def get_text(parent, title, label, echo, text):
        asked["suggested"] = text
        return (name or text), True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    window.take_snapshot_action.trigger()
    return asked["suggested"]


def test_take_snapshot_with_the_name_filled_in_then_compare_with_today(window, monkeypatch, qtbot):
    window.set_report_month(5)
    suggested = _take(window, monkeypatch)
    assert suggested == f"{window.plan.year}年5月所務會議"
    [info] = snap.snapshots(window.store, window.plan.year)
    assert info.name == suggested and "已存成快照" in window.statusBar().currentMessage()
    task_id = window.current_task_id()
    window.edits.task_fields(task_id, {"content": "會後改寫的內容"}, "改內容")
    window.snapshots_action.trigger()
    dialog = window._snapshots_dialog
    assert dialog.list.count() == 1 and not dialog.pair_button.isEnabled()
    dialog.today_button.click()
    compare = window._snapshot_compare
    assert compare.table.rowCount() == 1
    assert [compare.table.item(0, c).text() for c in (4, 6)] == ["工作內容", "會後改寫的內容"]
    other = next(s for s in window.data.sections if s.id != window.current_section_id)
    window.sections.select(other.id)
    assert compare.go_to(0) and window.current_task_id() == task_id
    window.undo_stack.undo()
    compare2 = dialog.compare_today()
    assert compare2.table.rowCount() == 0 and "沒有變更" in compare2.status.text()


def test_compare_two_snapshots_and_print_the_page(window, monkeypatch, tmp_path):
    _take(window, monkeypatch, "四月會議")
    task_id = window.current_task_id()
    window.edits.progress_fields(task_id, 5, {"status": "落後", "cause": "人力不足"}, "填報")
    _take(window, monkeypatch, "五月會議")
    window.snapshots_action.trigger()
    dialog = window._snapshots_dialog
    dialog.list.item(0).setSelected(True)
    dialog.list.item(1).setSelected(True)
    assert dialog.pair_button.isEnabled()
    dialog.pair_button.click()
    compare = window._snapshot_compare
    assert compare.title.startswith("四月會議") and "五月會議" in compare.title
    fields = [compare.table.item(r, 4).text() for r in range(compare.table.rowCount())]
    assert fields == ["執行狀態", "落後原因"]
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: True)
    out = compare.print_page(str(tmp_path / "比較"))
    assert out.suffix == ".pdf" and out.read_bytes().startswith(b"%PDF")


def test_a_snapshot_opens_read_only_and_refuses_edits(window, monkeypatch, qtbot):
    _take(window, monkeypatch, "五月會議")
    task_id = window.current_task_id()
    before = window.store.task(task_id)
    window.snapshots_action.trigger()
    view = window._snapshots_dialog.open_selected()
    qtbot.waitExposed(view)
    assert "唯讀" in view.banner.text() and "唯讀" in view.windowTitle()
    assert view.grid_model.rowCount() > 0
    row = next(r for r, gr in enumerate(view.grid_model.rows) if gr.task is not None)
    month_cell = view.grid_model.index(row, COL_MONTH1 + 10)
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.grid.visualRect(month_cell).center())
    assert "唯讀" in view.statusBar().currentMessage()
    view.statusBar().clearMessage()
    view.grid_model.setData(view.grid_model.index(row, COL_CONTENT), "改", Qt.ItemDataRole.EditRole)
    assert "唯讀" in view.statusBar().currentMessage()
    assert window.store.task(task_id) == before
    copy_task = view.grid_model.rows[row].task
    assert view.store.task(copy_task.id) == copy_task  # the copy is untouched too
    preview = view.print_table()
    qtbot.waitUntil(lambda: preview.pdf_path is not None, timeout=20000)
    preview.close()
    view.close()


def test_delete_snapshot_asks_first(window, monkeypatch):
    _take(window, monkeypatch, "五月會議")
    window.snapshots_action.trigger()
    dialog = window._snapshots_dialog
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not dialog.delete_selected() and dialog.list.count() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dialog.delete_selected() and dialog.list.count() == 0
    assert "還沒有快照" in dialog.hint.text()


def test_exporting_the_bureau_workbook_offers_a_snapshot(window, monkeypatch, qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "m.xlsx"), ""))
    asked = {}
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda parent, title, label, echo, text: (asked.setdefault("name", text), True))
    next(a for a in window.file_menu.actions() if a.text() == "匯出管制表（Excel）…").trigger()
    qtbot.waitUntil(lambda: getattr(window, "_snapshot_offer", None) is not None, timeout=20000)
    box = window._snapshot_offer
    assert "送民政局" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert asked["name"].startswith("送民政局 ")
    assert [s.name for s in snap.snapshots(window.store)] == [asked["name"]]


def test_printing_the_handout_offers_a_snapshot_once_printed(window, monkeypatch, qtbot):
    window.set_report_month(5)
    window._print_actions["handout"].trigger()
    preview = window._print_preview
    preview.status_label.setText("已儲存：/tmp/x.pdf")  # what 另存 PDF… says when done
    preview.reject()
    box = window._snapshot_offer
    assert f"{window.plan.year}年5月所務會議" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    assert snap.snapshots(window.store) == []


def test_review_shows_changes_since_the_last_meeting(window, monkeypatch, qtbot):
    window.monthly_review_action.trigger()
    since = window._monthly_review.since
    assert "還沒有快照" in since.heading.text()
    _take(window, monkeypatch, "五月會議")
    assert "沒有變更" in since.heading.text()
    task_id = window.current_task_id()
    window.edits.progress_fields(task_id, 5, {"note": "會後補填"}, "填報")
    since.refresh()
    assert "五月會議" in since.heading.text() and "1 項" in since.heading.text()
    assert since.table.item(0, 6).text() == "會後補填"
    assert since.table.item(0, 6).background().color().name() == "#fff3bf"


def test_a_snapshot_window_deleted_with_the_main_window_leaves_no_copy(sample_store, monkeypatch,
                                                                        qtbot):
    """Quitting with a snapshot still open deletes its window without a close event: its
    scratch copy of the database used to stay in %TEMP% for good."""
    from pathlib import Path

    from desktop.views.main_window import MainWindow

    main = MainWindow(sample_store)
    main.show()
    _take(main, monkeypatch, "五月會議")
    main.snapshots_action.trigger()
    view = main._snapshots_dialog.open_selected()
    folder = Path(view._tmpdir)
    assert (folder / "snapshot.sqlite").exists()
    main.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=10_000)


def test_a_snapshot_that_cannot_be_copied_leaves_no_folder(sample_store, monkeypatch, qtbot):
    """The scratch copy failing (a full disk) used to leave its folder, and the window's
    clean-up then asked for a database that was never opened."""
    from pathlib import Path

    from desktop.views.main_window import MainWindow
    from desktop.views.snapshot_views import SnapshotWindow

    main = MainWindow(sample_store)
    _take(main, monkeypatch, "五月會議")
    info = snap.snapshots(main.store)[0]
    made = []
    real_mkdtemp = __import__("tempfile").mkdtemp
    monkeypatch.setattr("tempfile.mkdtemp", lambda **kw: made.append(real_mkdtemp(**kw)) or made[-1])

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snap, "open_snapshot", full_disk)
    with pytest.raises(OSError):
        SnapshotWindow(main, info)
    main.deleteLater()
    qtbot.waitUntil(lambda: made and not Path(made[0]).exists(), timeout=10_000)


def test_opening_a_snapshot_on_a_full_disk_says_so(window, monkeypatch):
    _take(window, monkeypatch, "五月會議")
    window.snapshots_action.trigger()
    dialog = window._snapshots_dialog

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snap, "open_snapshot", full_disk)
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: said.append((title, text)))
    assert dialog.open_selected() is None
    (title, text), = said
    assert title == "開啟快照" and "五月會議" in text and "空間已滿" in text
    assert len(snap.snapshots(window.store)) == 1  # the snapshot itself is untouched
