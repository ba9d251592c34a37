"""工具 › 搜尋… (Ctrl+F) and the toolbar's search box: on the first screen, so kept light; the
dialog (`search_dialog.py`, with html and models/search.py) is imported on the first search."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget


def open_search(window: Any, text: str = "") -> Any:
    """The search dialog, shown (searching `text` when given)."""
    from desktop.views import search_dialog

    return search_dialog.open_search(window, text)


def install(window: Any) -> None:
    """工具 › 搜尋… (Ctrl+F) and a search box at the right end of the toolbar."""
    action = QAction("搜尋…", window)
    action.setShortcut(QKeySequence.StandardKey.Find)
    action.setStatusTip("在所有年度的計畫項目、工作內容、考核指標、執行情形中搜尋")
    action.triggered.connect(lambda: open_search(window, window.search_box.text().strip()))
    window.tools_menu.insertAction(window.tools_menu.actions()[0], action)
    window.search_action = action
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    window.toolbar.addWidget(spacer)
    box = QLineEdit()
    box.setPlaceholderText("搜尋所有年度（Ctrl+F）")
    box.setClearButtonEnabled(True)
    box.setMaximumWidth(220)
    box.returnPressed.connect(lambda: open_search(window, box.text().strip()))
    window.toolbar.addWidget(box)
    window.search_box = box
