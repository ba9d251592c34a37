"""Issue 8 records: search across 10 years of 5,000 tasks, snapshot take and compare."""

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
        plans = [make_plan(store, 500, year=106 + i, seed=i) for i in range(10)]
        plan = plans[-1]
        rows = [
            {"what": "search, 2 characters (LIKE)", "tasks": 5000,
             "seconds": best(lambda: search(store, "宣導"), 5), "budget": 0.05},
            {"what": "search, 3+ characters (FTS5 trigram)", "tasks": 5000,
             "seconds": best(lambda: search(store, "工作計畫"), 5), "budget": 0.05},
        ]
        taken = snap.take(store, plan.id, "bench")
        rows.append({"what": "snapshot take", "tasks": 500,
                     "seconds": best(lambda: snap.take(store, plan.id, "bench"), 3), "budget": 0.5})
        rows.append({"what": "snapshot compare with today", "tasks": 500,
                     "seconds": best(lambda: snap.diff_snapshots(store, taken.id), 3), "budget": 0.5})
        store.close()
    return rows
