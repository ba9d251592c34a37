"""The plan's 推動小組（任務編組） roster as a sheet of the bureau workbook and the ODF file.

Offices print the roster with the plan (大安區 112 does, below its table), so a plan that has
one gets a portrait sheet after the sections: title, 職別／職稱／姓名／任務, one row a member.
"""

from __future__ import annotations

from desktop.exchange.cells import check_length, clean_text, line_count
from desktop.models.domain import Plan, TaskForceMember

ROSTER_SHEET = "推動小組"
COLUMNS = (("role", "職別", 12.0), ("title", "職稱", 16.0), ("name", "姓名", 12.0),
           ("duty", "任務", 50.0))


def roster_title(plan: Plan) -> str:
    return f"{clean_text(plan.office)}{plan.year}年度推動小組（任務編組）"


def roster_sheet(plan: Plan, members: list[TaskForceMember], name: str, line_pt: float):
    """A layout.SheetLayout for the roster (imported here to keep layout.py the one owner)."""
    from desktop.exchange.layout import SheetLayout

    sheet = SheetLayout(name, landscape=False)
    sheet.widths = [w for _, _, w in COLUMNS]
    last = len(COLUMNS)
    sheet.put(1, 1, roster_title(plan), "title")
    sheet.merge(1, 1, 1, last)
    sheet.heights[1] = 30
    for c, (_, header, _) in enumerate(COLUMNS, start=1):
        sheet.put(2, c, header, "header")
    sheet.heights[2] = 20
    sheet.title_rows = (1, 2)
    sheet.freeze = (3, 1)
    for r, member in enumerate(members, start=3):
        lines = 1
        for c, (key, _, width) in enumerate(COLUMNS, start=1):
            text = check_length(clean_text(getattr(member, key)), f"推動小組第 {r - 2} 位成員")
            sheet.put(r, c, text, "text" if key == "duty" else "center")
            lines = max(lines, line_count(text, width))
        sheet.heights[r] = round(lines * line_pt + 6, 1)
    return sheet
