"""Exports whose cost per task stays flat (issue 10): nothing per merge or per row that
looks through everything written before it."""

from __future__ import annotations

import gc

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange

from bench.synth import make_plan
from desktop.exchange.gc_pause import PAUSED_FULL, full_collections_paused
from desktop.exchange.layout import build_layout
from desktop.exchange.workbook import write_bureau_workbook
from desktop.printing.control_table import write_control_table
from desktop.printing.handout import write_handout


def test_xlsx_merges_are_not_compared_with_every_earlier_merge(store, tmp_path, monkeypatch):
    plan = make_plan(store, 400)  # 8 sheets, each with dozens of merged 編號/計畫項目 cells
    merges = sum(len(s.merges) for s in build_layout(store, plan, None, 6, "A4", None).sheets)
    compared = []
    original = CellRange.__le__

    def counting_le(self, other):
        compared.append(1)
        return original(self, other)

    monkeypatch.setattr(CellRange, "__le__", counting_le)
    out = write_bureau_workbook(store, plan, tmp_path / "b.xlsx", month=6)
    monkeypatch.undo()
    assert merges > 300
    assert len(compared) <= merges  # openpyxl's MultiCellRange.add compared ~merges² / 2
    wb = load_workbook(out)
    assert sum(len(ws.merged_cells.ranges) for ws in wb.worksheets) == merges


@pytest.fixture
def eager_gc():
    """Collections as often as a large plan's write would see them."""
    saved = gc.get_threshold()
    gc.set_threshold(100, 2, 2)
    yield
    gc.set_threshold(*saved)


def _full_collections(write) -> int:
    full = []

    def seen(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(seen)
    try:
        write()
    finally:
        gc.callbacks.remove(seen)
    return len(full)


@pytest.mark.parametrize("what", ["xlsx", "ods", "handout", "table"])
def test_a_write_walks_the_whole_heap_once(store, tmp_path, eager_gc, what):
    """Each full collection walks everything the write holds, so one every time the heap
    grows by a quarter made writes grow faster than the plan; now one, at the end."""
    plan = make_plan(store, 120)
    out = tmp_path / f"out.{what}"
    writes = {
        "xlsx": lambda: write_bureau_workbook(store, plan, out, fmt="xlsx", month=6),
        "ods": lambda: write_bureau_workbook(store, plan, out, fmt="ods", month=6),
        "handout": lambda: write_handout(store, plan, 6, out),
        "table": lambda: write_control_table(store, plan, out, month=6),
    }
    assert _full_collections(writes[what]) == 1
    assert gc.get_threshold() == (100, 2, 2)  # the caller's thresholds are back
    assert out.stat().st_size > 0


def test_nested_and_concurrent_pauses_restore_once(eager_gc):
    import threading

    inside = threading.Event()
    leave = threading.Event()

    def other():
        with full_collections_paused():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(5)
    with full_collections_paused():
        with full_collections_paused():
            assert gc.get_threshold()[2] == PAUSED_FULL
        assert gc.get_threshold()[2] == PAUSED_FULL
    assert gc.get_threshold()[2] == PAUSED_FULL  # the other thread still writes
    leave.set()
    t.join(5)
    assert gc.get_threshold() == (100, 2, 2)


def test_ods_styles_in_use_found_as_odfpy_finds_them(store, tmp_path, monkeypatch):
    import zipfile
    from datetime import date

    import odf.opendocument

    import desktop.exchange.workbook_ods as ods

    plan = make_plan(store, 60)

    def content(name: str) -> bytes:
        out = write_bureau_workbook(store, plan, tmp_path / name, fmt="ods", month=6,
                                    today=date(2026, 1, 5))
        return zipfile.ZipFile(out).read("content.xml")

    ours = content("ours.ods")
    monkeypatch.setattr(ods, "used_auto_styles",
                        lambda doc, segments: odf.opendocument.OpenDocument._used_auto_styles(
                            doc, segments))
    assert content("odfpy.ods") == ours
    assert ours.count(b"<style:style ") > 10


def test_xlsx_page_breaks_are_set_at_once(store, tmp_path, monkeypatch):
    from openpyxl.worksheet.pagebreak import RowBreak

    plan = make_plan(store, 400)
    layout = build_layout(store, plan, None, 6, "A4", None)

    def one_at_a_time(self, brk=None):  # copies and re-checks every break before it
        raise AssertionError("RowBreak.append is quadratic in a sheet's breaks")

    monkeypatch.setattr(RowBreak, "append", one_at_a_time)
    out = write_bureau_workbook(store, plan, tmp_path / "b.xlsx", month=6)
    wb = load_workbook(out)
    got = [[b.id for b in ws.row_breaks.brk] for ws in wb.worksheets]
    want = [s.row_breaks for s in layout.sheets]
    assert got == want and sum(map(len, want)) > 8


def test_the_written_ods_tree_is_freed_without_a_full_collection(store, tmp_path):
    plan = make_plan(store, 120)
    write_bureau_workbook(store, plan, tmp_path / "warm.ods", fmt="ods", month=6)
    freed = _freed_by_full_collections(
        lambda: write_bureau_workbook(store, plan, tmp_path / "b.ods", fmt="ods", month=6))
    assert freed and max(freed) < 5000  # the tree (20,000 objects here) went by itself


def test_the_written_xlsx_cells_are_freed_without_a_full_collection(store, tmp_path):
    plan = make_plan(store, 120)
    write_bureau_workbook(store, plan, tmp_path / "warm.xlsx", month=6)
    freed = _freed_by_full_collections(
        lambda: write_bureau_workbook(store, plan, tmp_path / "b.xlsx", month=6))
    assert freed and max(freed) < 5000  # the cells (tens of thousands of objects) went by themselves


def _freed_by_full_collections(write) -> list[int]:
    """What each full collection during `write` found to free (after a clean start)."""
    gc.collect()
    freed = []

    def seen(phase, info):
        if phase == "stop" and info["generation"] == 2:
            freed.append(info["collected"])

    gc.callbacks.append(seen)
    try:
        write()
    finally:
        gc.callbacks.remove(seen)
    return freed
