"""Start-up safety in the window: a damaged or emptied database is moved aside and the newest
good backup offered; a database in a synced or network folder is warned about; a database
error while the program runs reaches the user as a message, not a traceback."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desktop.models.rocdate import roc_short
from desktop.models.store import StoreError
from desktop.views import messages

if TYPE_CHECKING:  # backups is imported when a file must be recovered, not at every start
    from desktop.models import backups


def age_text(taken: datetime | None, now: datetime | None = None) -> str:
    if taken is None:
        return "時間不明"
    minutes = int(((now or datetime.now()) - taken).total_seconds() // 60)
    if minutes < 60:
        return f"{max(0, minutes)} 分鐘前"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小時前"
    return f"{minutes // (24 * 60)} 天前"


def describe(info: backups.BackupInfo) -> str:
    """「115/12/03 09:15（3 小時前，啟動時）：115 年度 69 項工作」"""
    when = f"{roc_short(info.taken)} {info.taken:%H:%M}" if info.taken else info.path.name
    reason = f"，{info.reason}" if info.reason else ""
    plans = "、".join(f"{y} 年度 {n} 項工作" for y, n in info.plans) or "沒有年度計畫"
    return f"{when}（{age_text(info.taken)}{reason}）：{plans}"


def recover(path: Path, why: str) -> bool:
    """Move the damaged file aside (never deleted) and offer the newest good backup.
    True when a backup was restored and the file can be opened."""
    from desktop.models import backups
    from desktop.paths import backup_dir_for

    try:
        aside = backups.move_aside(path, "損壞")
    except OSError as exc:
        messages.critical(None, "資料庫已損壞", f"資料庫「{path}」已損壞（{why}），"
                          f"且無法移到旁邊保留：{exc}。未開啟。")
        return False
    kept = f"原檔已改名保留為「{aside}」（不會刪除）。"
    info = backups.newest_good_backup(backup_dir_for(path))
    if info is None:
        messages.critical(None, "資料庫已損壞", f"資料庫「{path}」有問題：{why}\n\n{kept}\n"
                          "找不到可用的備份。下次啟動會建立新的資料庫；原檔可請資訊人員以 SQLite 工具救回。")
        return False
    if not messages.confirm(None, "資料庫已損壞",
                            f"資料庫「{path}」有問題：{why}\n\n{kept}\n\n最新一份通過檢查的備份：\n"
                            f"{describe(info)}\n\n要由這份備份還原並開啟嗎？", default_yes=True):
        return False
    try:
        backups.restore_file(path, info.path)
    except StoreError as exc:
        messages.critical(None, "還原失敗", str(exc))
        return False
    return True


def offer_local_folder(path: Path, kind: str) -> Path:
    """Warn about a synced or network folder; offer to copy the database to the local data
    folder. Returns the path to open (the original is left where it is, unchanged)."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.models import backups
    from desktop.paths import data_dir, synced_folder

    local = data_dir() / path.name
    if local.exists():
        local = data_dir() / f"{path.stem}-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
    box = QMessageBox(QMessageBox.Icon.Warning, "資料庫在同步或網路資料夾",
                      f"資料庫「{path}」位於{kind}。\n\n同步程式或網路中斷時，可能只複製到寫到一半的檔案，"
                      "造成衝突的複本或資料損壞。建議把資料庫放在本機資料夾：\n" f"{local}")
    move = box.addButton("移到本機資料夾", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("仍在此開啟", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not move or synced_folder(str(local)):
        return path
    try:
        local.parent.mkdir(parents=True, exist_ok=True)
        backups.restore_file(local, path)
    except (StoreError, OSError) as exc:
        messages.warning(None, "無法移動", f"無法複製到本機資料夾：{exc}\n將在原處開啟。")
        return path
    messages.information(None, "已移到本機資料夾", (
        f"已將資料庫複製到「{local}」並由此開啟。\n原檔仍在「{path}」，沒有變更；"
        "之後請直接開啟 PlanDesk，不要再開啟同步資料夾中的舊檔。"))
    return local


def install_error_hook() -> object:
    """A database error in a slot becomes a message box; returns the previous hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, sqlite3.DatabaseError):
            previous(kind, exc, tb)
            return
        from desktop.models.opening import io_message, is_io_failure

        text = io_message(Path("資料庫"), exc, "寫入") if is_io_failure(exc) else (
            f"讀寫資料庫時發生錯誤：{exc}\n\n剛才的動作沒有完成。請用「工具 › 檢查資料庫」檢查；"
            "若檔案已損壞，請用「檔案 › 還原備份…」由備份還原。")
        messages.critical(None, "資料庫錯誤", text)

    sys.excepthook = hook
    return previous
