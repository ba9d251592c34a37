"""A long table that reportlab lays out a page at a time, from a few rows at a time.

reportlab splits one long Table at each page break into the rows that fit and a new Table
of all the rest, re-reading every row's style commands and cell styles: thousands of rows
cost once per page, quadratic in the rows. `long_table` hands reportlab only the next
`CHUNK_ROWS` (more when a page holds more) and keeps the rest aside; pages are split from
that small Table until its rows no longer fill one, then the next chunk joins what is left,
so the cost per row is flat. The pages are the same as one big
Table's: rows are never cut, the header row repeats, and each continued part is made by
reportlab's own split (of a small Table that starts one row earlier), so its lines and fills
are the ones the big Table's split would have given.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, Table

# Several pages of rows (≈ 25 a page, at most ≈ 51 of 8 pt on A4): a split costs what one of
# a 1,000-task plan's lists did; a page holding more doubles it.
CHUNK_ROWS = 200
BuildFn = Callable[[list[list], list[tuple]], Table]


class LongTable(Flowable):
    """Body rows [start:] of a table with one header row, laid out a chunk at a time.

    `build(rows, row_commands)` makes the Table for header + some body rows; `row_cmds`
    maps a body row's index to its own commands, written for row 1 (the first body row).
    `table`, when given, is reportlab's Table for the header and body rows from `start`
    (what the last page's split left); it is used until its rows no longer fill a page.
    """

    def __init__(self, head: list, body: list[list], row_cmds: dict[int, list[tuple]],
                 build: BuildFn, start: int = 0, chunk: int = CHUNK_ROWS,
                 table: Table | None = None):
        super().__init__()
        self.head, self.body, self.row_cmds, self.build = head, body, row_cmds, build
        self.start, self.chunk, self.table = start, chunk, table
        self._avail: tuple[float, float] | None = None

    def _build(self, first: int, end: int) -> Table:
        cmds: list[tuple] = []
        for i in range(first, end):
            for cmd in self.row_cmds.get(i, ()):
                (sc, sr), (ec, er) = cmd[1:3]
                shift = i - first
                cmds.append((cmd[0], (sc, sr + shift), (ec, er + shift), *cmd[3:]))
        return self.build([self.head, *self.body[first:end]], cmds)

    def piece(self, count: int, availWidth: float) -> Table:
        """The Table of the header and body rows [start, start + count). After the first
        page it is what reportlab's split leaves of a Table one row longer at the top."""
        end = min(self.start + count, len(self.body))
        if self.start == 0:
            return self._build(0, end)
        two = self._build(self.start - 1, self.start)  # header and the row before: heights
        two.wrap(availWidth, 1e9)
        longer = self._build(self.start - 1, end)
        parts = longer.split(availWidth, sum(two._rowHeights))
        if len(parts) == 2 and parts[0]._nrows == 2:
            return parts[1]
        raise AssertionError("long_table: the row before did not split off alone")  # pragma: no cover

    def _rows(self, table: Table) -> int:
        return table._nrows - 1

    @property
    def whole(self) -> bool:
        """The table holds every body row that is left."""
        return self.table is not None and self.start + self._rows(self.table) >= len(self.body)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._avail == (availWidth, availHeight):
            return self.width, self.height
        count = self.chunk
        if self.table is None:
            self.table = self.piece(count, availWidth)
        while True:  # taller than the space, or all the rows that are left
            w, h = self.table.wrap(availWidth, availHeight)
            if h > availHeight or self.whole:
                break
            count = max(count, self._rows(self.table)) * 2
            self.table = self.piece(count, availWidth)
        self._avail = availWidth, availHeight
        self.width, self.height = w, h
        return w, h

    def split(self, availWidth: float, availHeight: float) -> list:
        self.wrap(availWidth, availHeight)
        parts = self.table.split(availWidth, availHeight)
        if self.whole or len(parts) < 2:
            return parts
        done = self._rows(parts[0])  # body rows on this page
        rest = LongTable(self.head, self.body, self.row_cmds, self.build, self.start + done,
                         self.chunk, parts[1])
        rest.hAlign = self.hAlign
        return [parts[0], rest]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        self.table.drawOn(canvas, x, y, _sW)  # only reached when every row left fits here


def long_table(rows: list[list], extra: list[tuple], build: BuildFn,
               chunk: int = CHUNK_ROWS) -> Flowable:
    """rows[0] is the header; `extra` holds one-row commands in the table's coordinates
    (row ≥ 1). `build(rows, extra)` makes one reportlab Table; a table short enough for one
    chunk is that Table itself."""
    if len(rows) - 1 <= chunk:
        return build(rows, extra)
    by_row: dict[int, list[tuple]] = {}
    for cmd in extra:
        (_, sr), (_, er) = cmd[1:3]
        if sr != er or sr < 1:
            raise ValueError(f"long_table: only one-row body commands, not {cmd!r}")
        by_row.setdefault(sr - 1, []).append((cmd[0], (cmd[1][0], 1), (cmd[2][0], 1), *cmd[3:]))
    table = LongTable(rows[0], rows[1:], by_row, build, chunk=chunk)
    table.hAlign = "CENTER"
    return table
