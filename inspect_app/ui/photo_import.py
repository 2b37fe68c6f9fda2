"""Importing photos from the GUI: in a separate process, with progress and cancel; a watched
folder.

`PhotoImporter` runs `inspect-app photos import --json` as a child process (QProcess) and reads
its one-line-per-file results as they come, so each thumbnail appears as soon as its photo is
stored. The import never shares the GUI process: no lock or interpreter time is taken from the
event loop, whatever the decoders do. Cancel interrupts the child, which finishes the files in
progress and keeps every photo already stored; a child killed outright leaves whole files and
records too (see photos/importer.py). Imported photos are linked to a target (an inspection
item, a defect) in the same transaction as their record.
"""

import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QFileSystemWatcher,
    QObject,
    QProcess,
    QProcessEnvironment,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import i18n
from ..photos.cache import DerivedCache
from ..photos.decode import picker_filter
from ..photos.importer import collect, settings_for
from ..store import Store


class DialogService:
    """The file dialogs the photo widgets open; tests give a replacement that never blocks."""

    def open_photo_files(self, parent: QWidget | None) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            parent, i18n.t("选择照片", "Choose photos"), "", picker_filter()
        )
        return files

    def ask_text(self, parent: QWidget | None, title: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(parent, title, title)
        return text if ok and text else None


def cli_command(args: list[str]) -> tuple[str, list[str]]:
    """How to run `inspect-app ARGS` from here: the bundle's own executable, or this Python."""
    if getattr(sys, "frozen", False):
        return sys.executable, args
    code = "import sys; from inspect_app.cli import main; sys.exit(main())"
    return sys.executable, ["-c", code, *args]


NICE = 10


class PhotoImporter(QObject):
    """Starts imports and reports on them; one import at a time."""

    photo_imported = Signal(str, str)  # photo id, thumbnail path
    file_refused = Signal(str, str)  # file, reason
    progress_changed = Signal(int, int)  # done, total
    import_finished = Signal(int, int, bool)  # imported, refused, cancelled

    def __init__(self, store: Store, project_id: str, link: dict | None = None, parent=None):
        super().__init__(parent)
        self.store, self.project_id, self.link = store, project_id, link
        self.settings = settings_for(store)
        if store.root is None:
            raise ValueError("photos need a profile folder (not an in-memory store)")
        self.cache = DerivedCache.for_profile(store.root)
        self.imported_ids: list[str] = []
        self._proc: QProcess | None = None
        self._buffer = b""
        self._done = self._refused = self._total = 0
        self._cancelled = False

    def start(self, paths: Sequence[str | Path]) -> bool:
        if self._proc is not None or not paths:
            return False
        files = [str(p) for p in collect(paths)]
        self.imported_ids, self._buffer = [], b""
        self._done = self._refused = 0
        self._total, self._cancelled = len(files), False
        # Lower priority: on a two-core laptop the decoders would otherwise take the cores the
        # event loop needs to answer within a frame.
        args = [
            "photos",
            "import",
            "--nice",
            str(NICE),
            "--data",
            str(self.store.root),
            "--project",
            self.project_id,
            "--json",
        ]
        if self.link:
            ln = self.link
            args += ["--link", f"{ln['target_type']}:{ln['target_id']}:{ln.get('item_id', '')}"]
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("INSPECT_LANG", i18n.current())
        proc.setProcessEnvironment(env)
        proc.readyReadStandardOutput.connect(self._on_proc_ready_read_standard_output)
        proc.finished.connect(self._on_proc_finished)
        program, argv = cli_command([*args, "--", *map(str, paths)])  # the child walks folders too
        self._proc = proc
        self.progress_changed.emit(0, self._total)
        if not files:
            QTimer.singleShot(0, lambda: self._finish(0))
            return True
        proc.start(program, argv)
        return True

    def cancel(self) -> None:
        """Stop after the files in progress; the photos already stored stay."""
        if self._proc is not None and self._proc.state() != QProcess.ProcessState.NotRunning:
            self._cancelled = True
            pid = self._proc.processId()
            if pid and hasattr(signal, "SIGINT") and os.name == "posix":
                os.kill(pid, signal.SIGINT)
            else:
                self._proc.terminate()

    def wait(self, msecs: int = 30_000) -> None:
        """Cancel and block until the child has stopped (used when a window closes)."""
        if self._proc is not None:
            self.cancel()
            if not self._proc.waitForFinished(msecs):
                self._proc.kill()
                self._proc.waitForFinished(5000)

    @Slot()
    def _on_proc_ready_read_standard_output(self) -> None:
        if self._proc is None:
            return
        self._buffer += bytes(self._proc.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if line.strip():
                self._result(json.loads(line))

    def _result(self, r: dict) -> None:
        self._done += 1
        if r["ok"]:
            self.imported_ids.append(r["id"])
            thumb = self.cache.thumbnail_path(r["sha256"], self.settings.thumb_side)
            self.photo_imported.emit(r["id"], str(thumb))
        else:
            self._refused += 1
            self.file_refused.emit(r["file"], r["error"])
        self.progress_changed.emit(self._done, max(self._total, self._done))

    @Slot(int, QProcess.ExitStatus)
    def _on_proc_finished(self, code: int, _status) -> None:
        self._on_proc_ready_read_standard_output()
        if code not in (0, 1) and not self._cancelled and self._proc is not None:
            err = bytes(self._proc.readAllStandardError().data()).decode("utf-8", "replace").strip()
            self.file_refused.emit("", err.splitlines()[-1] if err else f"exit {code}")
        self._finish(code)

    def _finish(self, _code: int) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.deleteLater()
        self.import_finished.emit(len(self.imported_ids), self._refused, self._cancelled)


class ImportProgress(QWidget):
    """A progress bar with a cancel button and the last problem, bound to a PhotoImporter."""

    def __init__(self, importer: PhotoImporter, parent=None):
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setMinimumWidth(180)
        self.label = QLabel(self)
        self.label.setObjectName("import_status")
        self.label.setWordWrap(True)
        # Each refused file on its own line with the reason, in the user's language (the child
        # runs with INSPECT_LANG): read where it is, not behind a tooltip.
        self.refused_list = QLabel(self)
        self.refused_list.setObjectName("import_refused")
        self.refused_list.setWordWrap(True)
        self.refused_list.setStyleSheet("color: #c62828;")
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(importer.cancel)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.label, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.refused_list)
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
            self.refused_list.clear()
        self.show()
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("正在导入 %v / %m"))

    @Slot(str, str)
    def _on_importer_file_refused(self, file: str, reason: str) -> None:
        self._refused.append(f"{Path(file).name}: {reason}" if file else reason)
        head = i18n.t(
            f"未导入 {len(self._refused)} 个文件：", f"{len(self._refused)} files not imported:"
        )
        self.refused_list.setText("\n".join([head, *self._refused]))

    @Slot(int, int, bool)
    def _on_importer_import_finished(self, imported: int, refused: int, cancelled: bool) -> None:
        self.cancel_button.setEnabled(False)
        text = self.tr("已导入 {0} 张").format(imported)
        if refused:
            text += i18n.t(
                f"，未导入 {refused} 个（原因见下）", f", {refused} not imported (see below)"
            )
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
