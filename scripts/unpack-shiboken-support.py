"""Unpack shiboken's own Python support files (its signature module) beside shiboken6, compiled.

PySide's wheels carry these files inside libshiboken as a zip and, unpacked or not, import them
at every `import PySide6`: from the zip they are compiled from source each time (≈ 20 ms of
each start on this 2-core VM), from the folder they load as cached bytecode. Shiboken itself
unpacks them when SBK_EMBED=0 and looks for them first (shiboken6/files.dir). Run by `make`
after every install, so an upgraded PySide never keeps an older version's files.
"""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path


def main() -> int:
    spec = find_spec("shiboken6")
    if spec is None or spec.origin is None:
        print("shiboken6 未安裝：略過", file=sys.stderr)
        return 0
    files = Path(spec.origin).parent / "files.dir"
    shutil.rmtree(files, ignore_errors=True)
    env = dict(os.environ, SBK_EMBED="0")
    subprocess.run([sys.executable, "-c", "import PySide6.QtCore"], env=env, check=True)
    if not files.is_dir():
        print(f"shiboken 沒有解開支援檔到 {files}：啟動時仍會每次編譯", file=sys.stderr)
        return 0
    ok = compileall.compile_dir(files, quiet=1)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
