"""Where files live. Nothing here creates folders at import time."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop import APP_NAME


def resources_dir() -> Path:
    """resources/ beside the package, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    from platformdirs import user_data_path  # imported here: not needed to open `--db FILE`

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "plandesk.sqlite"


def default_backup_dir() -> Path:
    return data_dir() / "backups"


def backup_dir_for(db_path: str | Path) -> Path:
    """The backup folder of a database: the user data folder's for the default database,
    else a `backups` folder beside the file, so `--db` never writes into another's."""
    db = Path(db_path).resolve()
    if db == default_db_path().resolve():
        return default_backup_dir()
    return db.parent / "backups"


_SYNCED = (("onedrive", "OneDrive"), ("dropbox", "Dropbox"), ("google drive", "Google 雲端硬碟"),
           ("googledrive", "Google 雲端硬碟"), ("my drive", "Google 雲端硬碟"),
           ("我的雲端硬碟", "Google 雲端硬碟"), ("icloud drive", "iCloud 雲碟"),
           ("iclouddrive", "iCloud 雲碟"), ("mobile documents", "iCloud 雲碟"))


def synced_folder(path: str, windows: bool | None = None) -> str | None:
    """What kind of synced or network folder a path is in, in Chinese; None for a local one.

    Pure on the path's text (folder names such as OneDrive, Dropbox, Google Drive, iCloud
    Drive; UNC paths `\\\\server\\share`), except a mapped network drive, which only Windows
    can tell."""
    text = path.replace("/", "\\")
    if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
        return "網路資料夾（UNC 路徑）"
    for part in text.lower().split("\\"):
        for word, kind in _SYNCED:
            if part == word or part.startswith(word + " -") or part.startswith(word + "-"):
                return f"同步資料夾（{kind}）"
    if (sys.platform == "win32" if windows is None else windows) and _mapped_network_drive(text):
        return "網路磁碟機"
    return None


def _mapped_network_drive(text: str) -> bool:
    if len(text) < 2 or text[1] != ":" or sys.platform != "win32":
        return False
    import ctypes

    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(f"{text[0]}:\\") == DRIVE_REMOTE  # type: ignore[attr-defined]
