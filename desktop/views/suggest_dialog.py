"""管考 › 建議目標值…: every task of the year with a suggested target, each with a tick box;
the ticked ones are applied as one undoable edit. Nothing is applied without the officer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
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
    QWidget,
)

from desktop.models.targets import Suggestion, plan_suggestions, suggestion_text
from desktop.views.commands import Change, StoreCommand

HEADERS = ("採用", "課室", "計畫項目", "工作內容", "建議目標值", "依據文字")


class ApplyTargets(StoreCommand):
    """Sets the target of several tasks in one transaction: one step of 復原."""

    def __init__(self, ctx: Any, chosen: list[tuple[int, Suggestion]]):
        super().__init__(ctx, f"採用建議目標值（{len(chosen)} 項）")
        self.new = {task_id: s.fields() for task_id, s in chosen}
        self.old = {}
        for task_id, fields in self.new.items():
            task = self.store.task(task_id)
            self.old[task_id] = {k: getattr(task, k) for k in fields}

    def _apply(self, values: dict[int, dict]) -> None:
        with self.store.transaction():
            for task_id, fields in values.items():
                self.store.update_task(task_id, **fields)
        data = self.ctx.data
        if data is None:
            return
        for task_id in values:
            data.refresh_task(task_id)
        section_id = getattr(self.ctx, "current_section_id", None)
        if section_id is not None:  # the grid shows the new targets; the selection stays
            self.ctx.notify(Change("section", section_id))

    def _redo(self) -> None:
        self._apply(self.new)

    def _undo(self) -> None:
        self._apply(self.old)


class SuggestDialog(QDialog):
    def __init__(self, rows: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("建議目標值")
        self.rows = rows
        layout = QVBoxLayout(self)
        intro = QLabel(f"以下 {len(rows)} 項工作的考核指標或工作內容中寫有目標，"
                       "勾選要採用的建議；採用後可用「復原」一次還原。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(rows), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for r, (section, item, task, s) in enumerate(rows):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(r, 0, tick)
            for c, text in enumerate((section.name, f"{item.number} {item.name}".strip(),
                                      task.content, suggestion_text(s), s.phrase), start=1):
                cell = QTableWidgetItem(text.replace("\n", " "))
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for c, width in enumerate((44, 90, 130, 260, 90, 300)):
            self.table.setColumnWidth(c, width)
        header.setStretchLastSection(True)
        self.table.cellClicked.connect(self._toggle_row)
        layout.addWidget(self.table, 1)
        ticks = QHBoxLayout()
        for label, state in (("全選", Qt.CheckState.Checked), ("全不選", Qt.CheckState.Unchecked)):
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, st=state: self._tick_all(st))
            ticks.addWidget(button)
        ticks.addStretch(1)
        layout.addLayout(ticks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("採用勾選的建議")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemChanged.connect(lambda _i: self._update_ok())
        self._update_ok()
        self.resize(1000, 520)

    def _toggle_row(self, row: int, column: int) -> None:
        if column != 0:
            tick = self.table.item(row, 0)
            checked = tick.checkState() == Qt.CheckState.Checked
            tick.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _tick_all(self, state: Qt.CheckState) -> None:
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(state)

    def _update_ok(self) -> None:
        n = len(self.chosen())
        self.ok.setEnabled(n > 0)
        self.ok.setText(f"採用勾選的建議（{n} 項）")

    def chosen(self) -> list[tuple[int, Suggestion]]:
        return [(task.id, s) for r, (_sec, _item, task, s) in enumerate(self.rows)
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]


def open_suggestions(window: Any) -> SuggestDialog | None:
    """List the year's suggestions; apply the ticked ones as one undo step."""
    window.commit_pending_edits()
    if window.plan is None:
        QMessageBox.information(window, "建議目標值", "請先建立或匯入年度計畫。")
        return None
    rows = plan_suggestions(window.store.plan_tree(window.plan.id))
    if not rows:
        QMessageBox.information(
            window, "建議目標值",
            f"{window.plan.year} 年度沒有可建議的目標值：已設目標值的工作，或考核指標、工作內容中"
            "沒有寫出目標（或寫了兩個以上）的，不列入。")
        return None
    dialog = SuggestDialog(rows, window)
    window.suggest_dialog = dialog
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
        chosen = dialog.chosen()
        window.push(lambda: ApplyTargets(window, chosen))
    return dialog


def install(window: Any) -> None:
    action = QAction("建議目標值…", window)
    action.setObjectName("suggest_targets_action")
    action.setStatusTip("由考核指標或工作內容的文字建議結構化目標值，勾選後一次採用（可復原）")
    action.triggered.connect(lambda: open_suggestions(window))
    window.suggest_targets_action = action
    window.review_menu.addAction(action)
