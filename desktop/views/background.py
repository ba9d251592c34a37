"""One way to run slow work (import, export, print) off the UI thread.

The progress dialog appears only when the work takes longer than 600 ms, so quick jobs
do not flash a window. The work function gets a `report(percent, text)` callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

Report = Callable[[int, str], None]


class _Signals(QObject):
    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Report], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self.fn(lambda pct, text="": self.signals.progress.emit(int(pct), text))
        except BaseException as exc:  # noqa: BLE001 - reported to the user, not swallowed
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class _Answers(QObject):
    """Takes a job's signals on the UI thread. A child of the progress dialog, itself a child of
    the window: once the window is deleted Qt drops these connections, so an answer that comes
    late calls nothing rather than into deleted widgets."""

    def __init__(self, dialog: QProgressDialog, progress: Callable, ok: Callable, bad: Callable):
        super().__init__(dialog)
        self._progress, self._ok, self._bad = progress, ok, bad

    def progress(self, pct: int, text: str) -> None:
        self._progress(pct, text)

    def succeeded(self, result: Any) -> None:
        self._ok(result)

    def failed(self, exc: BaseException) -> None:
        self._bad(exc)


_running: set[_Job] = set()


def run_in_background(
    parent: QWidget,
    label: str,
    fn: Callable[[Report], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> _Job:
    """Run fn(report) on the thread pool; call on_success/on_failure back on the UI thread.

    fn must not touch widgets. Open a second Store on the same file inside fn rather than
    sharing the window's connection.
    """
    dialog = QProgressDialog(label, None, 0, 100, parent)
    dialog.setWindowTitle("處理中")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(600)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    job = _Job(fn)
    _running.add(job)

    def progress(pct: int, text: str) -> None:
        dialog.setValue(max(0, min(99, pct)))
        if text:
            dialog.setLabelText(text)

    def finish() -> None:
        _running.discard(job)
        dialog.reset()
        dialog.deleteLater()

    def ok(result: Any) -> None:
        finish()
        on_success(result)

    def bad(exc: BaseException) -> None:
        finish()
        if on_failure is not None:
            on_failure(exc)
        else:
            QMessageBox.critical(parent, "發生錯誤", str(exc) or exc.__class__.__name__)

    answers = _Answers(dialog, progress, ok, bad)
    job.signals.progress.connect(answers.progress, Qt.ConnectionType.QueuedConnection)
    job.signals.succeeded.connect(answers.succeeded, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(answers.failed, Qt.ConnectionType.QueuedConnection)
    for ended in (job.signals.succeeded, job.signals.failed):  # also when the answer is dropped
        ended.connect(lambda _answer: _running.discard(job), Qt.ConnectionType.QueuedConnection)
    job.setAutoDelete(False)
    QThreadPool.globalInstance().start(job)
    return job
