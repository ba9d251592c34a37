"""The main window: year and report month, sections on the left, the grid, the task dock.

Every edit is a command on `undo_stack`; commands call the Store and then `notify()`,
which refreshes only what changed (one row on a toggle, one section on a structural edit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoGroup
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.models.domain import MONTHS, Plan
from desktop.models.qt_models import (
    COL_CONTENT,
    GridModel,
    PlanData,
    SectionListModel,
)
from desktop.models.report_month import report_month_for
from desktop.models.store import Store, StoreError
from desktop.views import commands as cmd
from desktop.views import messages
from desktop.views.edit_actions import EditActions
from desktop.views.grid_view import GridView, legend_widget
from desktop.views.section_list import SectionPanel
from desktop.views.task_dock import TaskDock


class MainWindow(EditActions, QMainWindow):
    """Public API used by other modules: store, plan, report_month, current_section_id,
    undo_stack, reload(), file_menu/edit_menu/plan_menu/review_menu/tools_menu, plan_changed."""

    plan_changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, menus_later: bool = False,
                 place: tuple[int | None, str] | None = None):
        """menus_later: the caller installs the menu extensions (extensions.install_menus)
        after the first paint; the program does, tests and tools get the whole window at once.
        place: (year, section name) to open first, as the last close left it (read once)."""
        super().__init__(parent)
        self.store = store
        self.plan: Plan | None = None
        self.data: PlanData | None = None
        self.report_month = 12
        self.current_section_id: int | None = None
        self._committing = False
        # one history per year while the program runs; undo_stack is the year on screen's
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int | None, cmd.UndoStack] = {}
        self._activate_history(None)
        self.edits = cmd.UndoEdits(self)
        self.resize(1500, 900)

        self.grid_model = GridModel()
        self.section_model = SectionListModel()
        self.grid = GridView()
        self.grid.setModel(self.grid_model)
        self.sections = SectionPanel(self.section_model)
        self.dock = TaskDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.setMinimumWidth(max(330, self.dock.fitting_width()))  # no field cut off
        self.resizeDocks([self.dock], [350], Qt.Orientation.Horizontal)

        self._build_centre()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.sections.section_selected.connect(self._section_selected)
        self.grid.current_task_changed.connect(self.dock.show_task)
        self.grid.current_task_changed.connect(lambda *_: self._update_actions())
        self.statusBar().addPermanentWidget(self.summary_label)

        from desktop.views import extensions

        (extensions.install_first_screen if menus_later else extensions.install_extensions)(self)
        self.reload(place)

    # ------------------------------------------------------------------ layout
    def _build_centre(self) -> None:
        centre = QWidget()
        v = QVBoxLayout(centre)
        v.setContentsMargins(0, 6, 0, 0)
        self.caption = QLabel()
        self.caption.setStyleSheet("font-size: 13pt; font-weight: bold; padding: 2px 4px;")
        v.addWidget(self.caption)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.grid)
        empty = QWidget()
        ev = QVBoxLayout(empty)
        ev.addStretch(1)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        ev.addWidget(self.empty_label)
        self.empty_button = QPushButton()
        self._empty_action: QAction | None = None
        self.empty_button.clicked.connect(lambda: self._empty_action and self._empty_action.trigger())
        ev.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignCenter)
        ev.addStretch(2)
        self.stack.addWidget(empty)
        v.addWidget(self.stack, 1)
        v.addWidget(legend_widget())
        split = QSplitter()
        split.addWidget(self.sections)
        split.addWidget(centre)
        split.setStretchFactor(1, 1)
        split.setSizes([165, 1000])
        split.setCollapsible(1, False)
        self.setCentralWidget(split)
        self.summary_label = QLabel()

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.undo_action = self.undo_group.createUndoAction(self, "復原")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "取消復原")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        # the menu says what will be undone; the toolbar button keeps its short name and width
        self.undo_action.setIconText("復原")
        self.redo_action.setIconText("取消復原")
        a = self._action
        self.add_item_action = a("新增計畫項目", self.add_item, "Ctrl+Shift+N", "在目前項目之後新增計畫項目")
        self.add_task_action = a("新增工作內容", self.add_task, "Ctrl+Return", "在目前工作之後新增工作內容")
        self.delete_action = a("刪除項目／工作", self.delete_current, "Ctrl+Delete",
                               "在編號或計畫項目欄刪除整個項目，其他欄刪除該筆工作內容")
        self.move_up_action = a("上移", lambda: self.move_current(-1), "Ctrl+Up", "將項目或工作上移")
        self.move_down_action = a("下移", lambda: self.move_current(1), "Ctrl+Down", "將項目或工作下移")
        self.indent_action = a("縮排（併入上一項目）", self.indent_current, "Ctrl+]",
                               "將此項目的工作併入上一個計畫項目")
        self.outdent_action = a("凸排（成為新項目）", self.outdent_current, "Ctrl+[",
                                "將此工作內容改為緊接的新計畫項目，沿用編號")
        self.new_plan_action = a("新增年度計畫…", self.new_plan, "Ctrl+N")
        self.plan_props_action = a("計畫屬性…", self.edit_plan_properties)
        self.delete_plan_action = a("刪除年度計畫…", self.delete_plan)
        self.add_section_action = a("新增課室…", self.add_section)
        self.rename_section_action = a("課室改名…", self.rename_section)
        self.section_up_action = a("課室上移", lambda: self.move_section(-1))
        self.section_down_action = a("課室下移", lambda: self.move_section(1))
        self.delete_section_action = a("刪除課室…", self.delete_section)
        self.prev_month_action = a("上個月", lambda: self.set_report_month(self.report_month - 1), "Alt+Left")
        self.next_month_action = a("下個月", lambda: self.set_report_month(self.report_month + 1), "Alt+Right")
        self.this_month_action = a("回到預設填報月份", self._default_month)
        self.backup_action = a("立即備份資料庫", self.backup_now)
        self.check_action = a("檢查資料庫", self.check_database)
        self.quit_action = a("結束", self.close, QKeySequence.StandardKey.Quit)
        self.help_action = a("操作說明", self.show_help, "F1")
        self.about_action = a("關於 PlanDesk", self.show_about)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("檔案(&F)")
        self.file_menu.addAction(self.new_plan_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("編輯(&E)")
        for action in (self.undo_action, self.redo_action, None, self.add_item_action,
                       self.add_task_action, self.delete_action, None, self.move_up_action,
                       self.move_down_action, self.indent_action, self.outdent_action):
            self.edit_menu.addSeparator() if action is None else self.edit_menu.addAction(action)
        self.plan_menu = bar.addMenu("計畫(&P)")
        for action in (self.new_plan_action, self.plan_props_action, None, self.add_section_action,
                       self.rename_section_action, self.section_up_action, self.section_down_action,
                       self.delete_section_action, None, self.delete_plan_action):
            self.plan_menu.addSeparator() if action is None else self.plan_menu.addAction(action)
        self.review_menu = bar.addMenu("管考(&R)")
        for action in (self.prev_month_action, self.next_month_action, self.this_month_action):
            self.review_menu.addAction(action)
        self.tools_menu = bar.addMenu("工具(&T)")
        self.dock_action = self.dock.toggleViewAction()
        self.dock_action.setText("顯示工作明細窗格")
        self.tools_menu.addAction(self.dock_action)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.backup_action)
        self.tools_menu.addAction(self.check_action)
        self.help_menu = bar.addMenu("說明(&H)")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.about_action)

        tb = QToolBar("主工具列")
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.addWidget(QLabel(" 年度 "))
        self.year_combo = QComboBox()
        self.year_combo.setMinimumWidth(110)
        self.year_combo.activated.connect(self._year_chosen)
        tb.addWidget(self.year_combo)
        tb.addWidget(QLabel("  填報月份 "))
        self.month_combo = QComboBox()
        for m in MONTHS:
            self.month_combo.addItem(f"{m}月", m)
        self.month_combo.activated.connect(lambda i: self.set_report_month(i + 1))
        tb.addWidget(self.month_combo)
        tb.addSeparator()
        for action in (self.undo_action, self.redo_action, None, self.add_item_action,
                       self.add_task_action, self.delete_action, None, self.move_up_action,
                       self.move_down_action, self.indent_action, self.outdent_action):
            tb.addSeparator() if action is None else tb.addAction(action)
        self.addToolBar(tb)
        self.toolbar = tb
        self.grid.context_actions = [self.add_item_action, self.add_task_action, self.delete_action,
                                     None, self.move_up_action, self.move_down_action,
                                     self.indent_action, self.outdent_action]
        self.sections.add_actions([self.add_section_action, self.rename_section_action,
                                   self.section_up_action, self.section_down_action,
                                   self.delete_section_action],
                                  ["新增", "改名", "▲", "▼", "刪除"])
        self.undo_group.indexChanged.connect(lambda *_: self._update_actions())

    # ------------------------------------------------------------------ loading
    def reload(self, place: tuple[int | None, str] | None = None) -> None:
        """Re-read everything from the store (after an import), keeping the selection; or open
        `place` (year, section name) straight away, not the newest year's first section."""
        year = self.plan.year if self.plan else None
        section = self.data.section(self.current_section_id) if self.data and self.current_section_id else None
        task_id = self.grid.current_task_id()
        plans = self.store.plans()
        wanted = place[0] if place and place[0] is not None else year
        plan = next((p for p in plans if p.year == wanted), None) or next(
            (p for p in plans if p.year == year), plans[-1] if plans else None)
        self._fill_year_combo(plans, plan)
        self._set_plan(plan, keep_month=plan is not None and year == plan.year,
                       section_name=place[1] if place else "")
        if section is not None and self.data is not None:
            again = self.data.section(section.id) or next(
                (s for s in self.data.sections if s.name == section.name), None)
            if again is not None:
                self.sections.select(again.id)
        if task_id is not None:
            self.grid.select_task(task_id)

    def _fill_year_combo(self, plans: list[Plan], current: Plan | None) -> None:
        self.year_combo.clear()
        for p in plans:
            self.year_combo.addItem(f"{p.year} 年度", p.id)
        if current is not None:
            self.year_combo.setCurrentIndex(self.year_combo.findData(current.id))

    def _year_chosen(self, index: int) -> None:
        pid = self.year_combo.itemData(index)
        if self.plan is not None and pid == self.plan.id:
            return
        self.show_plan(self.store.plan(pid))

    def show_plan(self, plan: Plan) -> None:
        """Show another year, as choosing it in the 年度 box does (its own undo history)."""
        self.commit_pending_edits()
        self._fill_year_combo(self.store.plans(), plan)
        self._set_plan(plan)

    @property
    def undo_stack(self) -> cmd.UndoStack:
        return self.undo_group.activeStack()  # type: ignore[return-value]

    def _activate_history(self, plan_id: int | None) -> None:
        stack = self._stacks.get(plan_id)
        if stack is None:
            stack = self._stacks[plan_id] = cmd.UndoStack(self)
            self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(stack)

    def clear_history(self) -> None:
        """Every year's history (after the whole database was replaced)."""
        for stack in self._stacks.values():
            stack.clear()

    def _set_plan(self, plan: Plan | None, keep_month: bool = False, section_name: str = "") -> None:
        self.plan = plan
        self._activate_history(plan.id if plan else None)
        self.data = PlanData(self.store, plan.id) if plan else None
        if plan is not None and not keep_month:
            self.report_month = report_month_for(self.store, plan.year)
        self.month_combo.setCurrentIndex(self.report_month - 1)
        self.grid_model.report_month = self.report_month
        self.section_model.report_month = self.report_month
        self.dock.report_month = self.report_month
        self.grid_model.set_plan_data(self.data)
        self.grid_model.edits = self.edits
        self.section_model.set_plan_data(self.data)
        self.dock.set_plan_data(self.data, self.edits)
        self.dock.progress_model.report_month = self.report_month
        self.current_section_id = None
        if self.data and self.data.sections:
            shown = next((s for s in self.data.sections if s.name == section_name), None)
            self.sections.select((shown or self.data.sections[0]).id)
        else:
            self._section_selected(None)
        self._update_caption()
        self.plan_changed.emit(plan)

    def _section_selected(self, section_id: int | None) -> None:
        if section_id == self.current_section_id and section_id is not None:
            return
        self.current_section_id = section_id
        self.grid_model.set_section(section_id)
        first = self.grid_model.rows[0] if self.grid_model.rows else None
        if first is None:
            self.dock.show_task(None, None)
        elif first.task is not None:  # the dock follows the new current row, once
            self.grid.select_task(first.task.id)
        else:
            self.grid.select_item(first.item.id)
        self._update_caption()

    def _update_caption(self) -> None:
        if self.plan is None:
            self.stack.setCurrentIndex(1)
            self.empty_label.setText("資料庫中還沒有年度計畫。\n請建立新的年度計畫，或由「檔案」選單匯入管制表。")
            self._rewire_empty(self.new_plan_action)
            self.caption.setText("")
        elif not self.data or not self.data.sections:
            self.stack.setCurrentIndex(1)
            self.empty_label.setText(f"{self.plan.year} 年度計畫還沒有課室。\n請先新增課室，再加入計畫項目與工作內容。")
            self._rewire_empty(self.add_section_action)
        elif self.current_section_id is not None and not self.grid_model.rows:
            self.stack.setCurrentIndex(1)
            sec = self.data.section(self.current_section_id)
            self.empty_label.setText(f"「{sec.name if sec else ''}」還沒有計畫項目。")
            self._rewire_empty(self.add_item_action)
        else:
            self.stack.setCurrentIndex(0)
        if self.plan is not None:
            sec = self.data.section(self.current_section_id) if self.data and self.current_section_id else None
            office = self.plan.office or ""
            self.caption.setText(f"{office}{self.plan.year}年度工作計畫期程管制表"
                                 + (f"　—　{sec.name}" if sec else ""))
            # Qt adds the application's display name (PlanDesk 期程管制) to every title itself
            self.setWindowTitle(f"{office}{self.plan.year} 年度" if office else f"{self.plan.year} 年度")
        else:
            self.setWindowTitle("")
        self._update_summary()
        self._update_actions()

    def _rewire_empty(self, action: QAction) -> None:
        self._empty_action = action
        self.empty_button.setText(action.text().rstrip("…"))

    def _update_summary(self) -> None:
        if self.data is None:
            self.summary_label.setText("")
            return
        tasks, behind, unreported = self.data.plan_tally(self.report_month)
        self.summary_label.setText(
            f"全年度 {tasks} 項工作　{self.report_month}月：落後 {behind} 項、未填報 {unreported} 項 ")

    def _update_actions(self) -> None:
        has_plan = self.plan is not None
        has_section = self.current_section_id is not None
        idx = self.grid.currentIndex()
        has_row = idx.isValid()
        for action in (self.plan_props_action, self.add_section_action, self.delete_plan_action):
            action.setEnabled(has_plan)
        for action in (self.rename_section_action, self.section_up_action, self.section_down_action,
                       self.delete_section_action, self.add_item_action):
            action.setEnabled(has_section)
        self.add_task_action.setEnabled(has_section and bool(self.grid_model.rows))
        for action in (self.delete_action, self.move_up_action, self.move_down_action,
                       self.indent_action, self.outdent_action):
            action.setEnabled(has_row)

    # ------------------------------------------------------------------ report month
    def set_report_month(self, month: int) -> None:
        self.commit_pending_edits()
        month = max(1, min(12, month))
        self.report_month = month
        self.month_combo.setCurrentIndex(month - 1)
        self.grid_model.set_report_month(month)
        self.section_model.set_report_month(month)
        self.dock.set_report_month(month)
        self._update_summary()

    def _default_month(self) -> None:
        if self.plan is not None:
            self.set_report_month(report_month_for(self.store, self.plan.year))

    # ------------------------------------------------------------------ commands
    def push(self, make: Callable[[], QUndoCommand]) -> bool:
        """Build a command (it reads the current values) and run it; errors become a message."""
        self.commit_pending_edits()
        try:
            command = make()
        except StoreError as exc:
            self.report_error(str(exc))
            return False
        self.undo_stack.push(command)
        return True

    def commit_pending_edits(self) -> None:
        """Store what is being typed (in the dock or in a grid cell) before an action runs.
        Re-entrant calls (the commit itself pushes a command) do nothing."""
        if self._committing:
            return
        self._committing = True
        try:
            self.grid.commit_open_editor()
            self.dock.commit_pending()
        finally:
            self._committing = False

    def report_error(self, message: str) -> None:
        messages.warning(self, "無法完成", message)

    def notify(self, change: cmd.Change) -> None:
        """Called by every command after it changed the store."""
        data = self.data
        kind = change.kind
        if kind in ("plans", "plan"):
            self._plans_changed(change)
            return
        if data is None:
            return
        if kind == "sections":
            data.reload_sections()
            self.section_model.reload()
            target = change.select[1] if change.select and change.select[0] == "section" else None
            if target is None and data.section(self.current_section_id or -1) is None:
                target = data.sections[0].id if data.sections else None
            keep = target or self.current_section_id
            self.current_section_id = None
            if keep is not None and data.section(keep) is not None:
                self.sections.select(keep)
            else:
                self._section_selected(None)
        elif change.section_id is not None and change.section_id != self.current_section_id:
            # an undo or redo of an edit made in another section: show that section
            if kind == "section":
                data.reload_section(change.section_id)
            else:
                self._refresh_in_data(change)
            self.section_model.recount()
            self.sections.select(change.section_id)
        elif kind == "section":
            task_id = self.grid.current_task_id()
            data.reload_section(change.section_id)
            self.grid_model.reload()
            self.section_model.recount()
            if change.select is None and task_id is not None:
                self.grid.select_task(task_id)
        else:
            self._refresh_in_data(change)
            if kind == "task":
                self.grid_model.task_changed(change.task_id, change.fields)
            elif kind == "item":
                self.grid_model.item_changed(change.item_id)
            elif kind == "progress":
                self.grid_model.progress_changed(change.task_id)
                self.dock.progress_model.progress_changed(change.task_id)
            self.section_model.recount()
        self._select(change.select)
        self.dock.refresh()
        self._update_caption()

    def _refresh_in_data(self, change: cmd.Change) -> None:
        assert self.data is not None
        if change.kind == "task" and change.task_id is not None:
            self.data.refresh_task(change.task_id)
        elif change.kind == "item" and change.item_id is not None:
            self.data.refresh_item(change.item_id)
        elif change.kind == "progress" and change.task_id is not None:
            self.data.refresh_progress(change.task_id)

    def _select(self, select: tuple[str, int] | None) -> None:
        if select is None:
            return
        kind, row_id = select
        if kind == "task":
            if self.grid.current_task_id() != row_id:  # keep the column when the row is shown
                self.grid.select_task(row_id)
        elif kind == "item":
            self.grid.select_item(row_id)
        elif kind == "section":
            self.sections.select(row_id)

    def _plans_changed(self, change: cmd.Change) -> None:
        plans = self.store.plans()
        want = change.select[1] if change.select and change.select[0] == "plan" else None
        plan = next((p for p in plans if p.id == want), None)
        if plan is None and self.plan is not None:
            plan = next((p for p in plans if p.id == self.plan.id), None)
        if plan is None and plans:
            plan = plans[-1]
        self._fill_year_combo(plans, plan)
        if change.kind == "plan" and plan is not None and self.plan is not None and plan.id == self.plan.id:
            self.plan = plan
            self._update_caption()
            self.plan_changed.emit(plan)
        else:
            # an edit moved the window to another year (new plan, delete plan, an import, an
            # undo): that year shares this history, so 復原 there takes the step back
            self._stacks[plan.id if plan else None] = self.undo_stack
            self._set_plan(plan)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        from desktop.views import remembered

        self.commit_pending_edits()
        remembered.save_window(self)
        super().closeEvent(event)

    # ------------------------------------------------------------------ tools and help
    def backup_now(self) -> None:
        from desktop.views.dialogs import backup_now

        backup_now(self)

    def check_database(self) -> None:
        from desktop.views.dialogs import check_database

        check_database(self)

    def show_help(self) -> None:
        from desktop.views.dialogs import show_help

        show_help(self)

    def show_about(self) -> None:
        from desktop.views.dialogs import show_about

        show_about(self)

    # ------------------------------------------------------------------ helpers for others
    def current_task_id(self) -> int | None:
        return self.grid.current_task_id()

    def select_task(self, task_id: int) -> bool:
        """Show a task (switching section when needed), e.g. from the monthly review list."""
        if self.data is None:
            return False
        sid = self.data.section_of_task.get(task_id)
        if sid is None:
            return False
        if sid != self.current_section_id:
            self.sections.select(sid)
        return self.grid.select_task(task_id, COL_CONTENT)
