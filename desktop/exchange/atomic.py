"""Whole-file writes that never leave a half-written file behind, and say why they failed.

A file is made in memory first (openpyxl, odfpy and reportlab all write into a BytesIO), then
written to a temporary file beside the target with our own handle, flushed to disk and renamed
into place. So a full disk fails on a write we control: no library is left holding a
half-closed zip (which printed «Exception ignored in ZipFile.__del__»), the old file stays, and
the message says what happened in Chinese.

Temporary files are named `~$<name>.plandesk-XXXX.tmp` and hidden on Windows: Explorer does not
show them and OneDrive, Dropbox and Google Drive do not sync `~$…`/`.tmp` files. One left by a
killed export is removed at the next export to that folder, or at start (`sweep_stale`).
"""

from __future__ import annotations

import errno
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

from desktop.exchange.cells import ExportError

TEMP_PREFIX = "~$"
TEMP_MARK = ".plandesk-"
TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 60  # a live write holds its temporary file for milliseconds, not a minute
# Names of temporary files made before 0.1 (mkstemp: ".{stem}-XXXXXXXX{suffix}").
_LEGACY = re.compile(r"^\..+-[a-z0-9_]{8}\.(?:xlsx|ods|pdf)$")
_FILE_ATTRIBUTE_HIDDEN = 0x2


class WriteError(ExportError):
    """A file could not be written; the message is Chinese and names the path."""


def write_failure(path: str | Path, exc: OSError) -> str:
    """The Chinese sentence for an OSError met while writing `path`."""
    code = exc.errno
    kept = "原有的檔案與資料庫都沒有變更。"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or getattr(exc, "winerror", 0) in (39, 112):
        return f"磁碟已滿，無法寫入「{path}」。請刪除不需要的檔案、清出空間後再試一次；{kept}"
    if code in (errno.EACCES, errno.EPERM) or getattr(exc, "winerror", 0) in (5, 32, 33):
        return (f"無法寫入「{path}」：沒有寫入權限，或檔案正在 Excel 等其他程式中開啟。"
                f"請關閉該檔案或改存到其他資料夾；{kept}")
    if code == errno.EROFS:
        return f"無法寫入「{path}」：磁碟或資料夾是唯讀的，請改存到其他位置；{kept}"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"無法寫入「{path}」：資料夾不存在或已被移除，請重新選擇存放位置；{kept}"
    if code == errno.ENAMETOOLONG:
        return f"無法寫入「{path}」：路徑或檔名太長，請縮短檔名或改存到較淺的資料夾；{kept}"
    if code == errno.EIO:
        return f"無法寫入「{path}」：磁碟讀寫錯誤（隨身碟是否已拔除？），請改存到其他位置；{kept}"
    reason = exc.strerror or type(exc).__name__
    return f"無法寫入「{path}」：{reason}（錯誤碼 {code}）；{kept}"


def temp_name(dest: Path) -> str:
    """`~$<name>.plandesk-` — the start of a temporary file's name for `dest`."""
    return f"{TEMP_PREFIX}{dest.name}{TEMP_MARK}"


def is_temp_file(name: str) -> bool:
    return (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and TEMP_MARK in name) \
        or bool(_LEGACY.match(name))


def sweep_stale(folder: str | Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove temporary files a killed export left in `folder`; returns those removed."""
    removed = []
    limit = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_file(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # open in another program, or gone already: try again next time
    return removed


def sweep_folders(folders: Iterable[str | Path | None]) -> list[Path]:
    removed = []
    for folder in folders:
        if folder and Path(folder).is_dir():
            removed += sweep_stale(folder)
    return removed


def _hide(path: Path) -> None:
    if sys.platform != "win32":
        return
    import ctypes

    try:
        ctypes.windll.kernel32.SetFileAttributesW(str(path), _FILE_ATTRIBUTE_HIDDEN)
    except (AttributeError, OSError):
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(dest: str | Path, commit: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `dest`; on success it replaces `dest` (unless `commit` is
    False: then the caller renames it), and whatever is left of it at the end goes.

    OSErrors (raised by the caller's writing or by the rename) propagate unchanged; use
    `write_file` for the Chinese message."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(dest.parent)
    fd, tmp = tempfile.mkstemp(prefix=temp_name(dest), suffix=TEMP_SUFFIX, dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    _hide(tmp_path)
    try:
        yield tmp_path
        if commit:
            os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; exports are ordinary files
            os.replace(tmp_path, dest)
    finally:
        try:
            tmp_path.unlink(missing_ok=True)
        except OSError:
            pass  # swept at the next export or start


def _write_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_bytes(dest: str | Path, data: bytes) -> Path:
    """Write `data` to `dest` atomically and durably; raise WriteError (Chinese) on failure."""
    write_all([(Path(dest), data)])
    return Path(dest)


def write_all(files: list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files all or none: every one is written to its temporary file first, and
    only when all of them are on disk are they renamed into place (a rename needs no space)."""
    with ExitStack() as stack:
        staged = []
        for dest, data in files:
            try:
                tmp = stack.enter_context(atomic_path(dest, commit=False))
                _write_durably(tmp, data)
            except OSError as exc:
                raise WriteError(write_failure(dest, exc)) from exc
            staged.append((tmp, dest))
        for tmp, dest in staged:
            try:
                os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; exports are ordinary files
                os.replace(tmp, dest)
            except OSError as exc:
                raise WriteError(write_failure(dest, exc)) from exc
    return [dest for dest, _ in files]


def in_memory(produce: Callable[[BinaryIO], object]) -> bytes:
    """The bytes `produce` writes into a file object (openpyxl's wb.save, odfpy's doc.save)."""
    buf = io.BytesIO()
    produce(buf)
    return buf.getvalue()


def write_file(dest: str | Path, produce: Callable[[BinaryIO], object]) -> Path:
    """Let `produce` write the whole file into memory, then put it at `dest` (see write_bytes)."""
    try:
        data = in_memory(produce)
    except OSError as exc:  # a library that still touches the disk itself
        raise WriteError(write_failure(dest, exc)) from exc
    return write_bytes(dest, data)
