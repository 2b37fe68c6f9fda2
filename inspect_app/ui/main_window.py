"""The main window: the communities of this profile."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QTableView

from ..core.model import NAMES, Defect, DefectStatus, Project
from ..store import Store


class ProjectsModel(QAbstractTableModel):
    """Communities with their stage and open defect count."""

    COLUMNS = ("name", "district", "stage", "households", "open_defects")

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._rows: list[tuple[Project, int]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        open_counts = dict(
            self._store.db.execute(
                "SELECT project_id, count(*) FROM defects WHERE deleted = 0 AND status != ?"
                " GROUP BY project_id",
                [DefectStatus.CLOSED.value],
            ).fetchall()
        )
        self._rows = [
            (p, open_counts.get(p.id, 0)) for p in self._store.find(Project, order_by="name")
        ]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("小区"),
                self.tr("街道"),
                self.tr("阶段"),
                self.tr("户数"),
                self.tr("未销项问题"),
            )[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        project, open_defects = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "stage":
            return NAMES[project.stage]["zh"]
        if column == "open_defects":
            return open_defects
        return getattr(project, column)

    def project_at(self, row: int) -> Project:
        return self._rows[row][0]


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.setWindowTitle(self.tr("老旧小区改造质量安全检查") + " — inspect-app")
        self.resize(1100, 700)
        self.projects = ProjectsModel(store, self)
        self.table = QTableView(self)
        self.table.setModel(self.projects)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.setCentralWidget(self.table)
        total = store.count(Defect)
        self.statusBar().showMessage(
            self.tr("离线")
            + f" · {store.pending_changes()} "
            + self.tr("项更改待同步")
            + f" · {total} "
            + self.tr("条问题记录")
        )
