"""What the window remembers between runs, in the user's own settings (QSettings, never the
database, which may be shared): window size and dock layout, the last year and section, the
print preview's paper, and the last folder of each file dialog.

Every file dialog goes through the functions here, each with its own key ("import",
"export", "backup", …), so each opens where it was last used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from desktop import APP_NAME


def settings() -> QSettings:
    """An ini file in the user's config folder (tests point QSettings.setPath at tmp_path)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def value(key: str, default: Any = None) -> Any:
    return settings().value(key, default)


def remember(key: str, data: Any) -> None:
    s = settings()
    s.setValue(key, data)
    s.sync()


# ----------------------------------------------------------------------------- file dialogs
def last_folder(key: str) -> str | None:
    folder = value(f"folders/{key}")
    return folder if isinstance(folder, str) and folder and Path(folder).is_dir() else None


def _remember_folder(key: str, chosen: str, is_folder: bool = False) -> None:
    if chosen:
        remember(f"folders/{key}", str(Path(chosen) if is_folder else Path(chosen).parent))


def _start(key: str, start: str | Path) -> str:
    """The proposed path in the folder last used for `key`; a proposed file name is kept."""
    folder = last_folder(key)
    start = str(start or "")
    if folder is None:
        return start
    name = Path(start).name if start and Path(start).suffix else ""
    return str(Path(folder) / name) if name else folder


def _file_dialog() -> Any:
    """QFileDialog, imported when a dialog opens: PySide builds the class (≈ 1 ms) the first
    time its name is imported, and the first screen opens none."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog


def open_file_name(key: str, parent: QWidget | None, caption: str, start: str | Path = "",
                   filters: str = "") -> str:
    path, _ = _file_dialog().getOpenFileName(parent, caption, _start(key, start), filters)
    _remember_folder(key, path)
    return path


def open_file_names(key: str, parent: QWidget | None, caption: str, start: str | Path = "",
                    filters: str = "") -> list[str]:
    paths, _ = _file_dialog().getOpenFileNames(parent, caption, _start(key, start), filters)
    if paths:
        _remember_folder(key, paths[0])
    return paths


def save_file_name(key: str, parent: QWidget | None, caption: str, start: str | Path = "",
                   filters: str = "") -> str:
    path, _ = _file_dialog().getSaveFileName(parent, caption, _start(key, start), filters)
    _remember_folder(key, path)
    return path


def existing_directory(key: str, parent: QWidget | None, caption: str, start: str | Path = "") -> str:
    folder = _file_dialog().getExistingDirectory(parent, caption, _start(key, start))
    _remember_folder(key, folder, is_folder=True)
    return folder


# ----------------------------------------------------------------------------- the window
def save_window(window: Any) -> None:
    """Called when the window closes."""
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    if window.plan is not None:
        s.setValue("window/year", window.plan.year)
        section = window.data.section(window.current_section_id) if window.data and window.current_section_id else None
        s.setValue("window/section", section.name if section else "")
    s.sync()


def restore_geometry(window: Any) -> bool:
    """Size, place and dock layout as they were; False on a first run."""
    s = settings()
    geometry, state = s.value("window/geometry"), s.value("window/state")
    done = bool(geometry) and window.restoreGeometry(geometry)
    if state:
        window.restoreState(state)
    return done


def last_place() -> tuple[int | None, str]:
    """(year, section name) open at the last close; (None, "") on a first run."""
    s = settings()
    year, name = s.value("window/year"), s.value("window/section")
    try:
        year = int(year) if year is not None else None
    except (TypeError, ValueError):
        year = None
    return year, name if isinstance(name, str) else ""


def restore_place(window: Any) -> None:
    """The year and section open at the last close, when they still exist."""
    year, name = last_place()
    if year is None or (window.plan is not None and window.plan.year == year and not name):
        return
    plan = next((p for p in window.store.plans() if p.year == year), None)
    if plan is not None and (window.plan is None or window.plan.id != plan.id):
        window.show_plan(plan)
    if name and window.data is not None:
        section = next((sec for sec in window.data.sections if sec.name == name), None)
        if section is not None:
            window.sections.select(section.id)
