"""Issue 8 year-end results report (成果報告) of a 1,000-task year: data, PDF, xlsx and ods.

Reports up to December, a structured target on every third task with an actual value in its
checked month, and a 文號 attached to every tenth task, so every column is filled.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.synth import make_plan
from bench.timing import best
from desktop.models import evidence
from desktop.models.store import Store
from desktop.printing.fonts import register_cjk_font
from desktop.printing.year_report import write_report


def _fill(store: Store, plan_id: int) -> None:
    with store.transaction():
        n = 0
        for _, tree in store.plan_tree(plan_id):
            for node in tree:
                for task in node.tasks:
                    n += 1
                    if n % 3 == 0:
                        store.update_task(task.id, target_op=">=", target_value=90, target_unit="%")
                        store.set_progress(task.id, task.months[-1], actual_value=f"{80 + n % 20}%")
    for k, (_, tree) in enumerate(store.plan_tree(plan_id)):
        for node in tree[::3]:
            evidence.add_document(store, node.tasks[0].id, f"北市測字第{115000000 + k}號", "成果")


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite")
        plan = make_plan(store, 1000, year=114, month=12)
        _fill(store, plan.id)
        register_cjk_font("")  # once, as the window does at its first printout
        for fmt, budget in (("pdf", 1.5), ("xlsx", None), ("ods", None)):
            out = Path(tmp) / f"report.{fmt}"
            rows.append({"what": f"year-end report written as {fmt}", "tasks": 1000,
                         "seconds": best(lambda f=fmt, o=out: write_report(store, plan, o, f, 12), 3),
                         "budget": budget})
        store.close()
    return rows


if __name__ == "__main__":
    for r in run():
        print(f"{r['what']}: {r['seconds']:.3f} s (budget {r['budget']})")
