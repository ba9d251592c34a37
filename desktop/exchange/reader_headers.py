"""Recognising a control table inside a sheet: header rows, month columns, title rows.

Real tables name the same column many ways (編號/項次, 計畫項目/專案名稱/計畫要項 …), put
預定作業時程 over a ROC-year row over 1–12 or 1月–12月, and repeat the header where a
printed page broke. This module only finds those rows; reader_table walks the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.exchange.sheet_grid import Grid

# role → header words, in priority order (the first role whose word the cell contains wins)
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("control_number", ("列管編號",)),
    ("number", ("編號", "項次", "序號")),
    ("goal", ("年度目標", "目標展開")),
    ("sub", ("子項目", "要項細目")),
    ("item_name", ("計畫項目", "專案名稱", "計畫要項", "計畫目標", "實施項目", "工作項目")),
    ("content", ("工作內容", "具體實施步驟", "具體推動作法", "具體作法", "實施內容",
                 "辦理內容", "推動作法", "執行方法")),
    ("months_group", ("預定作業時程", "作業時程", "預定進度", "預定時程")),
    ("period", ("實施期程", "辦理期間", "辦理期程", "執行期程", "實施期間", "時程說明",
                "預定期程", "辦理時間", "執行期間")),
    ("status", ("執行狀態", "辦理狀態", "狀態")),
    ("note", ("執行情形", "辦理情形", "執行進度", "備註")),
    ("kpi", ("考核指標", "績效指標", "衡量指標")),
    ("method", ("考核方式", "考核方法")),
    ("checkpoints", ("考核月份", "檢核月份")),
    ("unit", ("執行單位", "課室", "承辦單位", "主辦單位", "負責單位", "辦理單位")),
    ("weight", ("配分",)),
    ("owners", ("承辦人",)),
)
_CORE = {"item_name", "content", "method"}
_MONTH = re.compile(r"^(\d{1,2})月?$")
_YEAR = re.compile(r"^(?:民國)?(\d{2,3})年?度?$")
_SPACES = re.compile(r"[\s\u3000]+")
# a data row may well mention 「…年度…計畫」; a title names the table itself
_TITLE_WORDS = ("管制表", "管制一覽表", "一覽表", "進度表", "時程表", "期程表", "管考表")
_OFFICE = re.compile(r"[臺台]北市[^\d\s（(]{1,8}?(?:戶政事務所|區公所)")
_SECTION_SUFFIX = r"(?:課|室|組|股|隊|中心)"
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表|表|附件|附表)\s*\d*$", re.I)


def squash(text: str) -> str:
    """Text without any whitespace, for matching header words and titles."""
    return _SPACES.sub("", text)


def role_of(text: str) -> str | None:
    t = squash(text)
    if not t or len(t) > 24:
        return None
    if t == "狀態":  # our own exports: the derived state (DESIGN §3), not a report
        return "derived_state"
    if t == "考核結果":  # our own exports: derived from target and actual values (§3a); not read
        return "derived_kpi"
    for role, words in ROLE_WORDS:
        if any(w in t for w in words):
            return role
    return None


@dataclass
class Header:
    row: int  # the row with the header words
    last_row: int  # the last header row (the 1–12 row when there is one)
    cols: dict[str, list[int]] = field(default_factory=dict)  # role → columns
    months: dict[int, int] = field(default_factory=dict)  # column → month
    year: int | None = None  # from a ROC-year row above the months
    method_months: bool = False  # 「考核方式(月份)」: the method names checkpoint months

    def col(self, role: str) -> int | None:
        c = self.cols.get(role)
        return c[0] if c else None


def _roles_in_row(grid: Grid, row: int) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for c, text in sorted(grid.row_cells(row).items()):
        role = role_of(text)
        if role:
            found.setdefault(role, []).append(c)
    return found


_CN_MONTHS = {n: i for i, n in enumerate(
    ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), start=1)}
_CN_MONTH = re.compile(r"^(十[一二]?|[一二三四五六七八九])月$")
_DATE_MONTH = re.compile(r"^\d{2,3}\.(\d{1,2})\.1$")  # Excel turned 「1月」 into a date (1st)


def _month_of(text: str) -> int | None:
    t = squash(text)
    m = _MONTH.match(t) or _DATE_MONTH.match(t)
    if m:
        return int(m.group(1))
    cn = _CN_MONTH.match(t)
    return _CN_MONTHS[cn.group(1)] if cn else None


def _month_row(grid: Grid, row: int) -> dict[int, int]:
    months: dict[int, int] = {}
    for c, text in sorted(grid.row_cells(row).items()):
        m = _month_of(text)
        if m and 1 <= m <= 12 and m not in months.values():
            months[c] = m
    return months if len(months) >= 6 else {}


def find_header(grid: Grid, row: int) -> Header | None:
    """The header starting at this row, or None. Needs two known roles, one of them core."""
    roles = _roles_in_row(grid, row)
    if not (_CORE & set(roles)) or len(set(roles) - {"unit", "goal"}) < 2:
        return None  # (a cover's 「課室／工作項目」 summary is not a control table)
    head = Header(row, row, roles)
    head.method_months = any("月" in squash(grid.get(row, c)) for c in roles.get("method", []))
    for r in range(row, row + 4):
        months = _month_row(grid, r)
        if months:
            head.months = months
            head.last_row = r
            break
    if head.months:
        for r in range(row, head.last_row):
            for c, text in grid.row_cells(r).items():
                if c in head.months or c > min(head.months) - 1:
                    y = _YEAR.match(squash(text))
                    if y and 50 <= int(y.group(1)) <= 200:
                        head.year = int(y.group(1))
        for r in range(row + 1, head.last_row + 1):  # words written on the second header row
            for role, cols in _roles_in_row(grid, r).items():
                cols = [c for c in cols if c not in head.months]
                if cols and role not in head.cols:
                    head.cols[role] = cols
    if "number" not in head.cols and "item_name" in head.cols:
        left = head.col("item_name") - 1
        used = {c for cols in head.cols.values() for c in cols}
        if left >= 1 and left not in used and not grid.merged_get(row, left)[0]:
            head.cols["number"] = [left]  # 大安: the number column has no header word
    return head


def is_generic_sheet(name: str) -> bool:
    return bool(_GENERIC_SHEET.match(name.strip()))


def row_texts(grid: Grid, row: int) -> list[str]:
    """Distinct texts of a row in column order (a merged title counts once)."""
    seen: list[str] = []
    for _, text in sorted(grid.row_cells(row).items()):
        if text not in seen:
            seen.append(text)
    return seen


def looks_like_title(grid: Grid, row: int) -> str:
    """The row's text when it reads like 「…113年度工作計畫期程管制表」, else ""."""
    texts = row_texts(grid, row)
    if not texts or len(texts) > 2:
        return ""
    text = " ".join(" ".join(t.split()) for t in texts)
    t = squash(text)
    if len(t) >= 8 and "年" in t and (any(t.endswith(w) or w + "（" in t or w + "(" in t
                                          for w in _TITLE_WORDS) or _OFFICE.search(t)):
        return text
    return ""


@dataclass
class TitleInfo:
    text: str
    office: str = ""
    year: int | None = None
    section: str = ""


def parse_title(text: str, sheet_name: str = "") -> TitleInfo:
    """Office, ROC year and section named by a title such as
    「臺北市文山區戶政事務所戶籍登記課113年度工作計畫期程管制一覽表」 or 「…（戶籍登記課）…」."""
    text = re.sub(r"^\s*(?:附件|附表)\s*[0-9０-９一二三四五六七八九十]+\s*[:：、.]?\s*", "", text)
    info = TitleInfo(text)
    t = squash(text)
    office = _OFFICE.search(t)
    if office:
        info.office = office.group(0)
    y = re.search(r"(?<!\d)(\d{2,3})年", t)
    if y and 50 <= int(y.group(1)) <= 200:
        info.year = int(y.group(1))
    paren = re.search(r"[（(]([^（）()]{1,12}?" + _SECTION_SUFFIX + r")[）)]", t)
    if paren:
        info.section = paren.group(1)
        return info
    year_at = y.start() if y else len(t)
    sheet = squash(sheet_name)
    where = [i for i, ch in enumerate(text) if not ch.isspace()]  # squashed index → raw index

    def raw(a: int, b: int) -> str:  # the raw text between squashed positions, spaces kept
        return " ".join(text[where[a]:where[b - 1] + 1].split()) if b > a else ""

    if office and office.end() < year_at:  # 「{機關}{課室}{年}年度…」
        info.section = raw(office.end(), year_at)
        return info
    ours = re.match(r"(.+?)\d{2,3}年度工作計畫期程管制表$", t)  # our own exports, no office
    if ours:
        info.section = raw(0, ours.end(1))
        return info
    at = t.find(sheet) if sheet and not is_generic_sheet(sheet_name) else -1
    if at >= 0 and at + len(sheet) <= year_at:  # the sheet's name (maybe cut) before the year
        info.section = raw(at, year_at)
    return info
