"""One program at a time per database: the window and the writing commands share a lock file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_database(path: str | Path) -> QLockFile | None:
    """The lock beside the database, or None when another PlanDesk holds it.

    A lock left by a program that crashed is taken over (Qt checks the process is gone).
    """
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)
    return lock if lock.tryLock(100) else None


def locked_message(path: str | Path) -> str:
    return (f"資料庫「{path}」已由另一個 PlanDesk 視窗開啟。\n"
            "請切換到該視窗繼續工作；同一個資料庫不能同時由兩個程式修改。")
