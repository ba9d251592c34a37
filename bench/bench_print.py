"""Control-table PDF and monthly handout at 1,000 tasks (and the table at 5,000), plus, for
comparison, LibreOffice printing the bureau workbook of the same plan to PDF (skipped when
soffice or the workbook writer is absent).

The first PDF in a process also loads the font (about 0.1–0.2 s); that run is reported on
its own row, the budget row is the best of three warm runs.

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
from desktop.models.store import Store
from desktop.printing.control_table import write_control_table
from desktop.printing.handout import write_handout

BUDGET_TABLE_1000 = 2.0  # DESIGN.md §8



def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def _soffice_pdf(store: Store, plan, folder: Path) -> tuple[float | None, str]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None, "LibreOffice not installed, skipped"
    try:
        from desktop.exchange.workbook import write_bureau_workbook
    except ImportError:
        return None, "bureau workbook writer missing, skipped"
    xlsx = folder / "bureau-1000.xlsx"
    write_bureau_workbook(store, plan, xlsx, fmt="xlsx", month=6)
    profile = folder / "lo-profile"
    out = folder / "lo"
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless",
           "--convert-to", "pdf", "--outdir", str(out), str(xlsx)]
    try:
        subprocess.run(cmd, capture_output=True, timeout=300)  # first run builds the profile
        seconds = timed(lambda: subprocess.run(cmd, capture_output=True, timeout=300, check=True))
    except (subprocess.SubprocessError, OSError) as exc:
        return None, f"soffice failed ({exc.__class__.__name__}), skipped"
    pdf = out / "bureau-1000.pdf"
    pages = _pages(pdf) if pdf.exists() else 0
    return seconds, f"LibreOffice printing the bureau workbook, for comparison; {pages} pages"


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes():
            store = Store(folder / f"bench-{n}.sqlite")
            plan = make_plan(store, n)
            table = folder / f"table-{n}.pdf"
            handout = folder / f"handout-{n}.pdf"

            def make_table(store=store, plan=plan, table=table):
                write_control_table(store, plan, table, month=6)

            def make_handout(store=store, plan=plan, handout=handout):
                write_handout(store, plan, 6, handout)

            repeat = 3 if n == 1000 else 1
            if n == 1000:
                rows.append({"what": "control-table PDF, first in process (font load)", "tasks": n,
                             "seconds": timed(make_table), "budget": None})
            rows.append({"what": "control-table PDF", "tasks": n, "seconds": best(make_table, repeat),
                         "budget": BUDGET_TABLE_1000 if n == 1000 else None,
                         "note": f"A4, {_pages(table)} pages"})
            rows.append({"what": "monthly handout PDF", "tasks": n,
                         "seconds": best(make_handout, repeat), "budget": None,
                         "note": f"A4 portrait, {_pages(handout)} pages"})
            if n == 1000:
                lo, note = _soffice_pdf(store, plan, folder)
                rows.append({"what": "bureau workbook → PDF by soffice", "tasks": n, "seconds": lo,
                             "budget": None, "note": note})
            store.close()
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
