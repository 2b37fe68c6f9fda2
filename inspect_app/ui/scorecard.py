"""The contractor scorecard (施工单位信用评价): per organization over a period, exportable."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.defect_status import local_today
from ..core.i18n import pick
from ..reports.scorecard_xlsx import HEADERS, write_scorecard
from ..store import Store, navigation
from ..store.defect_stats import ScoreLine, scorecard
from .defect_detail import tr
from .tasks import TaskRunner


class ScorecardModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._lines: list[ScoreLine] = []

    def set_lines(self, lines: list[ScoreLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def lines(self) -> list[ScoreLine]:
        return list(self._lines)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return pick(*HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        values = (
            line.name,
            line.assigned,
            line.closed,
            line.closed_on_time,
            f"{line.on_time_rate:.1%}",
            line.rejected_replies,
            line.major_hazards,
            line.overdue_now,
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _count(root: Path, start: date, end: date, today: date) -> list[ScoreLine]:
    """The scorecard on its own connection to the profile, off the GUI thread (it reads the
    whole events table: about a second on 100,000 defects)."""
    with Store.open(root) as store:
        return scorecard(store, start, end, today)


class Scorecard(QWidget):
    scorecard_exported = Signal(str)  # the path written
    scorecard_loaded = Signal(int)  # number of organizations listed

    def __init__(self, store: Store, parent=None, today: date | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today or local_today()
        self.start, self.end = QDateEdit(), QDateEdit()
        for d in (self.start, self.end):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        t = self._today
        self.end.setDate(QDate(t.year, t.month, t.day))
        self.start.setDate(QDate(t.year, t.month, t.day).addMonths(-3))
        self.start.dateChanged.connect(self.reload)
        self.end.dateChanged.connect(self.reload)
        self.export_button = QPushButton(tr("导出 Excel…", "Export to Excel…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.model = ScorecardModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(
            tr(
                "按期整改：在整改期限内提交回复并经复查通过。复查不通过：期间被退回的整改回复次数。",
                "On time: replied by the deadline and then verified. Rejected: replies sent back "
                "in the period.",
            )
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #607d8b;")
        self.busy = QLabel()
        self.busy.setStyleSheet("color: #1565c0;")
        self.tasks = TaskRunner(self, max_threads=1)
        self._generation = 0
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("统计期间", "Period")))
        bar.addWidget(self.start)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.end)
        bar.addWidget(self.busy)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note)
        self.reload()

    def period(self) -> tuple[date, date]:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)  # QDate.toPython gives a date
        return start, end

    def reload(self) -> None:
        """Recount for the chosen period, in the background when the profile is a folder."""
        start, end = self.period()
        self._generation += 1
        if self._store.root is None:  # an in-memory store has no second connection
            self._on_job_finished(self._generation, scorecard(self._store, start, end, self._today))
            return
        self.busy.setText(tr("统计中…", "Counting…"))
        self.export_button.setEnabled(False)
        generation, root, today = self._generation, self._store.root, self._today
        self.tasks.run(
            lambda _ctx: _count(root, start, end, today),
            label="scorecard",
            on_done=lambda lines: self._on_job_finished(generation, lines),
            on_error=lambda e: self._on_job_finished(generation, str(e)),
        )

    def _on_job_finished(self, generation: int, result) -> None:
        if generation != self._generation:
            return  # the period changed meanwhile: a newer count is on its way
        self.busy.setText("" if isinstance(result, list) else str(result))
        if isinstance(result, list):
            scope = navigation.contractor_scope(self._store)
            if scope is not None:  # a contractor sees its own line, never its competitors'
                result = [line for line in result if line.org_id == scope]
            self.model.set_lines(result)
            self.export_button.setEnabled(True)
            self.scorecard_loaded.emit(len(result))

    def wait(self) -> None:
        """Block until counting is done (closing, tests)."""
        self.tasks.wait()

    def export(self, path: Path) -> Path:
        start, end = self.period()
        out = write_scorecard(self.model.lines(), start, end, Path(path))
        self.scorecard_exported.emit(str(out))
        return out

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("导出施工单位评价", "Export scorecard"), "scorecard.xlsx", "Excel (*.xlsx)"
        )
        if path:
            self.export(Path(path))
