"""The one function that derives a task's state in a report month (DESIGN.md §3).

The grid, the handout and every export call this; nothing else decides a state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop.models.domain import DerivedState, Progress, Status


def latest_status(progress: Mapping[int, Progress], month: int) -> Status | None:
    """The status of the latest report with a status in months 1..month."""
    for m in range(month, 0, -1):
        p = progress.get(m)
        if p is not None and p.status:
            return Status(p.status)
    return None


def derive_state(
    months: Iterable[int], progress: Mapping[int, Progress], month: int
) -> DerivedState:
    """First match wins, in the order DESIGN.md §3 gives."""
    planned = sorted(months)
    status = latest_status(progress, month)
    if status is Status.DONE:
        return DerivedState.DONE
    if status is Status.PAUSED:
        return DerivedState.PAUSED
    if status is Status.BEHIND or (planned and planned[-1] < month):
        return DerivedState.BEHIND
    if month in planned:
        report = progress.get(month)
        if report is None or not report.is_report:
            return DerivedState.UNREPORTED
        return DerivedState.ON_TRACK
    if planned and planned[0] > month:
        return DerivedState.NOT_DUE
    return DerivedState.UNSCHEDULED


YEAR_MASK = 0x1FFE  # bits 1..12: month m is bit m
_KEEP_PLANNED = 4096  # distinct planned-month sets kept (a plan has a few hundred)
_PLANNED: dict[tuple[int, ...], tuple[int, int]] = {}


def _planned_masks(months: tuple[int, ...]) -> tuple[int, int] | None:
    """(planned months, months after the last planned one) as bit masks, kept per month set;
    None when a month is outside 1..12 (then derive_state decides, month by month)."""
    got = _PLANNED.get(months)
    if got is None:
        if any(not (isinstance(m, int) and 1 <= m <= 12) for m in months):
            return None
        planned = 0
        for m in months:
            planned |= 1 << m
        after = YEAR_MASK & ~((2 << (planned.bit_length() - 1)) - 1) if planned else 0
        if len(_PLANNED) >= _KEEP_PLANNED:
            _PLANNED.clear()
        got = _PLANNED[months] = (planned, after)
    return got


def alert_masks(months: Iterable[int], progress: Mapping[int, Progress]) -> tuple[int, int]:
    """The months (bit m for month m) in which derive_state says 落後, and those it says 未填報:
    the same rule for the whole year in one pass, for the section counts of every report month
    (tests/test_state_masks.py compares it with derive_state in every month)."""
    months = tuple(months)
    masks = _PLANNED.get(months) or _planned_masks(months)
    if masks is None:
        states = [(m, derive_state(months, progress, m)) for m in range(1, 13)]
        return (sum(1 << m for m, s in states if s is DerivedState.BEHIND),
                sum(1 << m for m, s in states if s is DerivedState.UNREPORTED))
    planned, after = masks
    if not progress:
        return after, planned
    reported = 0
    changes = []
    for m, p in progress.items():
        if not 1 <= m <= 12:
            continue
        if p.status:
            changes.append((m, _STATUS.get(p.status) or Status(p.status)))
            reported |= 1 << m
        elif p.is_report:
            reported |= 1 << m
    if not changes:
        return after, planned & ~reported
    # months between two reports with a status share the latest status
    changes.sort()
    behind = unreported = 0
    start, status = 1, None
    for m, new in (*changes, (13, None)):
        if m > start:
            span = ((1 << m) - 1) & ~((1 << start) - 1)
            if status is _BEHIND:
                behind |= span
            elif status is not _DONE and status is not _PAUSED:
                behind |= span & after
                unreported |= span & planned & ~reported
        start, status = m, new
    return behind, unreported


_STATUS = {s.value: s for s in Status}  # a StrEnum member finds itself too
_BEHIND, _DONE, _PAUSED = Status.BEHIND, Status.DONE, Status.PAUSED


# Colours for each state, shared by the window legend and the printouts (hex, light fills).
STATE_COLORS: dict[DerivedState, str] = {
    DerivedState.DONE: "#c8e6c9",
    DerivedState.PAUSED: "#e0e0e0",
    DerivedState.BEHIND: "#ffcdd2",
    DerivedState.UNREPORTED: "#ffe0b2",
    DerivedState.ON_TRACK: "#bbdefb",
    DerivedState.NOT_DUE: "#f5f5f5",
    DerivedState.UNSCHEDULED: "#ffffff",
}

ALERT_STATES = (DerivedState.BEHIND, DerivedState.UNREPORTED)
