"""The UI font, chosen explicitly: Qt's own fallback may pick a Simplified-Chinese face (户 for 戶)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase

# Taiwan-form faces first, per platform; the first one installed wins.
WINDOWS_FACES = ["Microsoft JhengHei UI", "Microsoft JhengHei", "Noto Sans CJK TC", "Noto Sans TC"]
OTHER_FACES = ["Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "PingFang TC",
               "Heiti TC", "Microsoft JhengHei", "AR PL UMing TW"]
UI_POINT_SIZE = 10


def taiwan_faces() -> list[str]:
    """Installed Taiwan-form CJK faces, best first."""
    wanted = WINDOWS_FACES if sys.platform.startswith("win") else OTHER_FACES
    installed = set(QFontDatabase.families())
    return [f for f in wanted if f in installed]


def ui_font(point_size: int = UI_POINT_SIZE) -> QFont:
    """The application font: a Taiwan-form face, with the others as fallbacks."""
    faces = taiwan_faces()
    font = QFont()
    if faces:
        font.setFamilies(faces)
    font.setPointSize(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font
