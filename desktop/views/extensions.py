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
    install_menus(window)
    install_first_screen(window)


def install_first_screen(window: Any) -> None:
    """What the first painted window shows: the dock's 佐證資料 box and KPI rows, the toolbar's
    search box, the 延續未完成 filter and the dock's clear button."""
    from desktop.views import carry_actions, evidence_panel, kpi_display, search_box

    search_box.install(window)
    evidence_panel.install(window)
    kpi_display.install(window)
    carry_actions.install(window)


def install_menus(window: Any) -> None:
    """Menu actions only; their modules are not needed to paint the window, so the program
    may install them just after its first paint (see `application._run_window`)."""
    from desktop.views import (
        dashboard_view,
        export_actions,
        import_dialog,
        monthly_review,
        print_actions,
        restore_dialog,
        roster_dialog,
        snapshot_views,
        suggest_dialog,
        year_report_action,
    )

    import_dialog.install(window)
    export_actions.install(window)
    print_actions.install(window)
    monthly_review.install(window)
    snapshot_views.install(window)
    restore_dialog.install(window)
    suggest_dialog.install(window)
    dashboard_view.install(window)
    year_report_action.install(window)
    roster_dialog.install(window)
    late = getattr(window, "export_evidence_action", None)
    if late is not None:  # installed first: put it back after the others, as install_extensions does
        add_to_file_menu(window, late)
