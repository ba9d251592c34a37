"""Opening a database file: telling a full disk or a folder that cannot be written from a
damaged file, and a zero-byte file where a database was expected from a new one; the quick
check at every start (models/backups.py, which re-exports its two names, is not needed to
open the window)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from desktop.models.store import StoreError

_IO_WORDS = ("disk i/o error", "database or disk is full", "unable to open database file",
             "attempt to write a readonly database", "readonly database")
LOW_SPACE = 256 * 1024


class DamagedDatabaseError(StoreError):
    """The database file is damaged: nothing is written into it and no backup is taken of it."""


def quick_problems(conn: sqlite3.Connection) -> list[str]:
    """`PRAGMA quick_check` in Chinese: fast enough to run at every start and before writes."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"資料庫檔案已損壞：{exc}"]
    return [f"SQLite 快速檢查：{r[0]}" for r in rows if r[0] != "ok"]


def is_io_failure(exc: BaseException) -> bool:
    """An error of the disk or the folder, not of the file's content."""
    if isinstance(exc, OSError):
        return True
    return isinstance(exc, sqlite3.OperationalError) and any(w in str(exc).lower() for w in _IO_WORDS)


def disk_full(folder: Path, exc: BaseException | None = None) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    if exc is not None and "disk is full" in str(exc).lower():
        return True
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE
    except OSError:
        return False


def io_message(path: Path, exc: BaseException, doing: str = "開啟") -> str:
    """The true reason in Chinese: disk full, or a folder that cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if disk_full(folder, exc):
        return (f"無法{doing}資料庫「{path}」：磁碟空間已滿（{folder}）。檔案沒有損壞，也沒有變更；"
                "請刪除不需要的檔案、清出空間後再開啟。")
    if not os.access(folder, os.W_OK):
        return (f"無法{doing}資料庫「{path}」：資料夾「{folder}」無法寫入（唯讀或沒有權限）。"
                "檔案沒有損壞；請改放到可寫入的資料夾。")
    return f"無法{doing}資料庫「{path}」：無法讀寫磁碟（{exc}）。檔案可能沒有損壞，請確認磁碟與資料夾後再試。"


def expected_but_empty(path: str | Path) -> bool:
    """A zero-byte file where a database was expected: the folder's backups say one was there."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size != 0:
            return False
    except OSError:
        return False
    from desktop.models.backups import backup_files
    from desktop.paths import backup_dir_for

    return bool(backup_files(backup_dir_for(path)))


def empty_message(path: str | Path) -> str:
    return (f"資料庫「{path}」是空的（0 位元組），但備份資料夾中有備份：檔案可能在寫入時中斷或被覆蓋。"
            "未開啟，也未寫入任何資料；請由備份還原（plandesk restore 備份檔，或開啟視窗時選擇還原）。")


class QuickCheck:
    """`PRAGMA quick_check` on a connection of its own, on a thread, while the window is built
    (≈ 10–20 ms at 1,000 tasks; SQLite lets go of the GIL meanwhile). Until it has answered,
    a write through `store` first waits for it (`Store.before_write`), and is refused when
    the file is damaged."""

    def __init__(self, store: Any):
        import threading

        self._store = store
        self._problems: list[str] = []
        self._thread = threading.Thread(target=self._run, args=(Path(store.path),),
                                        name="quick_check", daemon=True)
        self._thread.start()
        store.before_write = self._before_write

    def _run(self, path: Path) -> None:
        try:
            conn = sqlite3.connect(str(path))
        except sqlite3.Error as exc:
            self._problems = [f"資料庫檔案已損壞：{exc}"]
            return
        try:
            self._problems = quick_problems(conn)
        finally:
            conn.close()

    def _before_write(self) -> None:
        problems = self.problems()
        if problems:
            raise DamagedDatabaseError(f"資料庫檔案已損壞，未寫入：{problems[0]}")

    def problems(self) -> list[str]:
        """What quick_check found, in Chinese (waits for it); empty when the file is sound."""
        self._thread.join()
        if not self._problems and self._store.before_write == self._before_write:
            self._store.before_write = None  # sound: writes go straight on again
        return self._problems
