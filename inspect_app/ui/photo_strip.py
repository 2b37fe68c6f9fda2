"""A strip of photo thumbnails for one inspection item or one defect.

    strip = PhotoStrip(store, target_type="defect", target_id=defect.id)
    strip = PhotoStrip(store, "inspection", inspection.id, item_id="gas_leak")

Photos come in by the add button (a file dialog), by dropping files or folders on the strip, or
from a watched folder (`watch_folder`); each is linked to the target as soon as it is stored and
its thumbnail appears then. Double-click or the context menu opens the viewer (photo_window).
"""

import contextlib
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QListView, QPushButton, QVBoxLayout, QWidget

from ..core.model import Defect, Inspection, Photo, PhotoLink
from ..errors import InspectError
from ..photos.library import PhotoFiles
from ..store import Store
from ..store.inspections import check_photos_editable
from .messages import show_error
from .photo_import import DialogService, FolderWatcher, ImportProgress, PhotoImporter
from .photo_window import open_photos, photo_menu

THUMB = 120


class PhotoListModel(QAbstractListModel):
    """Photos linked to a target. Records are read when a photo is added, so painting never
    queries the database; thumbnails are loaded on first display."""

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.files = PhotoFiles(store)
        self.ids: list[str] = []
        self._photos: dict[str, Photo] = {}
        self._pixmaps: dict[str, QPixmap] = {}

    def set_ids(self, ids: list[str]) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self._photos = self._read(self.ids)
        self.endResetModel()

    def append(self, photo_id: str) -> None:
        if photo_id in self.ids:
            return
        self._photos.update(self._read([photo_id]))
        self.beginInsertRows(QModelIndex(), len(self.ids), len(self.ids))
        self.ids.append(photo_id)
        self.endInsertRows()

    def _read(self, ids: list[str]) -> dict[str, Photo]:
        out = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            out.update({p.id: p for p in self.store.find_by(Photo, id=part, include_deleted=True)})
        return out

    def remove(self, photo_id: str) -> None:
        if photo_id in self.ids:
            row = self.ids.index(photo_id)
            self.beginRemoveRows(QModelIndex(), row, row)
            self.ids.pop(row)
            self._pixmaps.pop(photo_id, None)
            self.endRemoveRows()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        pid = self.ids[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(pid)
        if role == Qt.ItemDataRole.ToolTipRole and (p := self._photos.get(pid)):
            return f"{p.original_name}\n{p.width}×{p.height}\n{p.taken_at}"
        if role == Qt.ItemDataRole.UserRole:
            return pid
        return None

    def _pixmap(self, pid: str) -> QPixmap:
        if pid not in self._pixmaps:
            pm = QPixmap()
            # A missing original shows as an empty tile, never an error box.
            with contextlib.suppress(KeyError, InspectError, OSError):
                pm.load(str(self.files.thumbnail_path(self._photos[pid])))
            if not pm.isNull():
                pm = pm.scaled(
                    THUMB,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self._pixmaps[pid] = pm
        return self._pixmaps[pid]


class PhotoStrip(QWidget):
    photos_imported = Signal(list)  # photo ids, once an import has finished
    photo_added = Signal(str)  # a photo id, as soon as it is stored and linked
    photo_removed = Signal(str)  # unlinked from the target (the photo itself stays)
    photo_activated = Signal(str)

    def __init__(
        self,
        store: Store,
        target_type: str,
        target_id: str,
        item_id: str = "",
        project_id: str = "",
        dialogs: DialogService | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.store = store
        self.target_type, self.target_id, self.item_id = target_type, target_id, item_id
        self.dialogs = dialogs or DialogService()
        self.project_id = project_id or self._project_of_target()
        self.setAcceptDrops(True)

        self.model = PhotoListModel(store, self)
        self.view = QListView(self)
        self.view.setObjectName("photo_strip_view")
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(False)
        self.view.setIconSize(QSize(THUMB, THUMB))
        self.view.setGridSize(QSize(THUMB + 10, THUMB + 10))
        self.view.setFixedHeight(THUMB + 32)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)

        self.importer = PhotoImporter(
            store,
            self.project_id,
            link={"target_type": target_type, "target_id": target_id, "item_id": item_id},
            parent=self,
        )
        self.importer.photo_imported.connect(self._on_importer_photo_imported)
        self.importer.import_finished.connect(self._on_importer_import_finished)
        self.progress = ImportProgress(self.importer, self)

        self.add_button = QPushButton(self.tr("添加照片…"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QPushButton(self.tr("移除"), self)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        lay.addLayout(buttons)
        lay.addWidget(self.progress)
        self._watcher: FolderWatcher | None = None
        self.reload()

    def _project_of_target(self) -> str:
        cls = {"defect": Defect, "inspection": Inspection}.get(self.target_type)
        if cls is None:
            return ""
        try:
            return self.store.get(cls, self.target_id).project_id
        except InspectError:
            return ""

    def links(self) -> list[PhotoLink]:
        return self.store.find_by(
            PhotoLink, target_type=self.target_type, target_id=self.target_id, item_id=self.item_id
        )

    def reload(self) -> None:
        seen: list[str] = []
        for ln in self.links():
            if ln.photo_id not in seen:
                seen.append(ln.photo_id)
        self.model.set_ids(seen)

    def import_files(self, paths: Sequence[str | Path]) -> bool:
        """Import files and folders and link them here; False if an import is already running
        or this record takes no photos now (a submitted checklist: said in words)."""
        try:
            check_photos_editable(self.store, self.target_type, self.target_id)
        except InspectError as e:
            show_error(self, e)
            return False
        return self.importer.start(paths)

    def watch_folder(self, folder: str | Path) -> FolderWatcher:
        """Import every new photo that appears in `folder` from now on."""
        self._watcher = FolderWatcher(folder, parent=self)
        self._watcher.files_found.connect(self._on_watcher_files_found)
        return self._watcher

    def selected_ids(self) -> list[str]:
        return [
            i.data(Qt.ItemDataRole.UserRole) for i in self.view.selectionModel().selectedIndexes()
        ]

    # ----- Qt overrides --------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def closeEvent(self, event) -> None:
        self.importer.wait()
        super().closeEvent(event)

    # ----- slots ---------------------------------------------------------------------------

    @Slot()
    def _on_add_button_clicked(self) -> None:
        files = self.dialogs.open_photo_files(self)
        if files:
            self.import_files(files)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        chosen = set(self.selected_ids())
        try:
            check_photos_editable(self.store, self.target_type, self.target_id)
        except InspectError as e:
            show_error(self, e)
            return
        with self.store.transaction():
            for ln in self.links():
                if ln.photo_id in chosen:
                    self.store.delete(PhotoLink, ln.id)
        for pid in chosen:
            self.model.remove(pid)
            self.photo_removed.emit(pid)

    def open_photo(self, row: int, markup: bool = False) -> None:
        """The viewer on this strip's photo `row`, next and previous along the strip."""
        open_photos(self, self.store, self.model.ids, row, markup=markup)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self.photo_activated.emit(index.data(Qt.ItemDataRole.UserRole))
        self.open_photo(index.row())

    @Slot(QPoint)
    def _on_view_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            photo_menu(self, self.store, self.model.ids, index.row(), self.view.mapToGlobal(pos))

    @Slot(str, str)
    def _on_importer_photo_imported(self, photo_id: str, _thumb: str) -> None:
        self.model.append(photo_id)
        self.photo_added.emit(photo_id)

    @Slot(int, int, bool)
    def _on_importer_import_finished(self, *_args) -> None:
        # A cancelled child may have stored a photo it had no time to report: show what is linked.
        if len(self.model.ids) != len(self.links()):
            self.reload()
        self.photos_imported.emit(list(self.importer.imported_ids))

    @Slot(list)
    def _on_watcher_files_found(self, files: list) -> None:
        if not self.import_files(files):  # busy: try again once this import is done
            self.importer.import_finished.connect(
                lambda *_: self.import_files(files), Qt.ConnectionType.SingleShotConnection
            )
