"""One program at a time per database: the window and the writing commands share a lock file.

The lock sits beside the file's resolved path, so the same file reached through a symlink or
another spelling of its path is refused as well. A lock left behind by a program that died
is taken over, and says the last session did not end cleanly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


class LockError(Exception):
    """The lock file could not be made (full disk, read-only folder): not another window."""


class DatabaseLock:
    def __init__(self, lock: QLockFile, path: Path, unclean: bool):
        self.lock, self.path, self.unclean = lock, path, unclean

    def unlock(self) -> None:
        self.lock.unlock()


def lock_path(path: str | Path) -> Path:
    resolved = Path(path).resolve()
    return resolved.with_name(resolved.name + ".lock")


def lock_database(path: str | Path) -> DatabaseLock | None:
    """The lock beside the database, or None when another PlanDesk holds it.

    Raises LockError when the lock file cannot be created at all."""
    where = lock_path(path)
    left_behind = where.exists()
    lock = QLockFile(str(where))
    lock.setStaleLockTime(0)
    if lock.tryLock(100):
        return DatabaseLock(lock, where, unclean=left_behind)
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    from desktop.models.opening import disk_full

    folder = where.parent
    reason = "磁碟空間已滿" if disk_full(folder) else "資料夾無法寫入（唯讀或沒有權限）"
    raise LockError(f"無法建立鎖定檔「{where}」：{reason}。資料庫沒有被開啟，也沒有變更；"
                    "請清出磁碟空間或改用可寫入的資料夾。")


def locked_message(path: str | Path) -> str:
    return (f"資料庫「{path}」已由另一個 PlanDesk 視窗開啟。\n"
            "請切換到該視窗繼續工作；同一個資料庫不能同時由兩個程式修改。")
