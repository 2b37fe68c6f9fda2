"""The navigator's search box (Ctrl+F): a few characters of a community, building, inspection
or defect; the matches listed under it, Enter or a click opens one in the tree."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..core.i18n import t
from ..store import Store, tree_search

KIND_NAMES = {
    "project": ("小区", "Community"),
    "building": ("楼栋", "Building"),
    "inspection": ("检查", "Inspection"),
    "defect": ("问题", "Defect"),
}


class TreeSearch(QWidget):
    picked = Signal(str, str)  # kind, id

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.box = QLineEdit()
        self.box.setObjectName("treeSearch")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(t("查找小区、楼栋、检查、问题（Ctrl+F）",
                                      "Find a community, building, inspection, defect (Ctrl+F)"))  # fmt: skip
        self.results = QListWidget()
        self.results.setObjectName("treeSearchResults")
        self.results.hide()
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.search)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self.open_first)
        self.results.itemActivated.connect(self._open)
        self.results.itemClicked.connect(self._open)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.box)
        lay.addWidget(self.empty)
        lay.addWidget(self.results, 1)

    def search(self) -> None:
        self.timer.stop()
        text = self.box.text().strip()
        self.results.clear()
        rows = tree_search.matching(self.store, text) if text else []
        for r in rows:
            kind = t(*KIND_NAMES[r.kind])
            item = QListWidgetItem(f"{kind} · {r.title}")
            item.setData(Qt.ItemDataRole.UserRole, (r.kind, r.id))
            item.setToolTip(r.title)
            self.results.addItem(item)
        self.results.setVisible(bool(rows))
        self.empty.setText(t(f"没有找到“{text}”。", f"Nothing matches {text!r}."))
        self.empty.setVisible(bool(text) and not rows)
        if rows:
            self.results.setCurrentRow(0)

    def open_first(self) -> None:
        self.search()
        item = self.results.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        kind, rid = item.data(Qt.ItemDataRole.UserRole)
        self.picked.emit(kind, rid)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.box.clear()
            self.search()
        elif event.key() == Qt.Key.Key_Down and self.box.hasFocus() and self.results.count():
            self.results.setFocus()
        else:
            super().keyPressEvent(event)
