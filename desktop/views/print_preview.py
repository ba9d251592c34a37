"""Print preview inside the program: the PDF we would print, page by page, then print or save it.

QtPdf is not part of PySide6-Essentials, so pages are rendered to images with pypdfium2.
The PDF is made off the UI thread (run_in_background); printing paints the same page
images onto the printer, so what is previewed is exactly what comes out.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.exchange.atomic import atomic_path, write_failure
from desktop.models.domain import Plan
from desktop.models.store import Store
from desktop.views import remembered
from desktop.views.background import run_in_background
from desktop.views.scratch import ScratchFolder

TABLE = "table"
HANDOUT = "handout"
LAST_DIR_SETTING = "export_dir"  # the same folder the export actions remember
PRINT_DPI_CAP = 300  # enough for text; keeps a page image near 26 MB at A4


def render_page(doc: Any, index: int, dpi: float) -> QImage:
    """One PDF page as a QImage at dpi (pypdfium2 gives RGB bytes we copy into Qt)."""
    page = doc[index]
    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888).copy()
    bitmap.close()
    page.close()
    return image


def make_pdf(db_path: str | Path, plan_id: int, kind: str, out: Path, month: int | None,
             section_ids: list[int] | None, paper: str, report=None) -> Path:
    """Write the PDF on a second connection (called on a pool thread)."""
    store = Store(db_path)
    try:
        plan = store.plan(plan_id)
        if kind == HANDOUT:
            from desktop.printing.handout import write_handout

            return write_handout(store, plan, month or 12, out, paper=paper, progress=report)
        from desktop.printing.control_table import write_control_table

        return write_control_table(store, plan, out, section_ids=section_ids, month=month,
                                   paper=paper, progress=report)
    finally:
        store.close()


class PrintPreviewDialog(QDialog):
    """Preview of the control table or the monthly handout, with 列印… and 另存 PDF…."""

    generated = Signal(str)  # a new PDF is shown (its path)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None, store: Store, plan: Plan, kind: str = TABLE,
                 month: int | None = None, section_ids: list[int] | None = None,
                 current_section: tuple[int, str] | None = None):
        super().__init__(parent)
        self.store, self.plan, self.kind, self.month = store, plan, kind, month
        self.section_ids = section_ids
        self.current_section = current_section
        self.pdf_path: Path | None = None
        self._doc: Any = None
        self._busy = False
        # the PDF shown is closed first: Windows cannot remove a folder with an open file in it
        self._scratch = ScratchFolder(self, "plandesk-print-", before_removing=self._close_doc)
        self._tmpdir = self._scratch.path
        self._serial = 0
        self.setWindowTitle(self.document_title())
        self.resize(1000, 760)
        self._build()
        self.regenerate()

    # ------------------------------------------------------------------ UI
    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("紙張："))
        self.paper_combo = QComboBox()
        self.paper_combo.addItem("A4", "A4")
        self.paper_combo.addItem("A3", "A3")
        paper = remembered.value("print/paper") or self.store.get_setting("paper", "A4")
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(paper)))
        self.paper_combo.currentIndexChanged.connect(self.regenerate)
        self.paper_combo.currentIndexChanged.connect(
            lambda _i: remembered.remember("print/paper", self.paper_combo.currentData()))
        top.addWidget(self.paper_combo)
        self.scope_combo = QComboBox()
        if self.kind == TABLE:
            top.addWidget(QLabel("範圍："))
            self.scope_combo.addItem("全部課室", None)
            if self.current_section is not None:
                sid, name = self.current_section
                self.scope_combo.addItem(f"目前課室（{name}）", [sid])
            if self.section_ids:
                self.scope_combo.setCurrentIndex(self.scope_combo.count() - 1)
            self.scope_combo.currentIndexChanged.connect(self.regenerate)
            top.addWidget(self.scope_combo)
        top.addStretch(1)
        self.prev_button = QPushButton("上一頁")
        self.prev_button.clicked.connect(lambda: self.page_spin.setValue(self.page_spin.value() - 1))
        self.page_spin = QSpinBox()
        self.page_spin.setMinimum(1)
        self.page_spin.valueChanged.connect(self.show_page)
        self.count_label = QLabel("")
        self.next_button = QPushButton("下一頁")
        self.next_button.clicked.connect(lambda: self.page_spin.setValue(self.page_spin.value() + 1))
        self.zoom_combo = QComboBox()
        self.zoom_combo.addItem("符合頁面", "page")
        self.zoom_combo.addItem("符合寬度", "width")
        self.zoom_combo.addItem("100%", "100")
        self.zoom_combo.currentIndexChanged.connect(lambda _i: self.show_page(self.page_spin.value()))
        for w in (self.prev_button, self.page_spin, self.count_label, self.next_button,
                  self.zoom_combo):
            top.addWidget(w)

        self.page_label = QLabel("正在產生預覽…")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setStyleSheet("background: #808080; color: white;")
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.page_label)

        bottom = QHBoxLayout()
        self.status_label = QLabel("")
        bottom.addWidget(self.status_label, 1)
        self.print_button = QPushButton("列印…")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("另存 PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton("關閉")
        close.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, close):
            bottom.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self._set_ready(False)

    def document_title(self) -> str:
        if self.kind == HANDOUT:
            return f"{self.plan.year}年{self.month}月工作計畫執行情形"
        return f"{self.plan.office}{self.plan.year}年度工作計畫期程管制表"

    def _set_ready(self, ready: bool) -> None:
        for w in (self.print_button, self.save_button, self.prev_button, self.next_button,
                  self.page_spin):
            w.setEnabled(ready)

    @property
    def paper(self) -> str:
        return self.paper_combo.currentData()

    # ------------------------------------------------------------------ PDF
    def regenerate(self, *_args: object) -> None:
        """Make the PDF again for the chosen paper and scope, off the UI thread."""
        self._serial += 1
        serial = self._serial
        self._busy = True
        self._set_ready(False)
        self.status_label.setText("正在產生 PDF…")
        out = Path(self._tmpdir) / f"preview-{serial}.pdf"
        scope = self.scope_combo.currentData() if self.kind == TABLE else None
        args = (self.store.path, self.plan.id, self.kind, out, self.month, scope, self.paper)
        scratch = self._scratch

        def job(report):  # on a pool thread
            try:
                return make_pdf(*args, report=report)
            finally:
                scratch.job_finished()

        run_in_background(
            self, "正在產生列印內容…", job,
            lambda path: self._loaded(serial, path),
            lambda exc: self._failed(serial, exc),
        )

    def _discard(self, path: Path | None = None) -> None:
        """A PDF nobody wants any more (a newer one was asked for, or the preview closed)."""
        if path is not None:
            Path(path).unlink(missing_ok=True)

    def _loaded(self, serial: int, path: Path) -> None:
        if serial != self._serial:
            self._discard(path)  # an older request finished after a newer one began
            return
        import pypdfium2 as pdfium

        self._close_doc()
        self.pdf_path = Path(path)
        self._doc = pdfium.PdfDocument(str(self.pdf_path))
        self._busy = False
        pages = len(self._doc)
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(max(1, pages))
        self.page_spin.setValue(1)
        self.page_spin.blockSignals(False)
        self.count_label.setText(f"共 {pages} 頁")
        self.status_label.setText(f"{self.paper}，{pages} 頁")
        self._set_ready(True)
        self.show_page(1)
        self.generated.emit(str(self.pdf_path))

    def _failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            self._discard()
            return
        self._busy = False
        message = str(exc) or exc.__class__.__name__
        self.page_label.setText(f"無法產生 PDF：\n{message}")
        self.status_label.setText("產生失敗")
        self.failed.emit(message)
        QMessageBox.warning(self, "無法產生 PDF", message)

    @property
    def page_count(self) -> int:
        return len(self._doc) if self._doc is not None else 0

    def show_page(self, number: int) -> None:
        if self._doc is None or not 1 <= number <= self.page_count:
            return
        w_pt, h_pt = self._doc[number - 1].get_size()
        view = self.scroll.viewport().size() - QSize(24, 24)
        mode = self.zoom_combo.currentData()
        ratio = self.devicePixelRatioF()
        if mode == "100":
            dpi = 96.0
        elif mode == "width":
            dpi = 72.0 * view.width() / w_pt
        else:
            dpi = 72.0 * min(view.width() / w_pt, view.height() / h_pt)
        dpi = max(20.0, min(dpi, 300.0))
        image = render_page(self._doc, number - 1, dpi * ratio)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.page_label.setPixmap(pixmap)
        self.prev_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < self.page_count)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._doc is not None:
            self.show_page(self.page_spin.value())

    # ------------------------------------------------------------------ output
    def default_file_name(self) -> str:
        return f"{self.document_title()}.pdf".replace("/", "-").replace("\\", "-")

    def save_pdf(self) -> Path | None:
        if self.pdf_path is None:
            return None
        saved = self.store.get_setting(LAST_DIR_SETTING)
        start = Path(saved) if saved and Path(saved).is_dir() else Path.home()
        name = remembered.save_file_name(
            "print_pdf", self, "另存 PDF", str(start / self.default_file_name()), "PDF 檔案 (*.pdf)")
        if not name:
            return None
        dest = Path(name)
        if dest.suffix.lower() != ".pdf":
            dest = dest.with_name(dest.name + ".pdf")
        try:
            with atomic_path(dest) as tmp:
                shutil.copyfile(self.pdf_path, tmp)
        except OSError as exc:
            QMessageBox.warning(self, "無法儲存", write_failure(dest, exc))
            return None
        try:
            self.store.set_setting(LAST_DIR_SETTING, str(dest.parent))
        except Exception:  # noqa: BLE001 - a remembered folder is a convenience only
            pass
        self.status_label.setText(f"已儲存：{dest}")
        return dest

    def print_document(self, printer: QPrinter | None = None) -> bool:
        """Ask for a printer, then paint every chosen page image at printer resolution."""
        if self._doc is None:
            return False
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        self.prepare_printer(printer)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("列印")
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.paint_pages(printer)

    def prepare_printer(self, printer: QPrinter) -> None:
        """Paper and orientation as in the PDF, so the page image fills the sheet 1:1."""
        printer.setDocName(self.document_title())
        size = QPageSize.PageSizeId.A3 if self.paper == "A3" else QPageSize.PageSizeId.A4
        printer.setPageSize(QPageSize(size))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if self.kind == TABLE
                                   else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)

    def paint_pages(self, printer: QPrinter) -> bool:
        first = printer.fromPage() or 1
        last = printer.toPage() or self.page_count
        last = min(last, self.page_count)
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        progress = QProgressDialog("正在送出列印…", "取消", first - 1, last, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(600)
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "無法列印", "無法開始列印，請檢查印表機設定。")
            return False
        try:
            for n in range(first, last + 1):
                if progress.wasCanceled():
                    break
                if n > first:
                    printer.newPage()
                image = render_page(self._doc, n - 1, dpi)
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(target.x(), target.y(), size.width(), size.height())
                painter.setWindow(image.rect())
                painter.drawImage(0, 0, image)
                painter.setViewport(target)
                painter.setWindow(target)
                progress.setValue(n)
                QApplication.processEvents()
        finally:
            painter.end()
            progress.close()
        self.status_label.setText(f"已送出列印：第 {first}–{last} 頁")
        return True

    # ------------------------------------------------------------------ cleanup
    def _close_doc(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def done(self, result: int) -> None:
        self._serial += 1  # a PDF still being made is no longer wanted
        super().done(result)
        self._scratch.remove()
