"""Print actions and the preview dialog, driven the way the officer uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from desktop.printing import fonts
from desktop.views import print_actions
from desktop.views.print_preview import HANDOUT, TABLE, PrintPreviewDialog

WAIT_MS = 30_000


class StandIn(QMainWindow):
    """The window API print_actions relies on, without the real main window."""

    def __init__(self, store, plan, month=6, section_id=None):
        super().__init__()
        self.store, self.plan, self.report_month = store, plan, month
        self.current_section_id = section_id
        bar = self.menuBar()
        self.file_menu = bar.addMenu("檔案")
        self.review_menu = bar.addMenu("管考")
        self.tools_menu = bar.addMenu("工具")
        self.reloaded = 0

    def reload(self) -> None:
        self.reloaded += 1
        self.plan = self.store.plan(self.plan.id) if self.plan else None


@pytest.fixture
def plan(store):
    plan = store.create_plan(113, "臺北市文山區戶政事務所", "113年度提升服務品質執行計畫")
    store.insert_sections(plan.id, [
        {"name": "戶籍登記課", "items": [{"number": "1", "name": "出生登記", "tasks": [
            {"content": f"工作{i}", "months": [i % 12 + 1, 6],
             "progress": {6: {"status": "依進度", "note": f"說明{i}"}}} for i in range(30)]}]},
        {"name": "人事室", "items": [{"number": "1", "name": "訓練", "tasks": [
            {"content": "人事訓練", "months": [6]}]}]},
    ])
    return plan


@pytest.fixture
def window(qtbot, store, plan):
    w = StandIn(store, plan, 6, store.section_by_name(plan.id, "人事室").id)
    qtbot.addWidget(w)
    print_actions.install(w)
    return w


def _texts(menu) -> list[str]:
    return [a.text() for a in menu.actions()]


def _wait(qtbot, dialog: PrintPreviewDialog) -> str:
    with qtbot.waitSignal(dialog.generated, timeout=WAIT_MS) as blocker:
        pass
    return blocker.args[0]


def test_install_adds_menu_actions(window):
    assert "列印管制表…" in _texts(window.file_menu)
    assert "列印月報…" in _texts(window.review_menu)
    assert "設定…" in _texts(window.tools_menu)
    action = window._print_actions["control_table"]
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert action.shortcut().toString() == "Ctrl+P"


def test_control_table_preview_shows_pages_and_saves(qtbot, window, tmp_path, monkeypatch):
    window._print_actions["control_table"].trigger()
    dialog = window._print_preview
    qtbot.addWidget(dialog)
    pdf = _wait(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.page_count == len(PdfReader(pdf).pages) >= 2
    assert not dialog.page_label.pixmap().isNull()
    assert dialog.count_label.text() == f"共 {dialog.page_count} 頁"
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    dialog.next_button.click()
    assert dialog.page_spin.value() == 2
    assert not dialog.page_label.pixmap().isNull()

    target = tmp_path / "out" / "管制表"
    seen = {}

    def fake_save(parent, caption, start, filters):
        seen["start"] = start
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    saved = dialog.save_pdf()
    assert saved == target.with_name("管制表.pdf") and saved.exists()
    assert seen["start"].endswith("工作計畫期程管制表.pdf")
    reader = PdfReader(str(saved))
    assert len(reader.pages) == dialog.page_count
    assert "戶籍登記課113年度工作計畫期程管制表" in reader.pages[0].extract_text()
    assert window.store.get_setting("export_dir") == str(saved.parent)

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: ("", "")))
    assert dialog.save_pdf() is None  # cancelled: nothing written, no error


def test_paper_choice_regenerates_as_a3(qtbot, window):
    dialog = print_actions.print_control_table(window)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    with qtbot.waitSignal(dialog.generated, timeout=WAIT_MS) as blocker:
        dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("A3"))
    page = PdfReader(blocker.args[0]).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (1190.55, 841.89), abs=0.1)


def test_scope_current_section_only(qtbot, window):
    dialog = print_actions.print_control_table(window)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    assert dialog.scope_combo.itemText(1) == "目前課室（人事室）"
    with qtbot.waitSignal(dialog.generated, timeout=WAIT_MS) as blocker:
        dialog.scope_combo.setCurrentIndex(1)
    text = "".join(p.extract_text() for p in PdfReader(blocker.args[0]).pages)
    assert "人事室" in text and "戶籍登記課" not in text


def test_print_paints_every_page(qtbot, window, tmp_path, monkeypatch):
    dialog = print_actions.print_control_table(window)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(72)  # small page images keep the test quick
    assert dialog.print_document(printer)
    reader = PdfReader(str(out))
    assert len(reader.pages) == dialog.page_count
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape like the table
    assert "/XObject" in reader.pages[0]["/Resources"]  # the page image was painted


def test_print_cancelled(qtbot, window, monkeypatch):
    dialog = print_actions.print_control_table(window)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert dialog.print_document() is False


def test_handout_from_review_menu(qtbot, window):
    window._print_actions["handout"].trigger()
    dialog = window._print_preview
    qtbot.addWidget(dialog)
    pdf = _wait(qtbot, dialog)
    assert dialog.kind == HANDOUT
    assert dialog.windowTitle() == "113年6月工作計畫執行情形"
    first, page = PdfReader(pdf).pages[:2]
    assert float(page.mediabox.height) > float(page.mediabox.width)  # portrait
    assert "113年6月管考總覽" in first.extract_text()  # the dashboard comes first
    assert "113年6月工作計畫執行情形" in page.extract_text()


def test_no_plan_tells_the_user(qtbot, store, monkeypatch):
    w = StandIn(store, None)
    qtbot.addWidget(w)
    print_actions.install(w)
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    assert print_actions.print_control_table(w) is None
    assert print_actions.print_handout(w) is None
    assert len(said) == 2 and "沒有年度計畫" in said[0]


def test_missing_font_shows_chinese_error(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "builtin_candidates", lambda: [])
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dialog = PrintPreviewDialog(window, window.store, window.plan, TABLE, month=6)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=WAIT_MS) as blocker:
        pass
    assert "fonts-arphic-uming" in blocker.args[0]
    assert warned and "標楷體" in warned[0]
    assert "無法產生 PDF" in dialog.page_label.text()
    assert not dialog.save_button.isEnabled()


def test_closing_removes_preview_files(qtbot, window):
    dialog = print_actions.print_control_table(window)
    qtbot.addWidget(dialog)
    pdf = Path(_wait(qtbot, dialog))
    assert pdf.exists()
    dialog.reject()
    assert not pdf.exists()


def test_against_real_main_window(qtbot, store, plan):
    main_window = pytest.importorskip("desktop.views.main_window")
    w = main_window.MainWindow(store)
    qtbot.addWidget(w)
    actions = getattr(w, "_print_actions", None) or print_actions.install(w)
    assert actions["control_table"] in w.file_menu.actions()
    assert actions["handout"] in w.review_menu.actions()
    dialog = print_actions.print_control_table(w)
    qtbot.addWidget(dialog)
    assert dialog.plan.id == w.plan.id and dialog.month == w.report_month
    _wait(qtbot, dialog)
    assert dialog.page_count >= 1


def test_closing_while_the_pdf_is_still_being_made_leaves_no_files(qtbot, window):
    """The job finishing after the preview closed used to recreate the temp folder and
    leave its PDF behind."""
    from desktop.views import background

    dialog = print_actions.print_control_table(window)
    qtbot.addWidget(dialog)
    folder = Path(dialog._tmpdir)
    dialog.reject()  # at once, while the first PDF is being made
    qtbot.waitUntil(lambda: not background._running and not folder.exists(), timeout=WAIT_MS)


@pytest.mark.parametrize("wait_for_pdf", [True, False], ids=["after-pdf", "while-making"])
def test_a_preview_destroyed_with_its_window_leaves_no_folder(qtbot, store, plan, wait_for_pdf):
    """Closing the main window with a preview still open deletes the dialog without done():
    its temp folder used to stay in %TEMP% for good, one per preview."""
    from desktop.views import background

    owner = StandIn(store, plan, 6)
    print_actions.install(owner)
    dialog = print_actions.print_control_table(owner)
    folder = Path(dialog._tmpdir)
    if wait_for_pdf:
        _wait(qtbot, dialog)
        assert any(folder.iterdir())
    owner.deleteLater()
    qtbot.waitUntil(lambda: not background._running and not folder.exists(), timeout=WAIT_MS)


def test_the_shown_pdf_is_closed_before_its_folder_is_removed(qtbot, store, plan):
    """On Windows an open file keeps its folder: the page document must be closed first."""
    owner = StandIn(store, plan, 6)
    print_actions.install(owner)
    dialog = print_actions.print_control_table(owner)
    _wait(qtbot, dialog)
    doc = dialog._doc
    closed = []
    real_close = doc.close
    doc.close = lambda: (closed.append(Path(dialog._tmpdir).exists()), real_close())
    owner.deleteLater()
    qtbot.waitUntil(lambda: bool(closed), timeout=WAIT_MS)
    assert closed == [True]  # closed once, while its folder was still there
