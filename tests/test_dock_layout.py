"""The dock keeps its layout as the selection moves, so a section switch paints it once."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.models.progress_model import P_STATUS
from desktop.views.main_window import MainWindow
from tests.test_main_window import task_row, window  # noqa: F401  (the fixture)


def _geometries(dock) -> tuple:
    QApplication.processEvents()  # the layout a shown or hidden widget asks for
    return dock.progress_box.geometry(), dock.cause_hint.geometry(), dock.progress_table.geometry()


def test_the_cause_hint_keeps_its_room_shown_or_hidden(window: MainWindow):  # noqa: F811
    dock = window.dock
    behind = window.grid_model.rows[task_row(window, "歸化測試")].task.id
    window.set_report_month(3)
    window.grid.select_task(behind)
    hidden = _geometries(dock)
    assert dock.cause_hint.isHidden()

    pm = dock.progress_model
    assert pm.setData(pm.index(2, P_STATUS), "落後")
    assert not dock.cause_hint.isHidden() and "3月" in dock.cause_hint.text()
    assert _geometries(dock) == hidden

    window.undo_action.trigger()  # the report is gone: the hint hides, its room stays
    assert dock.cause_hint.isHidden()
    assert _geometries(dock) == hidden
