"""Scroll areas with a viewport made in Python.

The first plain QWidget that Qt made itself and PySide is then handed (a scroll area's viewport,
asked for or watched by an event filter) has PySide build every one of its widget classes to
tell that widget's type: ≈ 11 ms, before the first paint when it happens at start. A viewport
made here is known to PySide from the start. It is set up as Qt sets up its own (the same
attributes, role, fill and name; tests/test_viewports.py compares them).
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def own_viewport(area: QAbstractScrollArea, role: QPalette.ColorRole) -> QWidget:
    """Give `area` a viewport made here; `role` is the background role Qt gives its own
    (Base for item views, NoRole for QScrollArea)."""
    port = QWidget()
    port.setObjectName("qt_scrollarea_viewport")
    port.setBackgroundRole(role)
    port.setAutoFillBackground(True)
    area.setViewport(port)
    return port
