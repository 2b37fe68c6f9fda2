"""A photo viewer with zoom: the display copy with its markup drawn, as a report prints it.

    viewer = PhotoViewer(store)
    viewer.show_photo(photo_id)

Wheel or +/- zoom around the cursor, 0 fits the window, 1 shows actual pixels; dragging pans.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsView

from ..core.model import Photo
from ..photos.library import PhotoFiles
from ..store import Store

MIN_ZOOM, MAX_ZOOM, STEP = 0.05, 8.0, 1.25


class PhotoViewer(QGraphicsView):
    photo_shown = Signal(str)
    zoom_changed = Signal(float)  # 1.0 = actual pixels of the display copy

    def __init__(self, store: Store, photo_id: str = "", parent=None):
        super().__init__(parent)
        self.store = store
        self.files = PhotoFiles(store)
        self.photo_id = ""
        self.setScene(QGraphicsScene(self))
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self._fitted = True
        if photo_id:
            self.show_photo(photo_id)

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def show_photo(self, photo_id: str) -> None:
        photo = self.store.get(Photo, photo_id, include_deleted=True)
        path = self.files.print_path(photo, max_side=self.files.settings.display_max_side)
        pm = QPixmap(str(path))
        self._item.setPixmap(pm)
        self.scene().setSceneRect(self._item.boundingRect())
        self.photo_id = photo_id
        self.fit()
        self.photo_shown.emit(photo_id)

    def set_zoom(self, factor: float) -> None:
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        self.setTransform(self.transform().fromScale(factor, factor))
        self._fitted = False
        self.zoom_changed.emit(factor)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / STEP)

    def fit(self) -> None:
        if self._item.pixmap().isNull():
            return
        self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = True
        self.zoom_changed.emit(self.zoom)

    # ----- Qt overrides --------------------------------------------------------------------

    def wheelEvent(self, event) -> None:
        if event.angleDelta().y() > 0:
            self.zoom_in()
        elif event.angleDelta().y() < 0:
            self.zoom_out()
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_1:
            self.set_zoom(1.0)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
