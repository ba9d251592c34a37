"""Adds the menus that live in their own modules (import, export, print, review) to the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction


def add_to_file_menu(window: Any, action: QAction) -> None:
    """Add action to the 檔案 menu, keeping 結束 last."""
    menu = window.file_menu
    quit_action = getattr(window, "quit_action", None)
    if quit_action is not None and quit_action in menu.actions():
        menu.insertAction(quit_action, action)
    else:
        menu.addAction(action)


def install_extensions(window: Any) -> None:
    """Each installer adds its actions to window.file_menu / review_menu / tools_menu."""
    from desktop.views import (
        dashboard_view,
        evidence_panel,
        export_actions,
        import_dialog,
        kpi_display,
        monthly_review,
        print_actions,
        restore_dialog,
        roster_dialog,
        search_dialog,
        snapshot_views,
        suggest_dialog,
        year_report_action,
    )

    import_dialog.install(window)
    export_actions.install(window)
    print_actions.install(window)
    monthly_review.install(window)
    search_dialog.install(window)
    snapshot_views.install(window)
    restore_dialog.install(window)
    evidence_panel.install(window)
    kpi_display.install(window)
    suggest_dialog.install(window)
    dashboard_view.install(window)
    year_report_action.install(window)
    roster_dialog.install(window)
