"""What has not reached the central store yet, and what it refused and why.

`OutboxView(store)` is a self-contained widget: a one-line summary over a table of the outbox
(oldest first). Call `refresh()` after a sync (connect it to `SyncWorker.sync_finished`).
"""

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..core.i18n import t
from ..store import Store, outbox

KINDS = {
    "organizations": "单位",
    "users": "用户",
    "projects": "项目",
    "project_members": "项目成员",
    "buildings": "楼栋",
    "templates": "检查表",
    "inspections": "检查记录",
    "defects": "问题",
    "defect_events": "整改记录",
    "photos": "照片",
    "photo_links": "照片关联",
    "signatures": "签名",
}


class OutboxModel(QAbstractTableModel):
    COLUMNS = ("when", "kind", "record", "fields", "state")

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._rows: list[outbox.OutboxEntry] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = outbox.unsent(self._store)
        self.endResetModel()

    @property
    def waiting(self) -> int:
        return sum(1 for r in self._rows if not r.refused)

    @property
    def refused(self) -> int:
        return sum(1 for r in self._rows if r.refused)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("修改时间"),
                self.tr("类型"),
                self.tr("记录"),
                self.tr("修改内容"),
                self.tr("状态"),
            )[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and row.refused:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.ToolTipRole and row.refused:
            return row.refused
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "when":
            ms = int(row.hlc.split(".", 1)[0])
            return datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")
        if column == "kind":
            return KINDS.get(row.table, row.table)
        if column == "record":
            return row.label
        if column == "fields":
            if row.op == "delete":
                return self.tr("删除")
            return self.tr("新建/修改 %n 项", "", len(row.fields))
        if row.refused:
            return self.tr("被拒：") + row.refused
        if row.resent:
            return t(
                "服务器从备份恢复后重新发送，待服务器接收",
                "sent again after the server was restored; waiting for the server",
            )
        return self.tr("待发送")


class OutboxView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = OutboxModel(store, self)
        self.summary = QLabel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.refresh()

    @Slot()
    def refresh(self, *_args) -> None:
        self.model.reload()
        waiting, refused = self.model.waiting, self.model.refused
        if not waiting and not refused:
            text = self.tr("所有修改都已送达服务器。")
        else:
            parts = []
            if waiting:
                parts.append(self.tr("%n 项修改尚未送达服务器", "", waiting))
            if refused:
                parts.append(self.tr("%n 项修改被服务器拒绝（见原因）", "", refused))
            text = "；".join(parts)
        self.summary.setText(text)
