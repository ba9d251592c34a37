"""Issue 8 records: search across 10 years of 5,000 tasks; snapshot take and compare of one
year of 1,000 and of 5,000 tasks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.synth import make_plan
from bench.timing import best
from desktop.models import snapshots as snap
from desktop.models.search import search
from desktop.models.store import Store


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite")
        for i in range(10):
            make_plan(store, 500, year=106 + i, seed=i)
        rows = [
            {"what": "search, 2 characters (LIKE)", "tasks": 5000,
             "seconds": best(lambda: search(store, "宣導"), 5), "budget": 0.05},
            {"what": "search, 3+ characters (FTS5 trigram)", "tasks": 5000,
             "seconds": best(lambda: search(store, "工作計畫"), 5), "budget": 0.05},
        ]
        store.close()
        for n in (1000, 5000):  # a year of the table's sizes, so its growth is seen too
            rows.extend(_snapshot_rows(Path(tmp) / f"snap-{n}.sqlite", n))
    return rows


def _snapshot_rows(db: Path, n: int) -> list[dict]:
    store = Store(db)
    plan = make_plan(store, n, year=115)
    taken = snap.take(store, plan.id, "bench")
    rows = [{"what": "snapshot take", "tasks": n,
             "seconds": best(lambda: snap.take(store, plan.id, "bench"), 3), "budget": 0.5},
            {"what": "snapshot compare with today", "tasks": n,
             "seconds": best(lambda: snap.diff_snapshots(store, taken.id), 3), "budget": 0.5}]
    store.close()
    return rows
