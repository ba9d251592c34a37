"""計畫 › 推動小組…: edit the plan's 推動小組（任務編組） roster as a table.

One row a member (職別／職稱／姓名／任務). 確定 stores the whole list as one undoable step
(復原 puts the old list back); the roster prints as its own sheet and PDF page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.models.roster import FIELDS, replace_roster, roster_rows

HEADERS = ("職別", "職稱", "姓名", "任務")


def install(window: Any) -> QAction:
    action = QAction("推動小組…", window)
    action.setStatusTip("編輯本年度計畫的推動小組（任務編組）名單")
    action.triggered.connect(lambda: open_roster(window))
    window.plan_menu.addAction(action)
    window.roster_action = action
    return action


def open_roster(window: Any) -> RosterDialog | None:
    if getattr(window, "plan", None) is None:
        QMessageBox.information(window, "推動小組", "目前沒有年度計畫，請先建立或匯入年度計畫。")
        return None
    dialog = RosterDialog(window)
    dialog.open()
    return dialog


class RosterCommand(QUndoCommand):
    """Replace the roster; undo puts the list before it back."""

    def __init__(self, window: Any, plan_id: int, before: list[dict], after: list[dict]):
        super().__init__("編輯推動小組")
        self.window, self.plan_id, self.before, self.after = window, plan_id, before, after

    def redo(self) -> None:
        replace_roster(self.window.store, self.plan_id, self.after)

    def undo(self) -> None:
        replace_roster(self.window.store, self.plan_id, self.before)


class RosterDialog(QDialog):
    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.plan = window.plan
        self.setWindowTitle(f"推動小組（任務編組）－ {self.plan.year} 年度")
        self.resize(760, 420)
        self.before = roster_rows(window.store, self.plan.id)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("一列一位成員；列印與匯出時成為「推動小組」頁。空白列不會儲存。"))
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        head = self.table.horizontalHeader()
        for c in range(3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for m in self.before:
            self.add_row(m)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, slot in (("新增成員", lambda: self.add_row(focus=True)), ("刪除成員", self.remove_row),
                           ("上移", lambda: self.move_row(-1)), ("下移", lambda: self.move_row(1))):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel, self)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("確定")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def add_row(self, member: dict | None = None, focus: bool = False) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, key in enumerate(FIELDS):
            self.table.setItem(r, c, QTableWidgetItem((member or {}).get(key, "")))
        if focus:
            self.table.setCurrentCell(r, 0)
            self.table.editItem(self.table.item(r, 0))

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def move_row(self, step: int) -> None:
        r = self.table.currentRow()
        to = r + step
        if r < 0 or not 0 <= to < self.table.rowCount():
            return
        rows = self.members(keep_blank=True)
        rows[r], rows[to] = rows[to], rows[r]
        for i, m in enumerate(rows):
            for c, key in enumerate(FIELDS):
                self.table.item(i, c).setText(m[key])
        self.table.setCurrentCell(to, self.table.currentColumn())

    def members(self, keep_blank: bool = False) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            m = {key: (self.table.item(r, c).text() if self.table.item(r, c) else "")
                 for c, key in enumerate(FIELDS)}
            if keep_blank or any(v.strip() for v in m.values()):
                out.append(m)
        return out

    def accept(self) -> None:
        after = self.members()
        if after != self.before:
            self.window.undo_stack.push(RosterCommand(self.window, self.plan.id, self.before, after))
        super().accept()
