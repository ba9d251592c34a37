"""File-menu actions that export the control table (Excel, ODF) and the monthly progress sheets.

The writing runs through `run_in_background` on a second Store opened on the same file,
so the window stays responsive and never shares its connection with another thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from desktop.models.store import Store
from desktop.views import remembered
from desktop.views.background import run_in_background
from desktop.views.extensions import add_to_file_menu

LAST_DIR_SETTING = "export_dir"
STATUS_MS = 10_000


def install(window: Any) -> list[QAction]:
    """Add the three export actions to window.file_menu; returns them (for tests and toolbars)."""
    actions = []
    for text, slot in (
        ("匯出管制表（Excel）…", lambda: export_bureau(window, "xlsx")),
        ("匯出管制表（ODF）…", lambda: export_bureau(window, "ods")),
        ("匯出填報表…", lambda: export_progress_sheets(window)),
    ):
        action = QAction(text, window)
        action.triggered.connect(slot)
        add_to_file_menu(window, action)
        actions.append(action)
    quit_action = getattr(window, "quit_action", None)
    if quit_action in window.file_menu.actions():
        window.file_menu.insertSeparator(quit_action)
    actions[0].setStatusTip("將年度管制表匯出為 Excel 活頁簿，每個課室一張工作表")
    actions[1].setStatusTip("將年度管制表匯出為 ODF 試算表（.ods）")
    actions[2].setStatusTip("為每個課室產生本月填報表（Excel），交各課室填寫後匯入")
    window._export_actions = actions
    QTimer.singleShot(0, lambda: sweep_export_folder(window))
    return actions


def sweep_export_folder(window: Any) -> list[Path]:
    """At start: remove temporary files a killed export left in the last export folder."""
    from desktop.exchange.atomic import sweep_folders

    try:
        return sweep_folders([window.store.get_setting(LAST_DIR_SETTING)])
    except Exception:  # noqa: BLE001 - tidying up must never stop the window
        return []


def _start_dir(window: Any) -> Path:
    saved = window.store.get_setting(LAST_DIR_SETTING)
    return Path(saved) if saved and Path(saved).is_dir() else Path.home()


def _remember_dir(window: Any, folder: Path) -> None:
    try:
        window.store.set_setting(LAST_DIR_SETTING, str(folder))
    except Exception:  # noqa: BLE001 - a remembered folder is a convenience only
        pass


def _no_plan(window: Any) -> bool:
    if getattr(window, "plan", None) is None:
        QMessageBox.information(window, "匯出", "目前沒有年度計畫可匯出，請先建立或匯入計畫。")
        return True
    return False


def _paper(window: Any) -> str:
    return window.store.get_setting("paper", "A4") or "A4"


def _failed(window: Any, what: str):
    def show(exc: BaseException) -> None:
        QMessageBox.critical(window, f"{what}失敗", f"{what}失敗：\n{exc}")

    return show


def export_bureau(window: Any, fmt: str) -> None:
    """Ask for a file name, then write the bureau workbook in the background."""
    if _no_plan(window):
        return
    plan = window.plan
    label = "Excel 活頁簿 (*.xlsx)" if fmt == "xlsx" else "ODF 試算表 (*.ods)"
    suggested = _start_dir(window) / f"{plan.office}{plan.year}年度工作計畫期程管制表.{fmt}"
    path = remembered.save_file_name(
        "export", window, "匯出管制表（Excel）" if fmt == "xlsx" else "匯出管制表（ODF）",
        str(suggested), label,
    )
    if not path:
        return
    out = Path(path)
    if out.suffix.lower() != f".{fmt}":
        out = out.with_name(out.name + f".{fmt}")
    _remember_dir(window, out.parent)
    db_path, plan_id, month, paper = window.store.path, plan.id, window.report_month, _paper(window)

    def work(report):
        from desktop.exchange.workbook import write_bureau_workbook

        store = Store(db_path)
        try:
            report(10, "正在整理管制表…")
            return write_bureau_workbook(
                store, store.plan(plan_id), out, fmt=fmt, month=month, paper=paper, notes=notes
            )
        finally:
            store.close()

    notes: list[str] = []

    def done(result: Path) -> None:
        window.statusBar().showMessage(f"已匯出管制表：{result}", STATUS_MS)
        if notes:  # a section name shortened for its sheet tab is said, not hidden
            QMessageBox.information(window, "匯出管制表", "已匯出，請注意：\n\n" + "\n".join(notes))
        if hasattr(window, "take_snapshot_action"):  # offer a 管考快照 of what was sent
            from desktop.views.snapshot_views import BUREAU, offer_snapshot

            offer_snapshot(window, BUREAU)

    run_in_background(window, "正在匯出管制表…", work, done, _failed(window, "匯出管制表"))


def export_progress_sheets(window: Any) -> None:
    """Ask for a folder, then write one progress sheet per section for the report month."""
    if _no_plan(window):
        return
    folder = remembered.existing_directory(
        "progress_sheets", window, f"選擇填報表存放資料夾（{window.report_month}月）", str(_start_dir(window))
    )
    if not folder:
        return
    out_dir = Path(folder)
    _remember_dir(window, out_dir)
    db_path, plan_id, month = window.store.path, window.plan.id, window.report_month

    def work(report):
        from desktop.exchange.progress_sheets import write_progress_sheets

        store = Store(db_path)
        try:
            report(10, "正在產生填報表…")
            return write_progress_sheets(store, store.plan(plan_id), month, out_dir)
        finally:
            store.close()

    def done(files: list[Path]) -> None:
        if not files:
            QMessageBox.information(
                window, "匯出填報表", f"{month}月沒有需要填報的工作，未產生任何檔案。"
            )
            return
        window.statusBar().showMessage(
            f"已產生 {len(files)} 份 {month}月填報表：{out_dir}", STATUS_MS
        )

    run_in_background(window, "正在產生填報表…", work, done, _failed(window, "匯出填報表"))
