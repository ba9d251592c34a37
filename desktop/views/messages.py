"""Message boxes for the modules the first screen imports.

PySide builds a Qt class the first time its name is imported (QMessageBox ≈ 2 ms) and the
first screen shows no message, so these import it only when one is shown. The tests still
replace QMessageBox's own static methods.
"""

from __future__ import annotations

from typing import Any


def critical(parent: Any, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def warning(parent: Any, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def information(parent: Any, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def confirm(parent: Any, title: str, text: str, default_yes: bool = False) -> bool:
    """A 是/否 question; True when the user answered 是."""
    from PySide6.QtWidgets import QMessageBox

    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, text, yes | no, yes if default_yes else no) == yes
