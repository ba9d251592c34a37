"""Import of a bureau workbook into a fresh database: safety check + parse + merge (DESIGN.md §8).

The workbook is the one PlanDesk itself exports for a synthetic 1,000-task plan (and 5,000
for headroom), so every import feature the parser has is exercised on realistic text.
Measured as `plandesk import` does it: `load_import` (safety check, progress-sheet sniff,
parser), then `plan_merge` and `apply_merge` in one transaction; best of three runs.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.synth import make_plan
from desktop.exchange.import_cli import load_import
from desktop.exchange.merge import apply_merge, plan_merge
from desktop.models.store import Store

BUDGET_1000 = 1.5  # DESIGN.md §8


def _workbook(folder: Path, n: int) -> Path:
    """The bureau workbook of an n-task plan, via the export helper, else built here."""
    src = Store(folder / f"src-{n}.sqlite")
    try:
        plan = make_plan(src, n)
        out = folder / f"bureau-{n}.xlsx"
        try:
            from desktop.exchange.workbook import write_bureau_workbook
        except ImportError:
            _plain_workbook(src, plan.id, out)
        else:
            write_bureau_workbook(src, plan, out, fmt="xlsx")
        return out
    finally:
        src.close()


def _plain_workbook(store: Store, plan_id: int, out: Path) -> None:
    from openpyxl import Workbook

    plan = store.plan(plan_id)
    wb = Workbook()
    wb.remove(wb.active)
    for sec in store.export_sections(plan_id):
        ws = wb.create_sheet(sec["name"])
        ws.append([f"{plan.office}{sec['name']}{plan.year}年度工作計畫期程管制表"])
        ws.append(["編號", "計畫項目", "工作內容", *[f"{m}月" for m in range(1, 13)], "考核指標"])
        for it in sec["items"]:
            for t in it["tasks"]:
                marks = ["■" if m in t["months"] else "" for m in range(1, 13)]
                ws.append([it["number"], it["name"], t["content"], *marks, t["kpi"]])
    wb.save(out)


def _import_once(folder: Path, xlsx: Path, run_no: int) -> tuple[float, int]:
    db = folder / f"fresh-{xlsx.stem}-{run_no}.sqlite"
    store = Store(db)
    try:
        start = time.perf_counter()
        loaded = load_import(store, xlsx)
        if loaded.errors:
            raise RuntimeError("; ".join(e.message for e in loaded.errors))
        mp = plan_merge(store, loaded.result, loaded.file_year or 113, replace=False)
        res = apply_merge(store, mp)
        seconds = time.perf_counter() - start
        return seconds, store.task_count(res.plan_id)
    finally:
        store.close()


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (1000, 5000):
            xlsx = _workbook(folder, n)
            runs = [_import_once(folder, xlsx, i) for i in range(3)]
            seconds = min(s for s, _ in runs)
            imported = runs[0][1]
            rows.append({
                "what": "import a bureau workbook into a fresh database",
                "tasks": n,
                "seconds": seconds,
                "budget": BUDGET_1000 if n == 1000 else None,
                "note": f"parse + merge, {imported:,} tasks came back",
            })
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
