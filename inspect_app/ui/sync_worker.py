"""Sync in the background: on demand, and every few minutes while the server answers.

`SyncWorker` runs each sync in its own thread with its own connection to the profile, so the
window never waits on the network. It reports through past-tense signals, safe to connect to
widgets (Qt queues them to the GUI thread):

    worker = SyncWorker(data_dir, "http://office:8765", "zhang", password=ask_password)
    worker.sync_finished.connect(on_report)      # SyncReport
    worker.sync_failed.connect(show_error)       # the reason in words
    worker.start_background(300)                 # and/or worker.sync_now()
"""

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..errors import InspectError
from ..store import Store


class SyncWorker(QObject):
    sync_started = Signal()
    sync_progressed = Signal(str, int, int)  # stage (upload/push/pull/download), done, total
    sync_finished = Signal(object)  # the SyncReport
    sync_failed = Signal(str)  # why, in words; nothing local was lost

    def __init__(
        self,
        data_dir: Path,
        server: str,
        user: str,
        password: Callable[[], str] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.data_dir, self.server, self.user, self.password = (
            Path(data_dir),
            server,
            user,
            password,
        )
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.sync_now)
        self.last_error = ""

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start_background(self, interval_s: int = 300) -> None:
        """Sync now and then every `interval_s` seconds (a sync that cannot reach the server
        just reports so and waits for the next turn)."""
        self._timer.start(interval_s * 1000)
        self.sync_now()

    def stop_background(self) -> None:
        self._timer.stop()

    def sync_now(self) -> bool:
        """Start a sync unless one is running; True if one was started."""
        if self.running:
            return False
        self.sync_started.emit()
        self._thread = threading.Thread(target=self._run, name="inspect-sync", daemon=True)
        self._thread.start()
        return True

    def wait(self, seconds: float = 30) -> bool:
        """Wait for the running sync to end (shutdown, tests); True if it did."""
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.running

    def _run(self) -> None:
        from ..sync.client import SyncClient

        try:
            with (
                Store.open(self.data_dir, create=True) as store,
                SyncClient(
                    store, self.server, self.user, self.password, progress=self.sync_progressed.emit
                ) as client,
            ):
                report = client.sync()
        except InspectError as e:
            self.last_error = str(e)
            self.sync_failed.emit(self.last_error)
            return
        except Exception as e:  # a bug: say so rather than die silently in a thread
            self.last_error = f"{type(e).__name__}: {e}"
            self.sync_failed.emit(self.last_error)
            return
        self.last_error = ""
        self.sync_finished.emit(report)
