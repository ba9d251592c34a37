"""alert_masks (the section counts' whole-year pass) says what derive_state says, every month."""

from __future__ import annotations

import random

from desktop.models.domain import DerivedState, Progress, Status
from desktop.models.state import alert_masks, derive_state


def _random_task(rng: random.Random) -> tuple[tuple[int, ...], dict[int, Progress]]:
    kind = rng.random()
    if kind < 0.1:
        months: list[int] = []
    elif kind < 0.5:
        start = rng.randint(1, 12)
        months = list(range(start, rng.randint(start, 12) + 1))
    else:
        months = rng.sample(range(1, 13), rng.randint(1, 12))  # unsorted, with gaps
    progress = {}
    for m in rng.sample(range(1, 13), rng.randint(0, 12)):
        status = rng.choice([None, None, *Status])
        note = rng.choice(["", "", "  ", "已辦理"])
        actual = rng.choice(["", "", "95%"])
        progress[m] = Progress(task_id=1, month=m, status=status, note=note, actual_value=actual)
    return tuple(months), progress


def _expected(months, progress) -> tuple[int, int]:
    behind = unreported = 0
    for m in range(1, 13):
        state = derive_state(months, progress, m)
        behind |= (state is DerivedState.BEHIND) << m
        unreported |= (state is DerivedState.UNREPORTED) << m
    return behind, unreported


def test_alert_masks_match_derive_state_in_every_month():
    rng = random.Random(10)
    for _ in range(5000):
        months, progress = _random_task(rng)
        assert alert_masks(months, progress) == _expected(months, progress), (months, progress)


def test_alert_masks_edge_cases():
    cases = [
        ((), {}),
        ((12,), {}),
        ((1,), {}),
        ((5, 3), {3: Progress(1, 3, Status.DONE)}),
        ((5, 6), {2: Progress(1, 2, Status.PAUSED), 7: Progress(1, 7, Status.IN_PROGRESS)}),
        ((5, 6), {5: Progress(1, 5, None, note="寫了說明")}),  # a report without a status
        ((5, 6), {5: Progress(1, 5, None, note="   ")}),  # only spaces: no report
        ((4,), {9: Progress(1, 9, "落後")}),  # a status kept as text
        ((4,), {1: Progress(1, 1, Status.BEHIND), 3: Progress(1, 3, Status.ON_TRACK)}),
        ((0, 13), {}),  # months outside the year: derive_state decides
        ((3,), {-1: Progress(1, -1, Status.DONE), 0: Progress(1, 0, Status.DONE),
                13: Progress(1, 13, Status.BEHIND)}),
    ]
    for months, progress in cases:
        assert alert_masks(months, progress) == _expected(months, progress), (months, progress)
