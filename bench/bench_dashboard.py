"""Issue 8 dashboard: figures and the drawn page of one year among 10 years of 5,000 tasks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.synth import make_plan
from bench.timing import best
from desktop.models.dashboard import dashboard
from desktop.models.store import Store
from desktop.printing.dashboard import dashboard_pdf_bytes, frame_size
from desktop.printing.fonts import register_cjk_font


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite")
        plans = [make_plan(store, 500, year=106 + i, seed=i) for i in range(10)]
        font = register_cjk_font("")

        def open_view() -> None:  # what 管考 › 總覽 does: count, draw, rasterise
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(dashboard_pdf_bytes(dashboard(store, plans[-1], 11), font,
                                                         *frame_size()))
            doc[0].render(scale=1.4).close()
            doc.close()

        rows = [{"what": "dashboard opens (figures, drawing, page image; 1 of 10 years)", "tasks": 5000,
                 "seconds": best(open_view, 5), "budget": 0.2}]
        store.close()
    return rows
