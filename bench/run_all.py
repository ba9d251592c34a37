"""Runs every bench/bench_*.py and prints one Markdown table for the README.

Each module has `run() -> list[dict]` with keys: what, tasks, seconds, budget (seconds or
None), note (optional). Run it with `make bench`.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


SIZES = (1000, 5000, 20000)


def fmt(sec: float | None) -> str:
    if sec is None:
        return "—"
    if sec < 0.001:  # an FTS search: "0 ms" would read as not measured
        return f"{sec * 1000:.1f} ms"
    return f"{sec * 1000:.0f} ms" if sec < 1 else f"{sec:.2f} s"


def _grouped(rows: list[dict]) -> dict[str, dict[int, dict]]:
    """Rows by what they measure (notes that name a size are dropped), then by plan size."""
    out: dict[str, dict[int, dict]] = {}
    for r in rows:
        note = r.get("note") or ""
        note = "" if any(ch.isdigit() for ch in note) else note
        what = r["what"] + (f" ({note})" if note else "")
        if r["tasks"] not in SIZES:
            raise ValueError(f"{r['what']}: measured at {r['tasks']} tasks; the table has "
                             f"columns for {SIZES} only, so it would not be shown")
        out.setdefault(what, {})[r["tasks"]] = r
    return out


def _run_alone(name: str) -> list[dict]:
    """One bench module's rows, measured in a process of its own: the window's interactions are
    not timed in a heap left behind by the 20,000-task exports and printouts run before them."""
    code = f"import json, bench.{name} as m; print(json.dumps(m.run(), ensure_ascii=False))"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.splitlines()[-1])


def _table_row(what: str, by_n: dict[int, dict]) -> str:
    """One measure across the sizes; its budget is judged at the smallest size measured
    (named when that is not 1,000)."""
    n0 = min(by_n)
    first = by_n[n0]
    mb = first.get("unit") == "MB"
    show = (lambda v: "—" if v is None else f"{v:.0f} MB") if mb else fmt
    cells = [show(by_n[n]["seconds"]) if n in by_n else "—" for n in SIZES]
    lo, hi = (by_n.get(n, {}).get("seconds") for n in (1000, 20000))
    ratio = f"× {hi / lo:.1f}" if lo and hi else "—"
    budget, sec = first.get("budget"), first.get("seconds")
    bud = "—" if budget is None else (f"{budget:.0f} MB" if mb else fmt(budget))
    if budget is not None and n0 != 1000:
        bud += f" at {n0:,}"
    ok = "—" if budget is None or sec is None else ("✓" if sec <= budget else "✗")
    return f"| {what} | {' | '.join(cells)} | {ratio} | {bud} | {ok} |"


def main() -> int:
    rows = []
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    only = sys.argv[1:]
    for name in names:
        if only and name not in only:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend(_run_alone(name))
    print(f"Measured on {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores.\n")
    print("| what | 1,000 | 5,000 | 20,000 | 20,000 / 1,000 | budget | within |")
    print("|---|---:|---:|---:|---:|---:|:---:|")
    for what, by_n in _grouped(rows).items():
        print(_table_row(what, by_n))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
