"""Python's full garbage collections paused while a big file is written (issue 10).

A printout or export keeps what it builds (story, cells, elements) until the file is
written, so the heap grows all the while, and CPython runs a full collection each time
it has grown by a quarter — each one walking the whole heap. At 5,000 tasks that was six
full collections and a sixth of the control table's time, and more the larger the plan.
Young collections go on (they free the short-lived garbage); only the full ones wait
until the file is done, when one full collection frees what the write left (an odfpy
tree is one big cycle). Nested and concurrent writers share one pause; the last one out
restores the thresholds and collects.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None
PAUSED_FULL = 1_000_000  # young collections between two full ones: never, in one write


@contextmanager
def full_collections_paused():
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], PAUSED_FULL)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            last = _depth == 0 and _saved is not None
            if last:
                gc.set_threshold(*_saved)
                _saved = None
        if last:
            gc.collect()
