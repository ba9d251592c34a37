"""A viewport made in Python (views/viewports.py) is set up as Qt sets up its own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QScrollArea, QTableView

from desktop.views.viewports import own_viewport


def _setup(widget) -> dict:
    got = {a.name: widget.testAttribute(a) for a in Qt.WidgetAttribute}
    got.update(name=widget.objectName(), role=widget.backgroundRole(), fill=widget.autoFillBackground(),
               tracking=widget.hasMouseTracking(), focus=widget.focusPolicy(), drops=widget.acceptDrops(),
               proxy=widget.focusProxy() is not None, menu=widget.contextMenuPolicy(),
               shown=widget.isVisible(), palette=widget.palette() == widget.parentWidget().palette())
    return got


@pytest.mark.parametrize(("area_class", "role"), [(QTableView, QPalette.ColorRole.Base),
                                                  (QScrollArea, QPalette.ColorRole.NoRole)])
def test_an_own_viewport_is_set_up_like_qts(qtbot, area_class, role):
    areas = []
    for own in (False, True):
        area = area_class()
        qtbot.addWidget(area)
        if own:
            port = own_viewport(area, role)
            assert area.viewport() is port
        area.resize(300, 200)
        area.show()
        qtbot.waitExposed(area)
        areas.append(area)
    assert _setup(areas[1].viewport()) == _setup(areas[0].viewport())
