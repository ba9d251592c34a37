"""The left pane: the plan's sections (課室) with task counts and a red 落後/未填報 badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.qt_models import (
    ALERT_COUNT_ROLE,
    SECTION_ID_ROLE,
    TASK_COUNT_ROLE,
    SectionListModel,
)
from desktop.models.qt_models import (
    cell_value as _v,
)

BADGE_COLOR = QColor("#d32f2f")
Index = QModelIndex | QPersistentModelIndex



class SectionDelegate(QStyledItemDelegate):
    """Name on the left, 「N 項」 in grey, and a red pill with the alert count."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(180, option.fontMetrics.lineSpacing() + 18)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, option.palette.highlight())
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor("#eef3f9"))
        fm = option.fontMetrics
        alerts = _v(index, ALERT_COUNT_ROLE) or 0
        count = f"{_v(index, TASK_COUNT_ROLE) or 0} 項"
        badge_w = fm.horizontalAdvance(str(alerts)) + 14 if alerts else 0
        count_w = fm.horizontalAdvance(count)
        right = rect.right() - 8
        if alerts:
            h = fm.height() + 2
            badge = QRect(right - badge_w, rect.center().y() - h // 2, badge_w, h)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(BADGE_COLOR)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, h / 2, h / 2)
            painter.setPen(QColor("#ffffff"))
            bold = QFont(option.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), str(alerts))
            painter.setFont(option.font)
            right -= badge_w + 6
        text_color = option.palette.highlightedText().color() if selected else QColor("#1d232b")
        muted = text_color if selected else QColor("#6b7480")
        painter.setPen(muted)
        count_rect = QRect(right - count_w, rect.top(), count_w, rect.height())
        painter.drawText(count_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), count)
        painter.setPen(text_color)
        name_rect = QRect(rect.left() + 10, rect.top(), count_rect.left() - rect.left() - 16, rect.height())
        name = fm.elidedText(_v(index) or "", Qt.TextElideMode.ElideRight, name_rect.width())
        painter.drawText(name_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), name)
        painter.restore()


class SectionPanel(QWidget):
    """List of sections plus buttons for the section actions; emits section_selected(id|None)."""

    section_selected = Signal(object)

    def __init__(self, model: SectionListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        title = QLabel("課室")
        f = title.font()
        f.setBold(True)
        title.setFont(f)
        layout.addWidget(title)
        self.list = QListView()
        self.list.setModel(model)
        self.list.setItemDelegate(SectionDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMouseTracking(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        layout.addWidget(self.list, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b7480;")
        layout.addWidget(self.hint)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(2)
        layout.addLayout(self.buttons)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        model.modelReset.connect(self._update_hint)
        model.dataChanged.connect(self._update_hint)

    def add_actions(self, actions: list[QAction], labels: list[str]) -> None:
        """Buttons under the list and the list's right-click menu share the window's actions."""
        for action, label in zip(actions, labels, strict=True):
            button = QToolButton()
            button.setText(label)
            button.setToolTip(action.text())
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            self.buttons.addWidget(button)
            self.list.addAction(action)
        self.buttons.addStretch(1)

    def _current_changed(self, current: QModelIndex, _previous: Any) -> None:
        self.section_selected.emit(_v(current, SECTION_ID_ROLE) if current.isValid() else None)

    def select(self, section_id: int | None) -> None:
        row = self.model.row_of_section(section_id)
        if row is None:
            self.list.setCurrentIndex(QModelIndex())
        else:
            self.list.setCurrentIndex(self.model.index(row))

    def _update_hint(self, *_: Any) -> None:
        total = sum(_v(self.model.index(r), ALERT_COUNT_ROLE) or 0 for r in range(self.model.rowCount()))
        month = self.model.report_month
        self.hint.setText(f"紅色數字：{month}月落後或未填報的工作，共 {total} 項" if self.model.rowCount()
                          else "尚無課室")
