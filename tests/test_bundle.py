"""The PyInstaller bundle is known to run, not just to build: build it (or reuse a current
one), then run the bundled program the way the office PC would. Marked slow; run by make test."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installer"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(400),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed (pip install pyinstaller)"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    import build

    return build.build()


def run(exe: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)  # the bundle must carry everything itself
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=exe.parent.parent)


def test_version_matches_pyproject(bundle):
    import build

    from desktop import __version__

    assert build.version() == __version__
    done = run(build.executable(), "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"PlanDesk {__version__}"
    iss = (ROOT / "installer" / "plandesk.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in iss
    assert "PrivilegesRequired=lowest" in iss and "[UninstallDelete]" in iss


def test_bundle_carries_resources_and_chinese_qt(bundle):
    inside = bundle / "_internal"
    assert (inside / "resources" / "sample_plan.json").is_file()
    assert list(inside.rglob("translations/qtbase_zh_TW.qm"))


def test_demo_exports_and_handout_from_the_bundle(bundle, tmp_path):
    import build

    exe = build.executable()
    db = str(tmp_path / "p.sqlite")
    done = run(exe, "--db", db, "demo")
    assert done.returncode == 0 and "已載入範例計畫" in done.stdout, done.stderr
    for args in (["export", "--format", "xlsx", "--out", str(tmp_path / "表.xlsx")],
                 ["export", "--format", "pdf", "--out", str(tmp_path / "表.pdf")],
                 ["handout", "--month", "5", "--out", str(tmp_path / "月報.pdf")]):
        done = run(exe, "--db", db, *args)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    assert len(load_workbook(tmp_path / "表.xlsx").sheetnames) > 2
    for pdf in ("表.pdf", "月報.pdf"):
        assert (tmp_path / pdf).read_bytes()[:5] == b"%PDF-"


def test_the_windowed_program_paints(bundle, tmp_path):
    gui = bundle / ("PlanDesk.exe" if sys.platform == "win32" else "PlanDesk")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANDESK_EXIT_AFTER_PAINT="1")
    env.pop("PYTHONPATH", None)
    done = subprocess.run([str(gui), "--db", str(tmp_path / "w.sqlite")], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("first-paint"), done.stderr


def test_shiboken_support_ships_as_bytecode(bundle):
    """shiboken looks for its signature support in shiboken6/files.dir before compiling it from
    the zip inside libshiboken at every start (≈ 20 ms): the bundle carries it, bytecode only."""
    support = next(bundle.rglob("shiboken6/files.dir"))
    names = {p.name for p in support.rglob("*") if p.is_file()}
    assert {"mapping.pyc", "parser.pyc", "loader.pyc"} <= names
    assert not any(n.endswith(".py") for n in names)
