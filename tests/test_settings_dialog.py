"""工具 › 設定…: every value stored on 確定, nothing on 取消, bad fonts refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMainWindow, QMessageBox

from desktop.printing import fonts
from desktop.views import print_actions
from desktop.views.settings_dialog import CHOOSE_FILE, SettingsDialog

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"


@pytest.fixture
def plan(store):
    return store.create_plan(113, "臺北市文山區戶政事務所")


def _ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_ok_stores_everything(qtbot, store, plan, tmp_path):
    d = SettingsDialog(store, plan)
    qtbot.addWidget(d)
    assert d.office.text() == "臺北市文山區戶政事務所"
    d.office.setText("臺北市大安區戶政事務所")
    d.paper.setCurrentIndex(d.paper.findData("A3"))
    d.backup_dir.setText(str(tmp_path / "bk"))
    d.backup_keep.setValue(5)
    fonts_found = [d.font.itemData(i) for i in range(d.font.count())]
    assert fonts_found[0] == "" and fonts_found[-1] == CHOOSE_FILE
    if len(fonts_found) > 2:
        d.font.setCurrentIndex(1)
    _ok(d)
    assert d.result() == SettingsDialog.DialogCode.Accepted
    assert store.plan(plan.id).office == "臺北市大安區戶政事務所"
    assert store.get_setting("paper") == "A3"
    assert store.get_setting("backup_dir") == str(tmp_path / "bk")
    assert store.get_setting("backup_keep") == "5"
    assert store.get_setting("pdf_font") == (fonts_found[1] if len(fonts_found) > 2 else "")


def test_cancel_stores_nothing(qtbot, store, plan):
    d = SettingsDialog(store, plan)
    qtbot.addWidget(d)
    d.office.setText("別的名稱")
    d.paper.setCurrentIndex(d.paper.findData("A3"))
    d.reject()
    assert store.plan(plan.id).office == "臺北市文山區戶政事務所"
    assert store.get_setting("paper", "未設定") == "未設定"


def test_reopens_with_stored_values(qtbot, store, plan):
    store.set_setting("paper", "A3")
    store.set_setting("backup_keep", "7")
    store.set_setting("pdf_font", "/nowhere/kaiu.ttf")
    d = SettingsDialog(store, plan)
    qtbot.addWidget(d)
    assert d.paper.currentData() == "A3"
    assert d.backup_keep.value() == 7
    assert d.font.currentData() == "/nowhere/kaiu.ttf"
    assert "找不到字型檔" in d.font_note.text()


def test_choose_font_file(qtbot, store, plan, tmp_path, monkeypatch):
    d = SettingsDialog(store, plan)
    qtbot.addWidget(d)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"nope")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(junk), "")))
    before = d.font.currentIndex()
    choose = d.font.findData(CHOOSE_FILE)
    d.font.setCurrentIndex(choose)
    d.font.activated.emit(choose)
    assert warned and "不是 TrueType" in warned[0]
    assert d.font.currentIndex() == before
    if not Path(UMING).exists():
        return
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (UMING, "")))
    d.font.activated.emit(d.font.findData(CHOOSE_FILE))
    assert d.font.currentData() == f"{UMING}#2"  # the Traditional Chinese face
    _ok(d)
    assert store.get_setting("pdf_font") == f"{UMING}#2"


def test_without_plan_office_is_disabled(qtbot, store):
    d = SettingsDialog(store, None)
    qtbot.addWidget(d)
    assert not d.office.isEnabled()
    _ok(d)
    assert store.get_setting("paper") == "A4"


def test_no_font_at_all_is_said(qtbot, store, plan, monkeypatch):
    monkeypatch.setattr(fonts, "builtin_candidates", lambda: [])
    d = SettingsDialog(store, plan)
    qtbot.addWidget(d)
    assert "找不到可用的中文字型" in d.font.itemText(0)


def test_settings_action_reloads_window(qtbot, store, plan, monkeypatch):
    w = QMainWindow()
    qtbot.addWidget(w)
    w.store, w.plan, w.report_month, w.current_section_id = store, plan, 6, None
    bar = w.menuBar()
    w.file_menu, w.review_menu, w.tools_menu = bar.addMenu("檔案"), bar.addMenu("管考"), bar.addMenu("工具")
    reloads = []
    w.reload = lambda: reloads.append(store.plan(plan.id).office)
    print_actions.install(w)

    def fake_exec(dialog):
        dialog.office.setText("臺北市北投區戶政事務所")
        _ok(dialog)
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    w._print_actions["settings"].trigger()
    assert reloads == ["臺北市北投區戶政事務所"]
    assert w.statusBar().currentMessage() == "設定已儲存"


def test_office_change_on_the_real_window_is_undoable(qtbot, store, plan, monkeypatch):
    from desktop.views.main_window import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    old = store.plan(plan.id).office

    def fake_exec(dialog):
        dialog.office.setText("臺北市北投區戶政事務所")
        _ok(dialog)
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", fake_exec)
    w._print_actions["settings"].trigger()
    assert store.plan(plan.id).office == "臺北市北投區戶政事務所"
    w.undo_stack.undo()
    assert store.plan(plan.id).office == old
    w.undo_stack.redo()
    assert store.plan(plan.id).office == "臺北市北投區戶政事務所"


def test_signoff_labels_field(qtbot, store, plan):
    d = SettingsDialog(store, plan)
    qtbot.addWidget(d)
    assert d.signoff.text() == "承辦人、單位主管、機關首長"
    d.signoff.setText("承辦人，課長 ; 主任")
    _ok(d)
    from desktop.models.signoff import signoff_labels

    assert signoff_labels(store) == ["承辦人", "課長", "主任"]
