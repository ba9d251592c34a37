"""Bureau workbook export at 1,000 and 5,000 tasks (xlsx), ODS at 1,000, and LibreOffice's
own xlsx→ods conversion of the same file for comparison (skipped when soffice is absent).
Times are CPU seconds (bench.timing.cpu_timed; soffice's are its own process's): these
writers use one core, so on an idle machine that is the wall time, and it hardly moves
when other work shares the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.synth import make_plan
from bench.timing import cpu_best as best
from bench.timing import cpu_timed as timed
from bench.timing import sizes
from desktop.exchange.workbook import write_bureau_workbook
from desktop.models.store import Store

BUDGET_1000 = 1.0  # DESIGN.md §8



def _soffice_to_ods(xlsx: Path, out_dir: Path) -> float | None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    profile = out_dir / "lo-profile"
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless",
           "--convert-to", "ods", "--outdir", str(out_dir), str(xlsx)]
    subprocess.run(cmd, capture_output=True, timeout=300)  # first run builds the profile
    seconds = timed(lambda: subprocess.run(cmd, capture_output=True, timeout=300, check=True))
    return seconds


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes():
            store = Store(folder / f"bench-{n}.sqlite")
            plan = make_plan(store, n)
            out = folder / f"bureau-{n}.xlsx"

            def export_xlsx(store=store, plan=plan, out=out):
                write_bureau_workbook(store, plan, out, fmt="xlsx", month=6)

            rows.append({
                "what": "export bureau workbook (xlsx)", "tasks": n,
                "seconds": best(export_xlsx, 3 if n == 1000 else 1),
                "budget": BUDGET_1000 if n == 1000 else None,
            })

            def export_ods(store=store, plan=plan, n=n):
                write_bureau_workbook(store, plan, folder / f"bureau-{n}.ods", fmt="ods", month=6)

            rows.append({
                "what": "export bureau workbook (ods, odfpy)", "tasks": n,
                "seconds": best(export_ods, 3 if n == 1000 else 1), "budget": None,
            })
            if n == 1000:
                lo = _soffice_to_ods(out, folder / "lo")
                rows.append({
                    "what": "xlsx → ods by soffice --convert-to", "tasks": n, "seconds": lo,
                    "budget": None,
                    "note": "LibreOffice, for comparison" if lo is not None
                    else "LibreOffice not installed, skipped",
                })
            store.close()
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
