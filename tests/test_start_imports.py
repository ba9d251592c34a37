"""Starting the window imports only what the first screen needs: the export and printout
libraries, sqlite_utils and the preview dialogs load when their command is used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.models.sample import load_sample_plan
from desktop.models.store import Store

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START = ("reportlab", "openpyxl", "odf", "sqlite_utils", "desktop.views.print_preview",
                "desktop.printing", "desktop.exchange.workbook",
                # menu-only extensions: installed just after the first paint
                "desktop.views.import_dialog", "desktop.views.export_actions",
                "desktop.views.snapshot_views", "desktop.views.dashboard_view",
                # the user data folder is not asked for when the window opens `--db FILE`;
                # nothing is hashed for the first screen (evidence is listed, not checked)
                "platformdirs", "hashlib",
                # backups (and its retention rules) wait for the start-up backup, 1.5 s after
                # the window is shown: the quick check and DamagedDatabaseError are opening's
                "desktop.models.backups", "desktop.models.retention",
                # the search dialog loads on the first search (the toolbar box is search_box)
                "desktop.views.search_dialog", "desktop.models.search", "html")



def _started(code: str) -> str:
    """What a fresh process printed that ran `code` (which starts the window to its first paint)."""
    env = dict(os.environ, PLANDESK_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert "first-paint " in out, out
    return out


def _sample_db(tmp_path: Path) -> Path:
    db = tmp_path / "start.sqlite"
    store = Store(db)
    load_sample_plan(store)
    store.close()
    return db


def _at_first_paint(db: Path, *lines: str) -> str:
    """What a fresh process printed that started the window on db and ran `lines` at its first
    paint, just before the benchmark's hook ends it."""
    body = "".join(f"    {line}\n" for line in lines)
    return _started("import desktop.views.application as ap\n"
                    "report = ap._report_first_paint\n"
                    f"def painted():\n{body}    report()\n"
                    "ap._report_first_paint = painted\n"
                    "from desktop.app import main\n"
                    f"main(['--db', {str(db)!r}])\n")


def _modules_at_first_paint(db: Path) -> set[str]:
    out = _at_first_paint(db, "import sys", "print('LOADED ' + ' '.join(sorted(sys.modules)), flush=True)")
    line = next(x for x in out.splitlines() if x.startswith("LOADED "))
    return set(line.split()[1:])


def test_window_start_does_not_import_export_or_print_libraries(tmp_path):
    loaded = _modules_at_first_paint(_sample_db(tmp_path))
    assert "desktop.views.main_window" in loaded  # the window really started
    early = sorted(m for m in loaded if any(m == name or m.startswith(name + ".")
                                            for name in NOT_AT_START))
    assert early == []


def test_only_a_bare_db_argument_skips_the_command_parser():
    from desktop.app import _window_only

    assert _window_only([]) == ""
    assert _window_only(["--db", "a.sqlite"]) == "a.sqlite"
    assert _window_only(["--db=a.sqlite"]) == "a.sqlite"
    for argv in (["--db"], ["--db", "--help"], ["--db="], ["check"], ["--db", "a", "check"],
                 ["--version"], ["-h"]):
        assert _window_only(argv) is None


def _menus(window) -> list[list[tuple[str, str]]]:
    return [[(a.text(), a.shortcut().toString()) for a in menu.actions()]
            for menu in (window.file_menu, window.review_menu, window.tools_menu)]


def test_menus_installed_after_the_first_paint_are_the_same_menus(qtbot, tmp_path):
    from desktop.views.extensions import install_menus
    from desktop.views.main_window import MainWindow

    store = Store(tmp_path / "m.sqlite")
    load_sample_plan(store)
    whole = MainWindow(store)
    later = MainWindow(store, menus_later=True)
    qtbot.addWidget(whole)
    qtbot.addWidget(later)
    assert "匯入…" not in [a.text() for a in later.file_menu.actions()]
    install_menus(later)
    assert _menus(later) == _menus(whole)
    assert "匯入…" in [a.text() for a in later.file_menu.actions()]
    store.close()


def test_the_window_is_built_without_writing_while_the_check_runs(qtbot, tmp_path):
    """quick_check runs on a thread while the window is built: building must store nothing,
    so a damaged file is never written to before the check has answered."""
    from desktop.views import application

    store = Store(tmp_path / "w.sqlite")
    load_sample_plan(store)
    before = store.conn.total_changes
    check = application._StartCheck(store, unclean=False)
    window, sample = application._build_window(store, check)
    qtbot.addWidget(window)
    assert store.conn.total_changes == before and sample is None
    assert check.problems() == [] and not window.isVisible()
    store.close()


def test_the_background_check_finds_a_damaged_file_and_refuses_writes_until_it_answers(tmp_path):
    from test_backups import damage_free_list

    from desktop.cli import run
    from desktop.models.backups import DamagedDatabaseError
    from desktop.models.opening import QuickCheck

    db = tmp_path / "plan.sqlite"
    assert run(["--db", str(db), "demo"]) == 0
    store = Store(db)
    check = QuickCheck(store)
    store.set_setting("first", "write")  # waits for the check, then goes through
    assert check.problems() == [] and store.before_write is None
    store.close()
    damage_free_list(db)
    store = Store(db)
    check = QuickCheck(store)
    try:
        store.set_setting("touched", "yes")
    except DamagedDatabaseError as exc:
        assert "未寫入" in str(exc)
    else:
        raise AssertionError("a write went into a damaged file before the check answered")
    assert check.problems()[0].startswith("SQLite 快速檢查")
    assert store.get_setting("touched") == ""
    store.close()


def test_the_place_of_the_last_close_opens_with_one_plan_load_and_one_grid_fill(qtbot, tmp_path,
                                                                                monkeypatch):
    """Start opened the newest year's first section, then switched to the remembered year and
    section: two PlanData loads and two grid fills before the first paint."""
    from bench.synth import make_plan
    from desktop.models.plan_data import PlanData
    from desktop.models.qt_models import GridModel
    from desktop.views.main_window import MainWindow

    store = Store(tmp_path / "p.sqlite")
    make_plan(store, 80, year=113)
    make_plan(store, 80, year=114)
    loads, fills = [], []
    real_load, real_set = PlanData.load, GridModel.set_section
    monkeypatch.setattr(PlanData, "load", lambda self: (loads.append(self.plan_id), real_load(self)))
    monkeypatch.setattr(GridModel, "set_section",
                        lambda self, sid: (sid is not None and fills.append(sid), real_set(self, sid)))
    window = MainWindow(store, menus_later=True, place=(113, "人事室"))
    qtbot.addWidget(window)
    assert window.plan.year == 113
    assert window.data.section(window.current_section_id).name == "人事室"
    assert len(loads) == 1 and len(fills) == 1
    assert window.report_month == window.month_combo.currentIndex() + 1
    gone = MainWindow(store, menus_later=True, place=(109, "不存在的課室"))  # no longer there
    qtbot.addWidget(gone)
    assert gone.plan.year == 114 and gone.current_section_id == gone.data.sections[0].id
    store.close()


def test_the_kpi_rows_escape_a_typed_actual_value_without_the_html_module():
    """kpi_display no longer imports html (≈ 2 ms at start): what it shows is still escaped."""
    from desktop.models.domain import Progress, Task
    from desktop.views.kpi_display import results_html

    task = Task(id=1, item_id=1, position=0, checkpoints=(3,), target_op=">=", target_value=5.0)
    shown = results_html(task, {3: Progress(task_id=1, month=3, actual_value="<b>6 & 7</b>")}, 3)
    assert "（&lt;b&gt;6 &amp; 7&lt;/b&gt;）" in shown and "<b>6" not in shown


def test_the_garbage_collector_waits_for_the_first_paint_and_runs_again_after(tmp_path):
    """≈ 70 cyclic collections (12–25 ms) ran while the window was built, over objects that all
    live on: desktop.app pauses the collector for the start, the first paint resumes it."""
    db = _sample_db(tmp_path)
    out = _started("import gc, sys\n"
                   "import desktop.views.application as ap\n"
                   "report = ap._report_first_paint\n"
                   "from PySide6.QtCore import QTimer\n"
                   "def later():\n"
                   "    print('LATER', gc.isenabled(), flush=True)\n"
                   "    report()\n"
                   "def painted():\n"
                   "    print('AT-PAINT', gc.isenabled(), flush=True)\n"
                   "    QTimer.singleShot(0, later)  # after the window's own first-paint work\n"
                   "ap._report_first_paint = painted\n"
                   "from desktop.app import main\n"
            f"main(['--db', {str(db)!r}])\n"
            "print('AFTER', gc.isenabled(), flush=True)\n")
    assert "AT-PAINT False" in out and "LATER True" in out and "AFTER True" in out, out


def _skip_without_lazy_types() -> None:
    lazy = subprocess.run([sys.executable, "-c", "from PySide6 import QtWidgets; "
                           "print('QWizard' not in QtWidgets.__dict__)"],
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    if lazy != "True":
        pytest.skip("this PySide builds every class at import (no lazy types): nothing to save")


def test_pyside_builds_no_widget_class_the_first_screen_does_not_use(tmp_path):
    """No plain QWidget that Qt made is handed to PySide before the first paint (each scroll area
    the first screen asks for has its viewport from views/viewports.py): the first one has PySide
    build all its widget classes to tell its type. QWizard stands for the classes nothing uses."""
    _skip_without_lazy_types()
    out = _at_first_paint(_sample_db(tmp_path), "from PySide6 import QtWidgets",
                          "print('BUILT', 'QWizard' in QtWidgets.__dict__, flush=True)")
    assert "BUILT False" in out


def test_pyside_builds_no_dialog_class_before_the_first_paint(tmp_path):
    """The first screen shows no dialog: the message boxes, file and input dialogs are imported
    where they are used, so PySide does not build their classes (≈ 5 ms) before the first paint."""
    _skip_without_lazy_types()
    names = ("QDialog", "QDialogButtonBox", "QMessageBox", "QFileDialog", "QInputDialog",
             "QDesktopServices")
    out = _at_first_paint(_sample_db(tmp_path), "from PySide6 import QtGui, QtWidgets",
                          f"built = [n for n in {names!r} if n in QtWidgets.__dict__ or n in QtGui.__dict__]",
                          "print('BUILT', built, flush=True)")
    assert "BUILT []" in out, out


def test_shiboken_support_files_load_as_bytecode_not_compiled_at_every_start():
    """`make` unpacks shiboken's signature support (scripts/unpack-shiboken-support.py): from
    the zip inside libshiboken it was compiled from source at every start (≈ 20 ms)."""
    code = ("import sys, PySide6.QtCore\n"
            "m = sys.modules['shibokensupport.signature.mapping']\n"
            "print('LOADER', type(m.__loader__).__name__, m.__file__)\n")
    env = {k: v for k, v in os.environ.items() if k != "SBK_EMBED"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert "LOADER SourceFileLoader " in out and "files.dir" in out, (
        f"{out}: run `make deps` (or scripts/unpack-shiboken-support.py) in this environment")
