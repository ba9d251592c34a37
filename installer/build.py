"""Build the PyInstaller one-folder bundle and fill the Inno Setup script's version.

    python installer/build.py            # dist/PlanDesk (Linux or Windows), reused when current
    python installer/build.py --force    # rebuild even when nothing changed

The version comes from pyproject.toml's dynamic version (`desktop.__version__`), so the bundle,
`--version` and the installer's name never disagree. On Windows, compile installer/plandesk.iss
with Inno Setup's ISCC afterwards (README: Windows installer).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "plandesk.spec"
ISS = ROOT / "installer" / "plandesk.iss"
DIST = ROOT / "dist"
BUNDLE = DIST / "PlanDesk"
STAMP = BUNDLE / ".build-stamp"
_VERSION = re.compile(r'^__version__\s*=\s*"([^"]+)"', re.M)
_ISS_VERSION = re.compile(r'^#define AppVersion "[^"]*"', re.M)


def version() -> str:
    """The version pyproject.toml declares: literal, or the attribute it names."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if "version" in project:
        return project["version"]
    attr = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["dynamic"]["version"]["attr"]
    module = attr.rsplit(".", 1)[0]
    source = ROOT / Path(*module.split(".")) / "__init__.py"
    found = _VERSION.search(source.read_text(encoding="utf-8"))
    if not found:
        raise SystemExit(f"找不到版本號：{source}")
    return found.group(1)


def fill_iss(ver: str) -> None:
    text = ISS.read_text(encoding="utf-8")
    new = _ISS_VERSION.sub(f'#define AppVersion "{ver}"', text)
    if new != text:
        ISS.write_text(new, encoding="utf-8")


def sources_digest() -> str:
    """What the bundle is made of: the package, resources, the spec and the installed Qt."""
    h = hashlib.sha256()
    files = sorted([*ROOT.glob("desktop/**/*.py"), *ROOT.glob("resources/*"), SPEC,
                    ROOT / "pyproject.toml"])
    for f in files:
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    import PySide6

    h.update(PySide6.__version__.encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def executable() -> Path:
    """The console program in the bundle (the windowed one is PlanDesk[.exe])."""
    name = "plandesk-cli.exe" if sys.platform == "win32" else "plandesk-cli"
    return BUNDLE / name


def bundle_size() -> int:
    return sum(f.stat().st_size for f in BUNDLE.rglob("*") if f.is_file())


def build(force: bool = False) -> Path:
    ver = version()
    fill_iss(ver)
    digest = sources_digest()
    if not force and STAMP.exists() and STAMP.read_text() == digest and executable().exists():
        print(f"沿用既有的打包結果：{BUNDLE}（版本 {ver}）")
        return BUNDLE
    # shiboken's signature support as files the spec ships compiled (also where `make` did not run)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "unpack-shiboken-support.py")],
                   check=True, cwd=ROOT)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"), str(SPEC)],
        check=True, cwd=ROOT,
    )
    STAMP.write_text(digest)
    print(f"已打包 PlanDesk {ver}：{BUNDLE}（{bundle_size() / 1024 / 1024:.0f} MB）")
    return BUNDLE


def main() -> None:
    parser = argparse.ArgumentParser(description="打包 PlanDesk（PyInstaller 單一資料夾）")
    parser.add_argument("--force", action="store_true", help="即使沒有變更也重新打包")
    build(parser.parse_args().force)


if __name__ == "__main__":
    main()
