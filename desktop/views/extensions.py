"""Adds the menus that live in their own modules (import, export, print) to the main window."""

from __future__ import annotations

from typing import Any


def install_extensions(window: Any) -> None:
    """Each installer adds its actions to window.file_menu / review_menu / tools_menu."""
