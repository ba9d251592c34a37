"""The grid's column widths, and how the room a window leaves is shared between its columns."""

from __future__ import annotations

from desktop.models.qt_models import (
    COL_CONTENT,
    COL_ITEM,
    COL_KPI,
    COL_MONTH1,
    COL_NUMBER,
    COL_STATE,
)

COLUMN_WIDTHS = {COL_NUMBER: 46, COL_ITEM: 120, COL_CONTENT: 230, COL_STATE: 64, COL_KPI: 240}
MONTH_WIDTH = 32
NARROW_MONTH_WIDTH, NARROW_ITEM_WIDTH = 27, 96  # when the window is narrow
MONTH_COLUMNS = tuple(range(COL_MONTH1, COL_MONTH1 + 12))
SHARED_COLUMNS = (COL_ITEM, *MONTH_COLUMNS, COL_CONTENT, COL_KPI)  # the ones shared_widths sets


def shared_widths(room: int) -> list[tuple[int, int]]:
    """(column, width) for SHARED_COLUMNS in `room` pixels: 工作內容 and 考核指標 share what the
    item and month columns leave. In a narrow window (1366×768 with the dock open) the month and
    item columns give way first, so 考核指標 stays on screen without scrolling sideways."""
    month_w, item_w = MONTH_WIDTH, COLUMN_WIDTHS[COL_ITEM]
    if room - item_w - 12 * month_w < 2 * 180:
        month_w, item_w = NARROW_MONTH_WIDTH, NARROW_ITEM_WIDTH
    rest = room - item_w - 12 * month_w
    content = max(130, int(rest * 0.5))
    kpi = max(120, rest - content)
    return [(COL_ITEM, item_w), *((m, month_w) for m in MONTH_COLUMNS),
            (COL_CONTENT, content), (COL_KPI, kpi)]
