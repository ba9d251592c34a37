"""Issue 9: what the window remembers between runs (QSettings in the test's own folder)."""

from __future__ import annotations

from pathlib import Path

import test_main_window as _main_tests
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.models.store import Store
from desktop.views import remembered
from desktop.views.main_window import MainWindow

window = _main_tests.window


def test_settings_live_in_the_tests_own_folder(tmp_path_factory):
    path = Path(remembered.settings().fileName())
    assert "home" in path.parent.parent.name or "home" in str(path)  # conftest's temporary home
    assert remembered.settings().format() == QSettings.Format.IniFormat


def test_each_file_dialog_opens_in_its_own_last_folder(monkeypatch, tmp_path):
    seen = []
    one, two = tmp_path / "匯入資料", tmp_path / "報表"
    one.mkdir()
    two.mkdir()

    def fake_open(parent, caption, start, filters):
        seen.append(start)
        return str(one / "文山113.xlsx"), filters

    def fake_save(parent, caption, start, filters):
        seen.append(start)
        return str(two / Path(start).name), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    assert remembered.open_file_name("import", None, "選擇要匯入的檔案") == str(one / "文山113.xlsx")
    remembered.open_file_name("import", None, "選擇要匯入的檔案")
    assert seen[-1] == str(one)  # the second time: where the first one was
    remembered.save_file_name("export", None, "匯出", "/nowhere/管制表.xlsx")
    assert seen[-1] == "/nowhere/管制表.xlsx"  # never used: the proposed path
    remembered.save_file_name("export", None, "匯出", "/nowhere/管制表.xlsx")
    assert seen[-1] == str(two / "管制表.xlsx")  # the file name kept, in the last folder
    remembered.open_file_name("import", None, "選擇要匯入的檔案")
    assert seen[-1] == str(one)  # each dialog its own folder
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    remembered.open_file_name("import", None, "選擇要匯入的檔案")  # cancelled: nothing forgotten
    assert remembered.last_folder("import") == str(one)


def test_window_layout_year_and_section_come_back(qtbot, window: MainWindow, store: Store):
    other = store.create_plan(114, "臺北市文山區戶政事務所", "114年度計畫")
    store.insert_sections(other.id, [{"name": "戶籍登記課", "items": []}, {"name": "人事室", "items": []}])
    window.reload()
    index = window.year_combo.findText("114 年度")
    window.year_combo.setCurrentIndex(index)
    window.year_combo.activated.emit(index)
    window.sections.select(next(s.id for s in window.data.sections if s.name == "人事室"))
    window.removeDockWidget(window.dock)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.dock)
    window.dock.show()
    window.resize(1200, 700)
    size = (window.width(), window.height())  # as far as the minimum sizes let it shrink
    assert size != (1500, 900)
    window.close()  # saves

    again = MainWindow(store)
    qtbot.addWidget(again)
    assert again.plan.year == 115  # a new window alone does not read the settings
    assert remembered.restore_geometry(again)
    remembered.restore_place(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.dockWidgetArea(again.dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert (again.width(), again.height()) == size
    assert again.plan.year == 114
    assert again.data.section(again.current_section_id).name == "人事室"
    assert again.undo_stack.count() == 0


def test_a_deleted_year_is_not_restored(qtbot, window: MainWindow, store: Store):
    remembered.remember("window/year", 99)
    remembered.remember("window/section", "不存在")
    remembered.restore_place(window)
    assert window.plan.year == 115



def test_print_preview_paper_comes_back(qtbot, window: MainWindow):
    from desktop.views.print_preview import PrintPreviewDialog

    first = PrintPreviewDialog(window, window.store, window.plan)
    qtbot.addWidget(first)
    assert first.paper == "A4"  # nothing remembered: the setting's paper
    with qtbot.waitSignal(first.generated, timeout=60_000):
        pass
    with qtbot.waitSignal(first.generated, timeout=60_000):
        first.paper_combo.setCurrentIndex(first.paper_combo.findData("A3"))
    again = PrintPreviewDialog(window, window.store, window.plan)
    qtbot.addWidget(again)
    assert again.paper == "A3"
    with qtbot.waitSignal(again.generated, timeout=60_000):
        pass
