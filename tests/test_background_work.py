"""Long work does not freeze the window (issue 9): reading a 1,000-task workbook for 匯入… and
writing the bureau workbook run on a pool thread behind a progress dialog, while the window's
event loop keeps running; the result arrives back on the window's thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from bench.synth import make_plan
from desktop.exchange import workbook
from desktop.exchange.workbook import write_bureau_workbook
from desktop.models.store import Store
from desktop.views import import_dialog
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

    window.findChild(ImportPreviewDialog).import_button.click()
    assert window.plan is not None and window.plan.year == 114
    assert sum(len(it.tasks) for tree in window.data.trees.values() for it in tree) == 1000


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
