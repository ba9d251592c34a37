"""說明 › 關於: version, the data and backup folders (each opens), the licences of bundled parts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QMainWindow

from desktop import __version__
from desktop.views import about_dialog


def test_about_shows_version_folders_and_licences(qtbot, store, monkeypatch, tmp_path):
    store.set_setting("backup_dir", str(tmp_path / "備份"))
    window = QMainWindow()
    window.store = store
    qtbot.addWidget(window)
    dlg = about_dialog.about_dialog(window)
    qtbot.addWidget(dlg)
    texts = " ".join(label.text() for label in dlg.findChildren(QLabel))
    assert f"版本 {__version__}" in texts
    assert str(Path(store.path).resolve().parent) in texts and str(tmp_path / "備份") in texts
    licences = dlg.licences.toPlainText()
    for words in ("Qt", "PySide6", "LGPL v3", "openpyxl", "MIT", "reportlab", "BSD", "字型"):
        assert words in licences
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dlg.folder_buttons["資料夾"].click()
    dlg.folder_buttons["備份資料夾"].click()
    assert opened == [QUrl.fromLocalFile(str(Path(store.path).resolve().parent)),
                      QUrl.fromLocalFile(str(tmp_path / "備份"))]
    assert (tmp_path / "備份").is_dir()  # a folder not made yet is made, then shown


def test_help_menu_about_opens_it(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from desktop.views.main_window import MainWindow

    shown = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(self.windowTitle()) or 0)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.about_action.trigger()
    assert shown == ["關於 PlanDesk"]
