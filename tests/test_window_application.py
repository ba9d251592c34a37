"""Starting the window: sample on first start, one copy per database, unreadable files refused."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QStatusBar

from desktop.models.store import Store
from desktop.views import application
from desktop.views.main_window import MainWindow


def _window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)


def test_first_start_loads_the_sample_and_says_so(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "first.sqlite"
    seen = {}
    said: list[str] = []  # every status message, so a busy machine's late loop cannot hide it
    show = QStatusBar.showMessage
    monkeypatch.setattr(QStatusBar, "showMessage",
                        lambda bar, text, timeout=0: (said.append(text), show(bar, text, timeout)))

    def look_and_quit():
        window = _window()
        seen["year"] = window.plan.year if window and window.plan else None
        seen["sections"] = window.section_model.rowCount() if window else 0
        seen["font"] = QApplication.font().families()
        if window:
            window.close()
        QApplication.quit()

    QTimer.singleShot(0, look_and_quit)
    assert application.run_gui(str(db)) == 0
    assert seen["year"] == 115 and seen["sections"] >= 1
    assert any("範例計畫" in text for text in said)
    assert seen["font"][0] in ("Noto Sans CJK TC", "Microsoft JhengHei UI", "Microsoft JhengHei",
                               "Noto Sans TC", "Source Han Sans TC", "PingFang TC")
    stored = Store(db)
    try:
        assert [p.year for p in stored.plans()] == [115]
    finally:
        stored.close()
    assert not QLockFile(str(db) + ".lock").isLocked()


def test_a_window_ended_by_quit_leaves_no_quit_behind(qtbot, tmp_path):
    """QApplication.quit() closes the window, and closing the last window posts a second Quit.
    Left queued, it stopped every later event loop at once (exec() returned -1): background
    jobs' answers and timers never came in later tests, and it closed their windows."""
    QTimer.singleShot(0, QApplication.quit)  # as the benchmark's first-paint hook ends the window
    assert application.run_gui(str(tmp_path / "plan.sqlite")) == 0
    QApplication.processEvents()  # what pytest-qt does after every test
    loop = QEventLoop()
    QTimer.singleShot(0, loop, lambda: loop.exit(7))
    assert loop.exec() == 7


def test_each_window_start_does_not_add_translators(qtbot, tmp_path):
    """run_gui installed Qt's Chinese texts again at every call: in one process (the tests) the
    application gathered three more translators per window, every text looked up through all."""
    from PySide6.QtCore import QTranslator

    app = QApplication.instance()
    before = len(app.findChildren(QTranslator))
    for name in ("a", "b"):
        QTimer.singleShot(0, QApplication.quit)
        assert application.run_gui(str(tmp_path / f"{name}.sqlite")) == 0
    assert len(app.findChildren(QTranslator)) == before


def test_second_copy_is_refused_in_chinese(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "busy.sqlite"
    held = QLockFile(str(db) + ".lock")
    assert held.tryLock(0)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append((a[1], a[2])))
    try:
        assert application.run_gui(str(db)) == 1
    finally:
        held.unlock()
    assert shown and "已由另一個 PlanDesk 視窗開啟" in shown[0][1]
    assert not db.exists()  # never opened


def test_a_file_that_is_not_ours_is_refused(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "other.sqlite"
    db.write_bytes(b"this is not a database at all" * 100)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    assert application.run_gui(str(db)) == 1
    assert shown and "PlanDesk 資料庫" in shown[0]
    assert db.read_bytes().startswith(b"this is not")


def test_pyside_keeps_none_alive(qtbot):
    """PySide6 6.12.0 returns None from C++ without a Py_INCREF; on Python 3.11 the program
    then aborts with "deallocating None" after a few thousand calls. Needs PySide6 != 6.12.0."""
    import sys

    from PySide6.QtCore import QModelIndex

    invalid = QModelIndex()
    before = sys.getrefcount(None)
    for _ in range(200):
        invalid.data()
    assert sys.getrefcount(None) > before - 100, "this PySide6 drops references to None"


def test_qt_own_buttons_speak_chinese(qtbot):
    """QMessageBox/QInputDialog buttons come from Qt; without its zh_TW translation they
    say Yes/No/Cancel in English."""
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from desktop.views.application import install_chinese

    app = QApplication.instance()
    translators = install_chinese(app)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = [b.text() for b in box.buttons()]
        assert not any("Yes" in t or "Cancel" in t for t in texts), texts
        assert any("是" in t for t in texts), texts
    finally:
        for t in translators:
            app.removeTranslator(t)
