"""Looking at photos: a window with the viewer (zoom, pan, next and previous) and, from it, the
markup editor. Every thumbnail in the app opens it the same way: double-click, or its context
menu (`photo_menu`).

    open_photos(parent, store, photo_ids, index)

The markup is saved on the photo (Photo.annotations, as vectors) by the editor; the viewer then
shows it drawn, as the reports print it.
"""

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import t
from ..core.model import Photo
from ..errors import InspectError
from ..store import Store
from .markup_editor import MarkupEditor
from .photo_import import DialogService
from .photo_viewer import PhotoViewer


def fit_to_screen(w: QWidget, width: int, height: int) -> None:
    """Open at most 90% of the available screen: a 1366×768 laptop shows it whole."""
    screen = w.screen() if w.screen() is not None else None
    if screen is not None:
        avail = screen.availableGeometry()
        width = min(width, int(avail.width() * 0.9))
        height = min(height, int(avail.height() * 0.9))
    w.resize(width, height)


class MarkupDialog(QDialog):
    """The markup editor in its own window; closing with unsaved markup asks nothing and keeps
    nothing (the save button is the one way markup is kept)."""

    def __init__(
        self,
        store: Store,
        photo_id: str,
        dialogs: DialogService | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(t("标注照片", "Mark up photo"))
        self.editor = MarkupEditor(store, photo_id, dialogs, self)
        hint = QLabel(
            t(
                "在照片上拖动画出箭头、圆圈、矩形或手绘线；标注另存，原图不变。",
                "Drag on the photo to draw arrows, circles, boxes or lines; the markup is kept "
                "apart and the original is never changed.",
            )
        )
        hint.setWordWrap(True)
        close = QPushButton(t("关闭", "Close"), self)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.editor, 1)
        lay.addLayout(row)
        fit_to_screen(self, 1100, 760)


class PhotoWindow(QDialog):
    """One photo of a list at a time: ←/→ or the buttons move along it."""

    markup_saved = Signal(str)  # photo id

    def __init__(
        self,
        store: Store,
        photo_ids: Sequence[str],
        index: int = 0,
        dialogs: DialogService | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.ids = list(photo_ids)
        self.index = max(0, min(index, len(self.ids) - 1))
        self.dialogs = dialogs
        self.markup_dialog: MarkupDialog | None = None
        self.viewer = PhotoViewer(store, parent=self)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for name, text, slot in (
            ("previous", t("上一张", "Previous"), self.previous),
            ("next", t("下一张", "Next"), self.next),
            ("zoom_out", t("缩小", "Zoom out"), self.viewer.zoom_out),
            ("zoom_in", t("放大", "Zoom in"), self.viewer.zoom_in),
            ("fit", t("适合窗口", "Fit"), self.viewer.fit),
            ("actual", t("原始大小", "Actual size"), lambda: self.viewer.set_zoom(1.0)),
            ("markup", t("标注…", "Mark up…"), self.open_markup),
        ):
            b = QPushButton(text, self)
            b.setObjectName(f"photo_{name}")
            b.clicked.connect(slot)
            self.buttons[name] = b
            bar.addWidget(b)
        bar.addStretch(1)
        close = QPushButton(t("关闭", "Close"), self)
        close.clicked.connect(self.reject)
        bar.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.viewer, 1)
        lay.addWidget(self.caption)
        for key, slot in (
            (Qt.Key.Key_Left, self.previous),
            (Qt.Key.Key_Right, self.next),
            (Qt.Key.Key_PageUp, self.previous),
            (Qt.Key.Key_PageDown, self.next),
        ):
            QShortcut(QKeySequence(key), self, slot)
        QShortcut(QKeySequence("Ctrl+M"), self, self.open_markup)
        fit_to_screen(self, 1100, 760)
        self.show_index(self.index)

    @property
    def photo_id(self) -> str:
        return self.ids[self.index] if self.ids else ""

    def show_index(self, index: int) -> None:
        if not self.ids:
            return
        self.index = index % len(self.ids)
        pid = self.ids[self.index]
        try:
            self.viewer.show_photo(pid)
            photo = self.store.get(Photo, pid, include_deleted=True)
            name = photo.caption or photo.original_name
            marks = len(photo.annotations)
            extra = t(f" · {marks} 处标注", f" · {marks} marks") if marks else ""
            self.caption.setText(f"{self.index + 1} / {len(self.ids)} · {name}{extra}")
        except (InspectError, OSError) as e:
            # The original is not on this laptop (not synced yet): say so instead of an empty box.
            self.caption.setText(t(f"无法显示这张照片：{e}", f"this photo cannot be shown: {e}"))
        self.setWindowTitle(t("照片", "Photo") + f" {self.index + 1}/{len(self.ids)}")
        several = len(self.ids) > 1
        self.buttons["previous"].setEnabled(several)
        self.buttons["next"].setEnabled(several)

    @Slot()
    def next(self) -> None:
        self.show_index(self.index + 1)

    @Slot()
    def previous(self) -> None:
        self.show_index(self.index - 1)

    @Slot()
    def open_markup(self) -> MarkupDialog | None:
        if not self.ids:
            return None
        try:
            dlg = MarkupDialog(self.store, self.photo_id, self.dialogs, self)
        except (InspectError, OSError) as e:
            self.caption.setText(
                t(f"无法标注这张照片：{e}", f"this photo cannot be marked up: {e}")
            )
            return None
        dlg.editor.annotations_saved.connect(self._on_markup_saved)
        self.markup_dialog = dlg
        dlg.open()
        return dlg

    @Slot(str)
    def _on_markup_saved(self, photo_id: str) -> None:
        self.show_index(self.index)  # drawn now, as printed
        self.markup_saved.emit(photo_id)


def open_photos(
    parent: QWidget,
    store: Store,
    photo_ids: Sequence[str],
    index: int = 0,
    markup: bool = False,
) -> PhotoWindow | None:
    """Open the viewer on `photo_ids[index]` (and its markup editor when asked); window-modal,
    so the rest of the app keeps painting. Kept on the parent so tests and callers can reach it."""
    if not photo_ids:
        return None
    win = PhotoWindow(store, photo_ids, index, parent=parent)
    win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    setattr(parent, "photo_window", win)  # noqa: B010 - the handle tests and callers use
    win.open()
    if markup:
        win.open_markup()
    return win


def photo_menu(
    parent: QWidget, store: Store, photo_ids: Sequence[str], index: int, at: QPoint | None
) -> QMenu:
    """The context menu of a thumbnail: look at it, or mark it up (shown at `at`, if given)."""
    menu = QMenu(parent)
    menu.addAction(
        t("查看照片", "View photo"), lambda: open_photos(parent, store, photo_ids, index)
    )
    menu.addAction(
        t("标注照片…", "Mark up photo…"),
        lambda: open_photos(parent, store, photo_ids, index, markup=True),
    )
    if at is not None:
        menu.popup(at)
    return menu
