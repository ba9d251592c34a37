"""Runs every bench/bench_*.py and prints one Markdown table for the README.

Each module has `run() -> list[dict]` with keys: what, tasks, seconds, budget (seconds or
None), note (optional). Run it with `make bench`.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fmt(sec: float | None) -> str:
    if sec is None:
        return "—"
    return f"{sec * 1000:.0f} ms" if sec < 1 else f"{sec:.2f} s"


def main() -> int:
    rows = []
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    only = sys.argv[1:]
    for name in names:
        if only and name not in only:
            continue
        mod = importlib.import_module(f"bench.{name}")
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend(mod.run())
    print(f"Measured on {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores.\n")
    print("| what | tasks | measured | budget | within |")
    print("|---|---:|---:|---:|:---:|")
    for r in rows:
        budget = r.get("budget")
        sec = r.get("seconds")
        if r.get("unit") == "MB":
            measured, bud = f"{sec:.0f} MB", (f"{budget:.0f} MB" if budget else "—")
        else:
            measured, bud = fmt(sec), fmt(budget)
        ok = "—" if budget is None or sec is None else ("✓" if sec <= budget else "✗")
        what = r["what"] + (f" ({r['note']})" if r.get("note") else "")
        print(f"| {what} | {r['tasks']:,} | {measured} | {bud} | {ok} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
