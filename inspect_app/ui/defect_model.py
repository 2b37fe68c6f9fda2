"""The desk's table model: rowids of the filtered list in order, rows read a page at a time.

A 100,000-defect list costs 800 KB of rowids; only the pages the view paints are read (and a
few dozen kept). Filtering and sorting re-run one indexed query (store/defect_query.py).
"""

from collections import OrderedDict
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ..core import defect_status
from ..core.i18n import current, pick
from ..core.model import NAMES, DefectStatus, Severity
from ..store import Store
from ..store import defect_query as dq

PAGE = 100
KEEP_PAGES = 40

# (sort key in defect_query.COLUMNS, header zh, header en)
COLUMNS = (
    ("title", "问题", "Defect"),
    ("project", "小区", "Community"),
    ("building", "楼栋", "Building"),
    ("category", "类别", "Category"),
    ("severity", "等级", "Severity"),
    ("status", "状态", "Status"),
    ("assignee", "责任单位", "Assignee"),
    ("due", "整改期限", "Due"),
    ("reported", "发现时间", "Reported"),
)
SEVERITY_COLORS = {"major": "#c62828", "serious": "#ef6c00", "minor": "#607d8b"}
STATUS_COLORS = {
    "open": "#1565c0",
    "assigned": "#6a1b9a",
    "rectified": "#00838f",
    "verified": "#2e7d32",
    "closed": "#757575",
}
_GONE = {"severity": "minor", "status": "open"}
ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 1
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        ID_ROLE,
        OVERDUE_ROLE,
    }
)


def _today() -> date:
    return defect_status.local_today()


class DefectTableModel(QAbstractTableModel):
    """Lazy list of defects. `set_filter` and `sort` reload the rowids; rows load on demand."""

    list_reloaded = Signal(int)  # the number of defects now listed

    def __init__(
        self,
        store: Store,
        parent=None,
        today: date | None = None,
        flt: dq.DefectFilter | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._today = today
        self._filter = flt or dq.DefectFilter()
        self._sort = dq.Sort()
        self._ids = dq.rowids(store, self._filter, self._sort, today)
        self._pages: OrderedDict[int, dict[int, dict]] = OrderedDict()
        self._names = dq.Names(store)
        self._lang = current()

    # ----- what is listed ----------------------------------------------------------------------

    @property
    def filter(self) -> dq.DefectFilter:
        return self._filter

    def set_filter(self, flt: dq.DefectFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Re-run the query (after a filter, a sort or a change to the data)."""
        self.beginResetModel()
        self._ids = dq.rowids(self._store, self._filter, self._sort, self._today)
        self._pages.clear()
        self._names = dq.Names(self._store)
        self.endResetModel()
        self.list_reloaded.emit(len(self._ids))

    def defect_id(self, row: int) -> str:
        return self._row(row)["id"]

    def record(self, row: int) -> dict:
        return self._names.record(self._row(row), self._today)

    def row_of(self, defect_id: str) -> int:
        """The row showing a defect, or -1 when it is not in the list."""
        rowid = dq.rowid_of(self._store, defect_id)
        try:
            return self._ids.index(rowid) if rowid is not None else -1
        except ValueError:
            return -1

    # ----- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            _key, zh, en = COLUMNS[section]
            return pick(zh, en, self._lang)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Qt asks for a dozen roles per cell on every paint: answer the unused ones first.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self._row(index.row())
        key = COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return row["id"]
        overdue = defect_status.is_overdue(row["status"], row["due_date"], self._today or _today())
        if role == OVERDUE_ROLE:
            return overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "severity":
                return QBrush(QColor(SEVERITY_COLORS.get(row["severity"], "#000")))
            if key == "status":
                return QBrush(QColor(STATUS_COLORS.get(row["status"], "#000")))
            if key == "due" and overdue:
                return QBrush(QColor("#c62828"))
            return None
        text = self._text(row, key, overdue)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if key in ("title", "project") else None
        return text

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        wanted = dq.Sort(COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
        if wanted != self._sort:  # the view asks again when sorting is switched on
            self._sort = wanted
            self.reload()

    # ----- paging --------------------------------------------------------------------------------

    def _row(self, row: int) -> dict:
        number = row // PAGE
        rows = self._pages.get(number)
        if rows is None:
            ids = self._ids[number * PAGE : (number + 1) * PAGE]
            rows = dq.page(self._store, ids)
            self._pages[number] = rows
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        # Deleted since the list was read (e.g. by a sync): an empty row until the next reload.
        return rows.get(self._ids[row]) or dict.fromkeys(dq.PAGE_COLUMNS, "") | _GONE

    def _text(self, row: dict, key: str, overdue: bool) -> str:
        lang = self._lang
        if key == "title":
            return row["title"]
        if key == "project":
            return self._names.projects.get(row["project_id"], "")
        if key == "building":
            return self._names.buildings.get(row["building_id"], "")
        if key == "category":
            return row["category"] or ""
        if key == "severity":
            return NAMES[Severity(row["severity"])][lang]
        if key == "status":
            return NAMES[DefectStatus(row["status"])][lang]
        if key == "assignee":
            return self._names.orgs.get(row["assignee_org_id"], "")
        if key == "due":
            if not row["due_date"]:
                return ""
            return row["due_date"] + (pick("  逾期", "  overdue", lang) if overdue else "")
        if key == "reported":
            return (row["reported_at"] or "")[:16].replace("T", " ")
        return ""
