"""管考 › 總覽: the chair's one-page view, the same reportlab drawing the handout prints.

The page is drawn by `printing.dashboard.dashboard_drawing` and rendered to a picture with
pypdfium2 (already used by the print preview), so the screen and the paper never differ and
no chart library is added to the bundle. reportlab and pypdfium2 are imported only when the
view opens, so start-up stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

from desktop.models.dashboard import Dashboard, figures
from desktop.models.store import StoreError
from desktop.views import remembered

LAST_DIR_SETTING = "export_dir"  # the folder the export actions and the print preview remember


class DashboardView(QDialog):
    """Non-modal: the chair keeps it open beside the grid; it follows edits and the month."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("管考總覽")
        screen = window.screen().availableGeometry() if window.screen() else None
        self.resize(760, min(900, screen.height() - 60) if screen else 900)
        self.data: Dashboard | None = None
        self._image = QImage()

        top = QHBoxLayout()
        top.addWidget(QLabel("填報月份"))
        self.month_combo = QComboBox()
        self.month_combo.addItems([f"{m}月" for m in range(1, 13)])
        self.month_combo.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.month_combo)
        top.addStretch(1)
        self.save_button = QPushButton("另存 PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        top.addWidget(self.save_button)
        close = QPushButton("關閉")
        close.clicked.connect(self.close)
        top.addWidget(close)

        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.picture.setAccessibleName("管考總覽圖表")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.picture)
        scroll.setStyleSheet("QScrollArea { background: white; }")
        self.scroll = scroll

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self._later = QTimer(self, singleShot=True, interval=300, timeout=self.refresh)
        window.plan_changed.connect(lambda _plan: self._refresh_if_shown())
        window.undo_group.indexChanged.connect(lambda _i: self._refresh_if_shown())

    # ------------------------------------------------------------------ figures and picture
    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self._later.start()

    def compute(self) -> Dashboard | None:
        w = self.window_
        if w.plan is None or w.data is None:
            return None
        tree = [(s, w.data.trees.get(s.id, [])) for s in w.data.sections]
        return figures(w.plan, self.month_combo.currentIndex() + 1, tree, w.data.progress)

    def refresh(self) -> None:
        self.data = self.compute()
        self.save_button.setEnabled(self.data is not None)
        if self.data is None:
            self.picture.setText("尚無年度計畫，請先建立或匯入計畫")
            return
        self._image = self.render(self.data)
        self._show_image()

    def render(self, data: Dashboard) -> QImage:
        """The drawing at the scroll area's width: a PDF in memory, rasterised by pdfium."""
        import pypdfium2 as pdfium

        from desktop.printing.dashboard import dashboard_pdf_bytes, frame_size
        from desktop.printing.fonts import register_cjk_font
        from desktop.views.print_preview import render_page

        width, page_height = frame_size(self.window_.store.get_setting("paper", "A4"))
        view = self.scroll.viewport()
        # The page's width, the view's shape: the trend chart takes what height there is.
        height = min(page_height, max(420.0, width * (view.height() - 16) / max(1, view.width() - 16)))
        font = register_cjk_font(self.window_.store.get_setting("pdf_font", ""))
        doc = pdfium.PdfDocument(dashboard_pdf_bytes(data, font, width, height))
        try:
            ratio = self.devicePixelRatioF()
            image = render_page(doc, 0, 72.0 * self._scale(width, height) * ratio)
            image.setDevicePixelRatio(ratio)
            return image
        finally:
            doc.close()

    def _scale(self, width: float, height: float) -> float:
        """Fit the whole page in the view: the chair sees it without scrolling."""
        view = self.scroll.viewport()
        return max(0.4, min((view.width() - 16) / width, (view.height() - 16) / height))

    def _show_image(self) -> None:
        self.picture.setPixmap(QPixmap.fromImage(self._image))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.data is not None:
            self._later.start()

    # ------------------------------------------------------------------ saving
    def default_file_name(self) -> str:
        plan = self.window_.plan
        return f"{plan.year}年{self.month_combo.currentIndex() + 1}月管考總覽.pdf"

    def save_pdf(self) -> Path | None:
        if self.data is None:
            return None
        store = self.window_.store
        saved = store.get_setting(LAST_DIR_SETTING)
        start = Path(saved) if saved and Path(saved).is_dir() else Path.home()
        name = remembered.save_file_name("dashboard_pdf", self, "另存總覽 PDF", str(start / self.default_file_name()),
                                              "PDF 檔案 (*.pdf)")
        return self.write_pdf(Path(name)) if name else None

    def write_pdf(self, dest: Path) -> Path | None:
        from desktop.printing.dashboard import write_dashboard
        from desktop.printing.fonts import register_cjk_font

        if dest.suffix.lower() != ".pdf":
            dest = dest.with_name(dest.name + ".pdf")
        store = self.window_.store
        try:
            write_dashboard(self.data, register_cjk_font(store.get_setting("pdf_font", "")), dest,
                            paper=store.get_setting("paper", "A4"))
        except (OSError, StoreError) as exc:
            QMessageBox.warning(self, "無法存檔", f"總覽無法寫入「{dest}」：\n{exc}")
            return None
        store.set_setting(LAST_DIR_SETTING, str(dest.parent))
        self.window_.statusBar().showMessage(f"已存成 {dest}", 5000)
        return dest


def open_dashboard(window: Any) -> DashboardView | None:
    if window.plan is None:
        window.statusBar().showMessage("尚無年度計畫，請先建立或匯入計畫", 5000)
        return None
    view = getattr(window, "_dashboard", None)
    if view is None:
        view = window._dashboard = DashboardView(window)
    view.month_combo.blockSignals(True)
    view.month_combo.setCurrentIndex(window.report_month - 1)
    view.month_combo.blockSignals(False)
    view.show()
    view.raise_()
    view.refresh()
    return view


def install(window: Any) -> None:
    """管考 › 總覽… (Ctrl+Shift+D)."""
    action = QAction("總覽…", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+D"))
    action.setStatusTip("各課室本月執行情形、考核指標與全年趨勢，一頁看完")
    action.triggered.connect(lambda: open_dashboard(window))
    window.review_menu.addAction(action)
    window.dashboard_action = action

