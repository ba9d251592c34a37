"""Temp folders owned by a window: gone when the window goes, however it goes.

A preview or a snapshot window keeps its files in a folder of its own under %TEMP%. Closing
it removes the folder, but a window deleted with its main window (the program closed with
the preview still open) gets no close event: its folder used to stay for good. The folder
is removed when its owner is destroyed as well, and once more by a background job that
finishes writing into it after that.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject


class ScratchFolder:
    def __init__(self, owner: QObject, prefix: str, before_removing: Callable[[], None] | None = None):
        self.path = tempfile.mkdtemp(prefix=prefix)
        self._gone = threading.Event()
        self.before_removing = before_removing  # e.g. close the database kept in it
        # a lambda, not the bound method: PySide holds a bound method's object only weakly, and
        # a window whose Python side is gone (its __init__ failed) would drop the clean-up
        owner.destroyed.connect(lambda *_args: self.remove())

    def remove(self) -> None:
        """The owner is done with it: remove the folder now and refuse it from here on."""
        self._gone.set()
        if self.before_removing is not None:
            self.before_removing()
        shutil.rmtree(self.path, ignore_errors=True)

    def job_finished(self) -> None:
        """Called by a job writing into the folder (on its thread) once it has written:
        a job outliving its owner must not leave what it wrote behind."""
        if self._gone.is_set():
            shutil.rmtree(self.path, ignore_errors=True)
