"""Shared fixtures. Tests run offscreen, with no real user data folder touched."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from desktop.models.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point platformdirs (HOME/XDG) at a temporary folder for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    from PySide6.QtCore import QSettings  # the window's remembered settings: never the user's

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / ".config"))


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application set up as the program sets up its own (run_gui): its name, the
    Taiwan-form UI font, Qt's texts in Chinese. Every test sees the program's font, not only
    those that happen to run after a test that called run_gui."""
    from desktop.views.application import prepare

    prepare(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _program_font_kept():
    """A test that changes the application's font or name leaves them as the program sets them."""
    yield
    from PySide6.QtWidgets import QApplication

    from desktop import APP_NAME, APP_TITLE
    from desktop.views.fonts import ui_font

    app = QApplication.instance()
    if app is None:
        return
    if app.font() != ui_font():
        app.setFont(ui_font())
    if app.applicationName() != APP_NAME or app.applicationDisplayName() != APP_TITLE:
        app.setApplicationName(APP_NAME)
        app.setApplicationDisplayName(APP_TITLE)


@pytest.fixture(autouse=True)
def _event_loop_left_running():
    """Fails the test that leaves Qt's event loop stopped, and starts it again for the tests after.
    Background jobs a test started are waited for, so none runs on into the next test.

    A Quit delivered outside exec() (a stray one left queued by a window's quit) makes every
    later QEventLoop.exec() return -1 at once: qtbot.wait/waitUntil/waitSignal then process
    nothing, and background jobs' answers and timers never come in, in whichever test is next."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QThreadPool, QTimer

    app = QCoreApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(30_000)  # a test's background jobs end in that test
    loop = QEventLoop()  # and their answers, if the window is gone, are dropped here
    QTimer.singleShot(0, loop, loop.quit)
    if loop.exec() != -1:
        return
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
    QTimer.singleShot(0, app, lambda: app.exit(0))
    app.exec()  # the application's exec() clears the stop, at its start and its end
    pytest.fail("this test left Qt's event loop stopped (a Quit delivered outside exec()): "
                "later qtbot.wait/waitUntil would process no events")


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "plan.sqlite")
    yield s
    s.close()


@pytest.fixture
def sample_store(store):
    """A store holding the shipped sample plan (文山區戶政事務所 115 年度, transcribed from its 113 table)."""
    from desktop.models.sample import load_sample_plan

    load_sample_plan(store)
    return store


@pytest.fixture
def sample_window(qtbot, sample_store):
    """The real main window, shown, on the sample plan."""
    from desktop.views.main_window import MainWindow

    w = MainWindow(sample_store)
    qtbot.addWidget(w)
    w.show()
    return w
