"""cProfile of one printout or export at n tasks, on bench.synth.make_plan (month 6).

Run: .venv/bin/python -m bench.profile_print handout 5000   (or table, xlsx, ods)
Prints the top entries by cumulative time, then by own time.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
from pathlib import Path


def writer(what: str):
    if what == "handout":
        from desktop.printing.handout import write_handout

        return lambda store, plan, out: write_handout(store, plan, 6, out / "h.pdf")
    if what == "table":
        from desktop.printing.control_table import write_control_table

        return lambda store, plan, out: write_control_table(store, plan, out / "t.pdf", month=6)
    from desktop.exchange.workbook import write_bureau_workbook

    return lambda store, plan, out: write_bureau_workbook(store, plan, out / f"b.{what}",
                                                          fmt=what, month=6)


def main(what: str, n: int, top: int = 35) -> None:
    from bench.synth import make_plan
    from desktop.models.store import Store

    write = writer(what)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "p.sqlite")
        plan = make_plan(store, n)
        write(store, plan, folder)  # font load and imports outside the profile
        prof = cProfile.Profile()
        prof.enable()
        write(store, plan, folder)
        prof.disable()
        stats = pstats.Stats(prof)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        store.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "handout",
         int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
