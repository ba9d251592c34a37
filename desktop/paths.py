"""Where files live. Nothing here creates folders at import time."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path

from desktop import APP_NAME


def resources_dir() -> Path:
    """resources/ beside the package, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
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
