"""Importing photos from the GUI: off the GUI thread, with progress and cancel; a watched folder.

`PhotoImporter` runs `photos.importer.Importer` on a QThread with its own database connection
(the one owner of the import's writes; it shares the GUI store's clock so stamps stay ordered)
and reports each photo as soon as its record is written, so thumbnails appear one by one.
Imported photos can be linked to a target (an inspection item, a defect) in the same step.
"""

import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ..core.model import PhotoLink
from ..photos.decode import EXTENSIONS
from ..photos.importer import Importer, collect
from ..store import Store


class DialogService:
    """The file dialogs the photo widgets open; tests give a replacement that never blocks."""

    def open_photo_files(self, parent: QWidget | None) -> list[str]:
        exts = " ".join(f"*{e}" for e in EXTENSIONS)
        files, _ = QFileDialog.getOpenFileNames(
            parent, parent.tr("选择照片") if parent else "", "", f"Photos ({exts} {exts.upper()})"
        )
        return files

    def ask_text(self, parent: QWidget | None, title: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(parent, title, title)
        return text if ok and text else None


class _Job(QObject):
    """Runs on the worker thread."""

    photo_imported = Signal(dict)
    file_refused = Signal(str, str)
    progress_changed = Signal(int, int)
    finished = Signal(int, int, bool)

    def __init__(
        self, root: Path, clock, actor: str, project_id: str, paths: list, link: dict | None
    ):
        super().__init__()
        self.root, self.clock, self.actor = root, clock, actor
        self.project_id, self.paths, self.link = project_id, paths, link
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        imported = refused = 0
        try:
            with Store.open(self.root) as store:
                store.clock, store.actor = self.clock, self.actor
                files = collect(self.paths)
                self.progress_changed.emit(0, len(files))
                with Importer(store, self.project_id) as imp:
                    for n, r in enumerate(imp.run(files, self.cancel_event.is_set), 1):
                        if r.ok:
                            if self.link:
                                self._link(store, r.id)
                            imported += 1
                            self.photo_imported.emit({**r.as_json(), "thumbnail": r.thumbnail})
                        else:
                            refused += 1
                            self.file_refused.emit(r.file, r.error)
                        self.progress_changed.emit(n, len(files))
        except Exception as e:  # shown to the user; the import stops, what was stored stays
            self.file_refused.emit("", str(e))
        self.finished.emit(imported, refused, self.cancel_event.is_set())

    def _link(self, store: Store, photo_id: str) -> None:
        exists = store.find(
            PhotoLink,
            "photo_id = ? AND target_type = ? AND target_id = ? AND item_id = ?",
            [photo_id, self.link["target_type"], self.link["target_id"], self.link["item_id"]],
        )
        if not exists:
            store.save(PhotoLink(photo_id=photo_id, **self.link))


class PhotoImporter(QObject):
    """Starts imports and reports on them; one import at a time."""

    photo_imported = Signal(str, str)  # photo id, thumbnail path
    file_refused = Signal(str, str)  # file, reason
    progress_changed = Signal(int, int)  # done, total
    import_finished = Signal(int, int, bool)  # imported, refused, cancelled

    def __init__(self, store: Store, project_id: str, link: dict | None = None, parent=None):
        super().__init__(parent)
        self.store, self.project_id, self.link = store, project_id, link
        self._thread: QThread | None = None
        self._job: _Job | None = None
        self.imported_ids: list[str] = []

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, paths: list[str | Path]) -> bool:
        if self._thread is not None or not paths:
            return False
        self.imported_ids = []
        job = _Job(
            self.store.root,
            self.store.clock,
            self.store.actor,
            self.project_id,
            list(paths),
            self.link,
        )
        thread = QThread(self)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.photo_imported.connect(self._on_job_photo_imported)
        job.file_refused.connect(self.file_refused)
        job.progress_changed.connect(self.progress_changed)
        job.finished.connect(self._on_job_finished)
        self._thread, self._job = thread, job
        thread.start()
        return True

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel_event.set()

    def wait(self) -> None:
        """Block until the running import has stopped (used when a window closes)."""
        if self._thread is not None:
            self.cancel()
            self._thread.quit()
            self._thread.wait()

    @Slot(dict)
    def _on_job_photo_imported(self, r: dict) -> None:
        self.imported_ids.append(r["id"])
        self.photo_imported.emit(r["id"], r["thumbnail"])

    @Slot(int, int, bool)
    def _on_job_finished(self, imported: int, refused: int, cancelled: bool) -> None:
        thread, self._thread, self._job = self._thread, None, None
        thread.quit()
        thread.wait()
        thread.deleteLater()
        self.import_finished.emit(imported, refused, cancelled)


class ImportProgress(QWidget):
    """A progress bar with a cancel button and the last problem, bound to a PhotoImporter."""

    def __init__(self, importer: PhotoImporter, parent=None):
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.label = QLabel(self)
        self.label.setObjectName("import_status")
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(importer.cancel)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.bar, 1)
        lay.addWidget(self.cancel_button)
        lay.addWidget(self.label, 2)
        self._refused: list[str] = []
        importer.progress_changed.connect(self._on_importer_progress_changed)
        importer.file_refused.connect(self._on_importer_file_refused)
        importer.import_finished.connect(self._on_importer_import_finished)
        self.hide()

    @Slot(int, int)
    def _on_importer_progress_changed(self, done: int, total: int) -> None:
        if done == 0:
            self._refused = []
            self.label.clear()
        self.show()
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("正在导入 %v / %m"))

    @Slot(str, str)
    def _on_importer_file_refused(self, file: str, reason: str) -> None:
        self._refused.append(f"{Path(file).name}: {reason}" if file else reason)
        self.label.setText(
            self.tr("已拒绝 {0} 个：").format(len(self._refused)) + self._refused[-1]
        )
        self.label.setToolTip("\n".join(self._refused))

    @Slot(int, int, bool)
    def _on_importer_import_finished(self, imported: int, refused: int, cancelled: bool) -> None:
        self.cancel_button.setEnabled(False)
        text = self.tr("已导入 {0} 张").format(imported)
        if refused:
            text += self.tr("，拒绝 {0} 个（悬停查看原因）").format(refused)
        if cancelled:
            text += self.tr("，已取消")
        self.label.setText(text)
        self.bar.setFormat(self.tr("完成"))
        if not refused and not cancelled:
            QTimer.singleShot(4000, self.hide)


class FolderWatcher(QObject):
    """Watches a folder (a camera's sync folder, a phone's DCIM) and reports new photo files once
    they have stopped growing."""

    files_found = Signal(list)

    def __init__(self, folder: str | Path, settle_ms: int = 500, parent=None):
        super().__init__(parent)
        self.folder = Path(folder)
        self._seen: dict[str, tuple[int, float]] = {
            str(p): self._stat(p) for p in collect([self.folder])
        }
        self._pending: dict[str, tuple[int, float]] = {}
        self._watcher = QFileSystemWatcher([str(self.folder)], self)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        self._timer = QTimer(self, singleShot=True, interval=settle_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @staticmethod
    def _stat(p: Path) -> tuple[int, float]:
        try:
            st = p.stat()
            return st.st_size, st.st_mtime
        except OSError:
            return -1, 0.0

    @Slot(str)
    def _on_watcher_directory_changed(self, _path: str) -> None:
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        ready = []
        for p in collect([self.folder]):
            key, st = str(p), self._stat(p)
            if key in self._seen:
                continue
            if self._pending.get(key) == st and st[0] > 0:  # unchanged since last look: complete
                self._seen[key] = st
                self._pending.pop(key)
                ready.append(key)
            else:
                self._pending[key] = st
        if self._pending:
            self._timer.start()
        if ready:
            self.files_found.emit(ready)
