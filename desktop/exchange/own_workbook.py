"""Reading our own bureau workbook back (layout.py wrote it): the cover and one month's reports.

A section sheet says which month its 狀態 and 執行情形 columns describe (「執行情形統計至
115年11月」, row 2). The 狀態 column holds a derived state, not a report (DESIGN.md §3), so
it is read back only as far as it says what was reported:
- 已完成 / 暫緩 / 落後 are the status of that month's report (or of the older report the
  執行情形 cell names, 「（10月）…」);
- 未填報 / 未到期 / 本月無排程 are not reports;
- 依進度 is not a status either — but our export shows 依進度 only when the month has a report;
  with an empty 執行情形 that report can only have been the status 依進度 itself, so it is
  read as that (without it the task would come back 未填報).
The 執行情形 cell is `TableRow.report_text` read backwards: 「（N月）」 names an older report's
month, 「狀態：」 its status where it differs from the derived state, then the note and the lines
實際值／落後原因／因應對策.

The cover gives back the plan's title, 核定 date and 文號 (「114年12月29日 CNAA1146009370」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.exchange.sheet_grid import Grid
from desktop.models.domain import Status

COVER_SHEET = "封面"
_STATUS_WORDS = tuple(s.value for s in Status)
_MONTH_LINE = re.compile(r"執行情形統計至\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月")
_OLDER = re.compile(r"^（(\d{1,2})月）")
_HEAD_STATUS = re.compile(r"^(" + "|".join(_STATUS_WORDS) + r")：")
_ROC_DATE = re.compile(r"^(\d{2,3})年(\d{1,2})月(\d{1,2})日\s*")
REPORTED_STATES = {Status.DONE.value, Status.PAUSED.value, Status.BEHIND.value}
_LINES = (("actual_value", "實際值："), ("cause", "落後原因："), ("remedy", "因應對策："))


@dataclass
class Cover:
    title: str = ""
    approved_on: str = ""  # ISO date
    doc_number: str = ""


def sheet_month(grid: Grid) -> int | None:
    """The month 「執行情形統計至 115年11月」 (in the first rows) says the sheet reports."""
    for r in grid.rows()[:4]:
        for text in grid.row_cells(r).values():
            m = _MONTH_LINE.search(text)
            if m and 1 <= int(m.group(2)) <= 12:
                return int(m.group(2))
    return None


def own_report(state: str, text: str, month: int) -> tuple[int, dict] | None:
    """(month, progress fields) of the report a 狀態 word and 執行情形 cell describe, or None."""
    text = (text or "").strip()
    state = (state or "").strip()
    report_month = month
    status: str | None = None
    m = _OLDER.match(text)
    if m and 1 <= int(m.group(1)) <= month:
        report_month = int(m.group(1))
        text = text[m.end():]
    h = _HEAD_STATUS.match(text)
    if h:
        status = h.group(1)
        text = text[h.end():]
    fields = {"note": "", "actual_value": "", "cause": "", "remedy": ""}
    note_lines = []
    for line in text.split("\n"):
        for key, prefix in _LINES:
            if line.startswith(prefix) and not fields[key]:
                fields[key] = line[len(prefix):].strip()
                break
        else:
            note_lines.append(line)
    fields["note"] = "\n".join(note_lines).strip()
    if status is None and state in REPORTED_STATES:
        status = state
    if status is None and state == Status.ON_TRACK.value and not text and report_month == month:
        status = state  # see the module text: the only report that prints as an empty 依進度
    if status is None and not any(fields.values()):
        return None
    fields["status"] = status
    return report_month, fields


def read_cover(grid: Grid) -> Cover | None:
    """Title, 核定 date and 文號 from our cover sheet; None when the sheet is not ours."""
    if grid.name != COVER_SHEET:
        return None
    labels: dict[str, str] = {}
    for r in grid.rows():
        cells = grid.row_cells(r)
        label = cells.get(1, "")
        if label.endswith("：") and 2 in cells:
            labels[label[:-1]] = cells[2]
    if "匯出程式" not in labels or not labels["匯出程式"].startswith("PlanDesk"):
        return None
    cover = Cover(title=grid.get(1, 1).strip())
    approved = labels.get("核定", "").strip()
    d = _ROC_DATE.match(approved)
    if d:
        y, mo, day = (int(g) for g in d.groups())
        cover.approved_on = f"{y + 1911:04d}-{mo:02d}-{day:02d}"
        approved = approved[d.end():]
    cover.doc_number = approved.strip()
    return cover
