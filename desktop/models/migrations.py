"""Numbered schema steps. Each runs in one transaction; `PRAGMA user_version` says how far a file is.

Add a step by appending to STEPS; never edit a step that has shipped.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x504C4453  # "PLDS"

SCHEMA_V1 = """
CREATE TABLE plan (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 1 AND 999),
    office TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    approved_on TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT ''
);
CREATE TABLE section (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, name)
);
CREATE TABLE item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    section_id INTEGER NOT NULL REFERENCES section(id) ON DELETE CASCADE,
    number TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    weight REAL,
    owners TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX item_section ON item(section_id, position);
CREATE TABLE task (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    content TEXT NOT NULL DEFAULT '',
    months INTEGER NOT NULL DEFAULT 0 CHECK (months BETWEEN 0 AND 4095),
    checkpoints INTEGER NOT NULL DEFAULT 0 CHECK (checkpoints BETWEEN 0 AND 4095),
    schedule_note TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    kpi TEXT NOT NULL DEFAULT '',
    target_op TEXT CHECK (target_op IN ('>=', '<=', '=')),
    target_value REAL,
    target_unit TEXT NOT NULL DEFAULT '',
    control_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_item ON task(item_id, position);
CREATE TABLE progress (
    task_id INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    status TEXT CHECK (status IN ('未開始', '執行中', '依進度', '落後', '已完成', '暫緩')),
    note TEXT NOT NULL DEFAULT '',
    actual_value TEXT NOT NULL DEFAULT '',
    cause TEXT NOT NULL DEFAULT '',
    remedy TEXT NOT NULL DEFAULT '',
    entered_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, month)
) WITHOUT ROWID;
CREATE TABLE task_force (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    role TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    duty TEXT NOT NULL DEFAULT ''
);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# The search index (issue 8): one FTS5 trigram row per searchable text, kept by triggers.
# rowid = (owner id * 13 + month) * 16 + field code, so a trigger finds its row directly;
# desktop/models/search.py decodes it. Field codes: 0 item.name, 1 task.content, 2 task.kpi,
# 3 progress.note, 4 progress.cause, 5 progress.remedy (month 0 for item and task texts).
def _index_triggers(table: str, key: str, fields: list[tuple[str, int]], month: str) -> str:
    def rowid(rec: str, code: int) -> str:
        return f"(({rec}.{key} * 13 + {month.format(rec=rec)}) * 16 + {code})"

    def put(code: int, col: str) -> str:
        return (f"INSERT INTO search_fts(rowid, text) SELECT {rowid('new', code)}, new.{col} "
                f"WHERE new.{col} <> '';")

    def drop(code: int) -> str:
        return f"DELETE FROM search_fts WHERE rowid = {rowid('old', code)};"

    cols = ", ".join(c for c, _ in fields)
    return f"""
CREATE TRIGGER search_{table}_ins AFTER INSERT ON {table} BEGIN
  {" ".join(put(code, col) for col, code in fields)}
END;
CREATE TRIGGER search_{table}_upd AFTER UPDATE OF {cols} ON {table} BEGIN
  {" ".join(drop(code) for _, code in fields)}
  {" ".join(put(code, col) for col, code in fields)}
END;
CREATE TRIGGER search_{table}_del AFTER DELETE ON {table} BEGIN
  {" ".join(drop(code) for _, code in fields)}
END;
"""


SEARCH_V2 = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, tokenize='trigram');"
    + _index_triggers("item", "id", [("name", 0)], "0")
    + _index_triggers("task", "id", [("content", 1), ("kpi", 2)], "0")
    + _index_triggers("progress", "task_id", [("note", 3), ("cause", 4), ("remedy", 5)],
                      "{rec}.month")
    + """
INSERT INTO search_fts(rowid, text) SELECT id * 208, name FROM item WHERE name <> '';
INSERT INTO search_fts(rowid, text) SELECT id * 208 + 1, content FROM task WHERE content <> '';
INSERT INTO search_fts(rowid, text) SELECT id * 208 + 2, kpi FROM task WHERE kpi <> '';
INSERT INTO search_fts(rowid, text)
  SELECT (task_id * 13 + month) * 16 + 3, note FROM progress WHERE note <> '';
INSERT INTO search_fts(rowid, text)
  SELECT (task_id * 13 + month) * 16 + 4, cause FROM progress WHERE cause <> '';
INSERT INTO search_fts(rowid, text)
  SELECT (task_id * 13 + month) * 16 + 5, remedy FROM progress WHERE remedy <> '';
"""
)

# 管考快照 and 佐證資料 (issue 8). A snapshot keeps its year even when the plan is deleted.
# Evidence names its task without a foreign key: a deleted task's evidence (and its file)
# stays until the undo history can no longer bring the task back (models/evidence.py).
RECORDS_V3 = """
CREATE TABLE snapshot (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    taken_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX snapshot_year ON snapshot(year, taken_at);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL,
    month INTEGER CHECK (month IS NULL OR month BETWEEN 1 AND 12),
    file_name TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evidence_task ON evidence(task_id);
"""

# 延續未完成 as a field (issue 9): the ROC year a carried-over task was left unfinished in, NULL
# when it was not. Before, carry_over wrote the prefix 「〔N年度未完成〕」 into 時程說明; the step moves
# such a prefix into the field and strips it from the note. The search triggers watch content and
# kpi only, so they stay as they are.
_PREFIX_YEAR = "substr(ltrim(schedule_note), 2, instr(ltrim(schedule_note), '年度未完成〕') - 2)"
CARRIED_V4 = f"""
ALTER TABLE task ADD COLUMN carried_from INTEGER
    CHECK (carried_from IS NULL OR carried_from BETWEEN 1 AND 999);
UPDATE task SET
    carried_from = CAST({_PREFIX_YEAR} AS INTEGER),
    schedule_note = trim(substr(ltrim(schedule_note), instr(ltrim(schedule_note), '年度未完成〕') + 6))
WHERE ltrim(schedule_note) LIKE '〔%年度未完成〕%'
  AND length({_PREFIX_YEAR}) BETWEEN 1 AND 3
  AND {_PREFIX_YEAR} NOT GLOB '*[^0-9]*'
  AND CAST({_PREFIX_YEAR} AS INTEGER) BETWEEN 1 AND 999;
"""

# STEPS[n] takes a file from version n to n+1.
STEPS: list[str] = [SCHEMA_V1, SEARCH_V2, RECORDS_V3, CARRIED_V4]

SCHEMA_VERSION = len(STEPS)


def split_sql(script: str) -> list[str]:
    """A script's statements; a trigger body's inner semicolons do not split it."""
    out: list[str] = []
    buf = ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out
