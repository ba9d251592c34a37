"""At 1366×768, the office laptop, the dock's fields are not cut off at its right edge (its
scroll area has no horizontal scroll bar, so anything wider than the dock is clipped)."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from desktop.views.main_window import MainWindow


def test_dock_content_fits_the_dock_at_1366(qtbot, sample_store):
    window = MainWindow(sample_store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    scroll = window.dock.findChild(QScrollArea)
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()
