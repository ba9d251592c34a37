"""`plandesk backup`, `check` and `restore`: the database's safety from the command line."""

from __future__ import annotations

import argparse

from desktop.models import backups
from desktop.models.store import Store

COMMANDS = {"backup", "check"}
WRITES: set[str] = set()


def add_parsers(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("check", help="檢查資料庫完整性；有問題時結束碼為 1")
    b = sub.add_parser("backup", help="備份資料庫（損壞的資料庫不備份，既有備份全部保留）")
    b.add_argument("--out", metavar="FILE", help="備份檔路徑（預設為備份資料夾）")
    r = sub.add_parser("restore", help="由備份還原資料庫（目前的檔案改名保留，不刪除）")
    r.add_argument("file", metavar="FILE", help="備份檔")
    r.add_argument("--json", action="store_true", help="以 JSON 輸出結果")


def dispatch(store: Store, args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(store)
    return _backup(store, args)


def _check(store: Store) -> int:
    from desktop.cli import TABLE_LABELS
    from desktop.models.evidence import problems as evidence_problems

    problems = store.integrity_problems() + evidence_problems(store)
    for line in problems:
        print(line)
    if problems:
        return 1
    print(f"資料庫正常：{store.path}")
    print("　" + "、".join(f"{label} {store.db[table].count:,}" for table, label in TABLE_LABELS))
    return 0


def _backup(store: Store, args: argparse.Namespace) -> int:
    if args.out:
        backups.refuse_if_damaged(store.conn, store.path, "備份")
        out = backups.copy_checked(store.conn, args.out)
    else:
        out = backups.backup_store(store, "manual")
    print(f"已備份至 {out}")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Restore FILE over the database headless: the backup is checked (integrity, application
    id, schema version) first, the current file is moved aside, never deleted."""
    import json
    import sys
    from pathlib import Path

    from desktop.dblock import LockError, lock_database, locked_message
    from desktop.models.store import StoreError
    from desktop.paths import default_db_path

    db = Path(args.db) if args.db else default_db_path()
    backup = Path(args.file)
    try:
        if not backup.is_file():
            raise StoreError(f"找不到備份檔「{backup}」")
        db.parent.mkdir(parents=True, exist_ok=True)
        lock = lock_database(db)
        if lock is None:
            raise StoreError(locked_message(db))
    except (StoreError, LockError, OSError) as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return 2
    try:
        aside = backups.restore_file(db, backup)
        info = backups.inspect_backup(db)
    except StoreError as exc:
        print(f"錯誤：{exc}", file=sys.stderr)
        return 2
    finally:
        lock.unlock()
    if args.json:
        print(json.dumps({"database": str(db), "restored_from": str(backup),
                          "kept_aside": str(aside) if aside else None,
                          "plans": [{"year": y, "tasks": n} for y, n in info.plans]},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"已由備份「{backup}」還原資料庫「{db}」")
    print("　" + ("、".join(f"{y} 年度 {n} 項工作" for y, n in info.plans) or "（沒有年度計畫）"))
    if aside:
        print(f"　原本的檔案保留為「{aside}」")
    return 0
