"""One way to run work off the GUI thread: a task runner over QThreadPool.

A task is a plain function taking a `TaskContext` (to report progress and see cancellation).
Its result, error and progress come back on the GUI thread through signals. Tasks that write
open their own Store on the profile (SQLite in WAL mode takes one writer and many readers),
so the GUI thread never waits on them.
"""

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task by `TaskContext.check()` once cancel was asked for."""


class TaskContext:
    def __init__(self, task: "Task"):
        self._task = task

    @property
    def cancelled(self) -> bool:
        return self._task._cancel.is_set()

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._task._progressed.emit(done, total, text)


class Task(QObject):
    """Handle to a running task. Its public signals are emitted on the GUI thread: the worker
    emits the private ones, which reach this object (it lives on the GUI thread) queued."""

    progressed = Signal(int, int, str)  # done, total, text
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception
    cancelled = Signal()
    _progressed = Signal(int, int, str)
    _finished = Signal(object)
    _failed = Signal(object)
    _cancelled = Signal()

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        self._cancel = threading.Event()
        self.done = False
        queued = Qt.ConnectionType.QueuedConnection
        self._progressed.connect(self.progressed, queued)
        self._finished.connect(self.finished, queued)
        self._failed.connect(self.failed, queued)
        self._cancelled.connect(self.cancelled, queued)

    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[TaskContext], Any]):
        super().__init__()
        self.task, self.fn = task, fn
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        try:
            result = self.fn(TaskContext(task))
        except Cancelled:
            task.done = True
            task._cancelled.emit()
        except Exception as e:  # handed to the GUI thread, shown there
            log.error("task %r failed:\n%s", task.label, traceback.format_exc())
            task.done = True
            task._failed.emit(e)
        else:
            task.done = True
            task._finished.emit(result)


class TaskRunner(QObject):
    """Runs tasks on a small pool and keeps them alive until they end."""

    task_started = Signal(object)
    task_ended = Signal(object)

    def __init__(self, parent=None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.running: list[Task] = []

    def run(
        self,
        fn: Callable[[TaskContext], Any],
        label: str = "",
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Task:
        task = Task(label)
        if on_done:
            task.finished.connect(on_done)
        if on_error:
            task.failed.connect(on_error)
        for signal in (task.finished, task.failed, task.cancelled):
            signal.connect(lambda *_a, t=task: self._ended(t))
        self.running.append(task)
        self.task_started.emit(task)
        self.pool.start(_Runnable(task, fn))
        return task

    def _ended(self, task: Task) -> None:
        if task in self.running:
            self.running.remove(task)
        self.task_ended.emit(task)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every task is done (shutdown and tests)."""
        return self.pool.waitForDone(msecs)
