"""管考 › 年度成果報告…: choose PDF / Excel / ODF and a file, write the year-end results report
(成果報告) in the background, then offer to open it with the system viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from desktop.models.store import Store
from desktop.views import remembered
from desktop.views.background import run_in_background
from desktop.views.export_actions import STATUS_MS, _remember_dir, _start_dir

FORMATS = (("pdf", "PDF 文件 (*.pdf)"), ("xlsx", "Excel 活頁簿 (*.xlsx)"),
           ("ods", "ODF 試算表 (*.ods)"))
TITLE = "年度成果報告"


class YearReportDialog(QDialog):
    """Format, file and the month the states are taken in; 產生 writes the file."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        plan = window.plan
        self.setWindowTitle(f"{plan.year}年度成果報告")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{plan.office}{plan.year}年度：各課室工作的最終狀態、考核指標結果、"
                           "全年執行情形與佐證資料，首頁為各課室考核指標達成率。", wordWrap=True))
        self.format_combo = QComboBox()
        for fmt, label in FORMATS:
            self.format_combo.addItem(label.split(" (")[0], fmt)
        self.format_combo.setAccessibleName("檔案格式")
        self.format_combo.currentIndexChanged.connect(self._fix_suffix)
        form.addRow("檔案格式：", self.format_combo)
        self.month_combo = QComboBox()
        self.month_combo.addItems([f"{m}月" for m in range(1, 13)])
        self.month_combo.setCurrentIndex(window.report_month - 1)  # December for a past year
        self.month_combo.setAccessibleName("狀態推算至")
        form.addRow("狀態與考核結果推算至：", self.month_combo)
        self.path_edit = QLineEdit(str(_start_dir(window) / f"{plan.office}{plan.year}年度成果報告.pdf"))
        self.path_edit.setAccessibleName("存檔位置")
        browse = QPushButton("瀏覽…")
        browse.clicked.connect(self.browse)
        self.browse_button = browse
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.path_edit, 1)
        h.addWidget(browse)
        form.addRow("存檔位置：", row)
        buttons = QDialogButtonBox()
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button = buttons.addButton("產生報告", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    @property
    def fmt(self) -> str:
        return self.format_combo.currentData()

    @property
    def month(self) -> int:
        return self.month_combo.currentIndex() + 1

    def out_path(self) -> Path:
        out = Path(self.path_edit.text().strip())
        return out if out.suffix.lower() == f".{self.fmt}" else out.with_name(out.name + f".{self.fmt}")

    def _fix_suffix(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            p = Path(text)
            stem = p.stem if p.suffix.lower() in {f".{f}" for f, _ in FORMATS} else p.name
            self.path_edit.setText(str(p.with_name(f"{stem}.{self.fmt}")))

    def browse(self) -> None:
        label = dict(FORMATS)[self.fmt]
        path = remembered.save_file_name("year_report", self, "年度成果報告存檔位置", self.path_edit.text(), label)
        if path:
            self.path_edit.setText(path)
            self._fix_suffix()

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            QMessageBox.warning(self, TITLE, "請選擇存檔位置。")
            return
        super().accept()
        write_year_report(self.window_, self.out_path(), self.fmt, self.month)


def write_year_report(window: Any, out: Path, fmt: str, month: int) -> None:
    """Write in the background on a second Store; then say where, and offer to open it."""
    _remember_dir(window, out.parent)
    db_path, plan_id = window.store.path, window.plan.id

    def work(report):
        from desktop.printing.year_report import write_report

        store = Store(db_path)
        try:
            report(10, "正在整理成果報告…")
            write_report(store, store.plan(plan_id), out, fmt, month)
            return out
        finally:
            store.close()

    def done(result: Path) -> None:
        window.statusBar().showMessage(f"已產生年度成果報告：{result}", STATUS_MS)
        answer = QMessageBox.question(window, TITLE, f"已產生年度成果報告：\n{result}\n\n要開啟嗎？")
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result)))

    def failed(exc: BaseException) -> None:
        QMessageBox.critical(window, "產生成果報告失敗", f"產生成果報告失敗：\n{exc}")

    run_in_background(window, "正在產生年度成果報告…", work, done, failed)


def open_dialog(window: Any) -> YearReportDialog | None:
    if getattr(window, "plan", None) is None:
        QMessageBox.information(window, TITLE, "目前沒有年度計畫，請先建立或匯入計畫。")
        return None
    dialog = YearReportDialog(window)
    window.year_report_dialog = dialog
    dialog.open()
    return dialog


def install(window: Any) -> None:
    """管考 › 年度成果報告…"""
    action = QAction("年度成果報告…", window)
    action.setStatusTip("產生年度成果報告（PDF、Excel 或 ODF）：最終狀態、考核結果與佐證資料")
    action.triggered.connect(lambda: open_dialog(window))
    window.review_menu.addAction(action)
    window.year_report_action = action
