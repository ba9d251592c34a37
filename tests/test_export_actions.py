"""The File-menu export actions, driven the way a user does: trigger, answer the dialog, wait."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox
from test_export_workbook import build_small_plan

from desktop.views import export_actions


class StandIn(QMainWindow):
    """The window API the actions rely on, without the real main window."""

    def __init__(self, store, plan, month=6):
        super().__init__()
        self.store = store
        self.plan = plan
        self.report_month = month
        self.current_section_id = None
        self.file_menu = self.menuBar().addMenu("檔案")


@pytest.fixture
def window(qtbot, store):
    plan = build_small_plan(store)
    w = StandIn(store, plan)
    qtbot.addWidget(w)
    export_actions.install(w)
    return w


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text, *a: shown.append((title, text))
    )
    monkeypatch.setattr(
        QMessageBox, "information", lambda parent, title, text, *a: shown.append((title, text))
    )
    return shown


def action(window, text):
    return next(a for a in window.file_menu.actions() if a.text() == text)


def test_install_adds_three_actions(window):
    assert [a.text() for a in window.file_menu.actions()] == [
        "匯出管制表（Excel）…", "匯出管制表（ODF）…", "匯出填報表…",
    ]


def test_cancel_writes_nothing(window, monkeypatch, tmp_path, errors):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    action(window, "匯出管制表（Excel）…").trigger()
    action(window, "匯出填報表…").trigger()
    assert window.statusBar().currentMessage() == "" and errors == []
    assert list(tmp_path.glob("*.xlsx")) == []


@pytest.mark.parametrize("text,fmt", [("匯出管制表（Excel）…", "xlsx"), ("匯出管制表（ODF）…", "ods")])
def test_export_success_shows_the_path(window, qtbot, monkeypatch, tmp_path, errors, text, fmt):
    target = tmp_path / "管制表"  # no suffix typed: it is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action(window, text).trigger()
    qtbot.waitUntil(lambda: "已匯出管制表" in window.statusBar().currentMessage())
    out = tmp_path / f"管制表.{fmt}"
    assert str(out) in window.statusBar().currentMessage()
    # the fixture's 「行政/庶務[課]:…」 cannot be a sheet tab: said once, nothing else shown
    assert out.exists() and [t for t, m in errors if "工作表名稱改為「行政_庶務_課_" in m] == ["匯出管制表"]
    assert len(errors) == 1
    if fmt == "xlsx":
        assert load_workbook(out).sheetnames[1] == "戶籍登記課"
    assert window.store.get_setting(export_actions.LAST_DIR_SETTING) == str(tmp_path)


def test_export_error_is_a_chinese_message(window, qtbot, monkeypatch, tmp_path, errors):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(blocker / "out.xlsx"), "")
    )
    action(window, "匯出管制表（Excel）…").trigger()
    qtbot.waitUntil(lambda: bool(errors))
    title, text = errors[0]
    assert title == "匯出管制表失敗" and "匯出管制表失敗" in text
    assert window.statusBar().currentMessage() == ""


def test_progress_sheets_into_a_folder(window, qtbot, monkeypatch, tmp_path, errors):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    action(window, "匯出填報表…").trigger()
    qtbot.waitUntil(lambda: "填報表" in window.statusBar().currentMessage())
    assert "已產生 2 份 6月填報表" in window.statusBar().currentMessage()
    assert (tmp_path / "戶籍登記課_113年6月填報表.xlsx").exists() and errors == []


def test_month_with_nothing_to_report_says_so(store, qtbot, monkeypatch, tmp_path, errors):
    plan = store.create_plan(114, "臺北市文山區戶政事務所")
    store.insert_sections(plan.id, [{"name": "人事室", "items": [
        {"number": "1", "name": "訓練", "tasks": [{"content": "年終訓練", "months": [12]}]}]}])
    w = StandIn(store, plan, month=3)
    qtbot.addWidget(w)
    export_actions.install(w)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    action(w, "匯出填報表…").trigger()
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == [("匯出填報表", "3月沒有需要填報的工作，未產生任何檔案。")]


def test_no_plan_is_explained(store, qtbot, errors):
    w = StandIn(store, None)
    qtbot.addWidget(w)
    export_actions.install(w)
    action(w, "匯出管制表（ODF）…").trigger()
    assert errors and "沒有年度計畫" in errors[0][1]


def test_on_the_real_main_window(store, qtbot, monkeypatch, tmp_path, errors):
    from desktop.views.main_window import MainWindow

    plan = build_small_plan(store)
    w = MainWindow(store)
    qtbot.addWidget(w)
    texts = [a.text() for a in w.file_menu.actions()]
    if "匯出管制表（Excel）…" not in texts:  # not yet wired through install_extensions
        export_actions.install(w)
        texts = [a.text() for a in w.file_menu.actions()]
    assert texts.count("匯出管制表（Excel）…") == 1
    if getattr(w, "quit_action", None) is not None:  # ours stay above 結束
        acts = w.file_menu.actions()
        assert acts.index(action(w, "匯出填報表…")) < acts.index(w.quit_action)
    assert w.plan is not None and w.plan.id == plan.id
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "m.xlsx"), ""))
    action(w, "匯出管制表（Excel）…").trigger()
    qtbot.waitUntil(lambda: "已匯出管制表" in w.statusBar().currentMessage())
    ws = load_workbook(tmp_path / "m.xlsx")["戶籍登記課"]
    assert ws["A2"].value == f"執行情形統計至 113年{w.report_month}月"
