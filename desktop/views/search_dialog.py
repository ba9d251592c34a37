"""The search dialog behind 工具 › 搜尋 (Ctrl+F) and the toolbar's search box
(`search_box.py`, on the first screen; this module loads on the first search).

Results list year, section, item, field and the text with the match highlighted; choosing
one (double-click or Enter) opens that year in the main window and selects the row.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.models.search import LIMIT, SearchHit, excerpt, search

Index = QModelIndex | QPersistentModelIndex
HTML_ROLE = Qt.ItemDataRole.UserRole + 41
COLUMNS = ["年度", "課室", "計畫項目", "欄位", "符合的文字"]
C_TEXT = 4


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's HTML (the match in <b> on a yellow ground)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data(HTML_ROLE)
        if not text:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(text)
        painter.save()
        painter.translate(option.rect.left(), option.rect.top()
                          + max(0, (option.rect.height() - doc.size().height()) / 2))
        painter.setClipRect(0, 0, option.rect.width(), option.rect.height())
        doc.drawContents(painter)
        painter.restore()


def highlighted(text: str, query: str) -> str:
    """The excerpt of `text` around `query` as HTML with the match marked."""
    piece, start, end = excerpt(text, query)
    return (html.escape(piece[:start]) + '<span style="background:#ffe066;font-weight:bold">'
            + html.escape(piece[start:end]) + "</span>" + html.escape(piece[end:]))


class SearchDialog(QDialog):
    """Non-modal: it stays open while the officer looks at the rows it finds."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        self.hits: list[SearchHit] = []
        self.setWindowTitle("搜尋所有年度")
        self.resize(980, 560)
        self.box = QLineEdit()
        self.box.setPlaceholderText("輸入要找的文字，例如「戶籍」「新住民」")
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(self.run_search)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.run_search)
        self.box.textEdited.connect(lambda _t: self._typing.start())
        go = QPushButton("搜尋")
        go.clicked.connect(lambda _c=False: self.run_search())
        self.open_button = QPushButton("開啟所選")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        top = QHBoxLayout()
        top.addWidget(QLabel("搜尋："))
        top.addWidget(self.box, 1)
        top.addWidget(go)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(C_TEXT, HighlightDelegate(self.table))
        head = self.table.horizontalHeader()
        for col, width in enumerate((60, 110, 200, 120)):
            head.resizeSection(col, width)
        head.setSectionResizeMode(C_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _i: self.open_current())
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(self.table.currentRow() >= 0))
        self.status = QLabel("可搜尋計畫項目、工作內容、考核指標、執行情形、落後原因與因應對策。")

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_button)
        close = QPushButton("關閉")
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        v = QVBoxLayout(self)
        v.addLayout(top)
        v.addWidget(self.table, 1)
        v.addLayout(bottom)

    def run_search(self, text: str | None = None) -> None:
        if text is not None:
            self.box.setText(text)
        self._typing.stop()
        query = self.box.text().strip()
        self.hits = search(self.window_.store, query) if query else []
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            where = f"{hit.field_label}{f'（{hit.month}月）' if hit.month else ''}"
            cells = [f"{hit.year}", hit.section, hit.item, where, " ".join(hit.text.split())]
            for col, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(hit.text if col == C_TEXT else value)
                self.table.setItem(row, col, cell)
            self.table.item(row, C_TEXT).setData(HTML_ROLE, highlighted(hit.text, query))
        if not query:
            self.status.setText("請輸入要搜尋的文字。")
        elif not self.hits:
            self.status.setText(f"所有年度都找不到「{query}」。")
        else:
            more = f"，只列前 {LIMIT} 筆，請輸入更多字縮小範圍" if len(self.hits) >= LIMIT else ""
            years = len({h.year for h in self.hits})
            self.status.setText(f"找到 {len(self.hits)} 筆，分布於 {years} 個年度{more}。雙擊開啟。")
        if self.hits:
            self.table.selectRow(0)

    def open_current(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.hits):
            open_hit(self.window_, self.hits[row])


def open_hit(window: Any, hit: SearchHit) -> bool:
    """Show the hit's year in the main window and select its row, as a user would."""
    if window.plan is None or window.plan.id != hit.plan_id:
        index = window.year_combo.findData(hit.plan_id)
        if index < 0:
            return False
        window.year_combo.setCurrentIndex(index)
        window.year_combo.activated.emit(index)
    if hit.task_id is not None:
        return window.select_task(hit.task_id)
    section_id = window.data.section_of_item.get(hit.item_id) if window.data else None
    if section_id is None:
        return False
    window.sections.select(section_id)
    return window.grid.select_item(hit.item_id)


def open_search(window: Any, text: str = "") -> SearchDialog:
    dialog = getattr(window, "_search_dialog", None)
    if dialog is None:
        dialog = window._search_dialog = SearchDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if text:
        dialog.run_search(text)
    dialog.box.setFocus()
    dialog.box.selectAll()
    return dialog

