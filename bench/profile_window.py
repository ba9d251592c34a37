"""cProfile of one window interaction at n tasks: switch section, change report month, switch
year (three plans of n tasks) or toggle a month cell — the steps bench_window times.

Run: .venv/bin/python -m bench.profile_window toggle 5000   (or switch, month, year, paint)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(what: str, n: int) -> None:
    from bench.bench_window import make_years, open_window, steps
    from desktop.models.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "p.sqlite"
        store = Store(db)
        make_years(store, n)
        store.close()
        app, store, window = open_window(db)
        step = steps(app, window)[what]
        prof = cProfile.Profile()
        prof.enable()
        for i in range(20):
            step(i)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        window.close()
        store.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "toggle", int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
