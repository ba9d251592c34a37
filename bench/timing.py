"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs: the figure least disturbed by other work on the machine."""
    return min(timed(fn) for _ in range(repeat))


def sizes() -> tuple[int, ...]:
    """Plan sizes to measure: 1,000 and 5,000; `make bench-large` adds 20,000 (BENCH_LARGE=1)."""
    import os

    return (1000, 5000, 20000) if os.environ.get("BENCH_LARGE") else (1000, 5000)


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU seconds of this process and of the children it waited for: for single-threaded
    writers (printouts, exports) the same as the wall time on an idle machine, and hardly
    moved by other work on a shared one."""
    import resource

    def now() -> float:
        me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF,
                                                    resource.RUSAGE_CHILDREN))
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    start = now()
    fn()
    return now() - start


def cpu_best(fn: Callable[[], object], repeat: int) -> float:
    return min(cpu_timed(fn) for _ in range(repeat))
