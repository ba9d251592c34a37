"""管考 › 年度成果報告…, driven as a user does on the real main window."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.views import year_report_action


def until(qtbot, condition) -> None:
    """Wait for the background job's answer."""
    qtbot.waitUntil(condition, timeout=20_000)


def review_action(window, text):
    return next(a for a in window.review_menu.actions() if a.text() == text)


def open_dialog(qtbot, window):
    review_action(window, "年度成果報告…").trigger()
    dialog = window.year_report_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_menu_dialog_writes_the_pdf_and_offers_to_open_it(qtbot, sample_window, monkeypatch,
                                                           tmp_path):
    opened, asked = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    target = tmp_path / "報告" / "成果"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = open_dialog(qtbot, sample_window)
    assert dialog.format_combo.currentData() == "pdf"
    dialog.browse_button.click()
    assert dialog.path_edit.text() == str(target) + ".pdf"
    dialog.ok_button.click()
    until(qtbot, lambda: bool(opened))
    out = Path(str(target) + ".pdf")
    assert Path(opened[0].toLocalFile()) == out
    assert "要開啟嗎" in asked[0]
    assert "年度成果報告" in sample_window.statusBar().currentMessage()
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "成果報告" in text and "考核指標達成率" in text
    # the folder is remembered for next time
    again = open_dialog(qtbot, sample_window)
    assert Path(again.path_edit.text()).parent == target.parent
    again.reject()


def test_choosing_excel_changes_the_suffix_and_writes_xlsx(qtbot, sample_window, monkeypatch,
                                                           tmp_path):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = open_dialog(qtbot, sample_window)
    dialog.path_edit.setText(str(tmp_path / "年報.pdf"))
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("xlsx"))
    assert dialog.path_edit.text() == str(tmp_path / "年報.xlsx")
    dialog.ok_button.click()
    out = tmp_path / "年報.xlsx"
    until(qtbot, lambda: "已產生" in sample_window.statusBar().currentMessage())
    assert load_workbook(out).sheetnames[0] == "摘要"


def test_a_failed_write_is_a_chinese_message(qtbot, sample_window, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda p, title, text, *a: shown.append(text))
    folder = tmp_path / "是資料夾.pdf"
    folder.mkdir()
    dialog = open_dialog(qtbot, sample_window)
    dialog.path_edit.setText(str(folder))
    dialog.ok_button.click()
    until(qtbot, lambda: bool(shown))
    assert "產生成果報告失敗" in shown[0] and "是資料夾.pdf" in shown[0]


def test_no_plan_is_explained(qtbot, store, monkeypatch):
    from desktop.views.main_window import MainWindow

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda p, title, text, *a: told.append(text))
    w = MainWindow(store)
    qtbot.addWidget(w)
    assert year_report_action.open_dialog(w) is None
    assert "沒有年度計畫" in told[0]
