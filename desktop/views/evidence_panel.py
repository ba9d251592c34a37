"""佐證資料 in the task dock, the grid's count badge, and 檔案 › 匯出佐證資料….

Attach files (copied beside the database) or a 文號 to the selected task or one month of
it; drop files onto the dock to attach them; open one with the system viewer; remove one
after a question, with undo (the file stays until no undo can bring it back).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QAction, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.models import evidence as ev
from desktop.models.store import Store, StoreError
from desktop.views import messages, remembered
from desktop.views.commands import StoreCommand
from desktop.views.extensions import add_to_file_menu

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole + 61
BADGE_FILL = QColor("#5b6b7f")
STATUS_MS = 8000


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


# ---------------------------------------------------------------------------- undo
class AddEvidence(StoreCommand):
    """Attach files or a 文號; undo removes them again (the copied files stay until purge)."""

    def __init__(self, ctx: Any, task_id: int, month: int | None, files: list[Path],
                 doc_number: str = "", note: str = ""):
        what = f"{len(files)} 個佐證檔案" if files else f"文號 {doc_number}"
        super().__init__(ctx, f"附加{what}")
        self.task_id, self.month, self.files = task_id, month, files
        self.doc_number, self.note = doc_number, note
        self.ids: list[int] = []

    def _redo(self) -> None:
        if self.ids:
            for i in self.ids:
                ev.set_deleted(self.store, i, False)
        else:
            made: list[ev.Evidence] = []
            try:
                for f in self.files:
                    made.append(ev.add_file(self.store, self.task_id, f, self.month, self.note,
                                            self.doc_number))
                if not self.files:
                    made.append(ev.add_document(self.store, self.task_id, self.doc_number,
                                                self.note, self.month))
            except StoreError:
                for e in made:  # all or nothing
                    ev.set_deleted(self.store, e.id, True)
                raise
            self.ids = [e.id for e in made]
        _changed(self.ctx, self.task_id)

    def _undo(self) -> None:
        for i in self.ids:
            ev.set_deleted(self.store, i, True)
        _changed(self.ctx, self.task_id)


class RemoveEvidence(StoreCommand):
    def __init__(self, ctx: Any, item: ev.Evidence):
        super().__init__(ctx, f"刪除佐證「{item.file_name or item.doc_number}」")
        self.item = item

    def _redo(self) -> None:
        ev.set_deleted(self.store, self.item.id, True)
        _changed(self.ctx, self.item.task_id)

    def _undo(self) -> None:
        ev.set_deleted(self.store, self.item.id, False)
        _changed(self.ctx, self.item.task_id)


def _changed(window: Any, task_id: int) -> None:
    panel = getattr(window, "evidence_panel", None)
    if panel is not None:
        panel.reload_counts()
        if panel.task_id != task_id and window.select_task(task_id):
            return
        panel.refresh()


# ---------------------------------------------------------------------------- panel
class EvidencePanel(QGroupBox):
    def __init__(self, window: Any):
        super().__init__("佐證資料")
        self.window_ = window
        self.task_id: int | None = None
        self.counts: dict[int, int] = {}
        self.items: list[ev.Evidence] = []
        self.setAcceptDrops(True)
        self.month = QComboBox()
        self.month.addItem("整項工作", None)
        for m in range(1, 13):
            self.month.addItem(f"{m}月", m)
        self.month.setToolTip("新附加的佐證屬於整項工作，或其中一個月")
        self.list = QListWidget()
        self.list.setMinimumHeight(90)
        self.list.itemDoubleClicked.connect(lambda _i: self.open_current())
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.add_button = QPushButton("附加檔案…")
        self.add_button.clicked.connect(self.choose_files)
        self.doc_button = QPushButton("加入文號…")
        self.doc_button.clicked.connect(self.add_document)
        self.open_button = QPushButton("開啟")
        self.open_button.clicked.connect(self.open_current)
        self.remove_button = QPushButton("刪除…")
        self.remove_button.clicked.connect(self.remove_current)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b7480;")
        top = QHBoxLayout()
        top.addWidget(QLabel("附加到："))
        top.addWidget(self.month, 1)
        buttons = QGridLayout()  # two by two: four in a row are wider than the dock at 1366×768
        for i, b in enumerate((self.add_button, self.doc_button, self.open_button, self.remove_button)):
            buttons.addWidget(b, i // 2, i % 2)
        v = QVBoxLayout(self)
        v.addLayout(top)
        v.addWidget(self.list)
        v.addLayout(buttons)
        v.addWidget(self.hint)

    # ------------------------------------------------------------------ showing
    def show_task(self, task_id: int | None, _item_id: int | None = None) -> None:
        self.task_id = task_id
        self.refresh()

    def refresh(self) -> None:
        store: Store = self.window_.store
        self.items = ev.for_task(store, self.task_id) if self.task_id is not None else []
        self.list.clear()
        folder = ev.evidence_folder(store.path)
        for e in self.items:
            where = f"{e.month}月" if e.month else "全年"
            text = f"{where}　{e.file_name}（{_size(e.size)}）" if e.path else f"{where}　文號 {e.doc_number}"
            if e.note:
                text += f"　{e.note}"
            item = QListWidgetItem(text)
            item.setData(EVIDENCE_ID_ROLE, e.id)
            item.setToolTip(str(folder / e.path) if e.path else e.doc_number)
            self.list.addItem(item)
        self.setEnabled(self.task_id is not None)
        self.setTitle(f"佐證資料（{len(self.items)}）" if self.items else "佐證資料")
        self.hint.setText("可將檔案拖曳到工作明細窗格附加；檔案會複製一份存在資料庫旁的佐證資料夾。"
                          if self.task_id is not None else "請先選取一項工作內容。")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.current()
        self.open_button.setEnabled(chosen is not None and bool(chosen.path))
        self.remove_button.setEnabled(chosen is not None)

    def current(self) -> ev.Evidence | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def reload_counts(self) -> None:
        plan = self.window_.plan
        self.counts = ev.counts(self.window_.store, plan.id) if plan is not None else {}
        self.window_.grid.viewport().update()

    def paint_badge(self, painter: QPainter, rect: QRect, task_id: int) -> None:
        """The grid's count badge in the bottom-right corner of 工作內容."""
        n = self.counts.get(task_id)
        if not n:
            return
        painter.save()
        font = QFont(painter.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.8))
        painter.setFont(font)
        text = f"佐證 {n}"
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        height = painter.fontMetrics().height() + 2
        box = QRect(rect.right() - width - 3, rect.bottom() - height - 3, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_FILL)
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    # ------------------------------------------------------------------ actions
    def attach(self, files: list[Path], doc_number: str = "", note: str = "") -> bool:
        if self.task_id is None:
            self.window_.statusBar().showMessage("請先選取一項工作內容，再附加佐證資料", STATUS_MS)
            return False
        task_id, month = self.task_id, self.month.currentData()
        ok = self.window_.push(lambda: AddEvidence(self.window_, task_id, month, files, doc_number, note))
        if ok and files:
            self.window_.statusBar().showMessage(f"已附加 {len(files)} 個佐證檔案", STATUS_MS)
        return ok

    def choose_files(self) -> bool:
        files = remembered.open_file_names(
            "evidence", self, "附加佐證檔案", str(Path.home()),
            "佐證檔案 (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.odt *.xls *.xlsx *.ods *.ppt *.pptx);;所有檔案 (*)")
        return self.attach([Path(f) for f in files]) if files else False

    def add_document(self) -> bool:
        if self.task_id is None:
            return False
        from desktop.views.dialogs import DocumentDialog

        dialog = DocumentDialog(self)
        if not dialog.exec():
            return False
        if not dialog.doc_number.text().strip():
            messages.information(self, "加入文號", "請輸入文號。")
            return False
        return self.attach([], dialog.doc_number.text(), dialog.note.text())

    def open_current(self) -> bool:
        chosen = self.current()
        path = ev.file_path(self.window_.store, chosen) if chosen is not None else None
        if path is None:
            return False
        if not path.is_file():
            messages.warning(self, "開啟佐證", f"找不到佐證檔案：\n{path}\n（可執行「工具 › 檢查資料庫」查看）")
            return False
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_current(self) -> bool:
        chosen = self.current()
        if chosen is None:
            return False
        name = chosen.file_name or f"文號 {chosen.doc_number}"
        if not messages.confirm(self, "刪除佐證", f"確定刪除佐證「{name}」？\n可用「復原」(Ctrl+Z) 取回。"):
            return False
        return self.window_.push(lambda: RemoveEvidence(self.window_, chosen))

    # ------------------------------------------------------------------ drag and drop
    def accepts(self, event: Any) -> bool:
        mime = event.mimeData()
        return self.task_id is not None and mime.hasUrls() and any(u.isLocalFile() for u in mime.urls())

    def dropped(self, event: Any) -> bool:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if f.is_file()]
        if not files:
            return False
        event.acceptProposedAction()
        return self.attach(files)

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self.accepts(event):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.dropped(event)


class _DockDrops(QObject):
    """Files dropped anywhere on the dock are attached to its task."""

    def __init__(self, panel: EvidencePanel):
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and self.panel.accepts(event):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop and self.panel.accepts(event):
            self.panel.dropped(event)
            return True
        return False


# ---------------------------------------------------------------------------- export
def export_evidence(window: Any, per_section: bool | None = None, out: str | None = None) -> list[Path]:
    """檔案 › 匯出佐證資料…: one zip for the year, or one per section into a folder."""
    plan = window.plan
    if plan is None:
        messages.information(window, "匯出佐證資料", "目前沒有年度計畫。")
        return []
    if per_section is None:
        from PySide6.QtWidgets import QInputDialog

        choice, ok = QInputDialog.getItem(window, "匯出佐證資料", "匯出方式：",
                                          ["整個年度一個壓縮檔", "每個課室各一個壓縮檔"], 0, False)
        if not ok:
            return []
        per_section = choice.startswith("每個")
    from desktop.views.export_actions import _remember_dir, _start_dir

    if out is None:
        if per_section:
            out = remembered.existing_directory("evidence_zip", window, "選擇存放壓縮檔的資料夾", str(_start_dir(window)))
        else:
            out = remembered.save_file_name(
                "evidence_zip", window, "匯出佐證資料", str(_start_dir(window) / f"{plan.office}{plan.year}年度佐證資料.zip"),
                "壓縮檔 (*.zip)")
        if not out:
            return []
    target = Path(out)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if per_section:
            made = [ev.export_zip(window.store, plan.id, target / f"{plan.year}年度{s.name}佐證資料.zip", s.id)
                    for s in window.store.sections(plan.id)]
        else:
            if target.suffix.lower() != ".zip":
                target = target.with_name(target.name + ".zip")
            made = [ev.export_zip(window.store, plan.id, target)]
    except (OSError, StoreError) as exc:
        messages.critical(window, "匯出佐證資料失敗", f"無法寫入「{target}」：\n{exc}")
        return []
    finally:
        QApplication.restoreOverrideCursor()
    _remember_dir(window, target if per_section else target.parent)
    window.statusBar().showMessage(f"已匯出 {len(made)} 個佐證資料壓縮檔：{target}", STATUS_MS)
    return made


def install(window: Any) -> EvidencePanel:
    """The dock's 佐證資料 box, the grid badge, drops on the dock and the export action."""
    ev.purge(window.store)  # nothing can be undone yet: what was removed goes for good
    panel = EvidencePanel(window)
    window.evidence_panel = panel
    window.dock.add_panel(panel)
    window.grid.evidence_badge = panel.paint_badge
    window.grid.current_task_changed.connect(panel.show_task)
    window.plan_changed.connect(lambda _p: panel.reload_counts())
    drops = panel._drops = _DockDrops(panel)  # kept: Qt calls the Python filter through it
    window.dock.setAcceptDrops(True)
    window.dock.installEventFilter(drops)
    inner = window.dock.widget()
    for w in (inner, getattr(inner, "viewport", lambda: None)()):
        if w is not None:
            w.setAcceptDrops(True)
            w.installEventFilter(drops)
    action = QAction("匯出佐證資料…", window)
    action.setStatusTip("將年度（或每個課室）的佐證檔案與清單工作表匯出為壓縮檔")
    action.triggered.connect(lambda: export_evidence(window))
    add_to_file_menu(window, action)
    window.export_evidence_action = action
    panel.reload_counts()
    panel.show_task(window.current_task_id())
    return panel

