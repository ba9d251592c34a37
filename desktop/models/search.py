"""Search across every year: item names, task contents, KPI texts, notes, causes and remedies.

The index is the `search_fts` table (FTS5, trigram tokenizer) that the store's triggers keep
current (migrations.SEARCH_V2). The trigram tokenizer needs three characters; one- and
two-character queries (「戶籍」) scan the same table with LIKE instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from desktop.models.store import Store

FIELDS = {0: ("name", "計畫項目"), 1: ("content", "工作內容"), 2: ("kpi", "考核指標"),
          3: ("note", "執行情形"), 4: ("cause", "落後原因"), 5: ("remedy", "因應對策")}
LIMIT = 300


@dataclass
class SearchHit:
    year: int
    section: str
    item: str
    task_id: int | None  # an item name hit names the item's first task (None: it has none)
    field: str
    text: str
    item_id: int
    month: int | None  # the report month of a note, cause or remedy
    plan_id: int

    @property
    def field_label(self) -> str:
        return next(label for name, label in FIELDS.values() if name == self.field)

    def as_json(self) -> dict:
        return asdict(self)


def _decode(rowid: int) -> tuple[int, int, int]:
    """(owner id, month, field code) from an index rowid."""
    return rowid // 208, (rowid // 16) % 13, rowid % 16


def search(store: Store, text: str, limit: int = LIMIT) -> list[SearchHit]:
    """Every stored text containing `text`, newest year first, then in table order."""
    query = text.strip()
    if not query:
        return []
    if len(query) >= 3:
        phrase = '"' + query.replace('"', '""') + '"'
        rows = store.conn.execute(
            "SELECT rowid, text FROM search_fts WHERE search_fts MATCH ? LIMIT ?", (phrase, limit)
        ).fetchall()
    else:
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = store.conn.execute(
            "SELECT rowid, text FROM search_fts WHERE text LIKE ? ESCAPE '\\' LIMIT ?", (like, limit)
        ).fetchall()
    return _hits(store, [(r[0], r[1]) for r in rows])


def _hits(store: Store, rows: list[tuple[int, str]]) -> list[SearchHit]:
    item_ids = {oid for rid, _ in rows for oid, _m, code in [_decode(rid)] if code == 0}
    task_ids = {oid for rid, _ in rows for oid, _m, code in [_decode(rid)] if code != 0}
    tasks = _rows(store, "SELECT id, item_id FROM task WHERE id IN ({})", task_ids)
    task_item = {r[0]: r[1] for r in tasks}
    items = _rows(
        store,
        "SELECT i.id, i.name, i.position, s.name, s.position, p.year, p.id, "
        "(SELECT t.id FROM task t WHERE t.item_id=i.id ORDER BY t.position, t.id LIMIT 1) "
        "FROM item i JOIN section s ON s.id=i.section_id JOIN plan p ON p.id=s.plan_id "
        "WHERE i.id IN ({})",
        item_ids | set(task_item.values()),
    )
    info = {r[0]: r for r in items}
    hits: list[tuple[tuple, SearchHit]] = []
    for rowid, found in rows:
        oid, month, code = _decode(rowid)
        item_id = oid if code == 0 else task_item.get(oid)
        row = info.get(item_id)
        if row is None:
            continue
        task_id = row[7] if code == 0 else oid
        hit = SearchHit(year=row[5], section=row[3], item=row[1], task_id=task_id,
                        field=FIELDS[code][0], text=found, item_id=item_id,
                        month=month or None, plan_id=row[6])
        hits.append(((-row[5], row[4], row[2], task_id or 0, code, month), hit))
    hits.sort(key=lambda pair: pair[0])
    return [h for _, h in hits]


def _rows(store: Store, sql: str, ids: set[int]) -> list:
    if not ids:
        return []
    return store.conn.execute(sql.format(",".join("?" * len(ids))), tuple(ids)).fetchall()


def excerpt(text: str, query: str, width: int = 60) -> tuple[str, int, int]:
    """A one-line piece of `text` around the first match: (piece, match start, match end)."""
    flat = " ".join(text.split())
    at = flat.lower().find(query.strip().lower())
    if at < 0:
        return flat[:width], 0, 0
    start = max(0, at - width // 3)
    piece = flat[start:start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(flat) else ""
    begin = len(prefix) + at - start
    return prefix + piece + suffix, begin, begin + len(query.strip())
