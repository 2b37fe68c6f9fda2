"""Rectification notices (整改通知单): the office sees all, a contractor only those addressed to
it, and replies to one (整改回复单) for all its waiting defects at once."""

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import current, pick, t
from ..core.model import NAMES, Defect, DefectStatus, Notice, Organization, Project, Role
from ..errors import InspectError
from ..reports.build import build_report
from ..reports.data import Filters
from ..store import Store
from ..store import defects as ops

HEADERS = (
    ("编号", "Number"),
    ("小区", "Community"),
    ("责任单位", "Addressee"),
    ("问题数", "Defects"),
    ("整改期限", "Due"),
    ("状态", "Status"),
)
STATUS_NAMES = {"issued": ("待回复", "Awaiting reply"), "replied": ("已回复", "Replied")}


class NoticeModel(QAbstractTableModel):
    def __init__(self, store: Store, org_id: str = "", parent=None):
        super().__init__(parent)
        self._store = store
        self._org_id = org_id
        self._rows: list[Notice] = []
        self._names: dict[str, str] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = ops.notices_for(self._store, self._org_id)
        self._names = {p.id: p.name for p in self._store.find(Project)} | {
            o.id: o.short_name or o.name for o in self._store.find(Organization)
        }
        self.endResetModel()

    def notice(self, row: int) -> Notice:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return pick(*HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        n = self._rows[index.row()]
        return (
            n.number,
            self._names.get(n.project_id, ""),
            self._names.get(n.addressee_org_id, ""),
            str(len(n.defect_ids)),
            n.due_date,
            pick(*STATUS_NAMES.get(n.status, (n.status, n.status))),
        )[index.column()]


class NoticeList(QWidget):
    defects_changed = Signal(list)
    notice_printed = Signal(str)  # the PDF written

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._who = ops.actor(store)
        contractor = self._who.role == Role.CONTRACTOR
        self.model = NoticeModel(store, self._who.org_id if contractor else "", self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.defects = QListWidget()
        self.reply_text = QPlainTextEdit()
        self.reply_text.setPlaceholderText(tr_("整改情况说明…", "What was done…"))
        self.reply_text.setFixedHeight(70)
        self.print_button = QPushButton(tr_("打印整改通知单…", "Print the notice…"))
        self.print_button.clicked.connect(self._on_print_clicked)
        self.reply_button = QPushButton(tr_("提交整改回复单", "Send the reply"))
        self.reply_button.clicked.connect(self.reply)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        right = QWidget()
        rl = QVBoxLayout(right)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.print_button)
        rl.addLayout(top)
        rl.addWidget(self.summary)
        rl.addWidget(QLabel(tr_("通知单上的问题", "Defects on the notice")))
        rl.addWidget(self.defects, 1)
        self.reply_box = QWidget()
        bl = QVBoxLayout(self.reply_box)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.reply_text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reply_button)
        bl.addLayout(row)
        rl.addWidget(self.reply_box)
        rl.addWidget(self.message)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        # Only the addressee replies: the office reads notices here but never sees the form.
        self._can_reply = contractor
        self._on_selection_changed()

    def reload(self) -> None:
        self.model.reload()
        self._on_selection_changed()

    def current(self) -> Notice | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.notice(rows[0].row()) if rows else None

    def _on_selection_changed(self, *_args) -> None:
        n = self.current()
        self.defects.clear()
        self.message.clear()
        self.reply_box.setVisible(self._can_reply and n is not None and n.status == "issued")
        self.print_button.setEnabled(n is not None)
        if n is None:
            self.heading.setText(tr_("选择一份整改通知单", "Select a notice"))
            self.summary.clear()
            return
        lang = current()
        names = self.model._names
        self.heading.setText(tr_(f"整改通知单 {n.number}", f"Rectification notice {n.number}"))
        lines = [
            tr_(
                f"致：{names.get(n.addressee_org_id, '')}",
                f"To: {names.get(n.addressee_org_id, '')}",
            ),
            tr_(f"签发：{n.issued_at[:16].replace('T', ' ')}", f"Issued: {n.issued_at[:16]}"),
            tr_(f"整改期限：{n.due_date}", f"Due: {n.due_date}"),
        ]
        if n.note:
            lines.append(n.note)
        if n.reply_text:
            lines.append(tr_(f"回复：{n.reply_text}", f"Reply: {n.reply_text}"))
        self.summary.setText("\n".join(lines))
        for defect_id in n.defect_ids:
            try:
                d = self._store.get(Defect, defect_id)
            except InspectError:
                continue
            self.defects.addItem(f"[{NAMES[DefectStatus(d.status)][lang]}] {d.title}")

    def print_notice(self, path: Path) -> Path | None:
        """The chosen notice printed as its form: 监理通知单 or 工程暂停令 (PDF)."""
        n = self.current()
        if n is None:
            return None
        try:
            build_report(
                self._store,
                "stop-order" if n.form == "stop" else "rectification-notice",
                Path(path),
                project_id=n.project_id,
                filters=Filters(notice=n.id),
            )
        except InspectError as e:
            self.message.setText(str(e))
            return None
        self.notice_printed.emit(str(path))
        return Path(path)

    def _on_print_clicked(self) -> None:
        n = self.current()
        if n is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr_("打印整改通知单", "Print the notice"), f"{n.number}.pdf", "PDF (*.pdf)"
        )
        if path:
            self.print_notice(Path(path))

    def reply(self) -> bool:
        n = self.current()
        if n is None:
            return False
        try:
            done = ops.reply_notice(self._store, n.id, self.reply_text.toPlainText())
        except InspectError as e:
            self.message.setText(str(e))
            return False
        self.reply_text.clear()
        self.reload()
        self.defects_changed.emit([d.id for d in done])
        return True


tr_ = t  # the one zh/en picker (core.i18n)
