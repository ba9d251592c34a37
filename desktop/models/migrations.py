"""Numbered schema steps. Each runs in one transaction; `PRAGMA user_version` says how far a file is.

Add a step by appending to STEPS; never edit a step that has shipped.
"""

from __future__ import annotations

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

# STEPS[n] takes a file from version n to n+1.
STEPS: list[str] = [SCHEMA_V1]

SCHEMA_VERSION = len(STEPS)
