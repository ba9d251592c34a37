"""管考 › 月報檢視: the monthly review meeting on screen (DESIGN.md §4 "Monthly review").

Pick a month; see each section's counts, then every 落後/未填報 task on top and the month's
planned tasks below, with this month's status, note, cause and remedy editable in place.
Edits go through the window's undo stack like every other edit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.models.qt_models import TASK_ID_ROLE
from desktop.models.review_model import R_CONTENT, R_STATUS, SUMMARY_STATES, ReviewModel
from desktop.models.state import STATE_COLORS
from desktop.views.task_dock import StatusDelegate


class MonthlyReview(QDialog):
    """A non-modal window beside the grid; it follows every edit and undo in the program."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("月報檢視")
        self.resize(1200, 720)
        self.model = ReviewModel(month=window.report_month, parent=self)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.month_combo = QComboBox()
        self.month_combo.addItems([f"{m}月" for m in range(1, 13)])
        self.month_combo.currentIndexChanged.connect(lambda i: self.set_month(i + 1))
        goto = QPushButton("在主視窗顯示")
        goto.setToolTip("在主視窗的管制表中選取這一項工作")
        goto.clicked.connect(self.show_in_grid)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("檢視月份："))
        top.addWidget(self.month_combo)
        top.addWidget(goto)

        self.summary = QTableWidget(0, len(SUMMARY_STATES) + 1)
        self.summary.setHorizontalHeaderLabels(["課室", *(s.value for s in SUMMARY_STATES)])
        self.summary.verticalHeader().hide()
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(StatusDelegate(self.table, column=R_STATUS))
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((76, 44, 130, 240, 90, 64, 72, 190, 64, 72, 130, 130)):
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)

        self.hint = QLabel("落後、未填報的工作列在最前面；雙擊「本月填報」「本月執行情形」「實際值」「落後原因」「因應對策」"
                           "可直接修改，修改會立即儲存，可用 Ctrl+Z 復原。實際值只在該工作的考核月份填寫。")
        self.actual_hint = QLabel()  # typed actual values that are not numbers: say why
        self.actual_hint.setObjectName("actual_hint")
        self.actual_hint.setWordWrap(True)
        self.actual_hint.setStyleSheet("color: #b3261e;")
        self.actual_hint.hide()
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.actual_hint)
        from desktop.views.snapshot_views import SinceSnapshotPanel

        self.since = SinceSnapshotPanel(window)
        layout.addWidget(self.since)
        layout.addWidget(self.hint)

        undo = QAction(self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(window.undo_group.undo)
        redo = QAction(self)
        redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        redo.triggered.connect(window.undo_group.redo)
        self.addActions([undo, redo])

        window.undo_group.indexChanged.connect(self.refresh)
        window.plan_changed.connect(lambda _plan: self.attach())
        self.attach()
        self.month_combo.setCurrentIndex(window.report_month - 1)

    # ------------------------------------------------------------------ data
    def attach(self) -> None:
        """Follow the window's current plan (its in-memory data and its undoable edits)."""
        self.model.set_plan_data(self.window_.data, self.window_.edits)
        self._update_texts()
        self.since.refresh()

    def set_month(self, month: int) -> None:
        self.model.set_month(month)
        self._update_texts()

    def refresh(self, *_: Any) -> None:
        if self.model.data_ is not self.window_.data:
            self.attach()
            return
        self.model.reload()
        self._update_texts()
        self.since.schedule()

    def _update_texts(self) -> None:
        plan = self.window_.plan
        month = self.model.month
        self.title.setText(f"{plan.year}年{month}月工作計畫執行情形" if plan else "尚無年度計畫")
        self._fill_summary()
        problems = self.model.actual_problems()
        self.actual_hint.setText("\n".join(problems))
        self.actual_hint.setVisible(bool(problems))
        self.table.resizeRowsToContents()

    def _fill_summary(self) -> None:
        lines = self.model.summary()
        self.summary.setRowCount(len(lines))
        for r, (name, counts) in enumerate(lines):
            cell = QTableWidgetItem(name)
            if name == "合計":
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
            self.summary.setItem(r, 0, cell)
            for c, state in enumerate(SUMMARY_STATES, start=1):
                item = QTableWidgetItem(str(counts[state]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if counts[state] and state.value in ("落後", "未填報"):
                    item.setBackground(QBrush(QColor(STATE_COLORS[state])))
                self.summary.setItem(r, c, item)
        # every row with 合計 last in view: no inner scroll bar hides it
        header = self.summary.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + 2 * self.summary.frameWidth() + 2
        height += sum(self.summary.rowHeight(r) for r in range(len(lines)))
        self.summary.setFixedHeight(height)

    # ------------------------------------------------------------------ navigation
    def _double_clicked(self, index: Any) -> None:
        if index.column() <= R_CONTENT:
            self.show_in_grid()

    def show_in_grid(self) -> None:
        index = self.table.currentIndex()
        task_id = index.data(TASK_ID_ROLE) if index.isValid() else None
        if task_id is not None:
            self.window_.select_task(task_id)
            self.window_.raise_()
            self.window_.activateWindow()


def install(window: Any) -> None:
    """管考 › 月報檢視… (Ctrl+M)."""
    action = QAction("月報檢視…", window)
    action.setShortcut(QKeySequence("Ctrl+M"))
    action.setStatusTip("依月份檢視各課室執行情形，落後與未填報列在最前面")

    def open_review() -> None:
        if window.plan is None:
            window.statusBar().showMessage("尚無年度計畫，請先建立或匯入計畫", 5000)
            return
        review = getattr(window, "_monthly_review", None)
        if review is None:
            review = window._monthly_review = MonthlyReview(window)
        review.month_combo.setCurrentIndex(window.report_month - 1)
        review.show()
        review.raise_()

    action.triggered.connect(open_review)
    window.review_menu.addAction(action)
    window.monthly_review_action = action

