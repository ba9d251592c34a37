"""Suggested targets: the structured target (≥ / ≤ / = value unit) a plan states in words.

Most plans write the target into the 考核指標 text or into the 工作內容 itself
(「新住民關懷訪視案件同意率達60%以上」). These rules read it so the window can *offer* it;
nothing here writes. A text with two different targets, or none, gives no suggestion.
Pure functions, beside `state.py` and `kpi.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.models.domain import Item, ItemTree, Section, Task


@dataclass(frozen=True)
class Suggestion:
    op: str  # >= | <= | =
    value: float
    unit: str
    phrase: str  # the words it was read from

    @property
    def key(self) -> tuple[str, float, str]:
        return (self.op, self.value, self.unit)

    def fields(self) -> dict:
        return {"target_op": self.op, "target_value": self.value, "target_unit": self.unit}


UNITS = ("人次", "梯次", "工作日", "小時", "分鐘", "%", "件", "次", "種", "日", "天", "份", "場",
         "人", "家", "則", "篇", "戶", "箱", "張", "項", "處", "位", "名", "本", "期", "堂", "門")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|[一二兩三四五六七八九十百]+"
_AMOUNT = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<wan>萬)?\s*(?:個)?\s*(?P<unit>{'|'.join(map(re.escape, UNITS))})")
_CLAUSE_END = "，。；、,;\n()（）「」*"
_CLAUSE = re.compile(rf"[^{re.escape(_CLAUSE_END)}]+")

# What stands right after the amount, and right before it.
_AT_LEAST_AFTER = re.compile(r"\s*(?:\(含\)|（含）)?\s*以上")
_AT_MOST_AFTER = re.compile(r"\s*(?:\(含\)|（含）)?\s*(?:以下|以內|內)")
_AT_LEAST_BEFORE = re.compile(r"(?:至少|最少|不少於|不低於)[^\d，。；、,;\s]{0,10}$")
_AT_MOST_BEFORE = re.compile(r"(?:不超過|不得超過|未超過|至多|最多)[^\d，。；、,;\s]{0,6}$")
_RATE_BEFORE = re.compile(r"(?P<name>[^\d，。；、,;\s]{0,5})率\s*(?:應|須|需)?(?:達到|達|為)?\s*$")
_REACH_BEFORE = re.compile(r"(?:應|須|需)?達(?:到)?\s*$")
_COUNT_BEFORE = re.compile(r"(?:總計|合計|共計|計|共|每年|全年|全年度|件數\s*[:：]?)\s*$")
_NEGATIVE_RATE = re.compile(r"未|不|誤|錯|缺失|逾期|遲")
_TIME_UNITS = {"日", "天", "小時", "分鐘", "工作日"}
_COUNT_UNITS = {"次", "場", "梯次", "人次", "件", "份", "種", "篇", "則"}  # not 項: 「共計47項」 describes


def _number(text: str) -> float | None:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in ("十", "百"):
            total += (1 if digit is None else digit) * (10 if ch == "十" else 100)
            digit = None
        else:  # pragma: no cover - the pattern only lets these characters through
            return None
    return float(total + (digit or 0))


def _op(before: str, after: str, unit: str, value: float) -> str | None:
    """Which comparison the words around an amount state; None when they state none."""
    if _AT_LEAST_AFTER.match(after):
        return ">="
    if _AT_MOST_AFTER.match(after):
        return "<=" if (after.lstrip().startswith("以") or unit in _TIME_UNITS) else None
    if _AT_LEAST_BEFORE.search(before):
        return ">="
    if _AT_MOST_BEFORE.search(before):
        return "<="
    rate = _RATE_BEFORE.search(before) if unit == "%" else None
    if rate is not None:
        return "<=" if value == 0 or _NEGATIVE_RATE.search(rate.group("name")) else ">="
    if _REACH_BEFORE.search(before) or (unit in _COUNT_UNITS and _COUNT_BEFORE.search(before)):
        return ">="
    return None


def find_targets(text: str) -> list[Suggestion]:
    """Every target the words state, in order (the same target twice is listed once)."""
    folded = unicodedata.normalize("NFKC", text or "")
    found: dict[tuple, Suggestion] = {}
    for clause in _CLAUSE.finditer(folded):
        words = clause.group()
        for m in _AMOUNT.finditer(words):
            value = _number(m.group("num"))
            if value is None:
                continue
            if m.group("wan"):
                value *= 10000
            unit = m.group("unit")
            op = _op(words[:m.start()], words[m.end():], unit, value)
            if op is None:
                continue
            suggestion = Suggestion(op, value, "日" if unit == "工作日" else unit, words.strip(" :"))
            found.setdefault(suggestion.key, suggestion)
    return list(found.values())


def read_target(text: str) -> Suggestion | None:
    """The one target a text states; None for none or for two different ones."""
    targets = find_targets(text)
    return targets[0] if len(targets) == 1 else None


def suggest(task: Task) -> Suggestion | None:
    """A suggestion for a task without a structured target: from its 考核指標 text, else
    (when that states none) from its 工作內容. Two targets in the text read → none."""
    if task.target_op is not None and task.target_value is not None:
        return None
    from_kpi = find_targets(task.kpi)
    if from_kpi:
        return from_kpi[0] if len(from_kpi) == 1 else None
    return read_target(task.content)


def suggestion_text(s: Suggestion) -> str:
    from desktop.models.kpi import format_target

    return format_target(s.op, s.value, s.unit)


def plan_suggestions(tree: list[tuple[Section, list[ItemTree]]]) -> list[tuple[Section, Item, Task, Suggestion]]:
    """Every task of a plan (`Store.plan_tree`) that has a suggestion, in table order."""
    return [(section, node.item, task, s)
            for section, nodes in tree for node in nodes for task in node.tasks
            if (s := suggest(task)) is not None]
