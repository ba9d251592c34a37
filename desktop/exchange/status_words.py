"""The words offices write in a 執行狀態 column, mapped onto `Status` (issue 9).

大安戶所 writes 「已開始執行」 and 「依期程執行」; others write 「辦理中」, 「執行完畢」 …
`status_of` gives the Status for such a word (or None when it names none). The reader keeps
the original word in the note and warns once per sheet with what it mapped.
"""

from __future__ import annotations

import re

from desktop.models.domain import Status

WORDS: dict[str, Status] = {}
for _status, _words in (
    (Status.IN_PROGRESS, ("已開始執行", "開始執行", "執行中", "辦理中", "進行中", "處理中", "持續執行中",
                          "持續辦理中", "賡續辦理中", "已執行")),
    (Status.ON_TRACK, ("依期程執行", "依期程辦理", "依進度", "按進度", "依進度執行", "依進度辦理",
                       "按進度執行", "依計畫執行", "依計畫辦理", "依計畫進度", "如期執行", "進度正常")),
    (Status.DONE, ("已完成", "執行完畢", "完成", "辦理完成", "已辦理完成", "已辦竣", "辦竣", "已結案",
                   "結案", "如期完成", "執行完成")),
    (Status.NOT_STARTED, ("未開始", "尚未執行", "未執行", "尚未開始", "尚未辦理", "未辦理")),
    (Status.PAUSED, ("暫緩", "暫停", "暫停辦理", "暫緩辦理", "暫緩執行", "暫停執行")),
    (Status.BEHIND, ("落後", "延遲", "進度落後", "延宕", "落後中", "延誤")),
):
    for _w in _words:
        WORDS[_w] = _status

_TRIM = re.compile(r"[\s。．.，,、！!]+")


def status_of(text: str) -> Status | None:
    """「已開始執行」 → 執行中; 「依期程執行。」 → 依進度; a word naming no status → None."""
    return WORDS.get(_TRIM.sub("", text or ""))
