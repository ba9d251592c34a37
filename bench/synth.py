"""Synthetic plans of any size for the benchmarks: realistic text lengths, months and reports."""

from __future__ import annotations

import random

from desktop.models.domain import Plan, Status
from desktop.models.store import Store

SECTIONS = ["戶籍登記課", "戶籍資料課", "行政庶務課", "人事室", "會計室", "政風室", "資訊室", "秘書室"]
WORDS = "推動辦理宣導清查稽核作業完成率達百分之百以上民眾服務品質提升戶籍資料管理核發正確無誤"


def _text(rng: random.Random, lo: int, hi: int) -> str:
    n = rng.randint(lo, hi)
    return "".join(rng.choice(WORDS) for _ in range(n))


def make_plan(store: Store, n_tasks: int, year: int = 113, seed: int = 7, month: int = 6) -> Plan:
    """A plan with n_tasks tasks over eight sections, 1–4 tasks an item, reports up to `month`."""
    rng = random.Random(seed)
    sections = []
    per_section = max(1, n_tasks // len(SECTIONS))
    left = n_tasks
    for s_i, name in enumerate(SECTIONS):
        want = left if s_i == len(SECTIONS) - 1 else min(left, per_section)
        left -= want
        items = []
        number = 1
        while want > 0:
            k = min(want, rng.randint(1, 4))
            want -= k
            tasks = []
            for _ in range(k):
                start = rng.randint(1, 12)
                end = rng.randint(start, 12)
                months = list(range(start, end + 1))
                progress = {}
                for m in months:
                    if m <= month and rng.random() < 0.8:
                        status = rng.choice(
                            [Status.ON_TRACK, Status.IN_PROGRESS, Status.BEHIND, Status.DONE]
                        )
                        progress[m] = {"status": status.value, "note": _text(rng, 8, 40)}
                tasks.append({
                    "content": _text(rng, 10, 80),
                    "months": months,
                    "checkpoints": [months[-1]],
                    "kpi": _text(rng, 0, 120),
                    "progress": progress,
                })
            items.append({"number": str(number), "name": _text(rng, 4, 12), "tasks": tasks})
            number += 1
        sections.append({"name": name, "items": items})
    with store.transaction():
        plan = store.create_plan(year, "臺北市測試區戶政事務所", f"{year}年度提升服務品質執行計畫")
        store.insert_sections(plan.id, sections)
    return plan
