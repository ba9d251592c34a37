"""匯入… : pick a file, read it off the UI thread, show what will come in, write only on 匯入.

The preview (DESIGN.md §4 "Import preview") shows the year, what happens to each section
(新計畫 / 新增課室 / 取代課室 / 拒絕), the items and tasks with their months, every warning
with sheet and row, and for progress sheets the old → new reports. One import is one undo
step; undo and redo keep the same ids through store.snapshot/restore.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPen, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.import_cli import (
    Loaded,
    describe_changes,
    load_import,
    plan_line,
    resolve_year,
    roster_line,
)
from desktop.exchange.merge import (
    NEW_PLAN,
    REFUSE,
    REPLACE,
    ApplyResult,
    MergePlan,
    apply_merge,
    plan_merge,
    redo_merge,
    snapshot_created,
    undo_merge,
)
from desktop.models.store import Store
from desktop.views import remembered
from desktop.views.background import run_in_background
from desktop.views.extensions import add_to_file_menu

FILE_FILTER = "試算表 (*.xlsx *.ods);;Excel 活頁簿 (*.xlsx);;ODF 試算表 (*.ods)"
MONTHS_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_COLORS = {NEW_PLAN: "#1b5e20", "新增課室": "#1b5e20", REPLACE: "#e65100", REFUSE: "#b71c1c"}


def install(window: Any) -> QAction:
    """Add 「匯入…」 (Ctrl+I) to the File menu."""
    action = QAction("匯入…", window)
    action.setShortcut(QKeySequence("Ctrl+I"))
    action.setStatusTip("從 Excel／ODF 管制表或填報表匯入，先預覽再寫入")
    action.triggered.connect(lambda: start_import(window))
    add_to_file_menu(window, action)
    return action


def start_import(window: Any, path: str | None = None) -> None:
    """Ask for a file (unless given) and read it in the background, then show the preview."""
    if path is None:
        path = remembered.open_file_name("import", window, "選擇要匯入的檔案", "", FILE_FILTER)
        if not path:
            return
    db_path = window.store.path

    def read(report: Any) -> Loaded:
        report(10, f"讀取「{Path(path).name}」…")
        store = Store(db_path)
        try:
            return load_import(store, path)
        finally:
            store.close()

    def show(loaded: Loaded) -> None:
        dialog = ImportPreviewDialog(window, loaded)
        dialog.open()

    def failed(exc: BaseException) -> None:
        QMessageBox.critical(window, "無法匯入", str(exc) or exc.__class__.__name__)

    run_in_background(window, f"讀取「{Path(path).name}」…", read, show, failed)


class MonthStripDelegate(QStyledItemDelegate):
    """Twelve small boxes, planned months filled: the Gantt row in one glance."""

    def paint(self, painter: QPainter, option: Any, index: Any) -> None:
        months = index.data(MONTHS_ROLE)
        if months is None:
            super().paint(painter, option, index)
            return
        painter.save()
        r = option.rect.adjusted(2, 3, -2, -3)
        w = max(6, r.width() // 12)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
        painter.setFont(font)
        for m in range(1, 13):
            cell = QRect(r.left() + (m - 1) * w, r.top(), w - 1, r.height())
            planned = m in months
            painter.fillRect(cell, QColor("#37474f") if planned else QColor("#eceff1"))
            painter.setPen(QPen(QColor("#ffffff") if planned else QColor("#90a4ae")))
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(m))
        painter.restore()

    def sizeHint(self, option: Any, index: Any) -> QSize:
        return QSize(12 * 18, 20)


class ImportPreviewDialog(QDialog):
    """What the file will bring in; nothing is written until 匯入."""

    def __init__(self, window: Any, loaded: Loaded):
        super().__init__(window)
        self.window_ = window
        self.loaded = loaded
        self.merge_plan: MergePlan | None = None
        self.changes: list = []
        self.busy = False  # the worker is writing the import
        self.setWindowTitle(f"匯入預覽 — {loaded.path.name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1000, 680)
        layout = QVBoxLayout(self)

        form = QFormLayout()
        file_label = QLabel(str(loaded.path))
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("檔案：", file_label)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1, 999)
        self.year_spin.setSuffix(" 年度")
        self.year_spin.setMinimumWidth(110)
        self.replace_box = QCheckBox("取代同名課室（整個課室換成檔案中的內容）")
        self.year_note = QLabel()
        if loaded.kind == "table":
            year, source = resolve_year(None, loaded.file_year)
            self.year_spin.setValue(year)
            self.year_note.setText(f"（{source}；計畫中沒有的年度會建立新計畫）")
            year_row = QHBoxLayout()
            year_row.addWidget(self.year_spin)
            year_row.addWidget(self.year_note, 1)
            form.addRow("年度：", year_row)
            self.plan_label = QLabel()
            self.plan_label.setWordWrap(True)  # a second line says how the roster merges
            form.addRow("計畫：", self.plan_label)
            form.addRow("", self.replace_box)
        else:
            diff = loaded.diff
            what = f"填報表（{diff.plan_year} 年 {diff.month} 月" + (
                f"，{diff.section}）" if diff.section else "）")
            n = len(diff.changes)
            same = f"；另有 {diff.unchanged} 項與資料庫相同" if diff.unchanged else ""
            form.addRow("種類：", QLabel(
                f"{what}：只更新相符工作的執行情形，{n} 項有變更{same}" if n
                else f"{what}：沒有任何變更{same}"
            ))
        layout.addLayout(form)

        splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter, 1)
        if loaded.kind == "table":
            self.sections_table = self._make_table(["課室", "計畫項目", "工作", "處理方式"])
            splitter.addWidget(self._boxed("課室與處理方式", self.sections_table))
            self.tree = self._make_tree()
            splitter.addWidget(self._boxed("將匯入的內容", self.tree))
        else:
            self.diff_table = self._make_table(["課室", "工作內容", "月份", "執行狀態", "執行情形說明"])
            splitter.addWidget(self._boxed("執行情形變更（舊 → 新）", self.diff_table))
            self._fill_diff()
        self.warning_list = QListWidget()
        self.warning_list.setObjectName("warnings")
        self.warning_list.setWordWrap(True)
        self.warning_box = self._boxed("", self.warning_list)
        splitter.addWidget(self.warning_box)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("匯入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.year_spin.valueChanged.connect(self.refresh)
        self.replace_box.toggled.connect(self.refresh)
        self.refresh()
        warn_h = min(150, 40 + 22 * self.warning_list.count()) if self.warning_list.count() else 36
        if loaded.kind == "table":
            rows = min(6, max(1, self.sections_table.rowCount()))
            table_h = 34 + self.sections_table.horizontalHeader().sizeHint().height() + rows * (
                self.sections_table.verticalHeader().defaultSectionSize())
            self._sizes = [table_h + 30, 1000, warn_h]
        else:
            self._sizes = [1000, warn_h]
        self.splitter = splitter

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Give the tree the room, once the real height is known."""
        super().showEvent(event)
        if self._sizes:
            total = self.splitter.height()
            fixed = sum(self._sizes) - 1000
            self.splitter.setSizes([s if s != 1000 else max(150, total - fixed)
                                    for s in self._sizes])
            self._sizes = []

    # ------------------------------------------------------------------ building
    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 4, 0, 0)
        label = QLabel(f"<b>{title}</b>")
        lay.addWidget(label)
        lay.addWidget(widget)
        box.title_label = label  # type: ignore[attr-defined]
        return box

    @staticmethod
    def _make_table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)
        return t

    def _make_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(["編號", "計畫項目／工作內容", "預定月份", "狀態", "執行情形", "考核指標"])
        tree.setItemDelegateForColumn(2, MonthStripDelegate(tree))
        tree.setUniformRowHeights(True)
        tree.setColumnWidth(0, 110)
        tree.setColumnWidth(1, 320)
        tree.setColumnWidth(2, 12 * 18 + 4)
        tree.setColumnWidth(3, 60)
        tree.setColumnWidth(4, 160)
        for sec in getattr(self.loaded.result, "sections", []) or []:
            items = sec.get("items") or []
            n_tasks = sum(len(it.get("tasks") or []) for it in items)
            s_node = QTreeWidgetItem(tree, ["", f"{sec.get('name') or '（未命名課室）'}"
                                               f"　{len(items)} 項目／{n_tasks} 工作"])
            font = s_node.font(1)
            font.setBold(True)
            s_node.setFont(1, font)
            s_node.setFirstColumnSpanned(False)
            for it in items:
                extra = []
                if it.get("weight") is not None:
                    extra.append(f"{it['weight']:g}分" if isinstance(it["weight"], float | int)
                                 else str(it["weight"]))
                if it.get("owners"):
                    extra.append(str(it["owners"]))
                name = str(it.get("name") or "") + (f"（{'／'.join(extra)}）" if extra else "")
                i_node = QTreeWidgetItem(s_node, [str(it.get("number") or ""), name])
                for t in it.get("tasks") or []:
                    content = str(t.get("content") or t.get("method") or "")
                    t_node = QTreeWidgetItem(i_node, [
                        str(t.get("control_number") or ""), " ".join(content.split()), "",
                        str(t.get("status") or ""), " ".join(str(t.get("note") or "").split()),
                        " ".join(str(t.get("kpi") or "").split()),
                    ])
                    t_node.setToolTip(1, content)
                    t_node.setData(2, MONTHS_ROLE, sorted(int(m) for m in t.get("months") or ()))
                    if t.get("schedule_note"):
                        t_node.setToolTip(2, str(t["schedule_note"]))
            s_node.setExpanded(True)
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            for j in range(top.childCount()):
                top.child(j).setExpanded(True)
        return tree

    def _fill_diff(self) -> None:
        changes = describe_changes(self.loaded.diff)
        self.changes = changes
        self.diff_table.setRowCount(len(changes))
        for r, c in enumerate(changes):
            status = (f"{c.old_status or '—'} → {c.new_status or '—'}"
                      if c.old_status != c.new_status else (c.new_status or "—"))
            note = (f"{c.old_note or '—'} → {c.new_note or '—'}"
                    if c.old_note != c.new_note else (c.new_note or "—"))
            for col, text in enumerate([c.section, c.task, f"{c.month}月", status, note]):
                cell = QTableWidgetItem(" ".join(text.split()))
                cell.setToolTip(text)
                self.diff_table.setItem(r, col, cell)

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """Recompute how the file merges for the year and checkbox chosen (reads only)."""
        errors = list(self.loaded.errors)
        warnings = list(self.loaded.warnings)
        if self.loaded.kind == "table" and not self.loaded.errors:
            self.merge_plan = plan_merge(
                self.window_.store, self.loaded.result, self.year_spin.value(),
                self.replace_box.isChecked(),
            )
            warnings += self.merge_plan.warnings
            roster = roster_line(self.merge_plan)  # a roster merged into an existing year
            self.plan_label.setText(plan_line(self.merge_plan) + (f"\n{roster}" if roster else ""))
            errors += self.merge_plan.refusals("勾選下方的「取代同名課室」")
            self._fill_sections(self.merge_plan)
            has_same = any(s.existing_id for s in self.merge_plan.sections)
            self.replace_box.setEnabled(has_same or self.replace_box.isChecked())
        self.warning_list.clear()
        for w in warnings:
            where = w.where()
            QListWidgetItem(f"{where}：{w.message}" if where else w.message, self.warning_list)
        self.warning_box.title_label.setText(f"<b>警告（{len(warnings)}）</b>"
                                             + ("" if warnings else "：沒有"))
        self.warning_list.setVisible(bool(warnings))
        self.error_label.setText("\n".join(
            (f"{e.where()}：{e.message}" if e.where() else e.message) for e in errors
        ))
        self.error_label.setVisible(bool(errors))
        nothing = (self.loaded.kind == "progress" and not self.changes)
        self.import_button.setEnabled(not errors and not nothing)

    def _fill_sections(self, mp: MergePlan) -> None:
        t = self.sections_table
        t.setRowCount(len(mp.sections))
        for r, s in enumerate(mp.sections):
            action = s.action if s.action != REFUSE else "拒絕（已有同名課室）"
            cells = [s.name, str(s.item_count), str(s.task_count), action]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col == 3:
                    cell.setForeground(QColor(ACTION_COLORS.get(s.action, "#000000")))
                if col in (1, 2):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(r, col, cell)

    # ------------------------------------------------------------------ writing
    def do_import(self) -> None:
        """Write it on a worker thread (one transaction on a Store of its own), then push one
        undo step and reload the window; a failure is a message and nothing is stored."""
        window = self.window_
        name = self.loaded.path.name
        if self.loaded.kind == "table":
            self.refresh()  # the database may have changed since the preview was drawn
            if not self.import_button.isEnabled() or self.merge_plan is None:
                return
            work = partial(_write_table, window.store.path, self.merge_plan)
        else:
            diff, ids = self.loaded.diff, sorted({c.task_id for c in self.changes})
            work = partial(_write_progress, window.store.path, diff, ids)
        commit = getattr(getattr(window, "dock", None), "commit_pending", None)
        if commit is not None:
            commit()  # text typed in the dock goes in first, not into the import's transaction
        self._set_busy(True)
        run_in_background(self, f"匯入「{name}」…", work, self._written, self._not_written)

    def _written(self, written: tuple) -> None:
        window, name = self.window_, self.loaded.path.name
        self._set_busy(False)
        if self.loaded.kind == "table":
            res, created = written
            cmd: QUndoCommand = TableImportCommand(window, name, res, created)
            shown: int | None = res.plan_id
            done = f"已匯入「{name}」：{len(res.created_section_ids)} 個課室、{res.task_count} 項工作"
        else:
            ids, before, after, n, shown = written
            cmd = ProgressImportCommand(window, name, ids, before, after)
            done = f"已匯入「{name}」：更新 {n} 筆執行情形"
        window.undo_stack.push(cmd)
        show_plan(window, shown)
        window.statusBar().showMessage(done, 8000)
        self.accept()

    def _not_written(self, exc: BaseException) -> None:
        self._set_busy(False)
        why = str(exc) or exc.__class__.__name__
        QMessageBox.critical(self, "無法匯入", f"「{self.loaded.path.name}」未匯入（資料沒有變更）：{why}")
        self.refresh()

    def _set_busy(self, busy: bool) -> None:
        """While the worker writes, the choices stay as they were written (refresh() sets the
        replace box again afterwards)."""
        self.busy = busy
        for widget in (self.buttons, self.year_spin, self.replace_box):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy:  # not while the worker writes: it finishes first
            super().reject()


def _write_table(db_path: Path, merge_plan: MergePlan, report: Any) -> tuple[ApplyResult, list]:
    """On the worker thread: the merge in one transaction, and what redo needs, on its own Store
    (an SQLite connection belongs to its thread; the window's lock covers this process)."""
    report(10, "備份資料庫並寫入…")
    store = Store(db_path)
    try:
        res = apply_merge(store, merge_plan)
        report(90, "完成寫入，更新畫面…")
        try:
            return res, snapshot_created(store, res)
        except BaseException:
            undo_merge(store, res)  # no redo without it: the import comes out again, whole
            raise
    finally:
        store.close()


def _write_progress(db_path: Path, diff: Any, ids: list[int], report: Any) -> tuple:
    """On the worker thread: the sheet's reports in one transaction; the rows before and after
    for undo, and the plan to show."""
    from desktop.exchange.progress_sheets import apply_progress_diff

    report(10, "備份資料庫並寫入…")
    store = Store(db_path)
    try:
        before = store.progress_rows(ids)
        n = apply_progress_diff(store, diff)
        try:
            after = store.progress_rows(ids)
        except BaseException:
            store.put_progress_rows(ids, before)  # no undo without it: the reports go back
            raise
        plan = store.plan_by_year(diff.plan_year or 0)
        return ids, before, after, n, plan.id if plan else None
    finally:
        store.close()


def show_plan(window: Any, plan_id: int | None) -> None:
    """Reload the window and, when the import made or filled another year, show that year. The
    real MainWindow switches through notify(), so that year shares the import's undo history
    (a reload of an empty window opened the new year with an empty history: no 復原)."""
    shown = getattr(getattr(window, "plan", None), "id", None)
    if plan_id is None or plan_id == shown or not hasattr(window, "notify"):
        window.reload()  # the same year: its selection and report month kept
        return
    from desktop.views.commands import Change

    window.notify(Change("plans", select=("plan", plan_id)))


class TableImportCommand(QUndoCommand):
    """Undo removes exactly what came in and restores replaced sections; redo puts it back."""

    def __init__(self, window: Any, name: str, res: ApplyResult, created: list[dict]):
        super().__init__(f"匯入 {name}")
        self.window, self.res, self.created = window, res, created
        self._applied = True  # push() calls redo(); the import is already written

    def undo(self) -> None:
        undo_merge(self.window.store, self.res)
        self._applied = False
        show_plan(self.window, None)

    def redo(self) -> None:
        if self._applied:
            return
        redo_merge(self.window.store, self.res, self.created)
        self._applied = True
        show_plan(self.window, self.res.plan_id)


class ProgressImportCommand(QUndoCommand):
    """Undo puts the reports of the touched tasks back exactly as they were."""

    def __init__(self, window: Any, name: str, task_ids: list[int], before: list[dict],
                 after: list[dict]):
        super().__init__(f"匯入 {name}")
        self.window, self.task_ids, self.before, self.after = window, task_ids, before, after
        self._applied = True

    def undo(self) -> None:
        self.window.store.put_progress_rows(self.task_ids, self.before)
        self._applied = False
        self.window.reload()

    def redo(self) -> None:
        if self._applied:
            return
        self.window.store.put_progress_rows(self.task_ids, self.after)
        self._applied = True
        self.window.reload()
