"""Reviewing auto-attach suggestions: the photos taken while an inspection's items were checked,
each with the item it matches and why, ticked when the match is good; nothing is linked until
the user accepts.

    review = AttachReview(store, inspection_id)
    review.photos_attached.connect(...)
"""

import contextlib

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.model import Photo
from ..errors import InspectError
from ..photos.attach import Suggestion, attach, suggest
from ..photos.library import PhotoFiles
from ..store import Store

GOOD_SCORE = 0.5  # ticked by default at or above this


class AttachReview(QWidget):
    photos_attached = Signal(list)  # PhotoLink ids

    def __init__(
        self, store: Store, inspection_id: str, item_names: dict | None = None, parent=None
    ):
        super().__init__(parent)
        self.store, self.inspection_id = store, inspection_id
        self.item_names = item_names or {}
        self.files = PhotoFiles(store)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(
            [self.tr("照片"), self.tr("检查项"), self.tr("依据"), self.tr("匹配度")]
        )
        self.tree.setIconSize(QSize(64, 64))
        self.tree.setRootIsDecorated(False)
        self.summary = QLabel(self)
        self.attach_button = QPushButton(self.tr("关联所选照片"), self)
        self.attach_button.clicked.connect(self._on_attach_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.attach_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tree, 1)
        lay.addLayout(row)
        self.suggestions: list[Suggestion] = []
        self.reload()

    def reload(self) -> None:
        self.suggestions = suggest(self.store, self.inspection_id)
        self.tree.clear()
        for s in self.suggestions:
            photo = self.store.get(Photo, s.photo_id)
            item = QTreeWidgetItem(
                [
                    f"{photo.original_name}\n{photo.taken_at.replace('T', ' ')[:16]}",
                    self.item_names.get(s.item_id, s.item_id) or self.tr("（整个检查）"),
                    s.reason,
                    f"{s.score:.0%}",
                ]
            )
            with contextlib.suppress(InspectError, OSError):  # no original here: no thumbnail
                item.setIcon(0, QIcon(QPixmap(str(self.files.thumbnail_path(photo)))))
            item.setCheckState(
                0, Qt.CheckState.Checked if s.score >= GOOD_SCORE else Qt.CheckState.Unchecked
            )
            self.tree.addTopLevelItem(item)
        for col in range(4):
            self.tree.resizeColumnToContents(col)
        self.summary.setText(self.tr("找到 {0} 张可能相关的照片").format(len(self.suggestions)))
        self.attach_button.setEnabled(bool(self.suggestions))

    def accepted(self) -> list[Suggestion]:
        return [
            s
            for i, s in enumerate(self.suggestions)
            if (item := self.tree.topLevelItem(i)) is not None
            and item.checkState(0) == Qt.CheckState.Checked
        ]

    @Slot()
    def _on_attach_button_clicked(self) -> None:
        links = attach(self.store, self.inspection_id, self.accepted())
        self.reload()
        self.photos_attached.emit([ln.id for ln in links])
