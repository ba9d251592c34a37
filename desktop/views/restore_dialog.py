"""檔案 › 還原備份…: the backups with their ROC date and time, plan years and task counts;
restoring one checks it first, keeps the current content aside (never deleted) and is one
step the user sees, reported at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models import backups
from desktop.models.rocdate import roc_short
from desktop.models.store import StoreError
from desktop.views import remembered
from desktop.views.extensions import add_to_file_menu
from desktop.views.recovery import age_text

PATH_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("還原備份")
        self.resize(760, 420)
        self.folder = folder
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"備份資料夾：{folder}\n還原前會先把目前的資料另存在資料庫檔案旁邊（檔名含「還原前」與日期），不會刪除。"))
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["備份時間", "距今", "原因", "年度計畫（工作數）", "狀態"])
        self.list.setRootIsDecorated(False)
        self.list.itemSelectionChanged.connect(self._selection)
        self.list.itemDoubleClicked.connect(lambda *_: self._ok())
        layout.addWidget(self.list, 1)
        other = QPushButton("選擇其他備份檔…")
        other.clicked.connect(self._choose_file)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("還原")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.chosen: Path | None = None
        for path in reversed(backups.backup_files(folder)):
            self.add(backups.inspect_backup(path))
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self._selection()

    def add(self, info: backups.BackupInfo) -> QTreeWidgetItem:
        when = f"{roc_short(info.taken)} {info.taken:%H:%M:%S}" if info.taken else info.path.name
        plans = "、".join(f"{y} 年度（{n}）" for y, n in info.plans) or "—"
        row = QTreeWidgetItem([when, age_text(info.taken) if info.taken else "", info.reason, plans,
                               info.problem or "可還原"])
        row.setData(0, PATH_ROLE, str(info.path))
        row.setToolTip(0, str(info.path))
        if info.problem:
            row.setDisabled(True)
        self.list.addTopLevelItem(row)
        return row

    def _selection(self) -> None:
        row = self.list.currentItem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            row is not None and not row.isDisabled())

    def _choose_file(self) -> None:
        name = remembered.open_file_name("restore", self, "選擇備份檔", str(self.folder),
                                              "PlanDesk 資料庫 (*.sqlite);;所有檔案 (*)")
        if name:
            row = self.add(backups.inspect_backup(Path(name)))
            self.list.setCurrentItem(row)

    def _ok(self) -> None:
        row = self.list.currentItem()
        if row is None or row.isDisabled():
            return
        self.chosen = Path(row.data(0, PATH_ROLE))
        self.accept()


def restore_backup(window: Any) -> None:
    """Choose, confirm, restore, reload; the undo history goes (it named rows of the old file)."""
    dialog = RestoreDialog(backups.backup_folder(window.store), window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return
    info = backups.inspect_backup(dialog.chosen, full=True)
    if info.problem:
        QMessageBox.warning(window, "無法還原", f"備份檔「{dialog.chosen}」無法還原：{info.problem}。")
        return
    answer = QMessageBox.question(
        window, "還原備份",
        f"以 {dialog.chosen.name} 取代目前的資料？\n目前的資料會先另存在資料庫旁邊，不會刪除；"
        "復原記錄會清空。")
    if answer != QMessageBox.StandardButton.Yes:
        return
    if hasattr(window, "commit_pending_edits"):
        window.commit_pending_edits()
    try:
        aside = backups.restore_into(window.store.conn, window.store.path, dialog.chosen)
        window.store.migrate()  # a backup of an older version is brought up to date
    except StoreError as exc:
        QMessageBox.critical(window, "還原失敗", str(exc))
        return
    window.clear_history()
    window.reload()
    QMessageBox.information(window, "已還原", (
        f"已由 {dialog.chosen.name} 還原：" + ("、".join(f"{y} 年度 {n} 項工作" for y, n in info.plans)
                                           or "沒有年度計畫")
        + f"。\n原本的資料保留為「{aside}」。"))


def install(window: Any) -> QAction:
    action = QAction("還原備份…", window)
    action.setStatusTip("由備份還原資料庫；目前的資料會先另存，不會刪除")
    action.triggered.connect(lambda: restore_backup(window))
    add_to_file_menu(window, action)
    window.restore_action = action
    return action
