"""DESIGN.md §3a: the KPI result rule, table-driven."""

from __future__ import annotations

import pytest

from desktop.models.domain import Progress, Task
from desktop.models.kpi import (
    KpiResult,
    actual_problem,
    month_results,
    parse_actual,
    target_text,
    year_result,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [("95", 95.0), ("95%", 95.0), ("９５％", 95.0), ("1,200", 1200.0), (" 100％ ", 100.0),
     ("0.5", 0.5), ("-3", -3.0), ("九成", None), ("約95", None), ("95件", None), ("", None),
     ("1,20", None), ("12,345.6", 12345.6)],
)
def test_parse_actual(text, number):
    assert parse_actual(text) == number


def test_actual_problem_names_the_text():
    assert actual_problem("95%") == ""
    assert actual_problem("") == ""
    assert "九成" in actual_problem("九成")


def _task(op=">=", value=60.0, months=(3, 6, 9, 12), checkpoints=(6, 12), unit="%"):
    return Task(id=1, item_id=1, position=0, months=months, checkpoints=checkpoints,
                target_op=op, target_value=value, target_unit=unit)


def _p(**actuals):
    return {int(m[1:]): Progress(task_id=1, month=int(m[1:]), actual_value=v) for m, v in actuals.items()}


@pytest.mark.parametrize(
    ("op", "value", "actual", "result"),
    [(">=", 60, "60", KpiResult.MET), (">=", 60, "59.9", KpiResult.MISSED),
     ("<=", 0, "0", KpiResult.MET), ("<=", 0, "1", KpiResult.MISSED),
     ("=", 12, "12.4", KpiResult.MET), ("=", 12, "12.6", KpiResult.MISSED),
     ("=", 1.5, "1.54", KpiResult.MET), ("=", 1.5, "1.56", KpiResult.MISSED),
     (">=", 60, "九成", KpiResult.MISSING)],
)
def test_month_result(op, value, actual, result):
    assert month_results(_task(op, value), _p(m6=actual))[6] is result


@pytest.mark.parametrize(
    ("actuals", "month", "result"),
    [({}, 5, KpiResult.NOT_DUE), ({}, 6, KpiResult.MISSING), ({"m6": "70"}, 6, KpiResult.MET),
     ({"m6": "70"}, 12, KpiResult.MISSING), ({"m6": "70", "m12": "50"}, 12, KpiResult.MISSED),
     ({"m6": "50"}, 12, KpiResult.MISSED), ({"m6": "70", "m12": "80"}, 12, KpiResult.MET)],
)
def test_year_result(actuals, month, result):
    assert year_result(_task(), _p(**actuals), month) is result


def test_no_checkpoints_checks_the_last_planned_month():
    task = _task(checkpoints=())
    assert list(month_results(task, {})) == [12]


def test_no_target_no_result():
    task = Task(id=1, item_id=1, position=0, months=(1,))
    assert month_results(task, {}) == {}
    assert year_result(task, {}, 12) is None
    assert target_text(task) == ""
    assert target_text(_task()) == "≥ 60 %"
