"""The bureau workbook (DESIGN.md §5): the control table as .xlsx or .ods, one sheet a section.

`build_layout` decides every cell once; the xlsx and ods writers only draw it. The file
appears at `out` only when complete (atomic rename), so a failed export keeps the old file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from desktop.exchange.atomic import write_file
from desktop.exchange.cells import ExportError
from desktop.exchange.gc_pause import full_collections_paused
from desktop.exchange.layout import build_layout
from desktop.models.domain import Plan
from desktop.models.store import Store

FORMATS = ("xlsx", "ods")


@full_collections_paused()
def write_bureau_workbook(
    store: Store,
    plan: Plan,
    out: str | Path,
    fmt: str = "xlsx",
    section_ids: Iterable[int] | None = None,
    month: int = 12,
    paper: str = "A4",
    today: date | None = None,
    notes: list[str] | None = None,
) -> Path:
    """Write the plan's control table to `out`; raises ExportError (Chinese) when refused.

    `month` is the report month: 狀態 and 執行情形 show the state and latest report up to it.
    `today` fixes the export date on the cover (tests); default is the real date.
    `notes`, when given, receives what the user should be told (a section name shortened).
    """
    if fmt not in FORMATS:
        raise ExportError(f"不支援的匯出格式「{fmt}」，請選擇 xlsx 或 ods。")
    if not 1 <= int(month) <= 12:
        raise ExportError(f"月份必須在 1 到 12 之間：{month}")
    out = Path(out)
    layout = build_layout(store, plan, section_ids, int(month), paper, today)
    if len(layout.sheets) <= 1:
        raise ExportError(f"{plan.year} 年度計畫沒有任何課室可匯出。")
    if fmt == "xlsx":
        from desktop.exchange.workbook_xlsx import write_xlsx as write
    else:
        from desktop.exchange.workbook_ods import write_ods as write
    write_file(out, lambda buf: write(layout, buf))
    if notes is not None:
        notes.extend(layout.notes)
    return out
