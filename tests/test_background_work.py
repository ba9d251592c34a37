"""Long work does not freeze the window (issue 9): reading a 1,000-task workbook for 匯入… and
writing the bureau workbook run on a pool thread behind a progress dialog, while the window's
event loop keeps running; the result arrives back on the window's thread."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget
from test_import_dialog import click_import

from bench.synth import make_plan
from desktop.exchange import workbook
from desktop.exchange.workbook import write_bureau_workbook
from desktop.models.store import Store
from desktop.views import background, import_dialog
from desktop.views.background import run_in_background
from desktop.views.import_dialog import ImportPreviewDialog
from desktop.views.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    store = Store(tmp_path / "w.sqlite")
    w = MainWindow(store)
    qtbot.addWidget(w)
    yield w
    w.close()
    store.close()


def _gui_beats_while(fn):
    """Wrap fn so that, on its worker thread, it waits until the window's event loop has run a
    timer — which cannot happen if fn blocks that loop. Records the thread it ran on."""
    seen: dict = {"beat": threading.Event()}
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(seen["beat"].set)

    def wrapped(*args, **kwargs):
        seen["thread"] = QThread.currentThread()
        seen["loop_ran"] = seen["beat"].wait(10)
        return fn(*args, **kwargs)

    timer.start()
    return wrapped, seen, timer


def test_importing_a_1000_task_workbook_reads_in_the_background(qtbot, window, tmp_path, monkeypatch):
    src = Store(tmp_path / "src.sqlite")
    plan = make_plan(src, 1000, year=114)
    book = tmp_path / "bureau-1000.xlsx"
    write_bureau_workbook(src, plan, book, fmt="xlsx")
    src.close()
    wrapped, seen, timer = _gui_beats_while(import_dialog.load_import)
    monkeypatch.setattr(import_dialog, "load_import", wrapped)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))

    next(a for a in window.file_menu.actions() if a.text() == "匯入…").trigger()
    progress = window.findChildren(QProgressDialog)
    assert progress and progress[-1].labelText() == "讀取「bureau-1000.xlsx」…"
    qtbot.waitUntil(lambda: window.findChild(ImportPreviewDialog) is not None, timeout=60000)
    timer.stop()
    assert seen["thread"] is not window.thread() and seen["loop_ran"]

    click_import(qtbot, window, window.findChild(ImportPreviewDialog))
    assert window.plan is not None and window.plan.year == 114
    assert sum(len(it.tasks) for tree in window.data.trees.values() for it in tree) == 1000


def _preview_of(qtbot, window, tmp_path, monkeypatch, n=300):
    src = Store(tmp_path / "src.sqlite")
    plan = make_plan(src, n, year=114)
    book = tmp_path / f"bureau-{n}.xlsx"
    write_bureau_workbook(src, plan, book, fmt="xlsx")
    src.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    next(a for a in window.file_menu.actions() if a.text() == "匯入…").trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportPreviewDialog) is not None, timeout=60000)
    return window.findChild(ImportPreviewDialog)


def test_applying_the_import_writes_on_a_worker_thread_then_reloads(qtbot, window, tmp_path,
                                                                    monkeypatch):
    """issue 9: the merge itself (apply_merge) no longer runs on the window's thread."""
    dlg = _preview_of(qtbot, window, tmp_path, monkeypatch)
    wrapped, seen, timer = _gui_beats_while(import_dialog.apply_merge)
    monkeypatch.setattr(import_dialog, "apply_merge", wrapped)
    dlg.import_button.click()
    assert dlg.busy and not dlg.import_button.isEnabled() and not dlg.buttons.isEnabled()
    labels = [p.labelText() for p in dlg.findChildren(QProgressDialog)]
    assert labels == ["匯入「bureau-300.xlsx」…"]
    dlg.reject()  # 取消 or Esc while it writes: the dialog stays until the worker is done
    assert dlg.isVisible()
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=60000)
    timer.stop()
    assert seen["thread"] is not window.thread() and seen["loop_ran"]
    assert window.plan is not None and window.plan.year == 114  # the window reloaded on it
    assert sum(len(it.tasks) for tree in window.data.trees.values() for it in tree) == 300
    assert "已匯入「bureau-300.xlsx」" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert window.store.plans() == []


def test_a_failure_in_the_worker_is_a_chinese_message_and_nothing_is_stored(qtbot, window, tmp_path,
                                                                           monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import desktop.exchange.merge as merge

    dlg = _preview_of(qtbot, window, tmp_path, monkeypatch)
    real_insert = Store.insert_sections
    calls = []

    def insert_then_fail(store, plan_id, sections):  # half-way through the one transaction
        calls.append(QThread.currentThread())
        made = real_insert(store, plan_id, sections)
        if len(calls) == 3:
            raise merge.sqlite3.OperationalError("disk I/O error")
        return made

    monkeypatch.setattr(Store, "insert_sections", insert_then_fail)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    dlg.import_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    assert calls and all(t is not window.thread() for t in calls)
    assert shown[0].startswith("「bureau-300.xlsx」未匯入（資料沒有變更）") and "寫入資料庫失敗" in shown[0]
    assert window.store.plans() == [] and window.undo_stack.count() == 0
    assert dlg.isVisible() and not dlg.busy and dlg.import_button.isEnabled()  # can try again


def test_exporting_the_bureau_workbook_writes_in_the_background(qtbot, window, tmp_path, monkeypatch):
    make_plan(window.store, 1000)
    window.reload()
    out = tmp_path / "out.xlsx"
    wrapped, seen, timer = _gui_beats_while(workbook.write_bureau_workbook)
    monkeypatch.setattr(workbook, "write_bureau_workbook", wrapped)  # export_actions imports it in the worker
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))

    window._export_actions[0].trigger()
    assert window.findChildren(QProgressDialog)
    qtbot.waitUntil(lambda: "thread" in seen and out.exists(), timeout=60000)
    timer.stop()
    assert seen["thread"] is not window.thread() and seen["loop_ran"]


def test_an_answer_after_the_window_is_gone_calls_nothing(qtbot):
    """A job that ends after its window was closed and deleted (a print preview still rendering
    when a test ends) called into the deleted progress dialog, in whichever test ran next; the
    answer is now dropped with the window."""
    parent = QWidget()
    release = threading.Event()
    answered = []
    run_in_background(parent, "…", lambda report: release.wait(10) and report(50, "一半") or 1,
                      answered.append, answered.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent))
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()  # the job's queued answers: an exception in them fails the test
    assert answered == [] and not background._running
