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
