"""The 總覽 page drawn with reportlab's own charts: one Drawing for the PDF and the screen.

The same `dashboard_drawing` is the handout's first page, the `plandesk dashboard --out`
PDF, and (rendered through pypdfium2) the picture in the window's 總覽, so what the chair
sees on screen is what is printed.
"""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from desktop.models.dashboard import KPI_COUNTED, TREND_STATES, Dashboard, SectionFigures, kpi_rate
from desktop.models.domain import DerivedState
from desktop.models.kpi import KPI_COLORS
from desktop.models.state import STATE_COLORS
from desktop.printing.pages import MARGIN, page_size

# The order of a section's stacked bar: the states the chair acts on first.
BAR_STATES = (
    DerivedState.BEHIND, DerivedState.UNREPORTED, DerivedState.ON_TRACK, DerivedState.DONE,
    DerivedState.PAUSED, DerivedState.NOT_DUE, DerivedState.UNSCHEDULED,
)
# Lines need stronger colours than the light cell fills the states use.
TREND_COLORS = {
    DerivedState.ON_TRACK: "#1e63b5",
    DerivedState.BEHIND: "#c62828",
    DerivedState.UNREPORTED: "#ef6c00",
}
EDGE = colors.HexColor("#9e9e9e")
INK = colors.HexColor("#222222")
GREY = colors.HexColor("#555555")
LABEL_CHARS = 8


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _nice_max(value: int) -> int:
    """An axis end a little above value that reads well: 5, 10, 20, 50, 100, …"""
    if value <= 5:
        return 5
    step = 10 ** math.floor(math.log10(value))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= m * step:
            return int(m * step)
    return int(10 * step)


def _legend(font: str, pairs: list[tuple[str, str]], x: float, y: float) -> Legend:
    lg = Legend()
    lg.x, lg.y = x, y
    lg.fontName, lg.fontSize = font, 8
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax, lg.dx, lg.dy = 58, 8, 8
    lg.strokeColor = EDGE
    lg.strokeWidth = 0.5
    lg.colorNamePairs = [(colors.HexColor(c), n) for c, n in pairs]
    return lg


def _bars(font: str, sections: list[SectionFigures], rows: list[list[int]], fills: list[str],
          x: float, y: float, width: float, height: float, labels: bool) -> HorizontalBarChart:
    """A stacked horizontal bar per section, the first section on top."""
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = x, y, width, height
    chart.data = rows
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.categoryNames = [_label(s.name) for s in sections]
    chart.categoryAxis.visibleLabels = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.visibleTicks = 0
    totals = [sum(col) for col in zip(*rows, strict=True)] or [0]
    vmax = _nice_max(max(totals))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, vmax
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e0e0e0")
    chart.barSpacing = 0
    chart.groupSpacing = max(2, height / max(1, len(sections)) * 0.3)
    chart.barLabelFormat = lambda v: f"{v:d}" if v and v / vmax * width >= 12 else ""
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "c"
    chart.barLabels.dx = 0
    for i, fill in enumerate(fills):
        chart.bars[i].fillColor = colors.HexColor(fill)
        chart.bars[i].strokeColor = EDGE
        chart.bars[i].strokeWidth = 0.4
    return chart


def _trend(font: str, data: Dashboard, x: float, y: float, width: float,
           height: float) -> HorizontalLineChart:
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = x, y, width, height
    chart.data = [[row[s] for row in data.trend] for s in TREND_STATES]
    chart.categoryAxis.categoryNames = [f"{m}月" for m in range(1, data.month + 1)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max((max(r) for r in chart.data), default=0))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e0e0e0")
    chart.lineLabelFormat = lambda v: f"{v:d}" if v else ""
    chart.lineLabels.fontName = font
    chart.lineLabels.fontSize = 7
    chart.lineLabels.dy = 5
    for i, state in enumerate(TREND_STATES):
        chart.lines[i].strokeColor = colors.HexColor(TREND_COLORS[state])
        chart.lines[i].strokeWidth = 1.6
        chart.lines[i].symbol = makeMarker("FilledCircle", size=4,
                                           fillColor=colors.HexColor(TREND_COLORS[state]))
    return chart


def headline(data: Dashboard) -> str:
    t = data.totals
    rate = kpi_rate(t.kpi)
    parts = [f"工作 {t.total} 項", f"本月排程 {t.planned} 項",
             *(f"{s.value} {t.states[s]}" for s in BAR_STATES[:4])]
    parts.append("考核指標達成率 " + (f"{rate:.0%}" if rate is not None else "—（尚無考核結果）"))
    return "｜".join(parts)


def dashboard_drawing(data: Dashboard, font: str, width: float, height: float) -> Drawing:
    """The whole 總覽 page as one Drawing of width × height points."""
    d = Drawing(width, height, initialFontName=font)  # no stray Helvetica in the PDF
    top = height
    office = data.plan.office or ""
    d.add(String(0, top - 16, f"{office}{data.plan.year}年{data.month}月管考總覽",
                 fontName=font, fontSize=15, fillColor=INK))
    d.add(String(0, top - 36, headline(data), fontName=font, fontSize=9, fillColor=GREY))
    sections = data.sections or [SectionFigures("（無課室）")]
    n = len(sections)

    trend_block = 220 if data.trend else 0
    head = 72  # the titles and the charts' heading above the bars
    bar_room = max(60.0, height - head - 60 - trend_block)  # 60: axis and legends under the bars
    band = min(26.0, bar_room / n)
    bars_h = band * n
    y_bars = top - head - bars_h
    d.add(String(0, top - 62, f"一、各課室 {data.month} 月執行情形（項）", fontName=font, fontSize=11,
                 fillColor=INK))
    d.add(String(width * 0.64, top - 62, f"二、考核指標（截至 {data.month} 月，項）", fontName=font,
                 fontSize=11, fillColor=INK))
    label_w = 8 * LABEL_CHARS + 8
    left_w = width * 0.62 - label_w
    state_rows = [[s.states[st] for s in sections] for st in BAR_STATES]
    d.add(_bars(font, sections, state_rows, [STATE_COLORS[st] for st in BAR_STATES],
                label_w, y_bars, left_w, bars_h, labels=True))
    kpi_x = width * 0.64
    kpi_w = width - kpi_x - 34
    kpi_rows = [[s.kpi[k] for s in sections] for k in KPI_COUNTED]
    d.add(_bars(font, sections, kpi_rows, [_light(KPI_COLORS[k]) for k in KPI_COUNTED],
                kpi_x, y_bars, kpi_w, bars_h, labels=False))
    for i, s in enumerate(sections):  # the achievement rate at the end of each KPI bar
        rate = kpi_rate(s.kpi)
        d.add(String(width, y_bars + bars_h - (i + 0.5) * band - 3,
                     f"{rate:.0%}" if rate is not None else "—", fontName=font, fontSize=7,
                     fillColor=GREY, textAnchor="end"))
    y_legend = y_bars - 24
    d.add(_legend(font, [(STATE_COLORS[st], st.value) for st in BAR_STATES[:4]], label_w, y_legend))
    d.add(_legend(font, [(STATE_COLORS[st], st.value) for st in BAR_STATES[4:]], label_w,
                  y_legend - 12))
    d.add(_legend(font, [(_light(KPI_COLORS[k]), k.value) for k in KPI_COUNTED], kpi_x, y_legend))

    if data.trend:
        y_title = y_legend - 36
        d.add(String(0, y_title, "三、全年趨勢：各月依進度、落後、未填報的工作（項）", fontName=font,
                     fontSize=11, fillColor=INK))
        chart_h = max(80.0, min(300.0, y_title - 14 - 60))
        d.add(_trend(font, data, 30, y_title - 14 - chart_h, width - 40, chart_h))
        d.add(_legend(font, [(TREND_COLORS[st], st.value) for st in TREND_STATES], 30,
                      y_title - 14 - chart_h - 26))
    return d


def _light(hex_color: str) -> str:
    """A KPI colour lightened for a bar fill, so the count printed on it stays readable."""
    c = colors.HexColor(hex_color)
    mix = [round(255 - (255 - v * 255) * 0.45) for v in (c.red, c.green, c.blue)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def frame_size(paper: str = "A4") -> tuple[float, float]:
    """The drawing size that fills a portrait page inside the footer margins."""
    w, h = page_size(paper, wide=False)
    return w - 2 * MARGIN, h - MARGIN - MARGIN * 1.2 - 2


def write_dashboard(data: Dashboard, font: str, out: str | Path, paper: str = "A4") -> Path:
    """The 總覽 as a one-page PDF, with the PlanDesk footer like every printout."""
    from desktop.printing.pages import build_pdf

    size = page_size(paper, wide=False)
    story = [dashboard_drawing(data, font, *frame_size(paper))]
    return build_pdf(Path(out), story, size, font, data.plan.office,
                     title=f"{data.plan.office}{data.plan.year}年{data.month}月管考總覽",
                     subject="管考總覽", top=MARGIN, bottom=MARGIN * 1.2)


def dashboard_pdf_bytes(data: Dashboard, font: str, width: float, height: float) -> bytes:
    """The drawing alone as PDF bytes, for the window to render at screen size."""
    from reportlab.graphics import renderPDF

    return renderPDF.drawToString(dashboard_drawing(data, font, width, height))


def dashboard_page(store, plan, month: int, font: str, paper: str = "A4") -> list:
    """The 總覽 as the handout's first page: the drawing and a page break."""
    from reportlab.platypus import PageBreak

    from desktop.models.dashboard import dashboard

    return [dashboard_drawing(dashboard(store, plan, month), font, *frame_size(paper)), PageBreak()]
