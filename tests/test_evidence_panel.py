"""佐證資料 in the dock, driven as the officer does: attach, drop, open, remove with undo, export."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.models import evidence as ev
from desktop.views import dialogs
from desktop.views.main_window import MainWindow


@pytest.fixture
def window(sample_window):
    return sample_window


@pytest.fixture
def files(tmp_path):
    out = []
    for name, data in (("簽到表.pdf", b"%PDF-1.4 x"), ("活動照片.jpg", b"\xff\xd8jpeg")):
        f = tmp_path / name
        f.write_bytes(data)
        out.append(f)
    return out


def test_attach_files_to_a_month_and_see_them_in_dock_and_grid(window, files, monkeypatch):
    panel = window.evidence_panel
    task_id = window.current_task_id()
    assert panel.task_id == task_id and panel.isEnabled() and panel.list.count() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], ""))
    panel.month.setCurrentIndex(5)  # 5月
    panel.add_button.click()
    assert [panel.list.item(r).text().split("（")[0] for r in range(2)] == ["5月　簽到表.pdf", "5月　活動照片.jpg"]
    assert panel.title() == "佐證資料（2）"
    assert panel.counts == {task_id: 2}
    stored = ev.for_task(window.store, task_id)
    assert all(ev.file_path(window.store, e).is_file() for e in stored)
    # the grid badge is drawn in the task's 工作內容 cell
    window.grid.viewport().repaint()
    assert window.undo_stack.undoText() == "附加2 個佐證檔案"
    window.undo_stack.undo()
    assert panel.list.count() == 0 and panel.counts == {}
    window.undo_stack.redo()
    assert panel.list.count() == 2


def test_document_number_open_and_remove_with_question_and_undo(window, files, monkeypatch):
    panel = window.evidence_panel
    task_id = window.current_task_id()
    monkeypatch.setattr(dialogs.DocumentDialog, "exec", lambda self: (
        self.doc_number.setText("北市文戶字第1153000123號"), self.note.setText("函送成果"), 1)[-1])
    panel.doc_button.click()
    assert panel.list.item(0).text() == "全年　文號 北市文戶字第1153000123號　函送成果"
    panel.list.setCurrentRow(0)
    assert not panel.open_button.isEnabled()  # a 文號 has no file to open
    panel.attach([files[0]])
    panel.list.setCurrentRow(1)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.open_button.click()
    assert opened and opened[0].toLocalFile().endswith("簽到表.pdf")
    path = ev.file_path(window.store, panel.current())
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not panel.remove_current() and panel.list.count() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.remove_button.click()
    assert panel.list.count() == 1 and path.is_file()  # kept while undo can bring it back
    window.undo_stack.undo()
    assert panel.list.count() == 2 and ev.for_task(window.store, task_id)[1].path
    window.undo_stack.redo()
    other = MainWindow(window.store)  # the next start: no undo history, the file goes
    assert not path.exists()
    other.close()


def test_drop_files_onto_the_dock_attaches_them(window, files, qtbot):
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    target = window.dock.widget().viewport()
    args = (QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(*args)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDropEvent(*args))
    assert window.evidence_panel.list.count() == 2


def test_export_menu_writes_a_year_zip_or_one_per_section(window, files, monkeypatch, tmp_path):
    window.evidence_panel.attach(files)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("整個年度一個壓縮檔", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "年度"), ""))
    window.export_evidence_action.trigger()
    with zipfile.ZipFile(tmp_path / "年度.zip") as zf:
        assert ev.INDEX_NAME in zf.namelist() and len(zf.namelist()) == 3
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("每個課室各一個壓縮檔", True))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    window.export_evidence_action.trigger()
    made = sorted(p.name for p in tmp_path.glob("*佐證資料.zip"))
    assert len(made) == len(window.data.sections)
    assert "已匯出" in window.statusBar().currentMessage()
