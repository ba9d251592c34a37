"""Domain words of DESIGN.md §2 as plain data types.

Months are stored as a 12-bit mask (bit m-1 for month m) and shown to callers as
sorted tuples, so a whole year of planning fits in one integer column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

MONTHS = tuple(range(1, 13))


class Status(StrEnum):
    """執行狀態 as reported by a section for one month."""

    NOT_STARTED = "未開始"
    IN_PROGRESS = "執行中"
    ON_TRACK = "依進度"
    BEHIND = "落後"
    DONE = "已完成"
    PAUSED = "暫緩"


class DerivedState(StrEnum):
    """The state a task is in for a report month (DESIGN.md §3)."""

    DONE = "已完成"
    PAUSED = "暫緩"
    BEHIND = "落後"
    UNREPORTED = "未填報"
    ON_TRACK = "依進度"
    NOT_DUE = "未到期"
    UNSCHEDULED = "本月無排程"


TARGET_OPS = (">=", "<=", "=")


def months_to_mask(months) -> int:
    mask = 0
    for m in months:
        m = int(m)
        if not 1 <= m <= 12:
            raise ValueError(f"月份必須在 1 到 12 之間：{m}")
        mask |= 1 << (m - 1)
    return mask


def mask_to_months(mask: int) -> tuple[int, ...]:
    return tuple(m for m in MONTHS if mask & (1 << (m - 1)))


@dataclass(frozen=True)
class Plan:
    id: int
    year: int  # ROC year
    office: str = ""
    title: str = ""
    approved_on: str = ""  # ISO date or empty
    doc_number: str = ""


@dataclass(frozen=True)
class Section:
    id: int
    plan_id: int
    name: str
    position: int


@dataclass(frozen=True)
class Item:
    id: int
    section_id: int
    number: str
    name: str
    position: int
    weight: float | None = None
    owners: str = ""


@dataclass(frozen=True)
class Task:
    id: int
    item_id: int
    position: int
    content: str = ""
    months: tuple[int, ...] = ()
    checkpoints: tuple[int, ...] = ()
    schedule_note: str = ""
    method: str = ""
    kpi: str = ""
    target_op: str | None = None
    target_value: float | None = None
    target_unit: str = ""
    control_number: str = ""
    carried_from: int | None = None  # 延續未完成: the ROC year it was left unfinished in


@dataclass(frozen=True)
class Progress:
    task_id: int
    month: int
    status: Status | None = None
    note: str = ""
    actual_value: str = ""
    cause: str = ""  # 落後原因
    remedy: str = ""  # 因應對策
    entered_at: str = ""  # ISO timestamp

    @property
    def is_report(self) -> bool:
        """A row counts as a report when it says anything at all."""
        return bool(self.status or self.note.strip() or self.actual_value.strip())


@dataclass(frozen=True)
class TaskForceMember:
    id: int
    plan_id: int
    position: int
    role: str = ""  # 職別
    title: str = ""  # 職稱
    name: str = ""  # 姓名
    duty: str = ""  # 任務


@dataclass
class ItemTree:
    """An item with its tasks and their progress, as the grid and the exports read it."""

    item: Item
    tasks: list[Task] = field(default_factory=list)


TASK_FIELDS = (
    "content",
    "months",
    "checkpoints",
    "schedule_note",
    "method",
    "kpi",
    "target_op",
    "target_value",
    "target_unit",
    "control_number",
    "carried_from",
)
ITEM_FIELDS = ("number", "name", "weight", "owners")
PROGRESS_FIELDS = ("status", "note", "actual_value", "cause", "remedy")


def months_text(months) -> str:
    """(3, 4, 5, 9) → '3～5月、9月': a planned schedule as people say it; () → ''."""
    runs: list[tuple[int, int]] = []
    for m in sorted(set(months)):
        if runs and m == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return "、".join(f"{a}月" if a == b else f"{a}～{b}月" for a, b in runs)
