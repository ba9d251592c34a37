"""Starting the window: font, the database (one copy only), integrity check, sample, backup.

Kept light so the window paints quickly: export libraries are not imported here, the
quick_check runs on its own thread while the window is built (shown only once it answered),
the year and section of the last close open at once, and the menus, the `.part` cleaning and
the backup come after the window is shown.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, APP_TITLE
from desktop.dblock import LockError, lock_database, locked_message
from desktop.models.opening import DamagedDatabaseError
from desktop.models.store import Store, StoreError
from desktop.views import messages

# Set by bench/bench_window.py: print the time of the first paint of the window, then quit.
FIRST_PAINT_ENV = "PLANDESK_EXIT_AFTER_PAINT"


class _OnFirstPaint(QObject):
    """Calls `then` once, just after the first paint of any of the watched widgets."""

    def __init__(self, parent: QObject, then: Callable[[], object], *watched: QObject):
        super().__init__(parent)
        self.then, self.watched = then, watched
        for widget in watched:
            widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.watched:
            for widget in self.watched:
                widget.removeEventFilter(self)
            self.watched = ()
            QTimer.singleShot(0, self, self.then)  # dropped if the window is gone by then
        return False


def _report_first_paint() -> None:
    """The benchmark's only hook: print the time of the first paint, then quit."""
    print(f"first-paint {time.time():.6f} {_peak_rss_kb()}", flush=True)
    QApplication.quit()


def _peak_rss_kb() -> int:
    """This process's own peak resident memory. On Linux ru_maxrss carries the parent's
    high-water mark across exec, so read VmHWM, which starts afresh with the program."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _error(title: str, message: str) -> int:
    messages.critical(None, title, message)
    return 1


def install_chinese(app: QApplication) -> list[QTranslator]:
    """Qt's own texts (是/否/取消 on message boxes, context menus of text fields) in zh-TW,
    and Taiwan conventions for numbers and dates."""
    locale = QLocale(QLocale.Language.Chinese, QLocale.Script.TraditionalChineseScript,
                     QLocale.Country.Taiwan)
    QLocale.setDefault(locale)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    from desktop.views import shortcut_names

    installed.append(shortcut_names.install(app))  # 「Alt+←」, not 「Alt+左鍵」
    return installed


def prepare(app: QApplication) -> None:
    """The program's name, font and Chinese texts (tests/conftest.py gives its tests the same)."""
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    from desktop.views.fonts import ui_font

    app.setFont(ui_font())
    if not app.property("plandesk_chinese"):  # once: run_gui may run again in one process (tests)
        install_chinese(app)
        app.setProperty("plandesk_chinese", True)


def run_gui(db: str | None, resume_gc: bool = False) -> int:
    """Open the main window on `db` (default: the user data folder). Returns the exit code.
    resume_gc: the caller paused the garbage collector for the start; it runs again just
    after the first paint (desktop/app.py)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    prepare(app)

    if db:
        path = Path(db)
    else:
        from desktop.paths import default_db_path

        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
    from desktop.paths import synced_folder
    from desktop.views import recovery

    kind = synced_folder(str(path.resolve()))
    if kind and not os.environ.get(FIRST_PAINT_ENV):
        path = recovery.offer_local_folder(path, kind)
    try:
        lock = lock_database(path)
    except LockError as exc:
        return _error("無法開啟資料庫", str(exc))
    if lock is None:
        return _error("PlanDesk 已在執行", locked_message(path))
    previous_hook = recovery.install_error_hook()
    try:
        return _open_and_run(app, path, lock.unclean, resume_gc)
    finally:
        sys.excepthook = previous_hook
        lock.unlock()


def _open_and_run(app: QApplication, path: Path, unclean: bool, resume_gc: bool = False) -> int:
    """Open the database, checked before anything is written or shown: quick_check at every
    start (on a thread, while the window is built), the full integrity_check after an unclean
    shutdown. A damaged or emptied file is moved aside and the newest good backup offered."""
    from desktop.models.opening import expected_but_empty
    from desktop.views import recovery

    if expected_but_empty(path) and not recovery.recover(path, "檔案是空的（0 位元組）"):
        return 1
    for _attempt in range(2):
        try:
            store = Store(path)
        except StoreError as exc:
            return _error("無法開啟資料庫", str(exc))
        check = _StartCheck(store, unclean)
        window = None
        try:
            window, loaded_sample = _build_window(store, check)
        except (sqlite3.DatabaseError, DamagedDatabaseError):  # a damaged page met while building
            if not check.problems():
                store.close()
                raise
        problems = check.problems()
        if not problems:
            try:
                return _run_window(app, store, window, loaded_sample, resume_gc)
            finally:
                store.close()
        if window is not None:  # built on a damaged file: never shown
            window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        store.close()
        if not recovery.recover(path, problems[0].splitlines()[0]):
            return 1
    return 1


class _StartCheck:
    """quick_check on its own connection and thread; after an unclean shutdown the full
    integrity_check (the pages, not orphan rows: 工具 › 檢查資料庫 lists those), at once."""

    def __init__(self, store: Store, unclean: bool):
        from desktop.models.opening import QuickCheck

        self._quick = None if unclean else QuickCheck(store)
        self._problems: list[str] | None = None
        if unclean:
            from desktop.models.backups import integrity_problems

            self._problems = [p for p in integrity_problems(store.conn) if not p.startswith("資料表")]

    def problems(self) -> list[str]:
        if self._problems is None:
            self._problems = self._quick.problems() if self._quick is not None else []
        return self._problems


def _build_window(store: Store, check: _StartCheck) -> tuple[Any, object]:
    """The main window, built but not shown, and the sample plan loaded on a first start (a
    write: it waits for the check, as every write does until the check has answered)."""
    from desktop.views.main_window import MainWindow

    loaded_sample = None
    if not store.plans():
        try:
            from desktop.models.sample import load_sample_plan

            loaded_sample = load_sample_plan(store)
        except (StoreError, OSError, ValueError, KeyError) as exc:
            loaded_sample = exc
    from desktop.views import remembered

    # the year and section of the last close open at once (not the newest year's first section,
    # then those: two plan loads and two grid fills before the first paint)
    return MainWindow(store, menus_later=True, place=remembered.last_place()), loaded_sample


def _run_window(app: QApplication, store: Store, window: Any, loaded_sample: object,
                resume_gc: bool = False) -> int:
    from desktop.views.extensions import install_menus

    leftovers = [store]  # `.part` files of a killed backup or restore: once, after the first paint

    def after_first_paint() -> None:
        if resume_gc:
            import gc

            gc.enable()
        install_menus(window)
        while leftovers:
            _clean_leftovers(leftovers.pop())

    first_screen = (window.grid.viewport(), window.empty_label)  # the stack shows one of them
    _OnFirstPaint(window, after_first_paint, *first_screen)
    bench = os.environ.get(FIRST_PAINT_ENV)
    if bench:  # filters run newest first: the time is taken before the menus are installed
        _OnFirstPaint(window, _report_first_paint, *first_screen)
    from desktop.views import remembered

    remembered.restore_place(window)  # the year and section open at the last close
    if remembered.restore_geometry(window):  # size, place and dock layout as they were
        window.show()
    else:
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
    if isinstance(loaded_sample, Exception):
        window.statusBar().showMessage(f"無法載入範例計畫：{loaded_sample}", 15000)
    elif loaded_sample is not None:
        window.statusBar().showMessage(
            f"首次啟動：已載入範例計畫（{loaded_sample.year} 年度），可直接試用或新增自己的年度計畫。", 20000)
    backup_timer = QTimer(window)  # stopped when the window's loop ends: never fires on a closed store
    backup_timer.setSingleShot(True)
    backup_timer.timeout.connect(lambda: _start_backup(window, store))
    if not bench:
        backup_timer.start(1500)
    changes = store.conn.total_changes
    code = app.exec()
    # Ending the loop by quit() closes the window, which posts a second Quit; delivered after
    # run_gui returns it would stop the next event loop at once and close every window.
    QApplication.removePostedEvents(app, QEvent.Type.Quit)
    backup_timer.stop()
    while leftovers:  # closed before its first paint
        _clean_leftovers(leftovers.pop())
    window.deleteLater()  # the window goes with its loop, not left hidden among top-level widgets
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if store.conn.total_changes != changes:
        _backup_on_close(store)
    return code


def _backup_on_close(store: Store) -> None:
    """A backup on close when anything was stored since the window opened."""
    from desktop.models.backups import backup_store

    try:
        backup_store(store, "close")
    except (OSError, StoreError) as exc:
        print(f"關閉時未備份：{exc}", file=sys.stderr)


def _clean_leftovers(store: Store) -> None:
    """`.part` files a killed backup or restore left behind."""
    from desktop.models.backups import backup_folder, clean_partials

    clean_partials(backup_folder(store))
    clean_partials(store.path.parent)


def _start_backup(window: object, store: Store) -> None:
    """The start-up backup, after the window is up. A damaged database is not backed up:
    every existing backup is kept and the user is told."""
    from desktop.models.backups import backup_store

    try:
        made = backup_store(store, "start")
    except DamagedDatabaseError as exc:
        messages.warning(window, "未自動備份", str(exc))
        return
    except (OSError, StoreError) as exc:
        window.statusBar().showMessage(f"自動備份失敗：{exc}", 15000)  # type: ignore[attr-defined]
        return
    bar = window.statusBar()  # type: ignore[attr-defined]
    if not bar.currentMessage():
        bar.showMessage(f"已自動備份資料庫：{made.name}", 6000)
