"""KPI results and suggested targets in the window: two rows of the dock (the one-click
「採用建議：≥ 60 %」 under the 考核指標 text, and each checked month's result with the year's
under the target); the grid's marker is `kpi_marks.py`. The rule itself is `models/kpi.py`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QWidget

from desktop.models.domain import Item, Task
from desktop.models.kpi import KPI_COLORS, KpiResult, actual_problem, month_results, year_result
from desktop.models.targets import Suggestion, suggest, suggestion_text


def _escape(text: str) -> str:
    """A typed actual value shown in the rich-text label as typed (`html` costs ≈ 2 ms at start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def results_html(task: Task, progress: dict, report_month: int) -> str:
    """Each checked month's result and the year's in the report month, coloured."""
    def chip(result: KpiResult) -> str:
        return f"<span style='color:{KPI_COLORS[result]}; font-weight:bold'>{result.value}</span>"

    checks = month_results(task, progress)
    if not checks:
        return ""
    parts = []
    for m, result in checks.items():
        report = progress.get(m)
        actual = report.actual_value.strip() if report is not None else ""
        shown = f"（{_escape(actual)}）" if actual else ""
        parts.append(f"{m}月 {chip(result)}{shown}")
    year = year_result(task, progress, report_month)
    assert year is not None
    return f"{'、'.join(parts)}<br>年度（至{report_month}月）：{chip(year)}"


class KpiRows:
    """The dock's suggestion button and results label, refreshed with the dock."""

    def __init__(self, dock: Any):
        self.dock = dock
        self.suggestion: Suggestion | None = None
        self.task_id: int | None = None
        self.button = QPushButton()
        self.button.setObjectName("kpi_suggestion")
        self.button.clicked.connect(self.accept)
        self.results = QLabel()
        self.results.setObjectName("kpi_results")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        self.actual_hint = QLabel()  # a typed actual value that is not a number: say why
        self.actual_hint.setObjectName("actual_hint")
        self.actual_hint.setWordWrap(True)
        self.actual_hint.setStyleSheet("color: #b3261e;")
        self.actual_hint.hide()
        progress_layout = dock.progress_box.layout()
        progress_layout.insertWidget(progress_layout.indexOf(dock.progress_table) + 1, self.actual_hint)
        form: QFormLayout = dock.task_box.layout()
        _insert_after(form, dock.kpi, "", self.button)
        _insert_after(form, dock.target_hint, "考核結果", self.results)
        dock.refresh_hooks.append(self.refresh)
        self.refresh(None, None)

    def refresh(self, _item: Item | None, task: Task | None) -> None:
        self.task_id = task.id if task is not None else None
        self.suggestion = suggest(task) if task is not None else None
        if self.suggestion is None:
            self.button.hide()
        else:
            self.button.setText(f"採用建議：{suggestion_text(self.suggestion)}")
            self.button.setToolTip(f"依「{self.suggestion.phrase}」；可復原")
            self.button.show()
        data = self.dock.data
        html = results_html(task, data.progress.get(task.id, {}), self.dock.report_month) \
            if task is not None and data is not None else ""
        self.results.setText(html)
        progress = data.progress.get(task.id, {}) if task is not None and data is not None else {}
        problems = [f"{m}月：{p}" for m, rep in sorted(progress.items())
                    if (p := actual_problem(rep.actual_value))]
        self.actual_hint.setText("\n".join(problems))
        self.actual_hint.setVisible(bool(problems))
        self.results.setVisible(bool(html))
        _label_of(self.dock.task_box.layout(), self.results).setVisible(bool(html))

    def accept(self) -> None:
        if self.suggestion is None or self.task_id is None or self.dock.edits is None:
            return
        self.dock.edits.task_fields(self.task_id, self.suggestion.fields(), "採用建議目標值")


def _insert_after(form: QFormLayout, anchor: QWidget, label: str, widget: QWidget) -> None:
    row, _role = form.getWidgetPosition(anchor)
    form.insertRow(row + 1, label, widget)


def _label_of(form: QFormLayout, widget: QWidget) -> QWidget:
    label = form.labelForField(widget)
    return label if label is not None else widget


def install(window: Any) -> KpiRows:
    rows = KpiRows(window.dock)
    window.kpi_rows = rows
    return rows
