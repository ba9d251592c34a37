"""Qt's own floor for the start benchmark: import PySide, show an empty 1600×1000 main window
and print the time of its first paint, as `python -m desktop` does with
PLANDESK_EXIT_AFTER_PAINT. bench_window.py runs it between our starts, so a slow minute on
the machine shows in both figures."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstPaint(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, _report)
        return False


def _report() -> None:
    print(f"first-paint {time.time():.6f} 0", flush=True)
    QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1600, 1000)
    watcher = _FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
