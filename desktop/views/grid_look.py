"""How the grid looks: its colours, pens and text flags (made once, not in every cell's paint),
and the legend under it that keys them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from desktop.models.domain import DerivedState
from desktop.models.state import STATE_COLORS
from desktop.views.kpi_marks import checkpoint_legend

PAD = 5
BAR_COLOR = QColor("#2f5d8c")
BAR_PREVIEW_ADD = QColor("#7fa7d1")
BAR_PREVIEW_REMOVE = QColor("#e8b4b4")
REPORT_TINT = QColor("#fff3b8")
CURRENT_ROW_TINT = QColor("#eef4fb")
GRID_LINE = QColor("#c9ced6")
ITEM_LINE = QColor("#8a93a0")
TEXT_COLOR = QColor("#1d232b")
CHECKPOINT_COLOR = QColor("#b3261e")
WHITE = QColor("#ffffff")
CURRENT_CELL = QColor("#d5e3f3")
GRID_PEN, ITEM_PEN, CURRENT_PEN = QPen(GRID_LINE, 1), QPen(ITEM_LINE, 1), QPen(QColor("#1f6fd1"), 2)
BAR_HEIGHT = 14
SELECTED = QStyle.StateFlag.State_Selected
_A, _WRAP = Qt.AlignmentFlag, Qt.TextFlag.TextWordWrap
TEXT_FLAGS = int(_A.AlignLeft | _A.AlignTop | _WRAP)
STATE_TEXT_FLAGS = NUMBER_FLAGS = int(_A.AlignHCenter | _A.AlignTop | _WRAP)
CENTER = int(_A.AlignCenter)


def legend_widget() -> QWidget:
    """The key to the grid's colours and marks, shown under it."""
    w = QWidget()
    h = QHBoxLayout(w)
    h.setContentsMargins(4, 2, 4, 4)
    h.setSpacing(6)  # this row sets how narrow the window can be: it must fit 1366 px
    h.addWidget(QLabel("狀態："))
    for state in DerivedState:
        chip = QLabel(f" {state.value} ")
        chip.setStyleSheet(f"background: {STATE_COLORS[state]}; border: 1px solid #b8bec7;"
                           "border-radius: 3px; padding: 1px 4px;")
        h.addWidget(chip)
    h.addSpacing(8)
    bar = QLabel("　　")
    bar.setFixedHeight(12)
    bar.setStyleSheet(f"background: {BAR_COLOR.name()};")
    h.addWidget(bar)
    h.addWidget(QLabel("預定月份"))
    diamond = QLabel("◆")
    diamond.setStyleSheet("color: #b3261e; font-weight: bold;")
    h.addWidget(diamond)
    h.addWidget(checkpoint_legend())
    tint = QLabel("　　")
    tint.setStyleSheet(f"background: {REPORT_TINT.name()}; border: 1px solid #d8c77a;")
    h.addWidget(tint)
    h.addWidget(QLabel("填報月份"))
    h.addStretch(1)
    w.setToolTip("點月份格排入／取消，拖曳設定連續月份；雙擊、F2 或直接打字編輯文字")
    return w
