"""Menu actions for printing and settings: 列印管制表… (Ctrl+P), 列印月報…, 設定….

Both printouts open the in-program preview first, so the officer sees the pages, picks
the paper and then prints or saves the PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from desktop.views.extensions import add_to_file_menu

if TYPE_CHECKING:  # the preview (and its PDF libraries) is imported when a printout is asked for
    from desktop.views.print_preview import PrintPreviewDialog

STATUS_MS = 8000


def install(window: Any) -> dict[str, QAction]:
    """Add the actions to the window's menus; returns them by name (for tests and toolbars)."""
    table = QAction("列印管制表…", window)
    table.setShortcut(QKeySequence.StandardKey.Print)
    table.setStatusTip("預覽並列印年度工作計畫期程管制表，或另存為 PDF")
    table.triggered.connect(lambda: print_control_table(window))
    handout = QAction("列印月報…", window)
    handout.setStatusTip("預覽並列印本月管考會議資料（各課室統計、落後及未填報工作）")
    handout.triggered.connect(lambda: print_handout(window))
    settings = QAction("設定…", window)
    settings.setStatusTip("機關名稱、紙張、PDF 字型、備份資料夾")
    settings.triggered.connect(lambda: open_settings(window))
    add_to_file_menu(window, table)
    window.review_menu.addAction(handout)
    window.tools_menu.addAction(settings)
    actions = {"control_table": table, "handout": handout, "settings": settings}
    window._print_actions = actions
    return actions


def _no_plan(window: Any, what: str) -> bool:
    if getattr(window, "plan", None) is None:
        QMessageBox.information(window, what, "目前沒有年度計畫可列印，請先建立或匯入計畫。")
        return True
    return False


def _current_section(window: Any) -> tuple[int, str] | None:
    sid = getattr(window, "current_section_id", None)
    if sid is None:
        return None
    try:
        return sid, window.store.section(sid).name
    except Exception:  # noqa: BLE001 - a vanished section just means "all sections"
        return None


def print_control_table(window: Any) -> PrintPreviewDialog | None:
    if _no_plan(window, "列印管制表"):
        return None
    from desktop.views.print_preview import TABLE, PrintPreviewDialog

    dialog = PrintPreviewDialog(window, window.store, window.plan, TABLE,
                                month=window.report_month,
                                current_section=_current_section(window))
    _open(window, dialog)
    return dialog


def print_handout(window: Any) -> PrintPreviewDialog | None:
    if _no_plan(window, "列印月報"):
        return None
    from desktop.views.print_preview import HANDOUT, PrintPreviewDialog

    dialog = PrintPreviewDialog(window, window.store, window.plan, HANDOUT,
                                month=window.report_month)
    _open(window, dialog)
    if hasattr(window, "take_snapshot_action"):  # the real window: offer a 管考快照 after printing
        from desktop.views.snapshot_views import offer_after_preview

        offer_after_preview(window, dialog)
    return dialog


def _open(window: Any, dialog: PrintPreviewDialog) -> None:
    window._print_preview = dialog  # kept so tests and the window can reach the open preview
    dialog.finished.connect(lambda _r: window.statusBar().showMessage(
        dialog.status_label.text(), STATUS_MS) if dialog.status_label.text() else None)
    dialog.open()


def open_settings(window: Any) -> bool:
    from desktop.views.settings_dialog import SettingsDialog

    edit_plan = None
    if hasattr(window, "push"):  # the real window: the office change goes on the undo stack
        from desktop.views.commands import SetPlanFields

        def edit_plan(plan_id: int, fields: dict) -> None:
            window.push(lambda: SetPlanFields(window, plan_id, fields))

    dialog = SettingsDialog(window.store, getattr(window, "plan", None), window, edit_plan)
    window._settings_dialog = dialog
    if not dialog.exec():
        return False
    window.reload()
    window.statusBar().showMessage("設定已儲存", STATUS_MS)
    return True
