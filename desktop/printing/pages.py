"""What both printouts share: paper sizes, paragraph styles, the footer with 第 X 頁，共 Y 頁.

Imported only by the printing modules, so reportlab is loaded only when something is printed.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A3, A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from desktop.exchange.atomic import write_bytes
from desktop.models.rocdate import roc_long
from desktop.printing.markup import clean

PAPERS = {"A4": A4, "A3": A3}
# Full-width punctuation that must not begin a line in Chinese (reportlab's list is Japanese
# and lacks ，：；？！). Such a character hangs at the end of the previous line instead;
# body paragraphs keep half an em free on the right for it.
TW_CANNOT_START = "，：；？！》〉』﹐﹑﹔﹕％"


def _teach_line_breaking() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(c for c in TW_CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    if extra:
        textsplit.ALL_CANNOT_START += extra
        paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


def _faster_char_widths() -> None:
    """reportlab measures CJK text one stringWidth() call per character ("the performance is
    going to SUCK", says its source); for TrueType faces read the same width table directly.
    Same numbers as TTFont.stringWidth, about a third of the control table's time saved."""
    from reportlab.lib import textsplit
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import TTFont

    original = getattr(textsplit, "getCharWidths", None)
    if original is None or getattr(original, "_plandesk", False):
        return

    def get_char_widths(word: str, font_name: str, font_size: float) -> list[float]:
        font = getFont(font_name)
        face = getattr(font, "face", None)
        if not isinstance(font, TTFont) or face is None:
            return original(word, font_name, font_size)
        get, default, k = face.charWidths.get, face.defaultWidth, 0.001 * font_size
        return [k * get(ord(c), default) for c in word]

    get_char_widths._plandesk = True  # type: ignore[attr-defined]
    textsplit.getCharWidths = get_char_widths


def _binary_page_streams() -> None:
    """Page streams stay binary (compressed, not ASCII85-armoured): reportlab's ASCII85 is pure
    Python and cost a sixth of a 1,000-task year-end report's time; every viewer reads binary."""
    from reportlab import rl_config

    rl_config.useA85 = 0


def _cached_number_text() -> None:
    """reportlab writes every coordinate through fp_str, in pure Python here (its C
    accelerator, the rl_accel package, is not installed): 165,000 numbers for a 1,000-task
    control table, of which 1,400 differ. Each number's text is kept after the first time;
    the same text as fp_str's, which is space-joined per number."""
    import sys

    from reportlab.lib import rl_accel
    from reportlab.lib.utils import isSeq

    original = rl_accel.fp_str
    if getattr(original, "_plandesk", False):
        return
    texts: dict[float, str] = {}

    def fp_str(*a) -> str:
        if len(a) == 1 and isSeq(a[0]):
            a = a[0]
        out = []
        for x in a:
            try:
                text = texts.get(x)
            except TypeError:  # not a number: fp_str's own answer (or error)
                return original(*a)
            if text is None:
                text = original(x)
                if len(texts) < 100_000:
                    texts[x] = text
            out.append(text)
        return " ".join(out)

    fp_str._plandesk = True  # type: ignore[attr-defined]
    rl_accel.fp_str = fp_str
    for name, module in list(sys.modules.items()):  # those that imported it by name
        if name.startswith("reportlab.") and getattr(module, "fp_str", None) is original:
            module.fp_str = fp_str


_teach_line_breaking()
_faster_char_widths()
_binary_page_streams()
_cached_number_text()

FOOTER_SIZE = 8
MARGIN = 28  # ~10 mm, what office printers can reach


def page_size(paper: str, wide: bool) -> tuple[float, float]:
    size = PAPERS.get((paper or "A4").upper(), A4)
    return landscape(size) if wide else portrait(size)


class CachedParagraph(Paragraph):
    """A Paragraph that remembers its last wrap; tables wrap every cell twice (measure, draw)."""

    _cached_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._cached_width == availWidth:
            return self.width, self.height
        w, h = super().wrap(availWidth, availHeight)
        self._cached_width = availWidth
        return w, h


def styles(font: str, size: float) -> dict[str, ParagraphStyle]:
    """Body, centred, small and title styles in one font (a TrueType face has no bold)."""
    lead = size * 1.28
    base = ParagraphStyle("body", fontName=font, fontSize=size, leading=lead,
                          wordWrap="CJK", alignment=TA_LEFT, rightIndent=size * 0.5)
    return {
        "body": base,
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=size * 0.88, leading=lead * 0.88,
                                textColor=colors.HexColor("#333333")),
        "head": ParagraphStyle("head", parent=base, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontSize=size * 2, leading=size * 2.5,
                                alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=size * 1.45,
                                   leading=size * 1.9, alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", parent=base, fontSize=size * 1.35, leading=size * 1.8,
                             spaceBefore=size * 0.9, spaceAfter=size * 0.45),
        "h3": ParagraphStyle("h3", parent=base, fontSize=size * 1.15, leading=size * 1.5,
                             spaceBefore=size * 0.7, spaceAfter=size * 0.3),
    }


def page_label(page: int, total: int) -> str:
    return f"第 {page} 頁，共 {total} 頁"


def footer_canvas(font: str, office: str, printed_on: date | None = None) -> type[Canvas]:
    """A canvas class that holds pages back until the end so each footer knows the page count."""
    stamp = f"列印日期：{roc_long(printed_on or date.today())}"
    office = clean(office).replace("\n", " ")
    if len(office) > 30:  # keep clear of the centred page number
        office = office[:29] + "…"

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = font  # no stray, unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                self._footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            y = MARGIN * 0.55
            self.saveState()
            self.setFont(font, FOOTER_SIZE)
            self.setFillColor(colors.black)
            if office:
                self.drawString(MARGIN, y, office)
            self.drawCentredString(width / 2, y, page_label(number, total))
            self.drawRightString(width - MARGIN, y, stamp)
            self.restoreState()

    return FooterCanvas


def build_pdf(out: Path, story: list, size: tuple[float, float], font: str, office: str, *,
              title: str, subject: str, top: float, bottom: float) -> Path:
    """Lay `story` out on pages of `size` with the PlanDesk footer, written atomically."""
    out = Path(out)
    buf = io.BytesIO()  # written whole by write_bytes: a full disk is one clear message
    doc = BaseDocTemplate(
        buf, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=top, bottomMargin=bottom, title=title, author=office,
        creator="PlanDesk", subject=subject,
    )
    frame = Frame(MARGIN, bottom, size[0] - 2 * MARGIN, size[1] - top - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=footer_canvas(font, office))
    return write_bytes(out, buf.getvalue())
