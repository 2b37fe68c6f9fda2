"""The navigator: communities → buildings → inspections and defects, loaded as they are opened.

The tree holds only ids and display text; a building's children are read when it is expanded,
so a profile with 100,000 defects opens as fast as one with ten.
"""

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..core import defect_status
from ..core.i18n import label
from ..core.model import NAMES, DefectStatus, InspectionStatus, Severity, Stage
from ..store import Store, navigation

SEVERITY_COLORS = {
    Severity.MINOR.value: QColor("#2e7d32"),
    Severity.SERIOUS.value: QColor("#ef6c00"),
    Severity.MAJOR.value: QColor("#c62828"),
}
ROLE_KIND = Qt.ItemDataRole.UserRole + 1
ROLE_ID = Qt.ItemDataRole.UserRole + 2


@dataclass(eq=False)
class Node:
    kind: str  # project | building | inspection | defect
    id: str
    text: str
    parent: "Node | None" = None
    children: "list[Node] | None" = None  # None: not read yet
    detail: dict = field(default_factory=dict)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent and self.parent.children else 0


def _zh(enum_cls, value) -> str:
    try:
        return label(NAMES[enum_cls(value)])
    except (ValueError, KeyError):
        return str(value)


class NavigatorModel(QAbstractItemModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.root = Node("root", "", "")
        self._index: dict[tuple[str, str], Node] = {}
        self.reload()

    # ----- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self._index.clear()
        self.root.children = []
        for r in navigation.communities(self.store):
            text = f"{r.title}  ·  {_zh(Stage, r.status)}"
            self._add(self.root, Node("project", r.id, text, detail={"open": r.open_defects}))
        self.endResetModel()

    def _add(self, parent: Node, node: Node) -> Node:
        node.parent = parent
        if parent.children is None:
            parent.children = []
        parent.children.append(node)
        self._index[(node.kind, node.id)] = node
        return node

    def _load_children(self, node: Node) -> list[Node]:
        """The children of a project or building, read from the store."""
        return [self._node_for(r) for r in navigation.children(self.store, node.kind, node.id)]

    def _node_for(self, r: navigation.Row) -> Node:
        if r.kind == "inspection":
            return self._inspection_node(r.id, r.title, r.status)
        if r.kind == "defect":
            return self._defect_node(r.id, r.title, r.status, r.severity)
        return Node(r.kind, r.id, r.title)

    @staticmethod
    def _inspection_node(iid, title, status) -> Node:
        return Node(
            "inspection",
            iid,
            f"{title or '检查'}  ·  {_zh(InspectionStatus, status)}",
            detail={"status": status},
        )

    @staticmethod
    def _defect_node(did, title, status, severity) -> Node:
        text = f"【{_zh(Severity, severity)}】{title}  ·  {_zh(DefectStatus, status)}"
        return Node("defect", did, text, detail={"status": status, "severity": severity})

    # ----- updates from the app --------------------------------------------------------------

    def record_changed(self, kind: str, record_id: str) -> None:
        """Refresh one row after its record changed, or insert it if it is new and its parent
        is loaded."""
        if kind not in ("inspection", "defect"):
            return
        r = navigation.row(self.store, kind, record_id)
        node = self._index.get((kind, record_id))
        if r is None:
            return
        project_id, building_id = r.project_id, r.building_id
        if kind == "defect":
            self._recount(project_id)
        if node is not None:
            if r.deleted:
                self._remove(node)
                return
            fresh = self._node_for(r)
            node.text, node.detail = fresh.text, fresh.detail
            idx = self.createIndex(node.row(), 0, node)
            self.dataChanged.emit(idx, idx)
            return
        if r.deleted:
            return
        parent = self._index.get(("building", building_id)) or self._index.get(
            ("project", project_id)
        )
        if parent is None or parent.children is None:
            return  # shown when its parent is opened
        new = self._node_for(r)
        position = sum(1 for c in parent.children if c.kind in ("building", "inspection"))
        if kind == "inspection":
            position = sum(1 for c in parent.children if c.kind == "building")
        self.beginInsertRows(self._index_of(parent), position, position)
        new.parent = parent
        parent.children.insert(position, new)
        self._index[(kind, record_id)] = new
        self.endInsertRows()

    def _recount(self, project_id: str) -> None:
        """A defect came, went or moved on: its community's count of open ones follows."""
        node = self._index.get(("project", project_id))
        if node is None:
            return
        node.detail["open"] = navigation.open_defects(self.store, project_id)
        idx = self._index_of(node)
        self.dataChanged.emit(idx, idx)

    def _remove(self, node: Node) -> None:
        parent = node.parent
        if parent is None or parent.children is None:
            return  # the root, or a node not shown
        row = node.row()
        self.beginRemoveRows(self._index_of(parent), row, row)
        parent.children.pop(row)
        self._index.pop((node.kind, node.id), None)
        self.endRemoveRows()

    def _index_of(self, node: Node) -> QModelIndex:
        return QModelIndex() if node is self.root else self.createIndex(node.row(), 0, node)

    def index_of(self, kind: str, record_id: str) -> QModelIndex:
        node = self._index.get((kind, record_id))
        return self._index_of(node) if node else QModelIndex()

    # ----- Qt model interface ----------------------------------------------------------------

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row, column, parent=QModelIndex()):
        node = self._node(parent)
        if column != 0 or node.children is None or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        node = self._node(index).parent
        if node is None or node is self.root:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def rowCount(self, parent=QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node.children is not None else 0

    def columnCount(self, parent=QModelIndex()):
        return 1

    def hasChildren(self, parent=QModelIndex()):
        node = self._node(parent)
        if node.children is None:
            return node.kind in ("project", "building")
        return bool(node.children)

    def canFetchMore(self, parent):
        node = self._node(parent)
        return node.children is None and node.kind in ("project", "building")

    def fetchMore(self, parent):
        node = self._node(parent)
        if node.children is not None:
            return
        kids = self._load_children(node)
        node.children = []
        if not kids:
            return
        self.beginInsertRows(parent, 0, len(kids) - 1)
        for k in kids:
            self._add(node, k)
        self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind == "project" and node.detail.get("open"):
                return f"{node.text}  ·  " + self.tr("%1 项未销项").replace(
                    "%1", str(node.detail["open"])
                )
            return node.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.text
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == "defect":
            if defect_status.is_closed(node.detail.get("status", "")):
                return QBrush(QColor("#9e9e9e"))
            return QBrush(SEVERITY_COLORS.get(node.detail.get("severity", ""), QColor("black")))
        if role == ROLE_KIND:
            return node.kind
        if role == ROLE_ID:
            return node.id
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr("小区 / 楼栋 / 检查与问题")
        return None
