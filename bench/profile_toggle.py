"""cProfile of one month toggle (stored and repainted) in the main window at n tasks.

Run: .venv/bin/python -m bench.profile_toggle 5000
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(n: int) -> None:
    from PySide6.QtWidgets import QApplication

    from bench.synth import make_plan
    from desktop.models.qt_models import PLANNED_ROLE, column_of_month
    from desktop.models.store import Store
    from desktop.views.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "p.sqlite")
        make_plan(store, n)
        window = MainWindow(store)
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        model = window.grid_model

        def toggle(i: int) -> None:
            index = model.index(i % model.rowCount(), column_of_month(1 + i % 12))
            model.setData(index, not index.data(PLANNED_ROLE), PLANNED_ROLE)
            app.processEvents()
            window.grid.repaint()

        prof = cProfile.Profile()
        prof.enable()
        for i in range(20):
            toggle(i)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        window.close()
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
