"""Small dialogs of the main window: a new year's plan, plan properties, a 佐證 文號."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.domain import Plan
from desktop.models.rocdate import ROC_OFFSET, current_roc_year, roc_from_iso
from desktop.models.store import StoreError

_ROC_DATE = re.compile(r"^\s*(\d{2,3})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?\s*$")


def parse_roc_date(text: str) -> str | None:
    """「112/12/29」or「112年12月29日」→ ISO '2023-12-29'; '' → ''; None when unreadable."""
    if not text.strip():
        return ""
    m = _ROC_DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m[1]) + ROC_OFFSET, int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


class NewPlanDialog(QDialog):
    """A new year's plan: empty, or carried over from an existing plan (progress cleared)."""

    def __init__(self, plans: list[Plan], parent: QWidget | None = None):
        """The proposed year is the one after the newest plan (whichever year is on screen),
        carried over from that plan."""
        super().__init__(parent)
        self.setWindowTitle("新增年度計畫")
        self.plans = plans
        newest = max(plans, key=lambda p: p.year) if plans else None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(1, 999)
        self.year.setSuffix(" 年度")
        self.year.setValue(newest.year + 1 if newest else current_roc_year())
        form.addRow("民國年度", self.year)
        self.empty = QRadioButton("空白計畫")
        self.carry = QRadioButton("沿用既有計畫（複製課室、項目、工作、月份與考核指標，不含執行情形）")
        self.carry.setToolTip("到 12 月仍落後或未填報的工作，在新年度標記為「延續未完成」"
                              "（工作內容左側橘色標示，可用「只看延續未完成」篩選，可一鍵清除）")
        self.source = QComboBox()
        for p in sorted(plans, key=lambda p: -p.year):
            self.source.addItem(f"{p.year} 年度　{p.office}", p.id)
        self.carry.setEnabled(bool(plans))
        self.source.setEnabled(bool(plans))
        (self.carry if plans else self.empty).setChecked(True)
        form.addRow(self.empty)
        form.addRow(self.carry)
        form.addRow("來源計畫", self.source)
        self.office = QLineEdit(newest.office if newest else "")
        self.office.setPlaceholderText("例：臺北市文山區戶政事務所")
        form.addRow("機關名稱", self.office)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("建立")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.taken = {p.year for p in plans}

    def _accept(self) -> None:
        if self.year.value() in self.taken:
            self.error.setText(f"{self.year.value()} 年度計畫已存在，請改選其他年度。")
            return
        self.accept()

    def carry_from(self) -> Plan | None:
        if not self.carry.isChecked():
            return None
        pid = self.source.currentData()
        return next((p for p in self.plans if p.id == pid), None)

    def title(self) -> str:
        return f"{self.office.text().strip()}{self.year.value()}年度提升服務品質執行計畫"


class PlanPropertiesDialog(QDialog):
    """機關名稱, 計畫名稱, 核定日期 (ROC), 核定文號."""

    def __init__(self, plan: Plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{plan.year} 年度計畫屬性")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.office = QLineEdit(plan.office)
        self.title_edit = QLineEdit(plan.title)
        self.approved = QLineEdit(roc_from_iso(plan.approved_on) if plan.approved_on else "")
        self.approved.setPlaceholderText("民國日期，例：112/12/29")
        self.doc_number = QLineEdit(plan.doc_number)
        self.doc_number.setPlaceholderText("例：北市文戶秘字第1126009370號")
        form.addRow("機關名稱", self.office)
        form.addRow("計畫名稱", self.title_edit)
        form.addRow("核定日期", self.approved)
        form.addRow("核定文號", self.doc_number)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("確定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if parse_roc_date(self.approved.text()) is None:
            self.error.setText("核定日期請以民國年月日輸入，例如 112/12/29 或 112年12月29日。")
            return
        self.accept()

    def values(self) -> dict[str, str]:
        return {
            "office": self.office.text().strip(),
            "title": self.title_edit.text().strip(),
            "approved_on": parse_roc_date(self.approved.text()) or "",
            "doc_number": self.doc_number.text().strip(),
        }


# ----------------------------------------------------------------------------- tools and help


class DocumentDialog(QDialog):
    """A 文號 with a short description."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("加入文號")
        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("例：北市文戶字第1153000123號")
        self.note = QLineEdit()
        self.note.setPlaceholderText("簡短說明，例：函送成果報告")
        form = QFormLayout(self)
        form.addRow("文號", self.doc_number)
        form.addRow("說明", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(420, 120)


def backup_now(window: Any) -> None:
    """A checked backup now, into the folder from the settings; the history is pruned by the
    retention policy. A damaged database is not backed up and every backup is kept."""
    from desktop.models.backups import backup_store

    try:
        made = backup_store(window.store, "manual")
    except (OSError, StoreError) as exc:
        QMessageBox.warning(window, "備份失敗", f"備份失敗：{exc}")
        return
    window.statusBar().showMessage(f"已備份至 {made}", 8000)


def check_database(window: Any) -> None:
    """工具 › 檢查資料庫: what `plandesk check` reports, evidence files included."""
    from desktop.models.evidence import problems as evidence_problems

    problems = window.store.integrity_problems() + evidence_problems(window.store)
    if problems:
        QMessageBox.warning(window, "資料庫檢查", "發現下列問題：\n" + "\n".join(problems))
    else:
        QMessageBox.information(window, "資料庫檢查", "資料庫完整，沒有發現問題。")


def show_help(window: Any) -> None:
    QMessageBox.information(window, "操作說明", (
        "月份格：點一下排入或取消預定月份；按住滑鼠橫向拖曳可一次設定連續月份；"
        "空白鍵切換預定月份，Shift+空白鍵切換考核月份 ◆，Delete 取消。\n\n"
        "文字格（編號、計畫項目、工作內容、考核指標）：雙擊、F2、Enter 或直接打字即可編輯；"
        "Enter 完成，Shift+Enter 換行，Esc 取消；Delete 清除內容。\n\n"
        "右側「工作明細」可編輯每個欄位與每月執行情形；狀態為「落後」時請填寫落後原因及因應對策。\n\n"
        "所有修改立即存檔，可用 Ctrl+Z 復原、Ctrl+Y 取消復原。"))


def show_about(window: Any) -> None:
    """說明 › 關於: version, data and backup folders (openable), licences."""
    from desktop.views.about_dialog import about_dialog

    about_dialog(window).exec()
