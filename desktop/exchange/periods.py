"""Reading free-text ROC periods (實施期程 / 辦理期間) into planned months.

Real tables write a task's schedule as text instead of month marks: `96.1.1-96.12.31`,
`96. 3. 1-96. 11. 30`, `97.02~10`, `97 年 9 月`, `97.10報名 97.11測試`, `3-4月`, `1/1-2/28`,
`賡續辦理`, `每月`. The reading is best-effort but never silent: whatever had to be guessed
or could not be read comes back in `problems` (shown to the user as warnings).

Decisions (documented for the preview dialog and the tests):
- 「每月」「全年」「整年」 mean all twelve months, no warning (the text says so).
- 「賡續辦理」「持續辦理」 without a readable date mean all twelve months, with a warning,
  because it is an ongoing task whose months the table does not state.
- Dates of another year are clipped to the plan year, with a warning (`96.11~97.03` in a 97
  plan → 1–3月); a period wholly outside it gives no months and a warning.
- An impossible date (`96.2.31`) keeps its month, with a warning; a period that runs
  backwards is read the other way round, with a warning — except when only the end's year
  is behind (`96.1.1-95.12.31`): that is a slip of the year, read in the start's year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

ALL_MONTHS = list(range(1, 13))
_EXPLICIT_ALL = ("每月", "全年", "整年", "全年度", "逐月")
_ONGOING = ("賡續", "持續辦理", "持續推動", "持續執行", "經常性")

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．～－—－〜／：",
    "0123456789.~---~/:",
)

_TOKEN = re.compile(
    r"""
    (?P<ymd>(?P<y>\d{2,3})[.年](?P<m>\d{1,2})(?:[.月](?P<d>\d{1,2})日?|月)?)
   |(?P<md>(?P<m2>\d{1,2})/(?P<d2>\d{1,2}))
   |(?P<mo>(?P<m3>\d{1,2})月)
   |(?P<sep>[-~至到])
   |(?P<num>(?<![\d.:/])\d{1,2}(?![\d.:/]))
   |(?P<other>.)
    """,
    re.X | re.S,
)


@dataclass
class PeriodReading:
    months: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class _Date:
    year: int | None
    month: int
    day: int | None
    text: str


def normalize(text: str) -> str:
    """Full-width digits and dashes to ASCII, spaces removed (`96. 3. 1` → `96.3.1`)."""
    return re.sub(r"[ \t\u3000]+", "", text.translate(_FULLWIDTH))


def _tokens(s: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for m in _TOKEN.finditer(s):
        kind = m.lastgroup
        if kind == "ymd" or kind == "y":
            d = m.group("d")
            out.append(("date", _Date(int(m.group("y")), int(m.group("m")),
                                      int(d) if d else None, m.group(0))))
        elif kind in ("md", "d2"):
            out.append(("date", _Date(None, int(m.group("m2")), int(m.group("d2")), m.group(0))))
        elif kind in ("mo", "m3"):
            out.append(("date", _Date(None, int(m.group("m3")), None, m.group(0))))
        elif kind == "sep":
            out.append(("sep", m.group(0)))
        elif kind == "num":
            out.append(("num", int(m.group(0))))
        else:
            out.append(("other", m.group(0)))
    return out


def _check(date: _Date, year: int | None, problems: list[str]) -> bool:
    """False when the month itself is impossible; an impossible day only warns."""
    if not 1 <= date.month <= 12:
        problems.append(f"「{date.text}」的月份不存在，未採用")
        return False
    if date.day is not None:
        y = (date.year or year or 100) + 1911
        last = calendar.monthrange(y, date.month)[1]
        if not 1 <= date.day <= last:
            problems.append(f"「{date.text}」不是有效日期，只採用其月份（{date.month}月）")
    return True


def _span(start: _Date, end: _Date, year: int | None, problems: list[str]) -> list[int]:
    y1 = start.year if start.year is not None else year
    y2 = end.year if end.year is not None else y1
    k1 = ((y1 or 0), start.month, start.day or 1)
    k2 = ((y2 or 0), end.month, end.day or 31)
    if k2 < k1 and y2 < y1 and (end.month, end.day or 31) >= (start.month, start.day or 1):
        # 「96.1.1-95.12.31」: the end's year is a slip; in the start's year the period reads
        problems.append(f"期間「{start.text}–{end.text}」訖日早於起日，訖日年份應為誤寫，"
                        f"已讀為 {y1}年{start.month}月–{end.month}月")
        y2 = y1
    elif k2 < k1:
        problems.append(f"期間「{start.text}–{end.text}」起訖顛倒，已改為由早到晚讀取")
        start, end, y1, y2 = end, start, y2, y1
    months: list[int] = []
    cy, cm = (y1 or 0), start.month
    ey, em = (y2 or 0), end.month
    steps = 0
    while (cy, cm) <= (ey, em) and steps < 240:
        if year is None or y1 is None or cy == year:
            months.append(cm)
        cm += 1
        steps += 1
        if cm > 12:
            cm, cy = 1, cy + 1
    if not months:
        problems.append(f"期間「{start.text}–{end.text}」不在本年度（{year}年），未採用")
    elif year is not None and y1 is not None and (y1 != year or (y2 or 0) != year):
        shown = f"{months[0]}–{months[-1]}月" if len(months) > 1 else f"{months[0]}月"
        problems.append(f"期間「{start.text}–{end.text}」跨越年度，只採用本年度（{year}年）的 {shown}")
    return months


def _launch_note(toks: list[tuple[str, object]], i: int) -> bool:
    """`91.4.1 開辦` tells when a service began, not when it is planned."""
    follow = "".join(str(v) for k, v in toks[i + 1:i + 3] if k == "other")
    return follow == "開辦"


def parse_period(text: str, year: int | None = None) -> PeriodReading:
    """The months a period text plans, plus what had to be guessed (in Chinese)."""
    reading = PeriodReading()
    raw = (text or "").strip()
    if not raw:
        return reading
    s = normalize(raw)
    one_line = " ".join(raw.split())
    if any(k in s for k in _EXPLICIT_ALL):
        reading.months = list(ALL_MONTHS)
        return reading
    toks = _tokens(s)
    months: set[int] = set()
    i = 0
    while i < len(toks):
        kind, val = toks[i]
        if kind == "date":
            start = val
            assert isinstance(start, _Date)
            if i + 2 < len(toks) and toks[i + 1][0] == "sep" and toks[i + 2][0] in ("date", "num"):
                k2, v2 = toks[i + 2]
                end = v2 if isinstance(v2, _Date) else _Date(None, int(v2), None, str(v2))
                if end.year is None and start.year is not None:
                    end = _Date(start.year, end.month, end.day, end.text)
                if _check(start, year, reading.problems) and _check(end, year, reading.problems):
                    months.update(_span(start, end, year, reading.problems))
                i += 3
                continue
            if _check(start, year, reading.problems):
                if year is None or start.year is None or start.year == year:
                    months.add(start.month)
                elif not any(k in s for k in _ONGOING) and not _launch_note(toks, i):
                    reading.problems.append(f"「{start.text}」不是本年度（{year}年）的日期，未採用")
            i += 1
            continue
        if kind == "num" and i + 2 < len(toks) and toks[i + 1][0] == "sep" and toks[i + 2][0] == "date":
            end = toks[i + 2][1]
            assert isinstance(end, _Date)
            if end.day is None and end.year is None:  # 「3-4月」
                start = _Date(None, int(val), None, str(val))
                if _check(start, year, reading.problems) and _check(end, year, reading.problems):
                    months.update(_span(start, end, year, reading.problems))
                i += 3
                continue
        i += 1
    if any(k in s for k in _ONGOING) and not months:
        reading.months = list(ALL_MONTHS)
        reading.problems.append(f"「{one_line}」未寫明月份，視為全年（1–12月）辦理")
        return reading
    if not months and not reading.problems:
        reading.problems.append(f"無法從「{one_line}」讀出月份")
    reading.months = sorted(months)
    return reading
