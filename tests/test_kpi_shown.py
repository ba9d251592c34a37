"""KPI results (DESIGN.md §3a) shown beyond the dock: the grid's month markers and tooltips,
月報檢視, the handout and the bureau workbook. The rule itself is tested in test_kpi.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.models.kpi import KpiResult, actual_problem
from desktop.models.plan_data import DirectEdits, PlanData
from desktop.models.qt_models import COL_KPI, KPI_RESULT_ROLE, GridModel, column_of_month
from desktop.models.review_model import R_ACTUAL, R_KPI, ReviewModel
from desktop.models.store import Store

SECTIONS = [
    {"name": "戶籍登記課", "items": [
        {"number": "1", "name": "新住民關懷", "tasks": [
            {"content": "新住民關懷訪視", "months": [1, 2, 3, 4, 5, 6], "checkpoints": [3, 6],
             "kpi": "同意率達60%以上", "target_op": ">=", "target_value": 60.0, "target_unit": "%",
             "progress": {3: {"status": "依進度", "note": "已訪視", "actual_value": "65%"},
                          6: {"status": "依進度", "note": "續辦", "actual_value": "九成"}}},
            {"content": "未處理案件清查", "months": [2, 5], "checkpoints": [5],
             "kpi": "未處理率0%", "target_op": "<=", "target_value": 0.0, "target_unit": "%",
             "progress": {5: {"status": "落後", "note": "尚有積案", "cause": "人力不足",
                              "remedy": "加派人力", "actual_value": "3%"}}},
            {"content": "沒有目標的工作", "months": [4], "kpi": ""},
        ]},
    ]},
]


@pytest.fixture
def plan_id(store: Store) -> int:
    plan_id = store.create_plan(115, "臺北市文山區戶政事務所", "考核測試").id
    store.insert_sections(plan_id, SECTIONS)
    return plan_id


@pytest.fixture
def grid(store: Store, plan_id: int) -> GridModel:
    """The grid of the one section in report month 6."""
    data = PlanData(store, plan_id)
    model = GridModel(data)
    model.report_month = 6
    model.set_section(data.sections[0].id)
    return model


def test_grid_marks_each_checked_month_with_its_result(grid: GridModel):
    def result(row: int, month: int):
        return grid.data(grid.index(row, column_of_month(month)), KPI_RESULT_ROLE)

    assert result(0, 3) is KpiResult.MET
    assert result(0, 6) is KpiResult.MISSING  # 「九成」 is not a number
    assert result(0, 4) is None  # not a checked month
    assert result(1, 5) is KpiResult.MISSED
    assert result(2, 4) is None  # no target at all


def test_grid_month_tooltip_names_target_actual_and_result(grid: GridModel):
    tip = grid.data(grid.index(0, column_of_month(3)), Qt.ItemDataRole.ToolTipRole)
    assert "目標 ≥ 60 %" in tip and "實際 65%" in tip and "考核結果：達成" in tip
    tip6 = grid.data(grid.index(0, column_of_month(6)), Qt.ItemDataRole.ToolTipRole)
    assert "考核結果：未填" in tip6 and "不是數字" in tip6


def test_grid_kpi_tooltip_gives_the_year_result(grid: GridModel):
    tip = grid.data(grid.index(1, COL_KPI), Qt.ItemDataRole.ToolTipRole)
    assert "考核結果（至6月）：未達成" in tip and "5月 3% 未達成" in tip
    assert grid.data(grid.index(2, COL_KPI), Qt.ItemDataRole.ToolTipRole) in (None, "")


def test_grid_marker_follows_a_new_actual_value(qtbot, grid: GridModel):
    task = grid.rows[0].task
    assert task is not None
    with qtbot.waitSignal(grid.dataChanged):
        grid.edits.progress_fields(task.id, 6, {"actual_value": "55"}, "填寫實際值")
    assert grid.data(grid.index(0, column_of_month(6)), KPI_RESULT_ROLE) is KpiResult.MISSED
    grid.edits.task_fields(task.id, {"target_value": 50.0}, "修改目標值")
    assert grid.data(grid.index(0, column_of_month(6)), KPI_RESULT_ROLE) is KpiResult.MET


def test_grid_view_paints_the_mark_in_the_results_colour(qtbot, grid: GridModel):
    from PySide6.QtGui import QColor

    from desktop.models.kpi import KPI_COLORS
    from desktop.views.grid_view import GridView

    view = GridView()
    qtbot.addWidget(view)
    view.setModel(grid)
    view.resize(1300, 500)
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()

    def colours(row: int, month: int) -> set[str]:
        rect = view.visualRect(grid.index(row, column_of_month(month)))
        return {QColor(image.pixel(x, y)).name() for x in range(rect.left(), rect.right())
                for y in range(rect.top(), rect.bottom())}

    assert KPI_COLORS[KpiResult.MET] in colours(0, 3)
    assert KPI_COLORS[KpiResult.MISSING] in colours(0, 6)
    assert KPI_COLORS[KpiResult.MISSED] in colours(1, 5)
    assert KPI_COLORS[KpiResult.MET] not in colours(0, 4)


def _review(store: Store, plan_id: int, month: int) -> ReviewModel:
    data = PlanData(store, plan_id)
    model = ReviewModel(data, month=month)
    model.edits = DirectEdits(data, model)
    return model


def _row_of(model: ReviewModel, content: str) -> int:
    return next(r for r, row in enumerate(model.rows) if row.task.content == content)


def test_review_shows_actual_and_result_of_tasks_checked_in_the_month(store: Store, plan_id: int):
    model = _review(store, plan_id, 3)
    r = _row_of(model, "新住民關懷訪視")
    assert model.headerData(R_ACTUAL, Qt.Orientation.Horizontal) == "實際值"
    assert model.headerData(R_KPI, Qt.Orientation.Horizontal) == "考核結果"
    assert model.index(r, R_ACTUAL).data() == "65%"
    assert model.index(r, R_KPI).data() == "達成"
    assert "≥ 60 %" in model.index(r, R_KPI).data(Qt.ItemDataRole.ToolTipRole)
    assert model.flags(model.index(r, R_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    # in May it is planned but not checked: no actual to enter, no result
    five = _review(store, plan_id, 5)
    r5 = _row_of(five, "新住民關懷訪視")
    assert five.index(r5, R_KPI).data() == ""
    assert not five.flags(five.index(r5, R_ACTUAL)) & Qt.ItemFlag.ItemIsEditable
    assert five.index(_row_of(five, "未處理案件清查"), R_KPI).data() == "未達成"


def test_review_keeps_a_non_number_actual_and_says_why(store: Store, plan_id: int):
    model = _review(store, plan_id, 3)
    r = _row_of(model, "新住民關懷訪視")
    task_id = model.rows[r].task.id
    assert model.setData(model.index(r, R_ACTUAL), "約95")
    assert store.progress(task_id)[3].actual_value == "約95"  # kept as typed
    r = _row_of(model, "新住民關懷訪視")
    assert model.index(r, R_ACTUAL).data() == "約95"
    assert model.index(r, R_KPI).data() == "未填"
    tip = model.index(r, R_ACTUAL).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == actual_problem("約95")
    assert model.actual_problems() == [f"新住民關懷訪視：{actual_problem('約95')}"]
    assert model.setData(model.index(r, R_ACTUAL), "９５％")
    assert model.index(_row_of(model, "新住民關懷訪視"), R_KPI).data() == "達成"
    assert model.actual_problems() == []


def test_review_window_shows_the_message_for_a_non_number(sample_window, qtbot):
    from desktop.views.monthly_review import MonthlyReview

    w = sample_window
    row = next(r for r in w.data.trees[w.data.sections[0].id] if r.tasks)
    task = row.tasks[0]
    w.edits.task_fields(task.id, {"target_op": ">=", "target_value": 60.0, "target_unit": "%",
                                  "checkpoints": (w.report_month,)}, "修改目標值")
    review = MonthlyReview(w)
    qtbot.addWidget(review)
    model = review.model
    r = next(i for i, rr in enumerate(model.rows) if rr.task.id == task.id)
    assert model.setData(model.index(r, R_ACTUAL), "九成")
    assert review.actual_hint.isVisibleTo(review)
    assert "九成" in review.actual_hint.text() and "不是數字" in review.actual_hint.text()
    w.undo_stack.undo()
    assert not review.actual_hint.isVisibleTo(review)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_handout_counts_the_months_kpi_results_per_section(store: Store, plan_id: int):
    from desktop.printing.handout import handout_data

    plan = store.plan(plan_id)
    assert handout_data(store, plan, 3).summaries[0].kpi == {KpiResult.MET: 1}
    may = handout_data(store, plan, 5)
    assert may.summaries[0].kpi == {KpiResult.MISSED: 1}
    assert may.totals.kpi == {KpiResult.MISSED: 1} and may.checked == 1
    assert handout_data(store, plan, 6).summaries[0].kpi == {KpiResult.MISSING: 1}
    assert handout_data(store, plan, 4).checked == 0


def test_handout_pdf_lists_the_result_in_the_rows_and_the_summary(store: Store, plan_id: int, tmp_path):
    from pypdf import PdfReader

    from desktop.printing.handout import write_handout

    plan = store.plan(plan_id)
    flat = _flat("".join(p.extract_text() for p in PdfReader(write_handout(store, plan, 5, tmp_path / "5.pdf")).pages))
    assert "考核指標達成情形（5月考核）" in flat
    assert _flat("戶籍登記課 1 0 1 0") in flat  # 考核工作數, 達成, 未達成, 未填
    # 未處理案件清查 is 落後 in May: both the alert list and the month list say its result
    assert flat.count(_flat("考核：未達成（≤ 0 %，實際 3%）")) == 2
    flat6 = _flat("".join(p.extract_text() for p in PdfReader(write_handout(store, plan, 6, tmp_path / "6.pdf")).pages))
    assert _flat("考核：未填（≥ 60 %，實際 九成）") in flat6
    flat4 = _flat("".join(p.extract_text() for p in PdfReader(write_handout(store, plan, 4, tmp_path / "4.pdf")).pages))
    assert "本月（4月）沒有考核月份的工作" in flat4


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_workbook_has_a_kpi_result_column_the_importer_reads_back_as_nothing(store: Store, plan_id: int,
                                                                              tmp_path, fmt):
    from datetime import date

    from desktop.exchange.reader_headers import role_of
    from desktop.exchange.reader_ods import grids_from_ods
    from desktop.exchange.table_import import read_table_file
    from desktop.exchange.workbook import write_bureau_workbook

    def export(s: Store, pid: int, name: str):
        return write_bureau_workbook(s, s.plan(pid), tmp_path / f"{name}.{fmt}", fmt=fmt, month=6,
                                     today=date(2026, 7, 1))

    def cells(path) -> list:
        if fmt == "ods":
            return [(g.name, g.text, g.filled, sorted(g.merges)) for g in grids_from_ods(path)]
        import openpyxl
        wb = openpyxl.load_workbook(path)
        return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows()
                for c in row if c.value is not None]

    assert role_of("考核結果") == "derived_kpi"
    first = export(store, plan_id, "first")
    text = str(cells(first))
    assert "考核結果" in text
    assert "未填（3月 65% 達成、6月 九成 未填）" in text and "未達成（5月 3% 未達成）" in text
    result = read_table_file(first)
    assert result.warnings == []
    tasks = [t for s in result.sections for it in s["items"] for t in it["tasks"]]
    assert [t["kpi"] for t in tasks] == ["同意率達60%以上", "未處理率0%", ""]
    assert not any("達成（" in str(v) for t in tasks for v in t.values())
    # our own workbook brings the target and each check's actual value back from the cell
    assert (tasks[0]["target_op"], tasks[0]["target_value"], tasks[0]["target_unit"]) == (">=", 60.0, "%")
    assert tasks[0]["progress"][3]["actual_value"] == "65%" and "target_op" not in tasks[2]
    # the workbook carries no target or actual value: put those back, and the second export
    # is the first, 考核結果 column included
    again = Store(tmp_path / "again.sqlite")
    pid = again.create_plan(result.year, result.office, store.plan(plan_id).title).id
    again.insert_sections(pid, [{**s, "items": [{**it, "tasks": [
        {k: v for k, v in t.items() if k not in ("status", "note")} for t in it["tasks"]]}
        for it in s["items"]]} for s in result.sections])
    old = [t for _s, tree in store.plan_tree(plan_id) for node in tree for t in node.tasks]
    new = [t for _s, tree in again.plan_tree(pid) for node in tree for t in node.tasks]
    for o, n in zip(old, new, strict=True):
        again.update_task(n.id, target_op=o.target_op, target_value=o.target_value,
                          target_unit=o.target_unit)
        for m, rep in store.progress(o.id).items():
            again.set_progress(n.id, m, status=rep.status, note=rep.note, actual_value=rep.actual_value,
                               cause=rep.cause, remedy=rep.remedy)
    assert cells(export(again, pid, "second")) == cells(first)
    again.close()


def test_window_check_database_lists_evidence_problems_like_plandesk_check(sample_window, tmp_path,
                                                                          monkeypatch):
    from desktop.models import evidence
    from desktop.views import dialogs

    w = sample_window
    task_id = next(t.id for tree in w.data.trees[w.data.sections[0].id] for t in tree.tasks)
    photo = tmp_path / "簽到表.jpg"
    photo.write_bytes(b"\xff\xd8 sign-in sheet")
    item = evidence.add_file(w.store, task_id, photo)
    evidence.file_path(w.store, item).unlink()
    shown = {}
    monkeypatch.setattr(dialogs.QMessageBox, "warning", lambda _w, title, text: shown.update(text=text))
    monkeypatch.setattr(dialogs.QMessageBox, "information", lambda _w, title, text: shown.update(ok=text))
    dialogs.check_database(w)
    missing = evidence.problems(w.store)
    assert len(missing) == 1 and missing[0].startswith(f"佐證檔案遺失：{evidence.file_path(w.store, item)}")
    assert "ok" not in shown and missing[0] in shown["text"]
