"""Adds the menus that live in their own modules (import, export, print, review) to the main window."""

from __future__ import annotations

from typing import Any


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
        search_dialog,
        snapshot_views,
        suggest_dialog,
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
