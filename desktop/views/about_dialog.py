"""說明 › 關於: the version, where the data and backups live (each openable), and the licences
of the parts the program is built from and ships with."""

from __future__ import annotations

import sqlite3
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from desktop import APP_TITLE, __version__

# (shown name, distribution for its version or None, licence). Fonts are not shipped: the PDFs
# embed the fonts of the PC (標楷體／微軟正黑體 on Windows), under the PC's own licence.
PARTS = (
    ("Qt", None, "LGPL v3（GNU 寬通用公共授權條款第 3 版）"),
    ("PySide6 / Shiboken6", "PySide6-Essentials", "LGPL v3"),
    ("Python", None, "PSF 授權（Python Software Foundation License）"),
    ("SQLite", None, "公有領域（Public Domain）"),
    ("sqlite-utils", "sqlite-utils", "Apache 2.0"),
    ("openpyxl", "openpyxl", "MIT"),
    ("reportlab", "reportlab", "BSD"),
    ("odfpy", "odfpy", "Apache 2.0／GPL／LGPL（三擇一，本程式依 Apache 2.0 使用）"),
    ("pypdfium2 / PDFium", "pypdfium2", "Apache 2.0 或 BSD-3；PDFium 為 BSD-3"),
    ("platformdirs", "platformdirs", "MIT"),
    ("defusedxml", "defusedxml", "PSF 授權"),
)
FONTS_NOTE = "字型：本程式不附字型，PDF 內嵌本機已安裝的中文字型（如標楷體、微軟正黑體），依該字型授權。"
LGPL_NOTE = ("Qt 與 PySide6 以動態連結的共用程式庫隨附，依 LGPL v3 可自行替換；"
             "原始碼見 https://www.qt.io 與 https://code.qt.io/pyside。")


def _version_of(name: str, dist: str | None) -> str:
    if name == "Qt":
        return qVersion()
    if name == "Python":
        return sys.version.split()[0]
    if name == "SQLite":
        return sqlite3.sqlite_version
    try:
        return version(dist) if dist else ""
    except PackageNotFoundError:
        return ""


def licences_html() -> str:
    rows = "".join(
        f"<tr><td>{name}</td><td>{_version_of(name, dist)}</td><td>{licence}</td></tr>"
        for name, dist, licence in PARTS
    )
    return (f"<table cellspacing='0' cellpadding='3'><tr><th align='left'>元件</th>"
            f"<th align='left'>版本</th><th align='left'>授權</th></tr>{rows}</table>"
            f"<p>{LGPL_NOTE}</p><p>{FONTS_NOTE}</p>")


def open_folder(folder: Path) -> bool:
    """Show `folder` in Explorer (or the desktop's file manager); make it first if missing."""
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def about_dialog(window: Any) -> QDialog:
    from desktop.models.backups import backup_folder

    store = window.store
    data = Path(store.path).resolve().parent
    backups = backup_folder(store)
    dlg = QDialog(window)
    dlg.setWindowTitle("關於 PlanDesk")
    layout = QVBoxLayout(dlg)
    head = QLabel(f"<b>{APP_TITLE}</b>　版本 {__version__}<br>"
                  "區公所、戶政事務所研考人員的工作計畫期程管制表。")
    layout.addWidget(head)
    grid = QGridLayout()
    dlg.folder_buttons = {}
    for row, (label, folder, note) in enumerate((
        ("資料夾", data, f"資料庫：{Path(store.path).name}"),
        ("備份資料夾", backups, ""),
    )):
        grid.addWidget(QLabel(f"{label}："), row, 0)
        text = QLabel(f"{folder}" + (f"<br><small>{note}</small>" if note else ""))
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(text, row, 1)
        button = QPushButton("開啟資料夾")
        button.clicked.connect(lambda _=False, f=folder: open_folder(f))
        grid.addWidget(button, row, 2)
        dlg.folder_buttons[label] = button
    grid.setColumnStretch(1, 1)
    layout.addLayout(grid)
    layout.addWidget(QLabel("隨附元件與授權："))
    browser = QTextBrowser()
    browser.setOpenExternalLinks(True)
    browser.setHtml(licences_html())
    browser.setMinimumSize(560, 260)
    layout.addWidget(browser)
    dlg.licences = browser
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dlg.reject)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText("關閉")
    layout.addWidget(buttons)
    return dlg
