"""DESIGN.md §3, rule by rule: the derived state of a task in report month M."""

from __future__ import annotations

import random

import pytest

from desktop.models.domain import DerivedState as D
from desktop.models.domain import Progress, Status
from desktop.models.state import ALERT_STATES, STATE_COLORS, derive_state, latest_status

ALL = range(1, 13)


def rep(
    month: int, status: Status | str | None = None, note: str = "", actual: str = ""
) -> Progress:
    return Progress(
        task_id=1,
        month=month,
        status=Status(status) if status else None,
        note=note,
        actual_value=actual,
    )


def reports(*items: Progress) -> dict[int, Progress]:
    return {p.month: p for p in items}


# ------------------------------------------------------------------ each state on its own
def test_rule1_done():
    assert derive_state([5, 6], reports(rep(6, Status.DONE)), 6) is D.DONE


def test_rule2_paused():
    assert derive_state(ALL, reports(rep(3, Status.PAUSED)), 8) is D.PAUSED


def test_rule3_behind_by_report():
    got = derive_state(ALL, reports(rep(4, Status.BEHIND, "人力不足")), 4)
    assert got is D.BEHIND


def test_rule3_behind_by_report_stays_until_a_newer_status():
    # 4月 reported 落後; 5月 and 6月 planned but not yet reported: still 落後, not 未填報
    assert derive_state(ALL, reports(rep(4, Status.BEHIND)), 6) is D.BEHIND


def test_rule3_behind_by_date():
    on_time = reports(rep(5, Status.ON_TRACK), rep(6, Status.IN_PROGRESS))
    assert derive_state([5, 6], on_time, 7) is D.BEHIND


def test_rule3_behind_by_date_without_any_report():
    assert derive_state([2], {}, 3) is D.BEHIND


def test_rule4_unreported():
    assert derive_state(ALL, reports(rep(9, Status.ON_TRACK)), 10) is D.UNREPORTED


def test_rule5_on_track():
    assert derive_state(ALL, reports(rep(10, Status.IN_PROGRESS)), 10) is D.ON_TRACK


def test_rule6_not_due():
    assert derive_state([12], {}, 11) is D.NOT_DUE


def test_rule7_unscheduled_between_planned_months():
    assert derive_state([6, 12], reports(rep(6, Status.ON_TRACK)), 9) is D.UNSCHEDULED


# ------------------------------------------------------------------ precedence
def test_done_beats_behind_by_date():
    assert derive_state([3], reports(rep(3, Status.DONE)), 11) is D.DONE


def test_done_beats_unreported_in_a_later_planned_month():
    # finished early: later planned months need no report
    assert derive_state(ALL, reports(rep(5, Status.DONE)), 9) is D.DONE


def test_paused_beats_behind_by_date():
    assert derive_state([2, 3], reports(rep(3, Status.PAUSED)), 11) is D.PAUSED


def test_paused_beats_unreported():
    assert derive_state(ALL, reports(rep(3, Status.PAUSED)), 4) is D.PAUSED


def test_behind_beats_not_due():
    # 落後 reported before the planned months start still counts
    assert derive_state([10, 11], reports(rep(8, Status.BEHIND)), 9) is D.BEHIND


def test_behind_beats_on_track_when_reported_behind_in_month():
    assert derive_state([7], reports(rep(7, Status.BEHIND, "進度延宕")), 7) is D.BEHIND


def test_latest_status_counts_behind_then_on_track():
    r = reports(rep(5, Status.BEHIND), rep(6, Status.ON_TRACK))
    assert derive_state(ALL, r, 5) is D.BEHIND
    assert derive_state(ALL, r, 6) is D.ON_TRACK


def test_latest_status_counts_done_then_reopened():
    r = reports(rep(4, Status.DONE), rep(6, Status.IN_PROGRESS, "民政局退回補正"))
    assert derive_state(ALL, r, 5) is D.DONE
    assert derive_state(ALL, r, 6) is D.ON_TRACK


def test_latest_status_counts_paused_then_resumed():
    r = reports(rep(3, Status.PAUSED), rep(7, Status.IN_PROGRESS))
    assert derive_state(ALL, r, 6) is D.PAUSED
    assert derive_state(ALL, r, 7) is D.ON_TRACK


def test_reports_after_m_are_ignored():
    r = reports(rep(9, Status.DONE))
    assert derive_state(ALL, r, 8) is D.UNREPORTED
    r = reports(rep(9, Status.BEHIND))
    assert derive_state([12], r, 8) is D.NOT_DUE
    r = reports(rep(9, Status.PAUSED))
    assert derive_state([6, 12], r, 8) is D.UNSCHEDULED


def test_note_only_report_does_not_hide_an_earlier_status():
    # the latest report WITH a status decides rules 1–3; a later note adds none
    r = reports(rep(5, Status.BEHIND), rep(6, note="已調派人力支援"))
    assert derive_state(ALL, r, 6) is D.BEHIND
    r = reports(rep(5, Status.DONE), rep(6, note="補充佐證資料"))
    assert derive_state(ALL, r, 6) is D.DONE


def test_latest_status_helper():
    r = reports(rep(2, Status.BEHIND), rep(4, note="only a note"), rep(7, Status.DONE))
    assert latest_status(r, 1) is None
    assert latest_status(r, 4) is Status.BEHIND
    assert latest_status(r, 6) is Status.BEHIND
    assert latest_status(r, 12) is Status.DONE


# ------------------------------------------------------------------ month boundaries
def test_m_is_first_planned_month():
    assert derive_state([4, 5, 6], {}, 4) is D.UNREPORTED
    assert derive_state([4, 5, 6], reports(rep(4, Status.IN_PROGRESS)), 4) is D.ON_TRACK
    assert derive_state([4, 5, 6], {}, 3) is D.NOT_DUE


def test_m_is_last_planned_month_is_not_yet_behind():
    assert derive_state([4, 5, 6], reports(rep(5, Status.ON_TRACK)), 6) is D.UNREPORTED
    assert derive_state([4, 5, 6], reports(rep(6, Status.ON_TRACK)), 6) is D.ON_TRACK
    assert derive_state([4, 5, 6], reports(rep(6, Status.ON_TRACK)), 7) is D.BEHIND


def test_m_is_january():
    assert derive_state([1], {}, 1) is D.UNREPORTED
    assert derive_state([1], reports(rep(1, Status.ON_TRACK)), 1) is D.ON_TRACK
    assert derive_state([2], {}, 1) is D.NOT_DUE
    assert derive_state(ALL, reports(rep(1, Status.DONE)), 1) is D.DONE


def test_m_is_december():
    assert derive_state([12], {}, 12) is D.UNREPORTED
    assert derive_state([12], reports(rep(12, Status.ON_TRACK)), 12) is D.ON_TRACK
    assert derive_state([11], reports(rep(11, Status.ON_TRACK)), 12) is D.BEHIND
    assert derive_state([11], reports(rep(12, Status.DONE)), 12) is D.DONE


def test_months_order_does_not_matter():
    assert derive_state((12, 3), reports(rep(3, Status.ON_TRACK)), 7) is D.UNSCHEDULED
    assert derive_state({9, 2}, {}, 10) is D.BEHIND


# ------------------------------------------------------------------ no planned months
@pytest.mark.parametrize("month", [1, 6, 12])
def test_unplanned_task_is_unscheduled(month):
    assert derive_state([], {}, month) is D.UNSCHEDULED
    assert (
        derive_state((), reports(rep(month, Status.ON_TRACK, "持續辦理")), month) is D.UNSCHEDULED
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [(Status.DONE, D.DONE), (Status.PAUSED, D.PAUSED), (Status.BEHIND, D.BEHIND)],
)
def test_unplanned_task_follows_its_reported_status(status, expected):
    assert derive_state([], reports(rep(3, status)), 8) is expected


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_TRACK])
def test_unplanned_task_other_statuses_stay_unscheduled(status):
    assert derive_state([], reports(rep(3, status)), 8) is D.UNSCHEDULED


# ------------------------------------------------------------------ what counts as a report (rule 5)
def test_note_only_report_counts():
    assert derive_state([11], reports(rep(11, note="本月受理出生登記 85 件")), 11) is D.ON_TRACK


def test_actual_value_only_report_counts():
    assert derive_state([11], reports(rep(11, actual="61%")), 11) is D.ON_TRACK


def test_blank_note_is_no_report():
    assert derive_state([11], reports(rep(11, note="   ")), 11) is D.UNREPORTED


def test_not_started_in_a_planned_month_is_still_a_report():
    assert derive_state([11], reports(rep(11, Status.NOT_STARTED)), 11) is D.ON_TRACK


def test_report_for_another_month_does_not_count_for_m():
    assert derive_state([10, 11], reports(rep(10, note="已辦理")), 11) is D.UNREPORTED


def test_status_as_plain_string_is_accepted():
    # rows read straight from SQLite carry the status as text
    p = Progress(task_id=1, month=3, status="暫緩")  # type: ignore[arg-type]
    assert derive_state(ALL, {3: p}, 5) is D.PAUSED


# ------------------------------------------------------------------ against the rule text, exhaustively
def _by_the_book(months, progress, m):
    """DESIGN §3 read literally, as an independent check of derive_state."""
    planned = sorted(months)
    latest = next(
        (progress[k].status for k in range(m, 0, -1) if k in progress and progress[k].status),
        None,
    )
    if latest == "已完成":
        return D.DONE
    if latest == "暫緩":
        return D.PAUSED
    if latest == "落後" or (planned and max(planned) < m):
        return D.BEHIND
    has_report = m in progress and progress[m].is_report
    if m in planned and not has_report:
        return D.UNREPORTED
    if m in planned:
        return D.ON_TRACK
    if planned and min(planned) > m:
        return D.NOT_DUE
    return D.UNSCHEDULED


def test_random_cases_match_the_rule_text():
    rnd = random.Random(3)
    statuses = [None, *Status]
    seen = set()
    for _ in range(3000):
        months = sorted(rnd.sample(range(1, 13), rnd.randint(0, 5)))
        progress = {}
        for month in rnd.sample(range(1, 13), rnd.randint(0, 4)):
            status = rnd.choice(statuses)
            note = rnd.choice(["", "", "辦理中", "  "])
            progress[month] = rep(month, status, note)
        m = rnd.randint(1, 12)
        got = derive_state(months, progress, m)
        assert got is _by_the_book(months, progress, m), (months, progress, m)
        seen.add(got)
    assert seen == set(D)


# ------------------------------------------------------------------ shared presentation tables
def test_every_state_has_a_colour():
    assert set(STATE_COLORS) == set(D)
    assert all(c.startswith("#") and len(c) == 7 for c in STATE_COLORS.values())


def test_alert_states_are_behind_and_unreported():
    assert set(ALERT_STATES) == {D.BEHIND, D.UNREPORTED}


def test_state_from_store_reports(store):
    """Reports as the store hands them back give the same states."""
    plan = store.create_plan(115, "臺北市文山區戶政事務所")
    sec = store.add_section(plan.id, "戶籍登記課")
    item = store.add_item(sec.id, "6", "戶籍清查業務")
    task = store.add_task(item.id, content="清查", months=[9, 10, 11, 12])
    store.set_progress(task.id, 9, status="執行中", note="已完成 260 人")
    store.set_progress(task.id, 10, note="已完成 590 人")
    by_month = store.progress_for_plan(plan.id)[task.id]
    assert derive_state(task.months, by_month, 10) is D.ON_TRACK
    assert derive_state(task.months, by_month, 11) is D.UNREPORTED
    store.set_progress(task.id, 11, status="落後", cause="人力不足", remedy="加派人力")
    by_month = store.progress(task.id)
    assert derive_state(task.months, by_month, 11) is D.BEHIND
    assert derive_state(task.months, by_month, 8) is D.NOT_DUE
