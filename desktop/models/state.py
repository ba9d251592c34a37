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
