"""Walking the data rows of one sheet into sections, items and tasks.

The rules (DESIGN.md §5), in one place:
- A header row (two known header words) starts a block; a repeated header mid-sheet is
  skipped and the block goes on in the same section unless a title row above it names
  another section.
- The section of a row: the section named by the title row; else its 課室/執行單位 cell
  when the table has that column (one section per value); else the sheet's name (with a
  warning when the name is a generic 「工作表1」).
- Item cells merged down, or left blank on continuation rows, keep the current item. A
  number or name that differs from the current item's starts a new item (two items may
  both be 「3」). A sub-number with no name (「3-1」 under item 3) labels a task of the
  current item: 「3-1 內容」.
- Under a 「考核方式(月份)」 header, months named in the method (「實地(3月)」) are
  checkpoint months. A cell holding only 「—」/「-」 counts as empty.
- A row with 工作內容 or 考核方式 (or months, a period, a 列管編號) is a task; 考核方式
  without 工作內容 is also the content (大同區公所). Without a 編號 column the tasks'
  列管編號 number their item (北投: 「11」, or 「23、24」 for two), with one warning. 子項目/要項細目 is written before
  the content as 「子項目：內容」 and carried down within its item.
- Our own export (「執行情形統計至 Y年M月」 under the title): the 狀態 column and the 執行情形
  cell are read back as one report by own_workbook (task["progress"]), never as office words.
- A row that only adds 考核指標/執行情形 text under the same item joins the task above,
  with a warning.
- Months: any non-white fill or any mark in a month column; ◆/◇ marks a checkpoint
  (planned too only when the cell is filled). A fill that also colours the row's text
  cells is row shading, not a plan (warned once per sheet). Without month columns, a period column is
  read by periods.parse_period. Period text is always kept as the schedule note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.exchange.kpi_cell import read_back_kpi
from desktop.exchange.own_workbook import own_report, sheet_month
from desktop.exchange.periods import parse_period
from desktop.exchange.reader_headers import (
    Header,
    TitleInfo,
    find_header,
    is_generic_sheet,
    looks_like_title,
    parse_title,
    row_texts,
    squash,
)
from desktop.exchange.roster_read import read_roster, roster_columns
from desktop.exchange.sheet_grid import Grid
from desktop.exchange.sheet_print import CONTINUED
from desktop.exchange.signoff_rows import DATE_PREFIX
from desktop.exchange.status_words import status_of
from desktop.models.domain import Status

STATUSES = {s.value for s in Status}
DERIVED_ONLY = {"未填報", "未到期", "本月無排程"}  # printed by our own exports, never reported
CHECK_MARKS = {"◆", "◇"}
_MARK = re.compile(r"^(?:[■●VvXx✓✔○◎★▲△☆✕✗＊*OoＶｖＸｘ□▇█]+|[-─━—–_~－]+)$")
_WEIGHT = re.compile(
    r"^(?P<name>.*?)\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*(?:[/／]\s*(?P<o>[^（）()]*?))?\s*[）)]\s*$",
    re.S,
)
_DASHES = re.compile(r"^[-─━—–_~－/／、]+$")
UNIT_MISSING = "未填執行單位"
TOTAL_WORDS = {"合計", "總計", "小計", "總分", "共計", "配分合計"}
ROSTER_WORDS = ("職別", "職稱", "姓名", "任務", "編組", "職務", "分工")
TASK_KEYS = ("content", "months", "checkpoints", "schedule_note", "method", "kpi", "status",
             "note", "control_number")


# 「民政課 / 社會課」「民政課、社會課」: one row for several units
JOINT_UNITS = re.compile(r"\S\s*[/／、,，＆&]\s*\S|\S\s*(?:及|與)\s*\S+課")


@dataclass
class ImportWarning:
    """Something the reader could not take as written; row is the 1-based sheet row."""

    sheet: str
    row: int | None
    message: str


@dataclass
class SheetResult:
    sections: dict[str, list[dict]] = field(default_factory=dict)  # name → items, in order
    titles: list[TitleInfo] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # from ROC-year rows above the months
    has_table: bool = False
    roster: list[dict] = field(default_factory=list)  # a 任務編組 below the table (大安)


def _none(text: str) -> str:
    """「—」「-」「／」 in a text column mean nothing is written there."""
    return "" if text and _DASHES.match(squash(text)) else text


def split_weight(raw: str) -> tuple[str, float | None, str, bool]:
    """「市容查報 (2分/劉淑敏)」 → (市容查報, 2.0, 劉淑敏, ok). ok is False when a 配分
    seems to be written in a form this cannot read (the name is then kept whole)."""
    m = _WEIGHT.match(raw)
    if m:
        owners = (m.group("o") or "").strip()
        return m.group("name").strip(), float(m.group("w")), owners, True
    odd = bool(re.search(r"\d\s*分\s*[/／]", raw))
    return raw, None, "", not odd


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


class _Walker:
    def __init__(self, grid: Grid, year: int | None, warnings: list[ImportWarning]):
        self.grid = grid
        self.year = year
        self.warnings = warnings
        self.out = SheetResult()
        self.item_key: tuple[str, str] | None = None
        self.item_serial = 0
        self.sub = ""
        self.unit = ""
        self.last_task: dict | None = None
        self.placed: dict[str, tuple[int, dict]] = {}  # section → (serial, item dict)
        self.shaded_warned = False
        self.title_named = False  # a title row names the section: it wins over a unit column
        self.unit_ignored_warned = False
        self.control_warned = False
        self.joint_warned: set[str] = set()
        self.mapped: dict[str, tuple[str, list[int]]] = {}  # office word → (Status, rows)
        self.own_month = sheet_month(grid)  # our own export: its 狀態/執行情形 describe this month

    def warn(self, row: int | None, message: str) -> None:
        self.warnings.append(ImportWarning(self.grid.name, row, message))

    # -- the sheet -------------------------------------------------------------------------
    def run(self) -> SheetResult:
        grid = self.grid
        rows = grid.rows()
        headers: dict[int, Header] = {}
        for r in rows:
            h = find_header(grid, r)
            if h:
                headers[r] = h
        if not headers:
            return self.out
        self.out.has_table = True
        titles = self._titles(rows, headers)
        title_rows = set(titles.rows.values())
        head: Header | None = None
        section = ""
        skip_until = 0
        stray_from: int | None = None
        for r in rows:
            if r in headers and r > skip_until:  # (not the second row of a two-row header)
                new = headers[r]
                title = titles.get(r)
                if title is not None:
                    self.out.titles.append(title)
                    if title.section and title.section != section:
                        section = title.section
                        self._new_block()
                    self.title_named = self.title_named or bool(title.section)
                if title is not None and title.year and self.year is None:
                    self.year = title.year
                if head is None:
                    self._announce(new)
                    if not section and "unit" not in new.cols:
                        section = self._fallback_section(r)
                if new.year:
                    self.out.years.append(new.year)
                    if self.year is None:
                        self.year = new.year
                head = new
                skip_until = new.last_row
                stray_from = None
                continue
            if head is None or r <= skip_until or r in title_rows:
                continue
            if stray_from is not None:
                continue
            if row_texts(self.grid, r)[:1] and row_texts(self.grid, r)[0].startswith(DATE_PREFIX):
                stray_from = r  # our own 製表日期 and 核章欄 below the table: not data, no warning
                continue
            if _roster_title(self.grid, r):
                continue  # 「附件二 任務編組」: the roster's own title; the roster follows
            if _is_roster_header(self.grid, r) and roster_columns(self.grid, r):
                stray_from = r
                members, _ = read_roster(self.grid, r)
                self.out.roster.extend(members)
                self.warn(r, f"從這一列起是任務編組（{len(members)} 人），讀入計畫的推動小組，"
                             "不當作管制表的內容")
                continue
            if self._is_banner(r, head) or _is_roster_header(self.grid, r):
                stray_from = r
                self.warn(r, f"從這一列起不是管制表的內容（「{row_texts(self.grid, r)[0][:20]}」），"
                             "略過到下一個表頭為止")
                continue
            self._row(r, head, section)
        self._summarise_mapped()
        return self.out

    def _summarise_mapped(self) -> None:
        """One warning per sheet for the 執行狀態 words read as a Status (not one per row)."""
        if not self.mapped:
            return
        parts = "、".join(f"「{w}」→{s}（{len(rows)} 列）" for w, (s, rows) in self.mapped.items())
        first = min(r for _, rows in self.mapped.values() for r in rows)
        self.warn(first, f"執行狀態依各機關寫法對應：{parts}；原來的寫法保留在執行情形說明")

    def _titles(self, rows: list[int], headers: dict[int, Header]) -> _Titles:
        """The title row belonging to each header: up to six rows above it, not reaching
        back past the previous header (so a data row is never taken for a title)."""
        titles = _Titles()
        previous = 0
        for hr in sorted(headers):
            for r in range(hr - 1, max(hr - 7, previous), -1):
                text = looks_like_title(self.grid, r)
                if text:
                    titles[hr] = parse_title(text, self.grid.name)
                    titles.rows[hr] = r
                    break
            previous = hr
        return titles

    def _announce(self, head: Header) -> None:
        goals = head.cols.get("goal", [])
        if goals:
            names = "、".join(f"「{squash(self.grid.get(head.row, c))}」" for c in goals)
            self.warn(head.row, f"{names}欄沒有對應的欄位，未匯入")

    def _fallback_section(self, row: int) -> str:
        name = self.grid.name.strip()
        if is_generic_sheet(name):
            self.warn(row, f"找不到課室名稱（標題列或課室欄），以工作表名稱「{name}」作為課室")
        return name

    def _new_block(self) -> None:
        self.item_key = None
        self.sub = ""
        self.unit = ""
        self.last_task = None

    def _is_banner(self, r: int, head: Header) -> bool:
        """A note or heading written across the table (e.g. 「註：…」 or another table's title)."""
        cells = self.grid.row_cells(r)
        if len(cells) != 1:
            return False
        (c, text), = cells.items()
        merge = self.grid.merge_at.get((r, c))
        return merge is not None and merge[3] - merge[1] >= 2 and len(text) > 6 and not head.months.get(c)

    # -- one row ---------------------------------------------------------------------------
    def _cell(self, r: int, head: Header, role: str, *, spread: bool) -> str:
        cols = head.cols.get(role)
        if not cols:
            return ""
        text, from_above = self.grid.merged_get(r, cols[0])
        if from_above and not spread:
            return ""
        return text

    def _background(self, r: int, head: Header) -> set[str]:
        """Fills that also colour the row's text cells: row shading, not planned months."""
        cols = [c for role in ("number", "item_name", "content", "method") for c in head.cols.get(role, [])]
        shades = {f for c in cols if (f := self.grid.fill(r, c)) is not None}
        if shades and not self.shaded_warned:
            self.shaded_warned = True
            self.warn(r, "連文字欄都有底色：月份欄中相同的底色不視為排程（本工作表不再重複提醒）")
        return shades

    def _months(self, r: int, head: Header) -> tuple[list[int], list[int]]:
        planned, checks, odd = [], [], []
        shades = self._background(r, head)
        for c, m in head.months.items():
            text = squash(self.grid.merged_get(r, c)[0])
            fill = self.grid.fill(r, c)
            filled = fill is not None and fill not in shades
            if text in CHECK_MARKS:
                checks.append(m)
                if filled:
                    planned.append(m)
            elif filled or text:
                planned.append(m)
                if text and not _MARK.match(text):
                    odd.append(f"{m}月「{text}」")
        if odd:
            self.warn(r, f"月份欄有無法辨識的記號：{'、'.join(odd)}，已視為有排程")
        return sorted(planned), sorted(checks)

    def _row(self, r: int, head: Header, section: str) -> None:
        g = lambda role: self._cell(r, head, role, spread=True)  # noqa: E731 (item-level)
        t = lambda role: self._cell(r, head, role, spread=False)  # noqa: E731 (task-level)
        number, name = g("number"), g("item_name")
        if len(number) > 12 and not name:  # prose in the number column: not a table row
            self.warn(r, f"無法判讀這一列（「{number[:20]}」），略過")
            return
        if squash(number) in TOTAL_WORDS or squash(name) in TOTAL_WORDS:
            self.warn(r, f"「{squash(number) or squash(name)}」列不是計畫項目，略過")
            return
        label = ""
        if self._is_sub_number(number, name):  # 「3-1」 under item 3 labels a task of item 3
            label, number = number, self.item_key[0]
        new_item = self._is_new_item(number, name)
        if new_item:
            self.item_serial += 1
            self.item_key = (number, name)
            self.sub = ""
            self.last_task = None
        sub = g("sub")
        if sub:
            self.sub = sub
        content, method, kpi = t("content"), _none(t("method")), _none(t("kpi"))
        status_text, note, period = _none(t("status")), _none(t("note")), _none(t("period"))
        control = t("control_number")
        state = t("derived_state") if self.own_month else ""
        months, checks = self._months(r, head) if head.months else ([], [])
        if head.cols.get("checkpoints"):
            checks = sorted(set(checks) | set(parse_period(t("checkpoints"), self.year).months))
        if method and head.method_months:  # 「考核方式(月份)」: 「實地(3月)」 names the checkpoint
            checks = sorted(set(checks) | set(parse_period(method, self.year).months))
        if not head.months and period:
            reading = parse_period(period, self.year)
            months = reading.months
            for p in reading.problems:
                self.warn(r, p)
        elif head.months and period and not months:  # marks missing, but the period says when
            reading = parse_period(period, self.year)
            if reading.months and not reading.problems:
                months = reading.months
                self.warn(r, f"月份欄沒有標記，依期程「{' '.join(period.split())}」讀為 "
                             f"{'、'.join(str(m) for m in months)} 月")
        if self.item_key is None:
            if any((content, method, kpi, note, period, months)):
                self.warn(r, "這一列沒有所屬的計畫項目，略過")
            return
        sec = self._section(r, head, section, g("unit"), new_item)
        item = self._item(sec, r, head)
        if self.sub and content:
            joiner = "\n" if "\n" in self.sub else "："
            task_text = f"{self.sub}{joiner}{content}"
        else:
            task_text = content or (sub if sub and not method else "")
        if label and task_text:
            task_text = f"{label} {task_text}"
        if content or method or months or checks or period or control or (new_item and (kpi or note
                                                                                     or status_text)):
            task = self._task(r, task_text or method, method, kpi, status_text, note, period,
                              control, months, checks)
            if self.own_month:
                self._own_report(task, state, t("note"))
                read_back_kpi(task, t("derived_kpi"))
            if not (task_text or method):
                self.warn(r, "沒有工作內容")
            item["tasks"].append(task)
            self.last_task = task
            if control and "number" not in head.cols:
                self._control_as_number(r, item, control)
        elif (kpi or note or status_text) and self.last_task is not None:
            lt = self.last_task
            lt["kpi"] = _join(lt["kpi"], kpi)
            lt["note"] = _join(lt["note"], status_text, note)
            self.warn(r, "只有考核指標或執行情形，已併入上一項工作")

    def _own_report(self, task: dict, state: str, text: str) -> None:
        """Our own workbook: the 狀態 word and 執行情形 cell are one report (own_workbook)."""
        found = own_report(state, text, self.own_month)
        task["status"], task["note"] = None, ""
        if found is not None:
            month, fields = found
            task["progress"] = {month: fields}
            task["status"], task["note"] = fields["status"], fields["note"]

    def _control_as_number(self, r: int, item: dict, control: str) -> None:
        """No 編號 column (北投): the 列管編號 of an item's tasks is its number, 「11、12」."""
        control = " ".join(control.split())
        numbers = [n for n in item["number"].split("、") if n]
        if control not in numbers:
            item["number"] = "、".join([*numbers, control])
        if not self.control_warned:
            self.control_warned = True
            self.warn(r, "管制表沒有編號欄：以各工作的列管編號作為計畫項目的編號；"
                         "沒有列管編號的計畫項目，編號留空")

    def _is_sub_number(self, number: str, name: str) -> bool:
        cur = self.item_key
        if name or not number or cur is None or not cur[0] or not cur[1]:
            return False
        return any(number.startswith(cur[0] + sep) and len(number) > len(cur[0]) + 1
                   for sep in ("-", ".", "－", "之"))

    def _is_new_item(self, number: str, name: str) -> bool:
        if not number and not name:
            return False
        cur = self.item_key
        if cur is None:
            return True
        if (number, name) == cur:
            return False
        if number == cur[0] and not name:
            return False
        if name == cur[1] and not number:
            return False
        if number == cur[0] and name.endswith(CONTINUED) and name[:-len(CONTINUED)] == cur[1]:
            return False  # our own workbook names an item again 「（續）」 on its next page
        return True

    def _section(self, r: int, head: Header, section: str, unit: str, new_item: bool) -> str:
        if "unit" not in head.cols:
            return section
        if self.title_named:
            if not self.unit_ignored_warned:
                self.unit_ignored_warned = True
                word = squash(self.grid.get(head.row, head.cols["unit"][0]))
                self.warn(head.row, f"標題已指明課室「{section}」，「{word}」欄未用來分課室，也未匯入")
            return section
        unit = " ".join(unit.split())
        if not unit:
            if not new_item and self.unit:
                return self.unit
            self.warn(r, f"執行單位空白，歸入「{UNIT_MISSING}」")
            unit = UNIT_MISSING
        if JOINT_UNITS.search(unit) and unit not in self.joint_warned:
            self.joint_warned.add(unit)
            self.warn(r, f"執行單位「{unit}」列了不只一個單位，整列歸入名為「{unit}」的課室；"
                         "如需分屬各課室，請匯入後再調整")
        self.unit = unit
        return unit

    def _item(self, sec: str, r: int, head: Header) -> dict:
        placed = self.placed.get(sec)
        if placed and placed[0] == self.item_serial:
            return placed[1]
        number, raw = self.item_key or ("", "")
        name, weight, owners, ok = split_weight(raw)
        if not ok:
            self.warn(r, f"「{' '.join(raw.split())}」的配分／承辦人寫法無法判讀，保留在項目名稱中")
        wcol = self._cell(r, head, "weight", spread=True)
        ocol = self._cell(r, head, "owners", spread=True)
        if wcol:
            try:
                weight = float(wcol.replace("分", "").strip())
            except ValueError:
                self.warn(r, f"配分「{wcol}」不是數字，未匯入")
        if ocol:
            owners = ocol
        if not name:
            self.warn(r, "計畫項目名稱空白")
        item = {"number": number, "name": name, "weight": weight, "owners": owners, "tasks": []}
        self.out.sections.setdefault(sec, []).append(item)
        self.placed[sec] = (self.item_serial, item)
        return item

    def _task(self, r: int, content: str, method: str, kpi: str, status_text: str, note: str,
              period: str, control: str, months: list[int], checks: list[int]) -> dict:
        status = None
        s = squash(status_text)
        if s in STATUSES:
            status = s
        elif (mapped := status_of(s)) is not None:
            status = mapped.value
            note = _join(status_text.strip(), note)
            self.mapped.setdefault(s, (status, []))[1].append(r)
        elif s and s not in DERIVED_ONLY:
            note = _join(status_text, note)
            self.warn(r, f"執行狀態「{status_text}」不是 未開始、執行中、依進度、落後、已完成、暫緩 之一，"
                         "已放入執行情形")
        return {
            "content": content, "months": months, "checkpoints": checks,
            "schedule_note": period, "method": method, "kpi": kpi, "status": status,
            "note": note, "control_number": control,
        }


def _is_roster_header(grid: Grid, r: int) -> bool:
    """The header of a 任務編組 roster (職別/職稱/姓名/任務) written below the table."""
    texts = [squash(t) for t in grid.row_cells(r).values()]
    return len(texts) >= 3 and sum(any(w in t for w in ROSTER_WORDS) and len(t) <= 6 for t in texts) >= 2


def _roster_title(grid: Grid, r: int) -> bool:
    """「附件二 任務編組」 alone on its row, right above a roster header."""
    cells = list(grid.row_cells(r).values())
    return (len(cells) == 1 and len(cells[0]) <= 20 and any(w in cells[0] for w in ("任務編組", "推動小組"))
            and bool(roster_columns(grid, r + 1)))


class _Titles(dict):
    """header row → TitleInfo, plus header row → the title's own row (rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, int] = {}


def read_grid(grid: Grid, year: int | None, warnings: list[ImportWarning]) -> SheetResult:
    """One sheet's control table(s): sections in order of first appearance."""
    return _Walker(grid, year, warnings).run()
