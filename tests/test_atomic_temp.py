"""Temporary files of an export: hidden/ignored names, and swept at the next export or start."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop.exchange import atomic


def test_temp_name_is_one_windows_and_sync_clients_ignore(tmp_path):
    dest = tmp_path / "表.xlsx"
    with atomic.atomic_path(dest) as tmp:
        seen = tmp.name
        tmp.write_bytes(b"x")
    assert seen.startswith("~$表.xlsx.plandesk-") and seen.endswith(".tmp")
    assert atomic.is_temp_file(seen)
    assert [p.name for p in tmp_path.iterdir()] == ["表.xlsx"]


def _age(path: Path, seconds: float) -> Path:
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


@pytest.fixture
def leftovers(tmp_path):
    old_new = tmp_path / "~$表.xlsx.plandesk-ab12cd.tmp"
    old_legacy = tmp_path / ".表-k3j2h1x9.xlsx"  # named by versions before this one
    for p in (old_new, old_legacy):
        p.write_bytes(b"half")
        _age(p, 3600)
    live = tmp_path / "~$月報.pdf.plandesk-zz99yy.tmp"
    live.write_bytes(b"being written right now")
    mine = [tmp_path / "~$報告.docx", tmp_path / "old.tmp", tmp_path / ".hidden.xlsx",
            tmp_path / "表.xlsx"]
    for p in mine:
        p.write_bytes(b"user's own")
        _age(p, 3600)
    return tmp_path, [old_new, old_legacy], [live, *mine]


def test_next_export_to_the_folder_removes_stale_temp_files(leftovers, sample_store):
    from desktop.exchange.workbook import write_bureau_workbook

    folder, stale, kept = leftovers
    plan = sample_store.plans()[-1]
    write_bureau_workbook(sample_store, plan, folder / "其他.xlsx")
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert (folder / "其他.xlsx").exists()


def test_start_sweeps_the_last_export_folder(leftovers, qtbot, store):
    from PySide6.QtWidgets import QMainWindow

    from desktop.views import export_actions

    folder, stale, kept = leftovers
    store.set_setting(export_actions.LAST_DIR_SETTING, str(folder))
    window = QMainWindow()
    window.store = store
    window.file_menu = window.menuBar().addMenu("檔案")
    qtbot.addWidget(window)
    export_actions.install(window)
    qtbot.waitUntil(lambda: not any(p.exists() for p in stale))
    assert all(p.exists() for p in kept)


def test_sweep_of_a_missing_folder_is_quiet(tmp_path):
    assert atomic.sweep_folders([None, tmp_path / "gone"]) == []
