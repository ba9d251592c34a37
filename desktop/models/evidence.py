"""佐證資料: files (copied, never linked) or a 文號 attached to a task or one month of it.

Files live in a folder beside the database, named so a person can browse it:
`<db>-佐證資料/115年度/戶籍登記課/3 助您好孕專案/5月_簽到表.pdf`. The database keeps the
original name, size, SHA-256 and date. A removed attachment (or the evidence of a deleted
task) only gets `deleted` set / loses its task, so undo can bring it back; `purge` removes
rows and files for good when no undo history can reach them any more (the window calls it
when it opens and when it closes).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.models.store import Store, StoreError

FOLDER_SUFFIX = "-佐證資料"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
CHUNK = 1 << 20


def evidence_folder(db_path: str | Path) -> Path:
    """Where a database's evidence files are kept (backups copy this folder beside the file)."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + FOLDER_SUFFIX)


@dataclass(frozen=True)
class Evidence:
    id: int
    task_id: int
    month: int | None
    file_name: str  # the name the file had when attached ('' for a 文號 only)
    path: str  # relative to evidence_folder(), with / separators ('' for a 文號 only)
    size: int
    sha256: str
    doc_number: str
    note: str
    added_at: str

    @property
    def label(self) -> str:
        parts = [self.file_name or "", f"文號 {self.doc_number}" if self.doc_number else "",
                 self.note]
        return "　".join(p for p in parts if p)

    def as_json(self, folder: Path) -> dict:
        return {"id": self.id, "task_id": self.task_id, "month": self.month,
                "file": self.file_name, "path": str(folder / self.path) if self.path else "",
                "size": self.size, "sha256": self.sha256, "doc_number": self.doc_number,
                "note": self.note, "added_at": self.added_at}


_COLUMNS = "id, task_id, month, file_name, path, size, sha256, doc_number, note, added_at"


def _folder(store: Store) -> Path:
    if str(store.path) == ":memory:":
        raise StoreError("記憶體中的資料庫不能附加佐證檔案")
    return evidence_folder(store.path)


def _safe(name: str, limit: int = 60) -> str:
    name = _UNSAFE.sub("_", " ".join(name.split())).strip(" .")
    return name[:limit].rstrip(" .") or "未命名"


def _where(store: Store, task_id: int) -> tuple[str, str, str]:
    row = store.conn.execute(
        "SELECT p.year, s.name, i.number, i.name FROM task t JOIN item i ON i.id=t.item_id "
        "JOIN section s ON s.id=i.section_id JOIN plan p ON p.id=s.plan_id WHERE t.id=?",
        (task_id,)).fetchone()
    if row is None:
        raise StoreError(f"工作內容已不存在（編號 {task_id}），未附加佐證資料")
    item = " ".join(p for p in (row[2], row[3]) if p)
    return f"{row[0]}年度", _safe(row[1]), _safe(item)


def _check_month(month: int | None) -> None:
    if month is not None and not 1 <= month <= 12:
        raise StoreError(f"月份必須在 1 到 12 之間：{month}")


def _insert(store: Store, task_id: int, month: int | None, **values: object) -> Evidence:
    cols = ["task_id", "month", "added_at", *values]
    with store.transaction():
        cur = store.conn.execute(
            f"INSERT INTO evidence({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            (task_id, month, datetime.now().isoformat(timespec="seconds"), *values.values()))
    return get(store, cur.lastrowid)


def add_file(store: Store, task_id: int, source: str | Path, month: int | None = None,
             note: str = "", doc_number: str = "") -> Evidence:
    """Copy `source` into the evidence folder and record it; nothing is left half-done."""
    _check_month(month)
    source = Path(source)
    if not source.is_file():
        raise StoreError(f"找不到檔案「{source}」，未附加")
    year, section, item = _where(store, task_id)
    rel_dir = Path(year) / section / item
    folder = _folder(store)
    stem = f"{month}月_" if month else ""
    base = _safe(source.stem, 80)
    suffix = "." + _safe(source.suffix[1:], 12) if source.suffix else ""
    target_dir = folder / rel_dir
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        n = 1
        while True:
            name = f"{stem}{base}{f' ({n})' if n > 1 else ''}{suffix}"
            target = target_dir / name
            if not target.exists():
                break
            n += 1
        digest, size = _copy(source, target)
    except OSError as exc:
        raise StoreError(f"無法複製「{source.name}」到佐證資料夾「{target_dir}」：{exc}") from exc
    try:
        return _insert(store, task_id, month, file_name=source.name,
                       path=(rel_dir / name).as_posix(), size=size, sha256=digest,
                       doc_number=doc_number.strip(), note=note.strip())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _copy(source: Path, target: Path) -> tuple[str, int]:
    part = target.with_name(target.name + ".part")
    digest = _sha256()
    size = 0
    try:
        with source.open("rb") as src, part.open("wb") as dst:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
        shutil.copystat(source, part)
        part.replace(target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


def add_document(store: Store, task_id: int, doc_number: str, note: str = "",
                 month: int | None = None) -> Evidence:
    """A 文號 (official document number) with a short description, no file."""
    _check_month(month)
    if not doc_number.strip():
        raise StoreError("請輸入文號")
    _where(store, task_id)
    return _insert(store, task_id, month, doc_number=doc_number.strip(), note=note.strip())


def get(store: Store, evidence_id: int) -> Evidence:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM evidence WHERE id=?", (evidence_id,)).fetchone()
    if row is None:
        raise StoreError(f"找不到佐證資料（編號 {evidence_id}）")
    return Evidence(*row)


def for_task(store: Store, task_id: int) -> list[Evidence]:
    rows = store.conn.execute(
        f"SELECT {_COLUMNS} FROM evidence WHERE task_id=? AND deleted=0 "
        "ORDER BY coalesce(month, 0), id", (task_id,)).fetchall()
    return [Evidence(*r) for r in rows]


def for_plan(store: Store, plan_id: int, section_id: int | None = None) -> list[Evidence]:
    """A plan's live evidence in table order (section, item, task, month)."""
    rows = store.conn.execute(
        f"SELECT {', '.join('e.' + c.strip() for c in _COLUMNS.split(','))} FROM evidence e "
        "JOIN task t ON t.id=e.task_id JOIN item i ON i.id=t.item_id "
        "JOIN section s ON s.id=i.section_id WHERE s.plan_id=? AND e.deleted=0 "
        "AND (? IS NULL OR s.id=?) ORDER BY s.position, s.id, i.position, i.id, t.position, t.id, "
        "coalesce(e.month, 0), e.id", (plan_id, section_id, section_id)).fetchall()
    return [Evidence(*r) for r in rows]


def counts(store: Store, plan_id: int) -> dict[int, int]:
    """Live attachments per task, for the grid's badge."""
    rows = store.conn.execute(
        "SELECT e.task_id, count(*) FROM evidence e JOIN task t ON t.id=e.task_id "
        "JOIN item i ON i.id=t.item_id JOIN section s ON s.id=i.section_id "
        "WHERE s.plan_id=? AND e.deleted=0 GROUP BY e.task_id", (plan_id,)).fetchall()
    return {r[0]: r[1] for r in rows}


def set_deleted(store: Store, evidence_id: int, deleted: bool) -> None:
    """Remove an attachment (or bring it back): its file stays until purge()."""
    with store.transaction():
        store.conn.execute("UPDATE evidence SET deleted=? WHERE id=?", (int(deleted), evidence_id))


def file_path(store: Store, ev: Evidence) -> Path | None:
    return _folder(store) / ev.path if ev.path else None


def purge(store: Store) -> int:
    """Remove for good what no undo can bring back: removed attachments and the evidence
    of tasks that no longer exist, with their files. Returns how many rows went."""
    rows = store.conn.execute(
        "SELECT id, path FROM evidence WHERE deleted=1 OR task_id NOT IN (SELECT id FROM task)"
    ).fetchall()
    if not rows:
        return 0
    folder = evidence_folder(store.path)
    with store.transaction():
        store.conn.executemany("DELETE FROM evidence WHERE id=?", [(r[0],) for r in rows])
    for _, rel in rows:
        if rel:
            (folder / rel).unlink(missing_ok=True)
    return len(rows)


def problems(store: Store) -> list[str]:
    """Missing or changed evidence files, in Chinese, for `plandesk check`."""
    if str(store.path) == ":memory:":
        return []
    folder = evidence_folder(store.path)
    out = []
    rows = store.conn.execute(
        f"SELECT {_COLUMNS} FROM evidence WHERE deleted=0 AND path<>'' "
        "AND task_id IN (SELECT id FROM task) ORDER BY id").fetchall()
    for ev in (Evidence(*r) for r in rows):
        path = folder / ev.path
        if not path.is_file():
            out.append(f"佐證檔案遺失：{path}（原檔名「{ev.file_name}」，工作編號 {ev.task_id}）")
        elif path.stat().st_size != ev.size or _hash(path) != ev.sha256:
            out.append(f"佐證檔案已被修改（大小或 SHA-256 不符）：{path}")
    return out


def _hash(path: Path) -> str:
    digest = _sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------- export
INDEX_NAME = "佐證資料清單.xlsx"
INDEX_HEADERS = ["課室", "編號", "計畫項目", "工作內容", "月份", "檔案", "文號", "說明", "大小（位元組）",
                 "SHA-256", "附加日期", "壓縮檔內位置"]


def export_zip(store: Store, plan_id: int, out: str | Path, section_id: int | None = None) -> Path:
    """One zip of a plan's (or one section's) evidence with an index sheet listing task,
    month, file and 文號. A missing file is listed as 遺失, never a crash."""
    from openpyxl import Workbook

    from desktop.exchange.atomic import atomic_path
    from desktop.exchange.cells import clean_text, looks_like_formula

    plan = store.plan(plan_id)
    folder = evidence_folder(store.path) if str(store.path) != ":memory:" else None
    info = {r[0]: r[1:] for r in store.conn.execute(
        "SELECT t.id, s.name, i.number, i.name, t.content FROM task t JOIN item i ON i.id=t.item_id "
        "JOIN section s ON s.id=i.section_id WHERE s.plan_id=?", (plan_id,))}
    wb = Workbook()
    ws = wb.active
    ws.title = "佐證資料清單"
    ws.append([f"{plan.office}{plan.year}年度佐證資料清單"])
    ws.append(INDEX_HEADERS)
    out = Path(out)
    with atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for ev in for_plan(store, plan_id, section_id):
            section, number, item, content = info[ev.task_id]
            inside = ""
            if ev.path:
                src = folder / ev.path if folder else None
                if src is not None and src.is_file():
                    inside = "/".join(Path(ev.path).parts[1:])  # without the year folder
                    zf.write(src, inside)
                else:
                    inside = "（檔案遺失）"
            texts = [clean_text(v) for v in (section, number, item, " ".join(content.split()),
                                             f"{ev.month}月" if ev.month else "全年", ev.file_name,
                                             ev.doc_number, ev.note)]
            ws.append([*texts, ev.size if ev.path else None, ev.sha256, ev.added_at[:10], inside])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    cell.data_type = "s"  # 「=…」 typed by a user stays text, never a formula
        for col, width in zip("ABCDEFGHIJKL", (12, 6, 20, 40, 6, 28, 18, 24, 12, 20, 11, 40),
                              strict=True):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "A3"
        from io import BytesIO

        buf = BytesIO()
        wb.save(buf)
        zf.writestr(INDEX_NAME, buf.getvalue())
    return out


def _sha256():  # noqa: ANN202 - hashlib's own type
    """hashlib on first use: the window's start lists evidence but hashes nothing."""
    import hashlib

    return hashlib.sha256()
