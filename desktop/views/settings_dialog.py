"""工具 › 設定…: office name, paper, PDF font, backup folder and how many backups to keep,
the report cut-off day (填報截止日).

Everything is applied when 確定 is pressed and stored at once (settings table, and the
office name on the current plan), so the next printout and backup use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.domain import Plan
from desktop.models.rocdate import CUTOFF_SETTING, DEFAULT_CUTOFF_DAY, cutoff_day_from
from desktop.models.signoff import SETTING_KEY as SIGNOFF_SETTING
from desktop.models.signoff import labels_text, signoff_labels
from desktop.models.signoff import parse_labels as signoff_labels_from
from desktop.models.store import Store, StoreError
from desktop.paths import backup_dir_for
from desktop.printing import fonts
from desktop.views import remembered

CHOOSE_FILE = "__choose__"


def backup_policy_text(store: Store) -> str:
    """The retention policy in plain words and the space the backups take now."""
    from desktop.models.backups import backup_folder, human_size, space_used
    from desktop.models.retention import POLICY_TEXT

    count, size = space_used(backup_folder(store))
    return f"{POLICY_TEXT}\n目前共 {count} 份備份，佔用 {human_size(size)}。"
PAPERS = (("A4", "A4（210 × 297 mm）"), ("A3", "A3（297 × 420 mm）"))


class SettingsDialog(QDialog):
    def __init__(self, store: Store, plan: Plan | None, parent: QWidget | None = None,
                 edit_plan: Callable[[int, dict], object] | None = None):
        """edit_plan(plan_id, fields), when given, makes the office change an undoable edit."""
        super().__init__(parent)
        self.store, self.plan = store, plan
        self.edit_plan = edit_plan
        self.setWindowTitle("設定")
        self.setMinimumWidth(560)
        form = QFormLayout()

        self.office = QLineEdit(plan.office if plan else "")
        self.office.setPlaceholderText("例如：臺北市文山區戶政事務所")
        if plan is None:
            self.office.setEnabled(False)
            self.office.setPlaceholderText("請先建立年度計畫")
        label = f"機關名稱（{plan.year} 年度）：" if plan else "機關名稱："
        form.addRow(label, self.office)

        self.paper = QComboBox()
        for key, text in PAPERS:
            self.paper.addItem(text, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(store.get_setting("paper", "A4"))))
        form.addRow("紙張：", self.paper)

        self.font = QComboBox()
        self._fill_fonts(store.get_setting("pdf_font", ""))
        self.font.activated.connect(self._font_activated)
        self.font_note = QLabel("")
        self.font_note.setWordWrap(True)
        font_box = QVBoxLayout()
        font_box.addWidget(self.font)
        font_box.addWidget(self.font_note)
        form.addRow("PDF 字型：", font_box)

        self.backup_dir = QLineEdit(store.get_setting("backup_dir", ""))
        self.backup_dir.setPlaceholderText(str(backup_dir_for(store.path)))
        browse = QPushButton("瀏覽…")
        browse.clicked.connect(self._browse_backup)
        row = QHBoxLayout()
        row.addWidget(self.backup_dir, 1)
        row.addWidget(browse)
        form.addRow("備份資料夾：", row)

        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 365)
        self.backup_keep.setSuffix(" 份")
        try:
            self.backup_keep.setValue(int(store.get_setting("backup_keep", "10") or 10))
        except ValueError:
            self.backup_keep.setValue(10)
        form.addRow("保留份數：", self.backup_keep)
        self.backup_policy = QLabel(backup_policy_text(store))
        form.addRow("保留方式：", self.backup_policy)

        self.cutoff = QSpinBox()
        self.cutoff.setRange(1, 28)
        self.cutoff.setPrefix("每月 ")
        self.cutoff.setSuffix(" 日")
        self.cutoff.setValue(cutoff_day_from(store.get_setting(CUTOFF_SETTING, str(DEFAULT_CUTOFF_DAY))))
        self.cutoff.setToolTip("這天（含）以前，預設填報月份為上個月；之後為本月")
        form.addRow("填報截止日：", self.cutoff)

        self.signoff = QLineEdit(labels_text(signoff_labels(store)))
        self.signoff.setToolTip("印在管制表、月報及填報表最後的核章欄，以「、」分隔；留空則用預設")
        form.addRow("核章欄：", self.signoff)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("確定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_font_note()

    # ------------------------------------------------------------------ fonts
    def _fill_fonts(self, current: str) -> None:
        self.font.clear()
        try:
            auto = fonts.resolve_font("").label
            self.font.addItem(f"自動選擇（目前為 {auto}）", "")
        except fonts.FontMissingError:
            self.font.addItem("自動選擇（找不到可用的中文字型）", "")
        for choice in fonts.find_cjk_fonts():
            self.font.addItem(f"{choice.label} — {choice.path}", choice.spec)
        if current and self.font.findData(current) < 0:
            path, _ = fonts.parse_spec(current)
            self.font.addItem(f"{Path(path).name} — {path}", current)
        self.font.addItem("選擇檔案…", CHOOSE_FILE)
        self.font.setCurrentIndex(max(0, self.font.findData(current)))
        self._last_font = self.font.currentIndex()

    def _font_activated(self, index: int) -> None:
        if self.font.itemData(index) == CHOOSE_FILE:
            name = remembered.open_file_name(
                "font", self, "選擇 PDF 字型", "", "TrueType 字型 (*.ttf *.ttc);;所有檔案 (*)")
            if not name:
                self.font.setCurrentIndex(self._last_font)
                return
            index_in_file = fonts.best_face(name)
            spec = fonts.FontChoice(Path(name).name, name, index_in_file).spec
            problem = fonts.font_problem(spec)
            if problem:
                QMessageBox.warning(self, "無法使用此字型", problem)
                self.font.setCurrentIndex(self._last_font)
                return
            found = self.font.findData(spec)
            if found < 0:
                self.font.insertItem(self.font.count() - 1, f"{Path(name).name} — {name}", spec)
                found = self.font.findData(spec)
            self.font.setCurrentIndex(found)
        self._last_font = self.font.currentIndex()
        self._update_font_note()

    def _update_font_note(self) -> None:
        spec = self.font.currentData() or ""
        problem = fonts.font_problem(spec) if spec else ""
        if problem:
            self.font_note.setText(f"⚠ {problem}；列印時將改用自動選擇的字型。")
        else:
            self.font_note.setText("只能使用 TrueType 字型（.ttf／.ttc），字型會嵌入 PDF。")

    # ------------------------------------------------------------------ backup
    def _browse_backup(self) -> None:
        start = self.backup_dir.text().strip() or str(Path.home())
        folder = remembered.existing_directory("backup_folder", self, "選擇備份資料夾", start)
        if folder:
            self.backup_dir.setText(folder)

    # ------------------------------------------------------------------ apply
    def values(self) -> dict[str, str]:
        return {
            "paper": self.paper.currentData(),
            "pdf_font": self.font.currentData() or "",
            "backup_dir": self.backup_dir.text().strip(),
            "backup_keep": str(self.backup_keep.value()),
            CUTOFF_SETTING: str(self.cutoff.value()),
            SIGNOFF_SETTING: labels_text(signoff_labels_from(self.signoff.text())),
        }

    def accept(self) -> None:
        folder = self.backup_dir.text().strip()
        if folder and Path(folder).exists() and not Path(folder).is_dir():
            QMessageBox.warning(self, "設定", f"「{folder}」不是資料夾，請重新選擇備份資料夾。")
            return
        try:
            self.apply()
        except StoreError as exc:
            QMessageBox.warning(self, "無法儲存設定", str(exc))
            return
        super().accept()

    def apply(self) -> None:
        """Store every value at once; the office goes on the current plan."""
        with self.store.transaction():
            for key, value in self.values().items():
                if self.store.get_setting(key, "") != value:
                    self.store.set_setting(key, value)
        office = self.office.text().strip()
        if self.plan is not None and office != self.plan.office:
            if self.edit_plan is not None:
                self.edit_plan(self.plan.id, {"office": office})
            else:
                self.store.update_plan(self.plan.id, office=office)
            self.plan = self.store.plan(self.plan.id)
