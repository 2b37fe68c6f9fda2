"""A small window holding one photo strip: the photos of a checklist item, or of a community."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from ..store import Store
from .photo_strip import PhotoStrip


class PhotoDialog(QDialog):
    def __init__(self, store: Store, target_type: str, target_id: str, item_id: str = "",
                 project_id: str = "", title: str = "", parent=None):  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("照片"))
        self.resize(760, 300)
        self.strip = PhotoStrip(store, target_type, target_id, item_id, project_id, parent=self)
        hint = QLabel(self.tr("可把照片文件拖到这里。照片原件不会被修改。"))
        hint.setObjectName("hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.strip)
        lay.addWidget(hint)
        lay.addWidget(buttons)
