"""The SQLite store: one file, every edit one transaction, no Save button.

The store knows nothing of Qt. Views call it through the undo commands; exports and
the command line call it directly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from desktop.models.domain import (
    ITEM_FIELDS,
    PROGRESS_FIELDS,
    TASK_FIELDS,
    Item,
    ItemTree,
    Plan,
    Progress,
    Section,
    Status,
    Task,
    TaskForceMember,
    mask_to_months,
    months_to_mask,
)
from desktop.models.migrations import APPLICATION_ID, SCHEMA_VERSION, STEPS
from desktop.models.migrations import split_sql as _split_sql


class StoreError(Exception):
    """A problem the user must be told about, in Chinese."""


class Store:
    """A PlanDesk database file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._depth = 0
        self.before_write: Callable[[], object] | None = None  # opening.QuickCheck, until answered
        try:
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"無法開啟資料庫檔案「{self.path}」：{exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            from desktop.models.opening import io_message, is_io_failure

            if is_io_failure(exc):
                raise StoreError(io_message(self.path, exc)) from exc
            raise StoreError(f"「{self.path}」不是 PlanDesk 資料庫或檔案已損壞：{exc}") from exc
        except StoreError:
            self.conn.close()
            raise

    @cached_property
    def db(self) -> Any:
        """sqlite_utils on the same connection, imported on first use (it costs ~90 ms at start)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # ----------------------------------------------------------------- connection
    def _configure(self) -> None:
        c = self.conn
        app_id = c.execute("PRAGMA application_id").fetchone()[0]
        has_tables = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if app_id != APPLICATION_ID and (app_id != 0 or has_tables):
            raise StoreError(f"「{self.path}」不是 PlanDesk 資料庫，未開啟。")
        self._refuse_newer()  # before the WAL switch, which would change a refused file
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=FULL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute("PRAGMA busy_timeout=5000")

    def _refuse_newer(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"資料庫「{self.path}」由較新版本的 PlanDesk 建立（格式 {version}，"
                f"本程式僅支援到 {SCHEMA_VERSION}），請更新程式後再開啟。檔案沒有變更。"
            )

    def migrate(self) -> None:
        """Bring the open file up to this program's version (after a restore of an old backup)."""
        self._migrate()

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if 0 < version < SCHEMA_VERSION:
            # an older file keeps a copy as it was, in case the new program must be rolled back
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            self.backup(self.path.with_name(f"{self.path.stem}.v{version}-{stamp}.sqlite"))
        for step in range(version, SCHEMA_VERSION):
            try:
                with self.transaction():
                    for statement in _split_sql(STEPS[step]):
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    self.conn.execute(f"PRAGMA user_version={step + 1}")
            except sqlite3.Error as exc:
                if step == 0 or "i/o" in str(exc).lower() or "disk is full" in str(exc).lower():
                    raise
                raise StoreError(
                    f"升級資料庫「{self.path}」的格式（第 {step} 版到第 {step + 1} 版）失敗：{exc}。"
                    "這一步已整個取消，資料維持原來的版本；升級前的複本已存在同一資料夾。"
                ) from exc

    def pragma(self, name: str) -> Any:
        return self.conn.execute(f"PRAGMA {name}").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction; a nested call is a savepoint, so when it fails and the caller
        carries on, none of the nested call's writes survive."""
        depth = self._depth
        if depth == 0 and self.before_write is not None:
            self.before_write()  # may refuse the write (raise) before anything is begun
        self.conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            self._depth = depth
            if depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{depth}")
                self.conn.execute(f"RELEASE sp{depth}")
            raise
        self._depth = depth
        self.conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")

    def _q(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    # ----------------------------------------------------------------- maintenance
    def integrity_problems(self) -> list[str]:
        """Everything wrong with the file, in Chinese (models/backups.py); empty when well."""
        from desktop.models.backups import integrity_problems

        return integrity_problems(self.conn)

    def backup(self, dest: str | Path) -> Path:
        """A checked copy through SQLite's online backup API (models/backups.py)."""
        from desktop.models.backups import copy_checked

        return copy_checked(self.conn, dest)

    # ----------------------------------------------------------------- settings
    def get_setting(self, key: str, default: str = "") -> str:
        row = self._q("SELECT value FROM setting WHERE key=?", (key,))
        return row[0][0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO setting(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    # ----------------------------------------------------------------- plans
    def plans(self) -> list[Plan]:
        return [Plan(**dict(r)) for r in self._q("SELECT * FROM plan ORDER BY year")]

    def plan(self, plan_id: int) -> Plan:
        rows = self._q("SELECT * FROM plan WHERE id=?", (plan_id,))
        if not rows:
            raise StoreError(f"找不到年度計畫（編號 {plan_id}）")
        return Plan(**dict(rows[0]))

    def plan_by_year(self, year: int) -> Plan | None:
        rows = self._q("SELECT * FROM plan WHERE year=?", (year,))
        return Plan(**dict(rows[0])) if rows else None

    def create_plan(self, year: int, office: str = "", title: str = "", **fields: str) -> Plan:
        if self.plan_by_year(year) is not None:
            raise StoreError(f"{year} 年度計畫已存在")
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO plan(year, office, title, approved_on, doc_number) VALUES (?,?,?,?,?)",
                (year, office, title, fields.get("approved_on", ""), fields.get("doc_number", "")),
            )
        return self.plan(cur.lastrowid)

    def update_plan(self, plan_id: int, **fields: Any) -> Plan:
        allowed = {"office", "title", "approved_on", "doc_number"}
        self._update("plan", plan_id, fields, allowed)
        return self.plan(plan_id)

    def delete_plan(self, plan_id: int) -> dict:
        snap = self.snapshot("plan", plan_id)
        with self.transaction():
            self.conn.execute("DELETE FROM plan WHERE id=?", (plan_id,))
        return snap

    # ----------------------------------------------------------------- sections
    def sections(self, plan_id: int) -> list[Section]:
        rows = self._q("SELECT * FROM section WHERE plan_id=? ORDER BY position, id", (plan_id,))
        return [Section(**dict(r)) for r in rows]

    def section(self, section_id: int) -> Section:
        rows = self._q("SELECT * FROM section WHERE id=?", (section_id,))
        if not rows:
            raise StoreError(f"找不到課室（編號 {section_id}）")
        return Section(**dict(rows[0]))

    def section_by_name(self, plan_id: int, name: str) -> Section | None:
        rows = self._q("SELECT * FROM section WHERE plan_id=? AND name=?", (plan_id, name))
        return Section(**dict(rows[0])) if rows else None

    def add_section(self, plan_id: int, name: str, position: int | None = None) -> Section:
        name = name.strip()
        if not name:
            raise StoreError("課室名稱不可空白")
        if self.section_by_name(plan_id, name):
            raise StoreError(f"課室「{name}」已存在")
        with self.transaction():
            pos = self._insert_position("section", "plan_id", plan_id, position)
            cur = self.conn.execute(
                "INSERT INTO section(plan_id, name, position) VALUES (?,?,?)", (plan_id, name, pos)
            )
        return self.section(cur.lastrowid)

    def rename_section(self, section_id: int, name: str) -> Section:
        name = name.strip()
        sec = self.section(section_id)
        if not name:
            raise StoreError("課室名稱不可空白")
        other = self.section_by_name(sec.plan_id, name)
        if other and other.id != section_id:
            raise StoreError(f"課室「{name}」已存在")
        self._update("section", section_id, {"name": name}, {"name"})
        return self.section(section_id)

    def delete_section(self, section_id: int) -> dict:
        snap = self.snapshot("section", section_id)
        with self.transaction():
            self.conn.execute("DELETE FROM section WHERE id=?", (section_id,))
        return snap

    # ----------------------------------------------------------------- items
    def items(self, section_id: int) -> list[Item]:
        rows = self._q("SELECT * FROM item WHERE section_id=? ORDER BY position, id", (section_id,))
        return [Item(**dict(r)) for r in rows]

    def item(self, item_id: int) -> Item:
        rows = self._q("SELECT * FROM item WHERE id=?", (item_id,))
        if not rows:
            raise StoreError(f"找不到計畫項目（編號 {item_id}）")
        return Item(**dict(rows[0]))

    def add_item(
        self, section_id: int, number: str = "", name: str = "", position: int | None = None,
        weight: float | None = None, owners: str = "",
    ) -> Item:
        with self.transaction():
            pos = self._insert_position("item", "section_id", section_id, position)
            cur = self.conn.execute(
                "INSERT INTO item(section_id, number, name, weight, owners, position) "
                "VALUES (?,?,?,?,?,?)",
                (section_id, number, name, weight, owners, pos),
            )
        return self.item(cur.lastrowid)

    def update_item(self, item_id: int, **fields: Any) -> Item:
        self._update("item", item_id, fields, set(ITEM_FIELDS))
        return self.item(item_id)

    def delete_item(self, item_id: int) -> dict:
        snap = self.snapshot("item", item_id)
        with self.transaction():
            self.conn.execute("DELETE FROM item WHERE id=?", (item_id,))
        return snap

    # ----------------------------------------------------------------- tasks
    @staticmethod
    def _task(row: sqlite3.Row) -> Task:
        d = dict(row)
        d["months"] = mask_to_months(d["months"])
        d["checkpoints"] = mask_to_months(d["checkpoints"])
        return Task(**d)

    def tasks(self, item_id: int) -> list[Task]:
        rows = self._q("SELECT * FROM task WHERE item_id=? ORDER BY position, id", (item_id,))
        return [self._task(r) for r in rows]

    def task(self, task_id: int) -> Task:
        rows = self._q("SELECT * FROM task WHERE id=?", (task_id,))
        if not rows:
            raise StoreError(f"找不到工作內容（編號 {task_id}）")
        return self._task(rows[0])

    def add_task(self, item_id: int, position: int | None = None, **fields: Any) -> Task:
        values = _task_values(fields)
        with self.transaction():
            pos = self._insert_position("task", "item_id", item_id, position)
            cols = ["item_id", "position", *values]
            cur = self.conn.execute(
                f"INSERT INTO task({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                (item_id, pos, *values.values()),
            )
        return self.task(cur.lastrowid)

    def update_task(self, task_id: int, **fields: Any) -> Task:
        self._update("task", task_id, _task_values(fields), set(TASK_FIELDS))
        return self.task(task_id)

    def delete_task(self, task_id: int) -> dict:
        snap = self.snapshot("task", task_id)
        with self.transaction():
            self.conn.execute("DELETE FROM task WHERE id=?", (task_id,))
        return snap

    def move_task_to_item(self, task_id: int, item_id: int, position: int | None = None) -> Task:
        with self.transaction():
            pos = self._insert_position("task", "item_id", item_id, position)
            self.conn.execute(
                "UPDATE task SET item_id=?, position=? WHERE id=?", (item_id, pos, task_id)
            )
        return self.task(task_id)

    # ----------------------------------------------------------------- ordering
    def _siblings(self, table: str, row_id: int) -> list[int]:
        """Ids of row_id and its siblings in screen order; empty when the row is gone."""
        parent = _PARENT[table]
        return [
            r[0]
            for r in self._q(
                f"SELECT id FROM {table} WHERE {parent}=(SELECT {parent} FROM {table} WHERE id=?)"
                " ORDER BY position, id", (row_id,)
            )
        ]

    def sibling_positions(self, table: str, row_id: int) -> dict[int, int]:
        """Every sibling's position (row_id's too), for set_positions() to put back."""
        return {rid: p for p, rid in enumerate(self._siblings(table, row_id))}

    def can_move(self, table: str, row_id: int, delta: int) -> bool:
        siblings = self._siblings(table, row_id)
        return row_id in siblings and 0 <= siblings.index(row_id) + delta < len(siblings)

    def move(self, table: str, row_id: int, delta: int) -> bool:
        """Move a section, item or task up (delta<0) or down among its siblings."""
        siblings = self._siblings(table, row_id)
        if not siblings:
            return False
        i = siblings.index(row_id)
        j = i + delta
        if not 0 <= j < len(siblings):
            return False
        siblings.insert(j, siblings.pop(i))
        with self.transaction():
            self.conn.executemany(
                f"UPDATE {table} SET position=? WHERE id=?",
                [(p, rid) for p, rid in enumerate(siblings)],
            )
        return True

    def _insert_position(self, table: str, parent: str, parent_id: int, position: int | None) -> int:
        """Make room at `position` (append when None) and return it."""
        if position is None:
            row = self._q(f"SELECT max(position) FROM {table} WHERE {parent}=?", (parent_id,))
            return (row[0][0] if row[0][0] is not None else -1) + 1
        ids = [
            r[0]
            for r in self._q(
                f"SELECT id FROM {table} WHERE {parent}=? ORDER BY position, id", (parent_id,)
            )
        ]
        self.conn.executemany(
            f"UPDATE {table} SET position=? WHERE id=?",
            [(p if p < position else p + 1, rid) for p, rid in enumerate(ids)],
        )
        return position

    def _update(self, table: str, row_id: int, fields: dict[str, Any], allowed: set[str]) -> None:
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown fields for {table}: {sorted(unknown)}")
        if not fields:
            return
        sets = ", ".join(f"{k}=?" for k in fields)
        with self.transaction():
            cur = self.conn.execute(
                f"UPDATE {table} SET {sets} WHERE id=?", (*fields.values(), row_id)
            )
            if cur.rowcount == 0:
                raise StoreError(f"資料已不存在（{table} {row_id}）")

    # ----------------------------------------------------------------- progress
    def progress(self, task_id: int) -> dict[int, Progress]:
        rows = self._q("SELECT * FROM progress WHERE task_id=?", (task_id,))
        return {r["month"]: _progress(r) for r in rows}

    def progress_for_plan(self, plan_id: int) -> dict[int, dict[int, Progress]]:
        """Every report of a plan by task id and month, in one query."""
        rows = self._q(
            "SELECT p.* FROM progress p JOIN task t ON t.id=p.task_id JOIN item i ON i.id=t.item_id "
            "JOIN section s ON s.id=i.section_id WHERE s.plan_id=?",
            (plan_id,),
        )
        out: dict[int, dict[int, Progress]] = {}
        for r in rows:
            out.setdefault(r["task_id"], {})[r["month"]] = _progress(r)
        return out

    def set_progress(self, task_id: int, month: int, **fields: Any) -> Progress | None:
        """Store one month's report; a report left with nothing in it is removed."""
        unknown = set(fields) - set(PROGRESS_FIELDS)
        if unknown:
            raise ValueError(f"unknown progress fields: {sorted(unknown)}")
        if not 1 <= month <= 12:
            raise StoreError(f"月份必須在 1 到 12 之間：{month}")
        if not self._q("SELECT 1 FROM task WHERE id=?", (task_id,)):
            raise StoreError(f"工作內容已不存在（編號 {task_id}），未儲存執行情形")
        current = self.progress(task_id).get(month)
        values = {k: (getattr(current, k) if current else None) for k in PROGRESS_FIELDS}
        values.update(fields)
        status = values["status"] or None
        if status is not None:
            status = Status(status).value
        texts = {k: (values[k] or "") for k in ("note", "actual_value", "cause", "remedy")}
        with self.transaction():
            if status is None and not any(t.strip() for t in texts.values()):
                self.conn.execute(
                    "DELETE FROM progress WHERE task_id=? AND month=?", (task_id, month)
                )
                return None
            self.conn.execute(
                "INSERT INTO progress(task_id, month, status, note, actual_value, cause, remedy, "
                "entered_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(task_id, month) DO UPDATE SET "
                "status=excluded.status, note=excluded.note, actual_value=excluded.actual_value, "
                "cause=excluded.cause, remedy=excluded.remedy, entered_at=excluded.entered_at",
                (task_id, month, status, *texts.values(),
                 datetime.now().isoformat(timespec="seconds")),
            )
        return self.progress(task_id)[month]

    def progress_rows(self, task_ids: list[int]) -> list[dict]:
        """Every stored report of these tasks exactly as stored (entered_at too), for undo."""
        if not task_ids:
            return []
        marks = ",".join("?" * len(task_ids))
        return [dict(r) for r in self._q(f"SELECT * FROM progress WHERE task_id IN ({marks})", task_ids)]

    def put_progress_rows(self, task_ids: list[int], rows: list[dict]) -> None:
        """Make these tasks' reports exactly `rows` again: the undo of progress_rows()."""
        with self.transaction():
            if task_ids:
                marks = ",".join("?" * len(task_ids))
                self.conn.execute(f"DELETE FROM progress WHERE task_id IN ({marks})", task_ids)
            self._insert_rows("progress", rows)

    # ----------------------------------------------------------------- task force
    def task_force(self, plan_id: int) -> list[TaskForceMember]:
        rows = self._q("SELECT * FROM task_force WHERE plan_id=? ORDER BY position, id", (plan_id,))
        return [TaskForceMember(**dict(r)) for r in rows]

    def add_task_force_member(self, plan_id: int, **fields: str) -> TaskForceMember:
        allowed = ("role", "title", "name", "duty")
        with self.transaction():
            pos = self._insert_position("task_force", "plan_id", plan_id, None)
            cur = self.conn.execute(
                "INSERT INTO task_force(plan_id, position, role, title, name, duty) "
                "VALUES (?,?,?,?,?,?)",
                (plan_id, pos, *(fields.get(k, "") for k in allowed)),
            )
        rows = self._q("SELECT * FROM task_force WHERE id=?", (cur.lastrowid,))
        return TaskForceMember(**dict(rows[0]))

    # ----------------------------------------------------------------- trees
    def section_tree(self, section_id: int) -> list[ItemTree]:
        """A section's items with their tasks, in order, in two queries."""
        items = self.items(section_id)
        by_item = {it.id: ItemTree(it) for it in items}
        rows = self._q(
            "SELECT t.* FROM task t JOIN item i ON i.id=t.item_id WHERE i.section_id=? "
            "ORDER BY t.position, t.id",
            (section_id,),
        )
        for r in rows:
            by_item[r["item_id"]].tasks.append(self._task(r))
        return [by_item[it.id] for it in items]

    def plan_tree(self, plan_id: int) -> list[tuple[Section, list[ItemTree]]]:
        return [(s, self.section_tree(s.id)) for s in self.sections(plan_id)]

    def task_count(self, plan_id: int) -> int:
        return self._q(
            "SELECT count(*) FROM task t JOIN item i ON i.id=t.item_id "
            "JOIN section s ON s.id=i.section_id WHERE s.plan_id=?",
            (plan_id,),
        )[0][0]

    def insert_sections(self, plan_id: int, sections: list[dict]) -> list[Section]:
        """Insert whole sections given as plain data (the shape of `import --json`).

        Each section: {"name", "position"?, "items": [{"number", "name", "weight", "owners",
        "tasks": [{task fields…, "progress": {month: {status, note, …}}}]}]}. One transaction.
        """
        made = []
        with self.transaction():
            for sec in sections:
                s = self.add_section(plan_id, sec["name"], sec.get("position"))
                made.append(s)
                for item in sec.get("items", []):
                    it = self.add_item(
                        s.id, str(item.get("number", "") or ""), item.get("name", "") or "",
                        weight=item.get("weight"), owners=item.get("owners", "") or "",
                    )
                    for task in item.get("tasks", []):
                        fields = {k: task[k] for k in TASK_FIELDS if task.get(k) is not None}
                        t = self.add_task(it.id, **fields)
                        for month, rep in (task.get("progress") or {}).items():
                            self.set_progress(
                                t.id, int(month),
                                **{k: rep.get(k) for k in PROGRESS_FIELDS if k in rep},
                            )
        return made

    def export_sections(self, plan_id: int) -> list[dict]:
        """The inverse of insert_sections: a plan's sections as plain data."""
        progress = self.progress_for_plan(plan_id)
        out = []
        for sec, tree in self.plan_tree(plan_id):
            items = []
            for it in tree:
                tasks = []
                for t in it.tasks:
                    d = {k: getattr(t, k) for k in TASK_FIELDS}
                    d["months"] = list(t.months)
                    d["checkpoints"] = list(t.checkpoints)
                    d["progress"] = {
                        m: {k: (getattr(p, k) or "") for k in PROGRESS_FIELDS}
                        for m, p in sorted(progress.get(t.id, {}).items())
                    }
                    tasks.append(d)
                items.append({
                    "number": it.item.number, "name": it.item.name,
                    "weight": it.item.weight, "owners": it.item.owners, "tasks": tasks,
                })
            out.append({"name": sec.name, "items": items})
        return out

    def carry_over(self, from_plan_id: int, year: int) -> Plan:
        """Next year's plan from this one, unfinished work flagged (models/carry.py)."""
        from desktop.models.carry import carry_over

        return carry_over(self, from_plan_id, year)

    # ----------------------------------------------------------------- snapshots (undo)
    def snapshot(self, table: str, row_id: int) -> dict:
        """Every row of `table` row_id and below it, exactly, so restore() can put them back."""
        levels = ["plan", "section", "item", "task"]
        rows: dict[str, list[dict]] = {}
        ids = [row_id]
        for level in levels[levels.index(table):]:
            if level == table:
                found = self._q(f"SELECT * FROM {level} WHERE id=?", (row_id,))
            else:
                parent = _PARENT[level]
                marks = ",".join("?" * len(ids))
                found = self._q(f"SELECT * FROM {level} WHERE {parent} IN ({marks})", ids)
            rows[level] = [dict(r) for r in found]
            ids = [r["id"] for r in found]
            if table == "plan" and level == "plan":
                tf = self._q("SELECT * FROM task_force WHERE plan_id=?", (row_id,))
                rows["task_force"] = [dict(r) for r in tf]
        marks = ",".join("?" * len(ids))
        rows["progress"] = [
            dict(r) for r in self._q(f"SELECT * FROM progress WHERE task_id IN ({marks})", ids)
        ]
        return rows

    def restore(self, snap: dict) -> None:
        """Put back rows taken by snapshot(), with their original ids, in one transaction."""
        with self.transaction():
            for table in ("plan", "task_force", "section", "item", "task", "progress"):
                self._insert_rows(table, snap.get(table, []))

    def set_positions(self, table: str, positions: dict[int, int]) -> None:
        """Put rows back in a remembered order (undo of a reordering)."""
        with self.transaction():
            self.conn.executemany(
                f"UPDATE {_ORDERED[table]} SET position=? WHERE id=?",
                [(p, rid) for rid, p in positions.items()],
            )

    def _insert_rows(self, table: str, rows: list[dict]) -> None:
        for row in rows:
            cols = list(row)
            self.conn.execute(
                f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols],
            )


_PARENT = {"section": "plan_id", "item": "section_id", "task": "item_id", "task_force": "plan_id"}
_ORDERED = {name: name for name in _PARENT}  # tables with a position column, by name


def _progress(row: sqlite3.Row) -> Progress:
    d = dict(row)
    d["status"] = Status(d["status"]) if d["status"] else None
    return Progress(**d)


def _task_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Task fields as columns: month lists become masks, None texts become ''."""
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"unknown task fields: {sorted(unknown)}")
    out: dict[str, Any] = {}
    for k, v in fields.items():
        if k in ("months", "checkpoints"):
            out[k] = v if isinstance(v, int) else months_to_mask(v or ())
        elif k == "target_op":
            out[k] = v or None
        elif k == "target_value":
            out[k] = None if v in (None, "") else float(v)
        elif k == "carried_from":
            from desktop.models.carry import carried_year

            out[k] = carried_year(v)
        else:
            out[k] = "" if v is None else str(v)
    return out
