"""The grid's first paint already has each row as tall as its wrapped text at the column widths
the window gives it: the columns are fitted to the window when it is shown, and the rows follow
at once, not a moment later (which showed cut-off text and painted the grid twice)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from desktop.views.main_window import MainWindow


class FirstPaint(QObject):
    """Row heights and text column widths of the grid when its viewport first paints."""

    def __init__(self, grid):
        super().__init__(grid)
        self.grid, self.seen = grid, None
        grid.viewport().installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self.seen is None:
            g = self.grid
            self.seen = ([g.rowHeight(r) for r in range(g.model().rowCount())],
                         [g.columnWidth(c) for c in range(g.model().columnCount())])
        return False


def test_the_first_paint_has_rows_fitted_to_the_shown_columns(qtbot, sample_store):
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    first = FirstPaint(window.grid)
    window.show()
    qtbot.waitUntil(lambda: first.seen is not None)
    heights, widths = first.seen
    grid = window.grid
    assert widths == [grid.columnWidth(c) for c in range(grid.model().columnCount())]
    grid.fit_rows()  # what the rows should be at these widths
    assert heights == [grid.rowHeight(r) for r in range(grid.model().rowCount())]
