"""The monthly handout (月報) for the review meeting, A4 portrait.

Page 1 answers the chair's first question — how many tasks are behind or unreported,
per section — then lists each of them with its notes, then every task planned for the
month. Rows and states come from the same control_tables() as the window and exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from desktop.exchange.control_table import SectionTable, TableRow, control_tables
from desktop.exchange.gc_pause import full_collections_paused
from desktop.models.domain import DerivedState, Plan, Progress, Task, months_text
from desktop.models.kpi import KPI_COLORS, KpiResult, check_months, month_result, target_text
from desktop.models.signoff import signoff_labels
from desktop.models.state import ALERT_STATES, STATE_COLORS
from desktop.models.store import Store
from desktop.printing.fonts import register_cjk_font
from desktop.printing.long_table import CHUNK_ROWS, long_table
from desktop.printing.markup import clean, para_text
from desktop.printing.pages import MARGIN, CachedParagraph, build_pdf, page_size, styles
from desktop.printing.signoff_block import decision_box, signoff_block

ProgressFn = Callable[[int, str], None]
HEADER_FILL = colors.HexColor("#e4e4e4")
PAD = 2.5
# Summary columns, in the order the meeting reads them.
SUMMARY_STATES = (
    DerivedState.ON_TRACK, DerivedState.BEHIND, DerivedState.UNREPORTED, DerivedState.DONE,
    DerivedState.PAUSED, DerivedState.NOT_DUE, DerivedState.UNSCHEDULED,
)
KPI_RESULTS = (KpiResult.MET, KpiResult.MISSED, KpiResult.MISSING)
CHINESE_NUMBERS = "一二三四五六七八九十"
# A handout row must fit on a page; the full text is in the control table.
LIMITS = {"content": 300, "note": 400, "cause": 200}


def _cut(text: str, limit: int) -> str:
    text = clean(text).strip()
    return text if len(text) <= limit else text[:limit] + "…（全文見管制表）"


@dataclass
class SectionSummary:
    name: str
    total: int = 0
    planned: int = 0  # tasks planned for the month
    counts: dict[DerivedState, int] = field(default_factory=dict)
    kpi: dict[KpiResult, int] = field(default_factory=dict)  # tasks checked in the month


@dataclass
class HandoutData:
    plan: Plan
    month: int
    tables: list[SectionTable]
    summaries: list[SectionSummary]
    alerts: list[tuple[SectionTable, TableRow]]

    @property
    def totals(self) -> SectionSummary:
        t = SectionSummary("合計")
        for s in self.summaries:
            t.total += s.total
            t.planned += s.planned
            for k, v in s.counts.items():
                t.counts[k] = t.counts.get(k, 0) + v
            for r, v in s.kpi.items():
                t.kpi[r] = t.kpi.get(r, 0) + v
        return t

    @property
    def checked(self) -> int:
        """How many tasks have a target checked in the month."""
        return sum(sum(s.kpi.values()) for s in self.summaries)


def handout_data(store: Store, plan: Plan, month: int) -> HandoutData:
    """Counts and lists for the handout; states only from derive_state via control_tables."""
    tables = control_tables(store, plan, month)
    progress = store.progress_for_plan(plan.id)
    summaries = []
    alerts: list[tuple[SectionTable, TableRow]] = []
    for table in tables:
        s = SectionSummary(table.section.name)
        for row in table.rows:
            if row.task is None or row.state is None:
                continue
            s.total += 1
            s.planned += int(month in row.task.months)
            s.counts[row.state] = s.counts.get(row.state, 0) + 1
            if month in check_months(row.task):
                result = month_result(row.task, progress.get(row.task.id, {}), month)
                s.kpi[result] = s.kpi.get(result, 0) + 1
        summaries.append(s)
    for state in ALERT_STATES:  # 落後 first, then 未填報
        for table in tables:
            alerts += [(table, r) for r in table.rows if r.task is not None and r.state == state]
    return HandoutData(plan, month, tables, summaries, alerts)


def kpi_line(task: Task, reports: dict[int, Progress], month: int) -> str:
    """「考核：達成（≥ 60 %，實際 65%）」 for a task checked in `month`; '' otherwise."""
    if month not in check_months(task):
        return ""
    result = month_result(task, reports, month)
    rep = reports.get(month)
    actual = rep.actual_value.strip() if rep is not None else ""
    return f"考核：{result.value}（{target_text(task)}，實際 {actual or '未填'}）"


def _latest_with(reports: dict[int, Progress], month: int, attr: str) -> str:
    for m in range(month, 0, -1):
        p = reports.get(m)
        if p is not None and getattr(p, attr).strip():
            return getattr(p, attr)
    return ""


class _Builder:
    def __init__(self, data: HandoutData, progress: dict[int, dict[int, Progress]], font: str,
                 paper: str, labels: list[str] | None = None, made_on: date | None = None):
        self.d = data
        self.labels = labels or []
        self.made_on = made_on
        self.progress = progress
        self.font = font
        self.size = 9.0 if paper.upper() == "A3" else 8.0
        self.st = styles(font, self.size)
        self.width = page_size(paper, wide=False)[0] - 2 * MARGIN
        self.chunk_rows = CHUNK_ROWS

    def p(self, text: str, style: str = "body") -> CachedParagraph:
        return CachedParagraph(text, self.st[style])

    def h(self, text: str, style: str = "h2") -> list:
        """A heading that never sits alone at the foot of a page."""
        return [CondPageBreak(self.size * 10), self.p(text, style)]

    def _table(self, rows: list[list], widths: list[float], extra: list[tuple] = ()) -> Table:
        cmds = [
            ("FONTNAME", (0, 0), (-1, -1), self.font),
            ("FONTSIZE", (0, 0), (-1, -1), self.size),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
            *extra,
        ]
        scale = self.width / sum(widths)
        return Table(rows, colWidths=[w * scale for w in widths], style=cmds, repeatRows=1,
                     hAlign="CENTER")

    def _long_table(self, rows: list[list], widths: list[float], extra: list[tuple]) -> Flowable:
        """A list of tasks as long as the plan: handed to reportlab a chunk at a time."""
        return long_table(rows, extra, lambda r, e: self._table(r, widths, e),
                          self.chunk_rows)

    def _state_fill(self, col: int, row: int, state: DerivedState | None) -> list[tuple]:
        if state is None:
            return []
        return [("BACKGROUND", (col, row), (col, row), colors.HexColor(STATE_COLORS[state]))]

    # ------------------------------------------------------------------ parts
    def heading(self) -> list:
        d = self.d
        out = [self.p(para_text(d.plan.office), "subtitle"),
               self.p(f"{d.plan.year}年{d.month}月工作計畫執行情形", "title")]
        if d.plan.title.strip():
            out.append(self.p(f"<para alignment='center'>{para_text(d.plan.title)}</para>",
                              "small"))
        return [*out, Spacer(1, self.size)]

    def summary(self) -> list:
        """工作數 = the sum of the state columns (each task has exactly one state); the month's
        scheduled count overlaps them, so it stands apart after a double rule, 「另計」."""
        d = self.d
        states = [s.value for s in SUMMARY_STATES]
        head = ["課室", "工作數", *states, f"{d.month}月排程<br/>（另計）"]
        rows: list[list] = [[self.p(h, "head") for h in head]]
        extra: list[tuple] = []
        apart = len(head) - 1
        for r, s in enumerate([*d.summaries, d.totals], 1):
            rows.append([self.p(para_text(s.name), "center"), str(s.total)]
                        + [str(s.counts.get(k, 0)) for k in SUMMARY_STATES] + [str(s.planned)])
            for c, k in enumerate(SUMMARY_STATES, 2):
                if k in ALERT_STATES and s.counts.get(k, 0):
                    extra += self._state_fill(c, r, k)
        n = len(rows) - 1
        extra += [("LINEABOVE", (0, n), (-1, n), 0.9, colors.black),
                  ("LINEAFTER", (1, 0), (1, -1), 0.9, colors.black),
                  ("LINEBEFORE", (apart, 0), (apart, -1), 2.0, colors.black),
                  ("BACKGROUND", (apart, 1), (apart, -1), colors.HexColor("#f2f2f2")),
                  ("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
        note = (f"說明：「工作數」＝{'＋'.join(states)}（每項工作只有一種狀態）；"
                f"「{d.month}月排程」為本月有排程的工作數，已含在左側各狀態中，另列參考、不列入加總。")
        return [*self.h("一、各課室執行概況"),
                self._table(rows, [88, 40] + [46] * len(SUMMARY_STATES) + [50], extra),
                Spacer(1, self.size * 0.3), self.p(note, "small"), *self.kpi_summary()]

    def kpi_summary(self) -> list:
        """Per section, the results of the targets checked this month (DESIGN.md §3a)."""
        d = self.d
        if not d.checked:
            return [Spacer(1, self.size * 0.5),
                    self.p(f"考核指標：本月（{d.month}月）沒有考核月份的工作。", "small")]
        head = ["課室", f"{d.month}月考核工作數", *(r.value for r in KPI_RESULTS)]
        rows: list[list] = [[self.p(h, "head") for h in head]]
        extra: list[tuple] = []
        for r, s in enumerate([*d.summaries, d.totals], 1):
            rows.append([self.p(para_text(s.name), "center"), str(sum(s.kpi.values()))]
                        + [str(s.kpi.get(k, 0)) for k in KPI_RESULTS])
            for c, k in enumerate(KPI_RESULTS, 2):
                if s.kpi.get(k, 0) and k is not KpiResult.MET:
                    extra.append(("TEXTCOLOR", (c, r), (c, r), colors.HexColor(KPI_COLORS[k])))
        n = len(rows) - 1
        extra += [("LINEABOVE", (0, n), (-1, n), 0.9, colors.black),
                  ("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
        return [Spacer(1, self.size * 0.6), self.p(f"考核指標達成情形（{d.month}月考核）", "h3"),
                self._table(rows, [88, 60, 50, 50, 50], extra),
                Spacer(1, self.size * 0.3),
                self.p("說明：「未填」為考核月份未填實際值或所填不是數字。", "small")]

    def alerts(self) -> list:
        d = self.d
        title = f"二、落後及未填報工作（{len(d.alerts)} 項）"
        if not d.alerts:
            return [*self.h(title), self.p("本月沒有落後或未填報的工作。")]
        head = ["狀態", "課室", "計畫項目", "工作內容", "預定月份", "最近執行情形", "落後原因／因應對策"]
        rows: list[list] = [[self.p(h, "head") for h in head]]
        extra: list[tuple] = []
        for r, (table, row) in enumerate(d.alerts, 1):
            task = row.task
            reports = self.progress.get(task.id, {})
            latest = ""
            if row.latest is not None:
                latest = f"（{row.latest.month}月）" + _cut(row.latest.note, LIMITS["note"])
                if row.latest.status:
                    latest = f"（{row.latest.month}月）{row.latest.status}：" + _cut(
                        row.latest.note, LIMITS["note"])
            latest = "<br/>".join(para_text(x) for x in (latest, kpi_line(task, reports, d.month)) if x)
            cause = _cut(_latest_with(reports, d.month, "cause"), LIMITS["cause"])
            remedy = _cut(_latest_with(reports, d.month, "remedy"), LIMITS["cause"])
            why = "<br/>".join(x for x in (
                f"原因：{para_text(cause)}" if cause else "",
                f"對策：{para_text(remedy)}" if remedy else "") if x)
            rows.append([
                self.p(row.state.value, "center"),
                self.p(para_text(table.section.name), "center"),
                self.p(para_text(f"{row.item.number} {row.item.name}".strip())),
                self.p(para_text(_cut(task.content, LIMITS["content"]))),
                self.p(months_text(task.months) or "未排定", "center"),
                self.p(latest),
                self.p(why),
            ])
            extra += self._state_fill(0, r, row.state)
        return [*self.h(title), self._long_table(rows, [34, 52, 72, 130, 46, 110, 95], extra)]

    def month_tasks(self) -> list:
        d = self.d
        out: list = self.h(f"三、{d.month}月排程工作執行情形")
        for n, table in enumerate(d.tables):
            rows_here = [r for r in table.rows if r.task is not None
                         and (d.month in r.task.months or d.month in check_months(r.task))]
            label = CHINESE_NUMBERS[n] if n < len(CHINESE_NUMBERS) else str(n + 1)
            out += self.h(f"（{label}）{para_text(table.section.name)}（本月 {len(rows_here)} 項）",
                          "h3")
            if not rows_here:
                out.append(self.p("本月沒有排程工作。"))
                continue
            head = ["編號", "計畫項目", "工作內容", "狀態", f"{d.month}月執行情形"]
            rows: list[list] = [[self.p(h, "head") for h in head]]
            extra: list[tuple] = []
            for r, row in enumerate(rows_here, 1):
                reports = self.progress.get(row.task.id, {})
                rep = reports.get(d.month)
                line = kpi_line(row.task, reports, d.month)  # names the actual value itself
                report = "<br/>".join(x for x in (self._month_report(rep, actual=not line),
                                                  para_text(line)) if x)
                rows.append([
                    self.p(para_text(row.item.number), "center"),
                    self.p(para_text(row.item.name)),
                    self.p(para_text(_cut(row.task.content, LIMITS["content"]))),
                    self.p(row.state.value, "center"),
                    self.p(report),
                ])
                extra += self._state_fill(3, r, row.state)
            out.append(self._long_table(rows, [30, 86, 200, 42, 181], extra))
        return out

    def _month_report(self, rep: Progress | None, actual: bool = True) -> str:
        if rep is None or not rep.is_report:
            return ""
        parts = []
        first = (f"{rep.status}：" if rep.status else "") + _cut(rep.note, LIMITS["note"])
        parts.append(para_text(first))
        if actual and rep.actual_value.strip():
            parts.append("實際值：" + para_text(_cut(rep.actual_value, 100)))
        for label, text in (("落後原因", rep.cause), ("因應對策", rep.remedy)):
            if text.strip():
                parts.append(f"{label}：" + para_text(_cut(text, LIMITS["cause"])))
        return "<br/>".join(x for x in parts if x)

    def decision(self) -> list:
        """The chair's 主席裁示／決議, written in at the meeting right after the alert list."""
        return [decision_box("主席裁示／決議", self.st, self.font, self.width)]

    def signoff(self) -> list:
        if not self.labels:
            return []
        return [signoff_block(self.labels, self.st, self.font, self.width, self.made_on)]

    def story(self) -> list:
        return [*self.heading(), *self.summary(), *self.alerts(), *self.decision(),
                *self.month_tasks(), *self.signoff()]


@full_collections_paused()
def write_handout(
    store: Store, plan: Plan, month: int, out: str | Path, paper: str = "A4",
    progress: ProgressFn | None = None, today: date | None = None,
) -> Path:
    """The monthly handout PDF for month (1–12) of plan; `today` fixes 製表日期 (tests)."""
    if not 1 <= int(month) <= 12:
        raise ValueError(f"月份必須在 1 到 12 之間：{month}")
    font = register_cjk_font(store.get_setting("pdf_font", ""))
    data = handout_data(store, plan, month)
    if progress:
        progress(20, "統計各課室")
    from desktop.printing.dashboard import dashboard_page  # the 總覽 is the first page

    story = [*dashboard_page(store, plan, month, font, paper),
             *_Builder(data, store.progress_for_plan(plan.id), font, paper,
                       signoff_labels(store), today).story()]
    if progress:
        progress(50, "排版月報")
    size = page_size(paper, wide=False)
    out = build_pdf(out, story, size, font, plan.office,
                    title=f"{plan.office}{plan.year}年{month}月工作計畫執行情形",
                    subject="工作計畫執行情形月報", top=MARGIN, bottom=MARGIN * 1.2)
    if progress:
        progress(100, "完成")
    return out
