"""Backups of a PlanDesk database: taken only from a sound file, checked before they count,
kept as a history (models/retention.py), listed and restored.

Knows nothing of Qt. A backup is written as `NAME.part`, checked with a full
`integrity_check`, and only then renamed into place; a killed backup leaves only a `.part`
file, which `clean_partials` removes at the next start.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop.models.migrations import APPLICATION_ID, SCHEMA_VERSION
from desktop.models.opening import DamagedDatabaseError, quick_problems  # noqa: F401 (also ours)
from desktop.models.retention import backups_to_keep
from desktop.models.store import Store, StoreError

PREFIX = "plandesk-"
_NAME = re.compile(r"^plandesk-(\d{8}-\d{6})(?:-(\d{6}))?(?:-([a-z]+))?\.sqlite$")
REASONS = {  # why a backup was taken, as the file name says it and as the user reads it
    "start": "啟動時", "close": "關閉時", "manual": "手動", "import": "匯入前",
    "carry": "沿用年度前", "restore": "還原前", "move": "移動前", "targets": "採用建議目標值前",
}


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """Everything wrong with the file, in Chinese; empty when all is well."""
    try:
        problems = [f"SQLite 完整性檢查：{r[0]}"
                    for r in conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        for row in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"資料表 {row[0]} 第 {row[1]} 列參照不存在的 {row[2]}")
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            problems.append("檔案識別碼不是 PlanDesk 資料庫")
    except sqlite3.DatabaseError as exc:
        return [f"資料庫檔案已損壞，無法完成完整性檢查：{exc}"]
    return problems


def copy_checked(conn: sqlite3.Connection, dest: str | Path) -> Path:
    """A consistent copy through SQLite's online backup API (safe with WAL), as one plain
    file (rollback journal), checked in full before it is renamed to `dest`."""
    dest = Path(dest)
    tmp = dest.with_name(dest.name + ".part")
    try:
        if dest.is_dir():
            raise IsADirectoryError(f"「{dest}」是資料夾，請指定備份檔名")
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            problems = [r[0] for r in target.execute("PRAGMA integrity_check") if r[0] != "ok"]
        finally:
            target.close()
        if problems:
            raise DamagedDatabaseError(
                f"備份複本未通過完整性檢查（{problems[0]}），未保存；既有備份都保留。")
        tmp.replace(dest)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"無法備份到「{dest}」：{_os_reason(exc)}") from exc
    except StoreError:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == 28 or "disk is full" in str(exc):
        return "磁碟空間已滿"
    return str(exc)


def refuse_if_damaged(conn: sqlite3.Connection, path: str | Path, doing: str) -> None:
    problems = quick_problems(conn)
    if problems:
        lines = [line for p in problems for line in p.splitlines()]
        more = f"等 {len(lines)} 項" if len(lines) > 1 else ""
        raise DamagedDatabaseError(
            f"資料庫「{path}」已損壞（{lines[0]}{more}），未{doing}。\n"
            "請由備份還原：視窗中用「檔案 › 還原備份…」，或執行 plandesk restore 備份檔。")


def backup_name(when: datetime, reason: str = "") -> str:
    stamp = when.strftime("%Y%m%d-%H%M%S-%f")
    return f"{PREFIX}{stamp}{'-' + reason if reason else ''}.sqlite"


def taken_at(path: Path) -> datetime | None:
    """When a backup was taken, from its name; None for files that are not ours."""
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        return datetime.strptime(m[1] + (m[2] or "000000"), "%Y%m%d-%H%M%S%f")
    except ValueError:
        return None


def reason_of(path: Path) -> str:
    m = _NAME.match(path.name)
    return REASONS.get(m[3] or "", "") if m else ""


def backup_files(folder: str | Path) -> list[Path]:
    """Our backups in a folder, oldest first."""
    folder = Path(folder)
    try:
        found = [(taken_at(p), p) for p in folder.glob(f"{PREFIX}*.sqlite")]
    except OSError:
        return []
    return [p for when, p in sorted((w, p) for w, p in found if w is not None)]


def take_backup(conn: sqlite3.Connection, db_path: str | Path, folder: str | Path,
                reason: str = "", keep_newest: int = 10, now: datetime | None = None,
                doing: str = "備份（既有的備份全部保留）") -> Path:
    """A dated, checked backup in `folder`, then the history pruned by the retention policy.

    A damaged source is never copied, and then no existing backup is removed."""
    refuse_if_damaged(conn, db_path, doing)
    now = now or datetime.now()
    made = copy_checked(conn, Path(folder) / backup_name(now, reason))
    prune(folder, now, keep_newest)
    return made


def prune(folder: str | Path, now: datetime, keep_newest: int = 10) -> list[Path]:
    """Remove the backups the retention policy lets go; returns what was removed."""
    files = {taken_at(p): p for p in backup_files(folder)}
    keep = backups_to_keep(files, now, keep_newest)
    gone = []
    for when, path in files.items():
        if when not in keep:
            try:
                path.unlink()
                gone.append(path)
            except OSError:
                pass
    return gone


def clean_partials(folder: str | Path) -> list[Path]:
    """Remove `.part` files that a killed backup left behind."""
    removed = []
    try:
        leftovers = list(Path(folder).glob("*.sqlite.part"))
    except OSError:
        return []
    for part in leftovers:
        try:
            part.unlink()
            removed.append(part)
        except OSError:
            pass
    return removed


def space_used(folder: str | Path) -> tuple[int, int]:
    """(number of backups, bytes) in a folder."""
    files = backup_files(folder)
    total = 0
    for p in files:
        try:
            total += p.stat().st_size
        except OSError:
            pass
    return len(files), total


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    if size < 1024 ** 3:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024 ** 3:.2f} GB"


# ----------------------------------------------------------------------------- reading backups


@dataclass
class BackupInfo:
    """What the restore list shows of one backup file."""

    path: Path
    taken: datetime | None
    reason: str = ""
    size: int = 0
    plans: list[tuple[int, int]] = field(default_factory=list)  # (ROC year, task count)
    version: int = 0
    problem: str = ""  # why it cannot be restored; empty when it can


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_backup(path: str | Path, full: bool = False) -> BackupInfo:
    """Years and task counts of a backup, and why it cannot be restored (if so). `full` runs
    the whole integrity check (before restoring); the list uses the quick one."""
    path = Path(path)
    info = BackupInfo(path, taken_at(path), reason_of(path))
    try:
        info.size = path.stat().st_size
        if info.size == 0:
            info.problem = "檔案是空的（0 位元組）"
            return info
        conn = _open_read_only(path)
    except (OSError, sqlite3.Error) as exc:
        info.problem = f"無法讀取：{exc}"
        return info
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            info.problem = "不是 PlanDesk 資料庫"
            return info
        info.version = conn.execute("PRAGMA user_version").fetchone()[0]
        if info.version > SCHEMA_VERSION:
            info.problem = f"由較新版本的 PlanDesk 建立（格式 {info.version}），請先更新程式"
            return info
        problems = integrity_problems(conn) if full else quick_problems(conn)
        if problems:
            info.problem = problems[0]
            return info
        info.plans = [(r[0], r[1]) for r in conn.execute(
            "SELECT p.year, count(t.id) FROM plan p LEFT JOIN section s ON s.plan_id=p.id "
            "LEFT JOIN item i ON i.section_id=s.id LEFT JOIN task t ON t.item_id=i.id "
            "GROUP BY p.id ORDER BY p.year")]
    except sqlite3.Error as exc:
        info.problem = f"檔案已損壞：{exc}"
    finally:
        conn.close()
    return info


def backup_folder(store: Store) -> Path:
    """The folder from 設定, else the database's own (paths.backup_dir_for)."""
    from desktop.paths import backup_dir_for

    return Path(store.get_setting("backup_dir") or backup_dir_for(store.path))


def keep_newest(store: Store) -> int:
    try:
        return max(1, int(store.get_setting("backup_keep", "10") or 10))
    except ValueError:
        return 10


def backup_store(store: Store, reason: str = "manual", now: datetime | None = None,
                 doing: str = "備份（既有的備份全部保留）") -> Path:
    """A checked backup of an open store into its backup folder, history pruned."""
    return take_backup(store.conn, store.path, backup_folder(store), reason, keep_newest(store),
                       now, doing)


def backup_before(store: Store, reason: str) -> Path | None:
    """The backup taken before an import, a carry-over or a restore. A database in memory
    (an import preview) has nothing to lose."""
    if str(store.path) == ":memory:":
        return None
    return backup_store(store, reason, doing=f"{REASONS.get(reason, '').removesuffix('前')}（既有的備份全部保留）")


def newest_good_backup(folder: str | Path) -> BackupInfo | None:
    """The newest backup that passes the full check, for recovery at start."""
    for path in reversed(backup_files(folder)):
        info = inspect_backup(path, full=True)
        if not info.problem:
            return info
    return None


# ----------------------------------------------------------------------------- restoring


def aside_name(db_path: str | Path, label: str, now: datetime | None = None) -> Path:
    """`plan.sqlite` → `plan.還原前-20261203-091500.sqlite`, never an existing file."""
    db_path = Path(db_path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix}")
    n = 2
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.stem}.{label}-{stamp}-{n}{db_path.suffix}")
        n += 1
    return candidate


def _checked_source(backup: str | Path) -> sqlite3.Connection:
    info = inspect_backup(backup, full=True)
    if info.problem:
        raise StoreError(f"備份檔「{backup}」無法還原：{info.problem}。目前的資料庫沒有變更。")
    return _open_read_only(Path(backup))


def restore_into(conn: sqlite3.Connection, db_path: str | Path, backup: str | Path) -> Path:
    """Restore a checked backup into an open database (the window's), in one step.

    The current content is first copied aside beside the file (never deleted); then the
    backup replaces every page through the online backup API, which is one transaction on
    the destination. Returns the copy kept aside."""
    source = _checked_source(backup)
    try:
        aside = aside_name(db_path, "還原前")
        try:
            kept = sqlite3.connect(str(aside))
            try:
                conn.backup(kept)
            finally:
                kept.close()
        except (OSError, sqlite3.Error) as exc:
            Path(aside).unlink(missing_ok=True)
            raise StoreError(f"無法先保留目前的資料庫到「{aside}」：{_os_reason(exc)}；未還原。") from exc
        try:
            source.backup(conn)
        except sqlite3.Error as exc:
            raise StoreError(f"還原失敗：{_os_reason(exc)}。原本的資料已保留在「{aside}」。") from exc
    finally:
        source.close()
    return aside


def move_aside(db_path: str | Path, label: str) -> Path:
    """Rename a database file (and its -wal/-shm) aside with a date in its name."""
    db_path = Path(db_path)
    aside = aside_name(db_path, label)
    for suffix in ("-wal", "-shm"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    os.replace(db_path, aside)
    return aside


def restore_file(db_path: str | Path, backup: str | Path) -> Path | None:
    """Restore a checked backup to a database file nobody has open (command line, start-up).

    The current file, if any, is moved aside (never deleted); returns where it went."""
    db_path = Path(db_path)
    source = _checked_source(backup)
    tmp = db_path.with_name(db_path.name + ".part")
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"無法寫入「{db_path}」：{_os_reason(exc)}。目前的資料庫沒有變更。") from exc
    finally:
        source.close()
    aside = None
    try:
        if db_path.exists():
            aside = move_aside(db_path, "還原前")
        tmp.replace(db_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"無法還原到「{db_path}」：{_os_reason(exc)}") from exc
    return aside
