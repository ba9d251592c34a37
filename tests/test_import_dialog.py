"""The import preview: File ▸ 匯入…, a background read, a preview, then 匯入 or 取消, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox
from test_import_cli import WENSHAN, _fill, _progress_setup, write_table

from desktop.views import import_dialog
from desktop.views.import_dialog import ImportPreviewDialog, install


class StandInWindow(QMainWindow):
    """The parts of MainWindow the import relies on."""

    def __init__(self, store):
        super().__init__()
        self.store = store
        self.plan = None
        self.report_month = 12
        self.undo_stack = QUndoStack(self)
        self.file_menu = self.menuBar().addMenu("檔案")
        self.reloads = 0

    def reload(self) -> None:
        self.reloads += 1


def content(store):
    return [(p, store.export_sections(p.id)) for p in store.plans()]


@pytest.fixture
def window(qtbot, store):
    w = StandInWindow(store)
    qtbot.addWidget(w)
    install(w)
    return w


def open_preview(qtbot, window, monkeypatch, path) -> ImportPreviewDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    action = next(a for a in window.file_menu.actions() if a.text() == "匯入…")
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportPreviewDialog) is not None, timeout=15000)
    return window.findChild(ImportPreviewDialog)


def click_import(qtbot, window, dlg) -> None:
    """匯入 writes on a worker thread: wait until the preview closes on its success."""
    with qtbot.waitSignal(dlg.accepted, timeout=60000):
        dlg.import_button.click()


def wenshan_with_a_warning(tmp_path):
    rows = dict(WENSHAN)
    rows["人事室"] = [("1", "差勤管理", "每月差勤統計", [1, 2], "", "")]
    f = write_table(tmp_path / "文山113.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(f)
    wb["人事室"].cell(4, 3 + 6).value = "Z"  # a mark nobody uses, in June
    wb.save(f)
    return f


def test_menu_action_and_shortcut(window):
    action = next(a for a in window.file_menu.actions() if a.text() == "匯入…")
    assert action.shortcut().toString() == "Ctrl+I"


def test_cancelled_file_dialog_does_nothing(qtbot, window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    next(a for a in window.file_menu.actions() if a.text() == "匯入…").trigger()
    assert window.findChild(ImportPreviewDialog) is None
    assert window.store.plans() == []


def test_preview_lists_sections_tree_and_warnings_then_cancel_writes_nothing(
    qtbot, window, monkeypatch, tmp_path
):
    f = wenshan_with_a_warning(tmp_path)
    dlg = open_preview(qtbot, window, monkeypatch, f)
    assert dlg.year_spin.value() == 113
    assert dlg.plan_label.text().startswith("建立新計畫：臺北市文山區戶政事務所")
    t = dlg.sections_table
    rows = [[t.item(r, c).text() for c in range(4)] for r in range(t.rowCount())]
    assert rows == [["戶籍登記課", "2", "3", "新計畫"], ["行政庶務課", "1", "1", "新計畫"],
                    ["人事室", "1", "1", "新計畫"]]
    assert dlg.tree.topLevelItemCount() == 3
    first_task = dlg.tree.topLevelItem(0).child(0).child(0)
    assert first_task.text(1).startswith("跨機關通報服務")
    assert first_task.data(2, import_dialog.MONTHS_ROLE) == [1, 2, 3, 4, 5, 6]
    warnings = [dlg.warning_list.item(i).text() for i in range(dlg.warning_list.count())]
    assert any("人事室" in w and "第 4 列" in w and "Z" in w for w in warnings)
    assert dlg.import_button.isEnabled()
    dlg.cancel_button.click()
    assert dlg.result() == QDialog.DialogCode.Rejected
    assert window.store.plans() == []
    assert window.undo_stack.count() == 0


def test_import_then_undo_then_redo(qtbot, window, monkeypatch, tmp_path):
    store = window.store
    plan = store.create_plan(113, "臺北市文山區戶政事務所", "既有")
    store.insert_sections(plan.id, [{"name": "戶籍登記課", "items": [
        {"number": "9", "name": "舊項目", "tasks": [{"content": "舊工作", "months": [1]}]}]}])
    before = content(store)
    f = write_table(tmp_path / "文山113.xlsx")
    dlg = open_preview(qtbot, window, monkeypatch, f)
    actions = [dlg.sections_table.item(r, 3).text() for r in range(2)]
    assert actions == ["拒絕（已有同名課室）", "新增課室"]
    assert not dlg.import_button.isEnabled()
    assert "戶籍登記課" in dlg.error_label.text()
    assert "--replace" not in dlg.error_label.text() and "取代同名課室" in dlg.error_label.text()
    dlg.replace_box.setChecked(True)
    assert [dlg.sections_table.item(r, 3).text() for r in range(2)] == ["取代課室", "新增課室"]
    assert dlg.import_button.isEnabled()
    accepted = []
    dlg.accepted.connect(lambda: accepted.append(True))
    click_import(qtbot, window, dlg)
    assert accepted
    after = content(store)
    names = [s["name"] for s in after[0][1]]
    assert names == ["戶籍登記課", "行政庶務課"]
    assert after[0][1][0]["items"][0]["name"] == "便民服務"
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "匯入 文山113.xlsx"
    assert window.reloads >= 1

    window.undo_stack.undo()
    assert content(store) == before
    window.undo_stack.redo()
    assert content(store) == after
    window.undo_stack.undo()
    assert content(store) == before


def test_changing_the_year_makes_a_new_plan(qtbot, window, monkeypatch, tmp_path):
    f = write_table(tmp_path / "文山113.xlsx")
    dlg = open_preview(qtbot, window, monkeypatch, f)
    dlg.year_spin.setValue(115)
    click_import(qtbot, window, dlg)
    assert [p.year for p in window.store.plans()] == [115]
    window.undo_stack.undo()
    assert window.store.plans() == []
    window.undo_stack.redo()
    assert [p.year for p in window.store.plans()] == [115]


def test_progress_sheet_preview_shows_the_diff_and_undo_restores_reports(
    qtbot, monkeypatch, tmp_path
):
    from desktop.models.store import Store

    db = tmp_path / "p.sqlite"
    files = _progress_setup(tmp_path, db)
    sheet = next(f for n, f in files.items() if n.startswith("戶籍登記課"))
    _fill(sheet, "甲工作", "已完成", "全部辦妥")
    store = Store(db)
    try:
        window = StandInWindow(store)
        qtbot.addWidget(window)
        install(window)
        before = content(store)
        dlg = open_preview(qtbot, window, monkeypatch, sheet)
        t = dlg.diff_table
        assert t.rowCount() == 1
        row = [t.item(0, c).text() for c in range(5)]
        assert row == ["戶籍登記課", "甲工作", "5月", "執行中 → 已完成", "舊說明 → 全部辦妥"]
        click_import(qtbot, window, dlg)
        a = content(store)[0][1][0]["items"][0]["tasks"][0]
        assert a["progress"][5]["status"] == "已完成"
        window.undo_stack.undo()
        assert content(store) == before
        window.undo_stack.redo()
        assert content(store)[0][1][0]["items"][0]["tasks"][0]["progress"][5]["note"] == "全部辦妥"
    finally:
        store.close()


def test_bad_file_shows_a_chinese_message(qtbot, window, monkeypatch, tmp_path):
    f = tmp_path / "壞檔.xlsx"
    f.write_text("不是試算表", encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(f), ""))
    import_dialog.start_import(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert "壞檔.xlsx" in shown[0]
    assert window.findChild(ImportPreviewDialog) is None
    assert window.store.plans() == []


def test_on_the_real_main_window(qtbot, store, monkeypatch, tmp_path):
    """File ▸ 匯入… on MainWindow: the imported year is shown, undo takes it away again."""
    from desktop.views.main_window import MainWindow

    old = store.create_plan(110, "臺北市文山區戶政事務所", "舊計畫")
    store.insert_sections(old.id, [{"name": "人事室", "items": [
        {"number": "1", "name": "差勤", "tasks": [{"content": "差勤管理", "months": [1]}]}]}])
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert window.plan.year == 110
    texts = [a.text() for a in window.file_menu.actions()]
    assert "匯入…" in texts and texts.index("匯入…") < texts.index(window.quit_action.text())
    f = write_table(tmp_path / "文山113.xlsx")
    dlg = open_preview(qtbot, window, monkeypatch, f)
    click_import(qtbot, window, dlg)
    assert window.plan.year == 113
    assert [s.name for s in window.data.sections] == ["戶籍登記課", "行政庶務課"]
    assert window.undo_stack.undoText() == "匯入 文山113.xlsx"
    window.undo_stack.undo()
    assert [p.year for p in store.plans()] == [110]
    assert window.plan.year == 110
    window.undo_stack.redo()
    assert [p.year for p in store.plans()] == [110, 113]
    assert window.plan.year == 113


def test_preview_says_how_the_roster_merges_into_an_existing_year(qtbot, window, monkeypatch, tmp_path):
    """Issue 9: a roster read into a year that exists is merged; the preview says how, and the
    one undo step of the import puts the old roster back."""
    from test_import_roster import daan_with_roster

    plan = window.store.create_plan(112, "臺北市大安區戶政事務所")
    window.store.add_task_force_member(plan.id, role="委員", title="課長", name="王大同")
    dlg = open_preview(qtbot, window, monkeypatch, daan_with_roster(tmp_path / "d.xlsx"))
    assert dlg.year_spin.value() == 112
    assert "推動小組：新增 2 人（蔡文如、范蕙華），保留檔案中沒有的 1 人（王大同）" in dlg.plan_label.text()
    click_import(qtbot, window, dlg)
    assert [m.name for m in window.store.task_force(plan.id)] == ["王大同", "蔡文如", "范蕙華"]
    window.undo_stack.undo()
    assert [m.name for m in window.store.task_force(plan.id)] == ["王大同"]
