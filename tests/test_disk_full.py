"""A full disk or an unwritable folder while exporting: one Chinese sentence naming the path,
exit 2, no partial or temporary file, the database unchanged, and it works once space is back.

Two ways: a real tiny tmpfs (needs root, as in CI; skipped otherwise) and injected OSErrors."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from desktop import cli
from desktop.exchange import atomic

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "xlsx": ["export", "--format", "xlsx", "--out", "{d}/表.xlsx"],
    "ods": ["export", "--format", "ods", "--out", "{d}/表.ods"],
    "pdf": ["export", "--format", "pdf", "--out", "{d}/表.pdf"],
    "handout": ["handout", "--month", "5", "--out", "{d}/月報.pdf"],
    "progress": ["export", "--format", "progress", "--month", "5", "--out", "{d}/填報"],
}


def dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("db") / "plan.sqlite"
    assert cli.run(["--db", str(db), "demo"]) == 0
    # progress sheets stamp a database id the first time: take it before the tests compare
    assert cli.run(["--db", str(db), "export", "--format", "progress", "--month", "5",
                    "--out", str(db.parent / "first")]) == 0
    return db


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 MB tmpfs (a PDF with its font is ~1 MB), nearly full. Skips where mounting is not allowed."""
    mnt = tmp_path / f"full-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"mount not permitted: {done.stderr.decode(errors='replace').strip()}")
    try:
        filler = mnt / "filler.bin"
        filler.write_bytes(b"\0" * (4096 - 12) * 1024)  # leaves 12 KB: every export is bigger
        yield mnt, filler
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def run_cli(db: Path, args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_full_tmpfs_is_a_clear_message_and_recovers(demo_db, tiny_disk, kind):
    mnt, filler = tiny_disk
    before = dump(demo_db)
    args = [a.format(d=mnt) for a in COMMANDS[kind]]
    done = run_cli(demo_db, args)
    assert done.returncode == 2, done.stderr
    assert "磁碟已滿" in done.stderr and str(mnt) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert files_in(mnt) == ["filler.bin"]  # no partial file, no temporary file
    assert dump(demo_db) == before
    filler.unlink()  # space is back
    again = run_cli(demo_db, args)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    assert all(not atomic.is_temp_file(Path(f).name) for f in files_in(mnt))
    assert files_in(mnt)


@pytest.mark.parametrize("code,words", [
    (errno.ENOSPC, "磁碟已滿"),
    (errno.EACCES, "沒有寫入權限"),
    (errno.EROFS, "唯讀"),
    (errno.EIO, "磁碟讀寫錯誤"),
])
@pytest.mark.parametrize("kind", list(COMMANDS))
def test_injected_oserror(demo_db, tmp_path, monkeypatch, capsys, kind, code, words):
    before = dump(demo_db)
    args = [a.format(d=tmp_path) for a in COMMANDS[kind]]

    def fail(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", fail)
    assert cli.run(["--db", str(demo_db), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("錯誤：") and words in err and str(tmp_path) in err, err
    assert "原有的檔案與資料庫都沒有變更" in err
    assert files_in(tmp_path) == []
    assert dump(demo_db) == before
    monkeypatch.undo()
    assert cli.run(["--db", str(demo_db), *args]) == 0
    assert files_in(tmp_path)


def test_a_failed_write_keeps_the_old_file(demo_db, tmp_path, monkeypatch, capsys):
    out = tmp_path / "表.xlsx"
    out.write_bytes(b"old")
    monkeypatch.setattr(atomic.os, "replace", lambda a, b: (_ for _ in ()).throw(
        PermissionError(errno.EACCES, "Permission denied")))
    assert cli.run(["--db", str(demo_db), "export", "--format", "xlsx", "--out", str(out)]) == 2
    assert "Excel 等其他程式中開啟" in capsys.readouterr().err
    assert out.read_bytes() == b"old" and files_in(tmp_path) == ["表.xlsx"]


def test_the_window_export_shows_the_disk_full_message(qtbot, store, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from desktop.models.sample import load_sample_plan

    window = export_window(qtbot, store, load_sample_plan(store))
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda p, title, text, *a: shown.append(text))
    out = tmp_path / "exports" / "表.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    window._export_actions[0].trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert "磁碟已滿" in shown[0] and str(out) in shown[0]
    assert files_in(out.parent) == []


def export_window(qtbot, store, plan):
    """A bare main window with the export actions installed (report month 5)."""
    from PySide6.QtWidgets import QMainWindow

    from desktop.views import export_actions

    window = QMainWindow()
    window.store, window.plan, window.report_month = store, plan, 5
    window.file_menu = window.menuBar().addMenu("檔案")
    qtbot.addWidget(window)
    export_actions.install(window)
    return window


def test_saving_the_previewed_pdf_on_a_full_disk_says_so(qtbot, store, monkeypatch, tmp_path):
    import shutil as shutil_module

    from PySide6.QtWidgets import QFileDialog, QMessageBox
    from test_print_preview import StandIn, _wait

    from desktop.models.sample import load_sample_plan
    from desktop.views import print_actions

    window = StandIn(store, load_sample_plan(store), 5)
    qtbot.addWidget(window)
    print_actions.install(window)
    window._print_actions["control_table"].trigger()
    dialog = window._print_preview
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    target = tmp_path / "out" / "管制表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, title, text, *a: shown.append(text))

    def full(src, dst):
        Path(dst).write_bytes(b"%PDF-half")
        raise OSError(errno.ENOSPC, "No space left on device")

    real_copy = shutil_module.copyfile
    monkeypatch.setattr(shutil_module, "copyfile", full)
    assert dialog.save_pdf() is None
    assert shown and "磁碟已滿" in shown[0] and str(target) in shown[0]
    assert files_in(target.parent) == []
    monkeypatch.setattr(shutil_module, "copyfile", real_copy)  # space is back
    assert dialog.save_pdf() == target and target.read_bytes()[:5] == b"%PDF-"
