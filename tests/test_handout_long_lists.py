"""The handout's long lists are handed to reportlab a chunk at a time (issue 10): the pages
are the same as one big table's, and no Table reportlab splits grows with the plan."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.platypus import Table

import desktop.printing.handout as handout
from bench.synth import make_plan
from desktop.printing.long_table import LongTable, long_table

DAY = date(2026, 12, 3)


def _pages(path) -> list[list[bytes]]:
    """Each page's drawing operators, in any order (a split may stroke lines in another order)."""
    return [sorted(p.get_contents().get_data().split(b"\n")) for p in PdfReader(str(path)).pages]


def _write(store, plan, path, chunk, monkeypatch, paper="A4"):
    monkeypatch.setattr(handout, "CHUNK_ROWS", chunk)
    handout.write_handout(store, plan, 6, path, paper=paper, today=DAY)
    return path


@pytest.fixture
def big_plan(store):
    return make_plan(store, 480)  # 60 tasks a section; ~100 落後／未填報 in one list


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_chunked_pages_are_the_pages_of_one_big_table(store, big_plan, tmp_path, monkeypatch,
                                                       paper):
    whole = _pages(_write(store, big_plan, tmp_path / "whole.pdf", 10**9, monkeypatch, paper))
    chunked = _pages(_write(store, big_plan, tmp_path / "chunked.pdf", 6, monkeypatch, paper))
    assert len(whole) > 5
    assert chunked == whole


def test_no_table_split_grows_with_the_plan(store, big_plan, tmp_path, monkeypatch):
    sizes: list[int] = []
    original = Table.split

    def counting_split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        sizes.append(self._nrows)
        return original(self, availWidth, availHeight)

    monkeypatch.setattr(Table, "split", counting_split)
    out = _write(store, big_plan, tmp_path / "h.pdf", 10, monkeypatch)
    pages = len(PdfReader(str(out)).pages)
    data = handout.handout_data(store, big_plan, 6)
    assert len(data.alerts) > 90  # one big table would have been split with all of them
    # a chunk of 10 rows doubled until it fills a page (≈ 25 rows), + header and the row
    # before — never the rest of the list
    assert max(sizes) <= 42
    assert len(sizes) <= 4 * pages  # a few splits a page, not one per remaining row


def test_long_table_keeps_each_rows_commands(monkeypatch):
    built: list[tuple[int, list]] = []

    def build(rows, cmds):
        built.append((len(rows), cmds))
        return Table(rows, repeatRows=1, style=cmds)

    rows = [["頭"]] + [[str(i)] for i in range(30)]
    extra = [("BACKGROUND", (0, r), (0, r), "red") for r in (1, 12, 30)]
    table = long_table(rows, extra, build, chunk=8)
    assert isinstance(table, LongTable)
    piece = table.piece(15, 100)  # body rows 0–14: the first and the 12th are filled
    assert piece._nrows == 16
    assert [c[1] for c in piece._bkgrndcmds] == [(0, 1), (0, 12)]
    later = LongTable(rows[0], rows[1:], table.row_cmds, build, start=20).piece(15, 100)
    assert later._nrows == 11  # body rows 20–29 after the header; row 29 is filled
    assert [c[1] for c in later._bkgrndcmds if c[1] != (0, 0)] == [(0, 10)]
    short = long_table(rows[:5], extra[:1], build, chunk=8)
    assert isinstance(short, Table) and not isinstance(short, LongTable)
    with pytest.raises(ValueError):
        long_table(rows, [("BACKGROUND", (0, 1), (0, 3), "red")], build, chunk=8)
