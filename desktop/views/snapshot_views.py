"""管考 › 存成快照… / 快照與比較…: freeze the year, open a snapshot read-only, compare.

A snapshot opens in a window of its own built from the same grid and section list as the
main window, on a scratch copy of the snapshot's rows, with a banner saying it is read-only
and every edit refused. A comparison lists the changes; double-clicking one selects the row
in the main window; 列印… writes the comparison page.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models import snapshots as snap
from desktop.models.opening import disk_full
from desktop.models.plan_data import PlanData
from desktop.models.qt_models import GridModel, SectionListModel
from desktop.models.rocdate import default_report_month
from desktop.models.store import Store, StoreError
from desktop.views import remembered
from desktop.views.scratch import ScratchFolder

STATUS_MS = 8000
BUREAU = snap.BUREAU
CHANGE_COLUMNS = ["課室", "計畫項目", "工作內容", "月份", "欄位", "變更前", "變更後"]
SNAPSHOT_ID_ROLE = Qt.ItemDataRole.UserRole + 51
READ_ONLY_STYLE = ("background:#fff3bf; color:#5c3c00; border:1px solid #e0b000;"
                   " font-weight:bold; padding:6px;")


# ---------------------------------------------------------------------------- taking
def take_snapshot(window: Any, purpose: str = "所務會議", ask: bool = True) -> snap.SnapshotInfo | None:
    """Ask for a name (filled in), then freeze the year. None when cancelled or refused."""
    if window.plan is None:
        QMessageBox.information(window, "存成快照", "目前沒有年度計畫，無法存成快照。")
        return None
    window.commit_pending_edits()
    name = snap.suggested_name(window.plan.year, window.report_month, purpose)
    if ask:
        name, ok = QInputDialog.getText(
            window, "存成快照",
            f"將 {window.plan.year} 年度計畫目前的內容（課室、項目、工作、月份、填報、考核結果）"
            "凍結保存。\n快照名稱：", QLineEdit.EchoMode.Normal, name)
        if not ok:
            return None
    try:
        info = snap.take(window.store, window.plan.id, name)
    except StoreError as exc:
        QMessageBox.warning(window, "存成快照", str(exc))
        return None
    window.statusBar().showMessage(f"已存成快照「{info.name}」", STATUS_MS)
    review = getattr(window, "_monthly_review", None)
    if review is not None and hasattr(review, "since"):
        review.since.refresh()
    return info


def offer_snapshot(window: Any, purpose: str) -> QMessageBox | None:
    """Printing the handout or exporting the bureau workbook: offer a snapshot, name filled in.

    The question is not modal (the work is already done; nothing waits for the answer)."""
    if window.plan is None:
        return None
    name = snap.suggested_name(window.plan.year, window.report_month, purpose)
    box = QMessageBox(QMessageBox.Icon.Question, "存成快照",
                      f"要同時把目前的 {window.plan.year} 年度計畫存成快照「{name}」嗎？\n"
                      "之後可以比較下次會議前改了什麼。",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.button(QMessageBox.StandardButton.Yes).clicked.connect(
        lambda: take_snapshot(window, purpose))
    window._snapshot_offer = box
    box.open()
    return box


DELIVERED = ("已送出列印", "已儲存")  # the preview's status after 列印… or 另存 PDF…


def offer_after_preview(window: Any, preview: Any, purpose: str = "所務會議") -> None:
    """When a handout preview closes after it was printed or saved, offer the snapshot."""
    def closed(_result: int) -> None:
        if preview.status_label.text().startswith(DELIVERED):
            offer_snapshot(window, purpose)

    preview.finished.connect(closed)


# ---------------------------------------------------------------------------- read-only
class ReadOnlyEdits:
    """An edit sink that refuses every edit, saying why."""

    def __init__(self, say: Any):
        self.say = say

    def task_fields(self, task_id: int, fields: dict, label: str) -> None:
        self.say()

    def item_fields(self, item_id: int, fields: dict, label: str) -> None:
        self.say()

    def progress_fields(self, task_id: int, month: int, fields: dict, label: str) -> None:
        self.say()


def _copy_failed(info: snap.SnapshotInfo, exc: BaseException) -> str:
    """Why a snapshot's read-only copy could not be made, in the officer's words."""
    folder = Path(tempfile.gettempdir())
    if disk_full(folder, exc):
        why = f"暫存資料夾「{folder}」空間已滿。請刪除不需要的檔案、清出空間後再開啟"
    else:
        why = f"無法在暫存資料夾「{folder}」寫入唯讀副本（{exc}）"
    return f"無法開啟快照「{info.label}」：{why}。快照本身沒有變更。"


class SnapshotWindow(QMainWindow):
    """A snapshot shown like today's table. It owns a scratch copy it deletes on close."""

    def __init__(self, window: Any, info: snap.SnapshotInfo):
        super().__init__(window)
        from desktop.views.grid_view import GridView, legend_widget
        from desktop.views.section_list import SectionPanel

        self.main_window = window
        self.info = info
        self._scratch = ScratchFolder(self, "plandesk-snapshot-")
        self._tmpdir = self._scratch.path
        self.store: Store = snap.open_snapshot(window.store, info.id,
                                               str(Path(self._tmpdir) / "snapshot.sqlite"))
        self._scratch.before_removing = self.store.close  # Windows keeps a folder with an open file
        self.plan = self.store.plans()[0]
        self.report_month = default_report_month(self.plan.year)
        self.current_section_id: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"管考快照（唯讀）— {info.label}")
        self.resize(1300, 800)
        self.data = PlanData(self.store, self.plan.id)
        self.grid_model = GridModel()
        self.grid_model.report_month = self.report_month
        self.grid_model.set_plan_data(self.data)
        self.grid_model.edits = ReadOnlyEdits(self._refuse)
        self.grid = GridView()
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.section_model = SectionListModel()
        self.section_model.report_month = self.report_month
        self.section_model.set_plan_data(self.data)
        self.sections = SectionPanel(self.section_model)
        self.sections.section_selected.connect(self._section_selected)

        self.banner = QLabel(f"唯讀快照：{info.label}　{self.plan.year} 年度　"
                             "這是當時的內容，不能修改；要修改請回到主視窗。")
        self.banner.setStyleSheet(READ_ONLY_STYLE)
        print_button = QPushButton("列印管制表…")
        print_button.clicked.connect(self.print_table)
        compare_button = QPushButton("與目前比較…")
        compare_button.clicked.connect(lambda: open_compare(window, info.id, None))
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(compare_button)
        top.addWidget(print_button)
        centre = QWidget()
        v = QVBoxLayout(centre)
        v.addLayout(top)
        split = QSplitter()
        split.addWidget(self.sections)
        split.addWidget(self.grid)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 1100])
        v.addWidget(split, 1)
        v.addWidget(legend_widget())
        self.setCentralWidget(centre)
        if self.data.sections:
            self.sections.select(self.data.sections[0].id)

    def _section_selected(self, section_id: int | None) -> None:
        self.current_section_id = section_id
        self.grid_model.set_section(section_id)

    def _refuse(self) -> None:
        self.statusBar().showMessage("這是唯讀快照，不能修改；要修改請回到主視窗。", STATUS_MS)

    def print_table(self) -> Any:
        from desktop.views.print_actions import print_control_table

        return print_control_table(self)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._scratch.remove()
        super().closeEvent(event)


# ---------------------------------------------------------------------------- comparing
class CompareDialog(QDialog):
    """The changes from snapshot a to snapshot b (None: today's data)."""

    def __init__(self, window: Any, a: int, b: int | None):
        super().__init__(window)
        self.window_ = window
        self.a, self.b = a, b
        store = window.store
        self.title = (f"{snap.snapshot_info(store, a).label} → "
                      f"{snap.snapshot_info(store, b).label if b else '目前資料'}")
        self.changes = snap.diff_snapshots(store, a, b)
        self.setWindowTitle("快照比較")
        self.resize(1100, 600)
        heading = QLabel(f"{self.title}　共 {len(self.changes)} 項變更")
        heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.table = QTableWidget(len(self.changes), len(CHANGE_COLUMNS))
        self.table.setHorizontalHeaderLabels(CHANGE_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for row, c in enumerate(self.changes):
            cells = [c.section, c.item, " ".join(c.content.split()), f"{c.month}月" if c.month else "",
                     c.field_label, c.before, c.after]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if col == 6 and c.field in ("task", "status", "kpi_result"):
                    cell.setBackground(QColor("#fff3bf"))
                self.table.setItem(row, col, cell)
        head = self.table.horizontalHeader()
        for col, width in enumerate((100, 150, 260, 50, 80, 170)):
            head.resizeSection(col, width)
        head.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.go_to(r))
        self.status = QLabel("雙擊一列，在主視窗選取該工作。" if self.changes else "兩者內容相同，沒有變更。")
        go = QPushButton("在主視窗顯示")
        go.clicked.connect(lambda: self.go_to(self.table.currentRow()))
        print_button = QPushButton("列印…")
        print_button.clicked.connect(self.print_page)
        close = QPushButton("關閉")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for b_ in (go, print_button, close):
            bottom.addWidget(b_)
        v = QVBoxLayout(self)
        v.addWidget(heading)
        v.addWidget(self.table, 1)
        v.addLayout(bottom)

    def go_to(self, row: int) -> bool:
        if not 0 <= row < len(self.changes):
            return False
        change = self.changes[row]
        year = snap.snapshot_info(self.window_.store, self.a).year
        plan = self.window_.store.plan_by_year(year)
        if plan is not None and (self.window_.plan is None or self.window_.plan.id != plan.id):
            index = self.window_.year_combo.findData(plan.id)
            self.window_.year_combo.setCurrentIndex(index)
            self.window_.year_combo.activated.emit(index)
        if self.window_.select_task(change.task_id):
            self.status.setText(f"已在主視窗選取「{' '.join(change.content.split())[:20]}」")
            return True
        self.status.setText("這項工作目前已不存在（已刪除），無法在主視窗顯示。")
        return False

    def print_page(self, out: str | None = None) -> Path | None:
        from desktop.printing.snapshot_diff import write_changes_pdf
        from desktop.views.export_actions import _remember_dir, _start_dir

        if not out:
            out = remembered.save_file_name("snapshot_pdf", self, "列印快照比較（另存 PDF）",
                                                 str(_start_dir(self.window_) / "快照比較.pdf"),
                                                 "PDF 檔 (*.pdf)")
            if not out:
                return None
        path = Path(out) if str(out).lower().endswith(".pdf") else Path(f"{out}.pdf")
        store = self.window_.store
        office = self.window_.plan.office if self.window_.plan else ""
        made = write_changes_pdf(store, self.changes, self.title, path, office,
                                 store.get_setting("paper", "A4") or "A4")
        _remember_dir(self.window_, path.parent)
        self.status.setText(f"已另存：{made}")
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(made)))
        return made


class SinceSnapshotPanel(QWidget):
    """月報檢視's 「自上次會議以來的變更」: what was entered or edited since the newest
    snapshot of the year, highlighted; double-click shows the task in the main window."""

    def __init__(self, window: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.changes: list[snap.Change] = []
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; color: #5c3c00;")
        self.table = QTableWidget(0, len(CHANGE_COLUMNS))
        self.table.setHorizontalHeaderLabels(CHANGE_COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(170)
        head = self.table.horizontalHeader()
        for col, width in enumerate((90, 140, 260, 50, 80, 170)):
            head.resizeSection(col, width)
        head.setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(self._go_to)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 4, 0, 0)
        v.addWidget(self.heading)
        v.addWidget(self.table)
        self._timer = QTimer(self, singleShot=True, interval=300)
        self._timer.timeout.connect(self.refresh)

    def schedule(self, *_: Any) -> None:
        """Edits come one by one; compare once they pause."""
        self._timer.start()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        if not self.isVisible():  # compared when shown; a closed review costs nothing
            return
        plan = self.window_.plan
        try:
            since, self.changes = (snap.changed_since_latest(self.window_.store, plan.id)
                                   if plan is not None else (None, []))
        except (StoreError, sqlite3.ProgrammingError):  # the plan or the file went away meanwhile
            return
        if since is None:
            self.heading.setText("自上次會議以來的變更：這個年度還沒有快照（管考 › 存成快照…）。")
        else:
            self.heading.setText(f"自上次會議以來的變更（快照「{since.label}」之後）："
                                 f"{len(self.changes)} 項" if self.changes else
                                 f"自上次會議以來的變更（快照「{since.label}」之後）：沒有變更")
        self.table.setVisible(bool(self.changes))
        self.table.setRowCount(len(self.changes))
        for row, c in enumerate(self.changes):
            cells = [c.section, c.item, " ".join(c.content.split()),
                     f"{c.month}月" if c.month else "", c.field_label, c.before, c.after]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                cell.setBackground(QColor("#fff3bf"))
                self.table.setItem(row, col, cell)

    def _go_to(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self.changes):
            self.window_.select_task(self.changes[row].task_id)


def open_compare(window: Any, a: int, b: int | None) -> CompareDialog:
    dialog = CompareDialog(window, a, b)
    window._snapshot_compare = dialog
    dialog.show()
    return dialog


class SnapshotsDialog(QDialog):
    """The year's snapshots: open one read-only, compare with today or two with each other."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("管考快照")
        self.resize(560, 420)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self.open_button = QPushButton("開啟（唯讀）")
        self.open_button.clicked.connect(self.open_selected)
        self.today_button = QPushButton("與目前比較")
        self.today_button.clicked.connect(self.compare_today)
        self.pair_button = QPushButton("比較所選兩個")
        self.pair_button.clicked.connect(self.compare_pair)
        self.take_button = QPushButton("存成快照…")
        self.take_button.clicked.connect(lambda: take_snapshot(window) and self.refresh())
        self.delete_button = QPushButton("刪除…")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QVBoxLayout()
        for b in (self.open_button, self.today_button, self.pair_button, None,
                  self.take_button, self.delete_button):
            buttons.addStretch(1) if b is None else buttons.addWidget(b)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        h = QHBoxLayout()
        h.addWidget(self.list, 1)
        h.addLayout(buttons)
        v = QVBoxLayout(self)
        v.addLayout(h, 1)
        v.addWidget(self.hint)
        self.list.itemSelectionChanged.connect(self._update)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        year = self.window_.plan.year if self.window_.plan else None
        for info in reversed(snap.snapshots(self.window_.store, year)):
            item = QListWidgetItem(info.label)
            item.setData(SNAPSHOT_ID_ROLE, info.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def selected(self) -> list[int]:
        """Selected snapshot ids, oldest first."""
        rows = sorted(self.list.row(i) for i in self.list.selectedItems())
        return [self.list.item(r).data(SNAPSHOT_ID_ROLE) for r in reversed(rows)]

    def _update(self) -> None:
        n = len(self.selected())
        self.open_button.setEnabled(n == 1)
        self.today_button.setEnabled(n == 1)
        self.pair_button.setEnabled(n == 2)
        self.delete_button.setEnabled(n == 1)
        year = self.window_.plan.year if self.window_.plan else ""
        self.hint.setText(f"{year} 年度共 {self.list.count()} 個快照。按住 Ctrl 選兩個可互相比較。"
                          if self.list.count() else "這個年度還沒有快照。請用「存成快照…」保存目前內容。")

    def open_selected(self) -> SnapshotWindow | None:
        ids = self.selected()
        if len(ids) != 1:
            return None
        info = snap.snapshot_info(self.window_.store, ids[0])
        try:
            view = SnapshotWindow(self.window_, info)
        except (OSError, sqlite3.Error) as exc:  # its scratch copy could not be written
            QMessageBox.warning(self, "開啟快照", _copy_failed(info, exc))
            return None
        self.window_._snapshot_window = view
        view.show()
        return view

    def compare_today(self) -> CompareDialog | None:
        ids = self.selected()
        return open_compare(self.window_, ids[0], None) if len(ids) == 1 else None

    def compare_pair(self) -> CompareDialog | None:
        ids = self.selected()
        return open_compare(self.window_, ids[0], ids[1]) if len(ids) == 2 else None

    def delete_selected(self) -> bool:
        ids = self.selected()
        if len(ids) != 1:
            return False
        info = snap.snapshot_info(self.window_.store, ids[0])
        if QMessageBox.question(self, "刪除快照", f"確定刪除快照「{info.label}」？刪除後無法復原。",
                                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return False
        snap.delete_snapshot(self.window_.store, info.id)
        self.refresh()
        return True


def open_snapshots(window: Any) -> SnapshotsDialog:
    dialog = SnapshotsDialog(window)
    window._snapshots_dialog = dialog
    dialog.show()
    return dialog


def install(window: Any) -> None:
    """管考 › 存成快照… and 管考 › 快照與比較…."""
    take = QAction("存成快照…", window)
    take.setStatusTip("把年度計畫目前的內容凍結保存（例如「115年5月所務會議」），之後可比較改了什麼")
    take.triggered.connect(lambda: take_snapshot(window))
    browse = QAction("快照與比較…", window)
    browse.setStatusTip("開啟快照（唯讀）、與目前比較，或比較兩個快照")
    browse.triggered.connect(lambda: open_snapshots(window))
    window.review_menu.addSeparator()
    window.review_menu.addAction(take)
    window.review_menu.addAction(browse)
    window.take_snapshot_action = take
    window.snapshots_action = browse
