"""The sync part of the status bar: state, progress, what is waiting, the last error in words.

`SyncStatus(worker, store)` follows a `SyncWorker`'s signals; put it in a status bar with
`statusBar().addPermanentWidget(SyncStatus(worker, store))`.
"""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from ..store import Store, outbox
from ..sync.recovery import restore_notice
from .sync_worker import SyncWorker

STAGES = {"upload": "上传照片", "push": "发送修改", "pull": "接收修改", "download": "下载照片"}


class SyncStatus(QWidget):
    def __init__(self, worker: SyncWorker, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.state = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.waiting = QLabel(self)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e")
        # After a sync that found the central store restored from a backup: how much was re-sent.
        self.notice = QLabel(self)
        self.notice.setObjectName("restoreNotice")
        self.notice.setStyleSheet("color: #8a5300")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.state, self.progress, self.waiting, self.error, self.notice):
            layout.addWidget(w)
        worker.sync_started.connect(self.on_started)
        worker.sync_progressed.connect(self.on_progressed)
        worker.sync_finished.connect(self.on_finished)
        worker.sync_failed.connect(self.on_failed)
        self.state.setText(self.tr("未同步"))
        self.refresh_waiting()

    @Slot()
    def refresh_waiting(self) -> None:
        self.waiting.setText(self.tr("%n 项待同步", "", outbox.waiting(self.store)))

    @Slot()
    def on_started(self) -> None:
        self.state.setText(self.tr("同步中…"))
        self.progress.setRange(0, 0)
        self.progress.show()

    @Slot(str, int, int)
    def on_progressed(self, stage: str, done: int, total: int) -> None:
        self.state.setText(self.tr(STAGES.get(stage, stage)) + f" {done}/{total or '?'}")
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    @Slot(object)
    def on_finished(self, report) -> None:
        self.progress.hide()
        self.state.setText(self.tr("已同步"))
        self.error.setText(
            self.tr("%n 项修改被拒绝", "", len(report.refused)) if report.refused else ""
        )
        text = restore_notice(report)
        if text or not self.store.get_meta("sync.recovering"):
            self.notice.setText(text)  # kept until recovery is over
            self.notice.setToolTip(text)
        self.refresh_waiting()

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.progress.hide()
        self.state.setText(self.tr("同步失败"))
        self.error.setText(message)
        self.error.setToolTip(message)
        self.refresh_waiting()
