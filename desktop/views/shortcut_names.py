"""Shortcut names as a Taiwanese keyboard reads them: 「Alt+←」, not 「Alt+左鍵」.

qtbase_zh_TW translates the arrow keys as 左鍵/右鍵…, which reads as the left mouse
button. A translator installed after Qt's own answers first for those few key names,
and for the two file-dialog labels qtbase_zh_TW lacks (it has 「尋找於：」 only without the
mnemonic, so the dialog said «Look in:» and «Files of type:»).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

KEY_NAMES = {"Left": "←", "Right": "→", "Up": "↑", "Down": "↓", "Del": "Delete", "Delete": "Delete"}
FILE_DIALOG = {"&Look in:": "尋找於(&I)：", "Files of &type:": "檔案類型(&T)：",
               "Look in:": "尋找於：", "Files of type:": "檔案類型："}


class ShortcutNames(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if context == "QShortcut" and source in KEY_NAMES:
            return KEY_NAMES[source]
        if context == "QFileDialog" and source in FILE_DIALOG:
            return FILE_DIALOG[source]
        return None  # not ours (a null string): Qt asks the next translator


def install(app: QCoreApplication) -> ShortcutNames:
    """Install after qtbase_zh_TW (the translator installed last is asked first)."""
    translator = ShortcutNames(app)
    app.installTranslator(translator)
    return translator
