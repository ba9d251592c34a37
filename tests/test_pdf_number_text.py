"""pages.py keeps each coordinate's text (reportlab's fp_str in pure Python was a fifth of
the control table's time); the texts must be exactly fp_str's."""

from __future__ import annotations

import random

from reportlab.lib import rl_accel
from reportlab.pdfgen import canvas, textobject

import desktop.printing.pages  # noqa: F401 - installs the kept texts


def test_kept_texts_are_fp_strs_own():
    fast = rl_accel.fp_str
    assert getattr(fast, "_plandesk", False)
    assert canvas.fp_str is fast and textobject.fp_str is fast
    original = rl_accel._py_funcs.get("fp_str") or rl_accel._c_funcs["fp_str"]
    rng = random.Random(3)
    numbers = [0, 1, -1, 0.5, 1e-8, -0.0, 12.3456789, 595.2756, 1e7, True,
               *(rng.uniform(-2000, 2000) for _ in range(500)),
               *(rng.randint(-10, 10) / 8 for _ in range(50))]
    for _ in range(2):  # the second time from the kept texts
        for x in numbers:
            assert fast(x) == original(x)
        assert fast(*numbers[:7]) == original(*numbers[:7])
        assert fast(numbers[10:20]) == original(numbers[10:20])
        assert fast() == original() == ""
