"""The Qt item models without a view: roles per column, edits reaching the database."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop.models.domain import DerivedState, Status
from desktop.models.plan_data import PlanData
from desktop.models.progress_model import (
    P_CAUSE,
    P_ENTERED,
    P_MONTH,
    P_NOTE,
    P_STATUS,
    ProgressTableModel,
    needs_cause,
)
from desktop.models.qt_models import (
    ALERT_COUNT_ROLE,
    CHECKPOINT_ROLE,
    COL_CONTENT,
    COL_ITEM,
    COL_KPI,
    COL_MONTH1,
    COL_NUMBER,
    COL_STATE,
    COLUMN_COUNT,
    FIRST_ROW_ROLE,
    HEADERS,
    LAST_ROW_ROLE,
    PLANNED_ROLE,
    SECTION_ID_ROLE,
    STATE_ROLE,
    TASK_COUNT_ROLE,
    TASK_ID_ROLE,
    GridModel,
    SectionListModel,
    column_of_month,
)
from desktop.models.state import STATE_COLORS
from desktop.models.store import Store

SECTIONS = [
    {
        "name": "戶籍登記課",
        "items": [
            {"number": "1", "name": "戶籍登記", "tasks": [
                {"content": "出生登記", "months": [1, 2, 3], "checkpoints": [3], "kpi": "正確率100%",
                 "progress": {1: {"status": "依進度", "note": "已辦理"}}},
                {"content": "死亡登記", "months": [5], "kpi": ""},
            ]},
            {"number": "2", "name": "國籍業務", "tasks": [
                {"content": "歸化測試", "months": [2, 3, 4],
                 "progress": {3: {"status": "落後", "note": "人力不足"}}},
            ]},
            {"number": "3", "name": "空項目", "tasks": []},
        ],
    },
    {"name": "人事室", "items": [
        {"number": "1", "name": "訓練", "tasks": [{"content": "教育訓練", "months": [6]}]},
    ]},
]


@pytest.fixture
def data(store: Store) -> PlanData:
    plan = store.create_plan(115, "臺北市文山區戶政事務所", "測試計畫")
    store.insert_sections(plan.id, SECTIONS)
    return PlanData(store, plan.id)


@pytest.fixture
def grid(data: PlanData) -> GridModel:
    model = GridModel(data)
    model.report_month = 3
    model.set_section(data.sections[0].id)
    return model


def reopen(store: Store) -> Store:
    return Store(store.path)


def test_model_tester_over_every_model(qtbot, sample_store: Store):
    plan = sample_store.plans()[0]
    data = PlanData(sample_store, plan.id)
    grid = GridModel(data)
    sections = SectionListModel(data)
    progress = ProgressTableModel(data)
    testers = [
        QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
        for m in (grid, sections, progress)
    ]
    for sec in data.sections:
        grid.set_section(sec.id)
        assert grid.rowCount() >= 1
        grid.set_report_month(5)
    first_task = next(r.task for r in grid.rows if r.task is not None)
    progress.set_task(first_task.id)
    assert progress.rowCount() == 12
    progress.setData(progress.index(4, P_NOTE), "五月辦理情形")
    sections.set_report_month(7)
    grid.setData(grid.index(0, COL_MONTH1), True, PLANNED_ROLE)
    assert len(testers) == 3


def test_grid_rows_group_tasks_under_items(grid: GridModel):
    assert grid.columnCount() == COLUMN_COUNT == 17
    assert [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(COLUMN_COUNT)] == HEADERS
    assert grid.rowCount() == 4  # 2 + 1 tasks, and a row for the empty item
    assert grid.data(grid.index(0, COL_NUMBER)) == "1"
    assert grid.data(grid.index(0, COL_ITEM)) == "戶籍登記"
    # the item's name shows on its first row only, but edits see it on every row
    assert grid.data(grid.index(1, COL_ITEM)) == ""
    assert grid.data(grid.index(1, COL_ITEM), Qt.ItemDataRole.EditRole) == "戶籍登記"
    assert grid.data(grid.index(0, COL_ITEM), FIRST_ROW_ROLE)
    assert not grid.data(grid.index(0, COL_ITEM), LAST_ROW_ROLE)
    assert grid.data(grid.index(1, COL_ITEM), LAST_ROW_ROLE)
    assert grid.data(grid.index(1, COL_CONTENT)) == "死亡登記"
    assert grid.data(grid.index(0, COL_KPI)) == "正確率100%"
    empty = grid.index(3, COL_CONTENT)
    assert grid.data(grid.index(3, COL_ITEM)) == "空項目"
    assert grid.data(empty, TASK_ID_ROLE) is None
    assert not grid.flags(empty) & Qt.ItemFlag.ItemIsEditable


def test_grid_month_and_state_roles(grid: GridModel):
    jan, mar, apr = (grid.index(0, column_of_month(m)) for m in (1, 3, 4))
    assert grid.data(jan, PLANNED_ROLE) is True
    assert grid.data(apr, PLANNED_ROLE) is False
    assert grid.data(mar, CHECKPOINT_ROLE) is True
    assert grid.data(mar) == "◆"
    assert not grid.flags(mar) & Qt.ItemFlag.ItemIsEditable
    # report month 3: task 1 planned in 3 without a March report -> 未填報
    state = grid.index(0, COL_STATE)
    assert grid.data(state) == "未填報"
    assert grid.data(state, STATE_ROLE) is DerivedState.UNREPORTED
    brush = grid.data(state, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == STATE_COLORS[DerivedState.UNREPORTED]
    assert grid.data(grid.index(2, COL_STATE)) == "落後"
    assert grid.data(grid.index(1, COL_STATE)) == "未到期"
    grid.set_report_month(6)
    assert grid.data(grid.index(1, COL_STATE)) == "落後"  # last planned month 5 passed


def test_grid_set_data_stores_text(grid: GridModel, store: Store):
    idx = grid.index(0, COL_CONTENT)
    task_id = grid.data(idx, TASK_ID_ROLE)
    assert grid.setData(idx, "出生登記（含外籍配偶）")
    assert grid.data(idx) == "出生登記（含外籍配偶）"
    assert grid.setData(grid.index(1, COL_ITEM), "戶籍登記業務")
    assert grid.setData(grid.index(0, COL_KPI), "正確率達100%")
    assert not grid.setData(grid.index(0, COL_KPI), "正確率達100%")  # unchanged: no edit
    other = reopen(store)
    try:
        task = other.task(task_id)
        assert task.content == "出生登記（含外籍配偶）"
        assert task.kpi == "正確率達100%"
        assert other.item(task.item_id).name == "戶籍登記業務"
    finally:
        other.close()


def test_grid_toggle_month_changes_only_that_row(qtbot, grid: GridModel, store: Store):
    idx = grid.index(1, column_of_month(7))
    task_id = grid.data(idx, TASK_ID_ROLE)
    with qtbot.waitSignal(grid.dataChanged) as blocker:
        assert grid.setData(idx, True, PLANNED_ROLE)
    top, bottom = blocker.args[0], blocker.args[1]
    assert top.row() == bottom.row() == 1
    assert top.column() >= COL_MONTH1 and bottom.column() <= COL_STATE
    assert grid.data(idx, PLANNED_ROLE) is True
    assert store.task(task_id).months == (5, 7)
    assert grid.setData(grid.index(1, column_of_month(7)), True, CHECKPOINT_ROLE)
    assert store.task(task_id).checkpoints == (7,)
    assert grid.set_month_run(1, 9, 11, True)
    assert store.task(task_id).months == (5, 7, 9, 10, 11)
    assert grid.set_month_run(1, 10, 5, False)
    assert reopen(store).task(task_id).months == (11,)


def test_section_list_counts_and_badge(data: PlanData):
    model = SectionListModel(data)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_report_month(3)
    assert model.rowCount() == 2
    first = model.index(0)
    assert first.data() == "戶籍登記課"
    assert first.data(SECTION_ID_ROLE) == data.sections[0].id
    assert first.data(TASK_COUNT_ROLE) == 3
    assert first.data(ALERT_COUNT_ROLE) == 2  # 出生登記 未填報, 歸化測試 落後
    model.set_report_month(1)
    assert first.data(ALERT_COUNT_ROLE) == 0
    assert model.index(1).data(TASK_COUNT_ROLE) == 1


def test_progress_model_edits_and_cause_hint(data: PlanData, store: Store):
    model = ProgressTableModel(data)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    task_id = data.trees[data.sections[0].id][0].tasks[0].id
    model.set_task(task_id)
    assert model.data(model.index(0, P_STATUS)) == "依進度"
    assert model.data(model.index(0, P_NOTE)) == "已辦理"
    assert model.data(model.index(2, P_MONTH)) == "3月 ▬◆"
    entered = model.data(model.index(0, P_ENTERED))
    assert re.fullmatch(r"1\d\d/\d\d/\d\d", entered)  # ROC form, e.g. 115/11/22
    assert model.setData(model.index(1, P_STATUS), "落後")
    rep = model.report(2)
    assert rep.status is Status.BEHIND and needs_cause(rep)
    assert model.data(model.index(1, P_CAUSE), Qt.ItemDataRole.BackgroundRole) is not None
    assert "落後原因" in model.data(model.index(1, P_CAUSE), Qt.ItemDataRole.ToolTipRole)
    assert not model.setData(model.index(1, P_STATUS), "不明狀態")
    assert model.setData(model.index(1, P_CAUSE), "人力不足")
    assert model.setData(model.index(1, P_CAUSE + 1), "加派人力")
    assert not needs_cause(model.report(2))
    other = reopen(store)
    try:
        p = other.progress(task_id)[2]
        assert (p.status, p.cause, p.remedy) == (Status.BEHIND, "人力不足", "加派人力")
    finally:
        other.close()
    # clearing the status removes an otherwise empty report
    model.setData(model.index(0, P_NOTE), "")
    model.setData(model.index(0, P_STATUS), "")
    assert 1 not in store.progress(task_id)
