"""The suite's order does not matter. Tests that once failed only after another file ran — the
stray Quit a run_gui window left (test_window_safety, test_window_application), the program's
font set by run_gui — are run right after it, in a pytest of their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SPOILER_THEN_SPOILT = [
    "tests/test_window_safety.py::test_part_files_of_a_killed_backup_are_removed_at_start",
    "tests/test_year_report_window.py::test_a_failed_write_is_a_chinese_message",
    "tests/test_export_actions.py::test_on_the_real_main_window",
    "tests/test_dock_fits.py",
    "tests/test_window_edges.py::test_grid_main_columns_fit_at_1366x768",
]


def test_tests_once_spoilt_by_an_earlier_file_pass_after_it():
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         *SPOILER_THEN_SPOILT],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:]
