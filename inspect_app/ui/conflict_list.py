"""The conflicts list: edits that lost a merge, each beside the value that was kept, and the two
ways to settle one (keep the current value, or restore the losing one). The list and the
settling are store operations (store/conflicts.py); who sees and settles is core/permissions.py's."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core import permissions
from ..core.i18n import t
from ..errors import InspectError
from ..store import Store
from ..store import conflicts as ops
from .messages import show_error


def _columns() -> list[str]:
    return [
        t("记录", "Record"),
        t("字段", "Field"),
        t("保留的值", "Kept value"),
        t("被覆盖的值", "Losing value"),
        t("状态", "State"),
    ]


def state_text(row: dict) -> str:
    s = row["settled"]
    if s is None:
        return t("待处理", "To settle")
    return t(
        f"已处理：{s['decision_label']}（{s['by_name']}，{s['at']}）",
        f"Settled: {s['decision_label']} ({s['by_name']}, {s['at']})",
    )


class ConflictModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _columns()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r, c = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return r["title"]
            if c == 1:
                return r["field_label"]
            if c in (2, 3):
                side = r["kept" if c == 2 else "lost"]
                return f"{side['text']}  · {side['by_name']} {side['at']}"
            return state_text(r)
        if role == Qt.ItemDataRole.ToolTipRole and c in (0, 2, 3):
            return {0: f"{r['kind']} · {r['project']}", 2: r["kept"]["text"],
                    3: r["lost"]["text"]}[c]  # fmt: skip
        if role == Qt.ItemDataRole.UserRole:
            return r["id"]
        return None


def _side_box(title: str, accent: str) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("conflictSide")
    frame.setStyleSheet(
        f"QFrame#conflictSide {{ background: #ffffff; border: 1px solid #d5dce4;"
        f" border-top: 3px solid {accent}; border-radius: 3px; }}"
    )
    lay = QVBoxLayout(frame)
    head = QLabel(title)
    head.setStyleSheet("font-weight: 600; color: #3b4a5a;")
    value = QLabel()
    value.setWordWrap(True)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    value.setStyleSheet("font-size: 14px;")
    who = QLabel()
    who.setStyleSheet("color: #5c6b7a;")
    lay.addWidget(head)
    lay.addWidget(value, 1)
    lay.addWidget(who)
    return frame, value, who


class ConflictList(QWidget):
    """All conflicts the signed-in user may see; `settled` carries the conflict id settled."""

    settled = Signal(str)
    record_opened = Signal(str, str)  # table, id: a double-click opens the record

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.project_id = ""
        self.title = QLabel(t("同步冲突", "Sync conflicts"))
        self.title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("pageSubtitle")
        self.summary.setWordWrap(True)
        self.open_only = QCheckBox(t("只看待处理", "Only those to settle"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())

        self.model = ConflictModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflictTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(False)
        for col in (2, 3):  # the two values share what is left, side by side
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 190), (1, 100), (4, 230)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self.table.doubleClicked.connect(lambda _i: self._open_current())

        # The chosen conflict: the two values side by side, and the two ways to settle it.
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        kept, self.kept_value, self.kept_who = _side_box(t("保留的修改（同步时胜出）", "The edit that was kept"),
                                                         "#1c64b4")  # fmt: skip
        lost, self.lost_value, self.lost_who = _side_box(
            t("被覆盖的修改", "The edit that lost"), "#e8590c"
        )
        sides = QGridLayout()
        sides.addWidget(kept, 0, 0)
        sides.addWidget(lost, 0, 1)
        sides.setColumnStretch(0, 1)
        sides.setColumnStretch(1, 1)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(t("处理说明（可选，例如：已与现场核实）",
                                       "Reason (optional, e.g. checked on site)"))  # fmt: skip
        self.keep_button = QPushButton(t("保留现值", "Keep current value"))
        self.keep_button.setObjectName("keepButton")
        self.restore_button = QPushButton(t("恢复被覆盖的值", "Restore losing value"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setProperty("primary", True)
        self.keep_button.clicked.connect(lambda: self.settle_current("keep"))
        self.restore_button.clicked.connect(lambda: self.settle_current("restore"))
        self.rule = QLabel()
        self.rule.setObjectName("hint")
        self.rule.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.restore_button)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 6, 0, 0)
        dl.addWidget(self.heading)
        dl.addLayout(sides, 1)
        dl.addWidget(self.state)
        dl.addLayout(buttons)
        dl.addWidget(self.rule)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.open_only)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(split, 1)
        self.refresh()

    # ----- reading ---------------------------------------------------------------------------

    def may_settle(self) -> bool:
        who = ops.viewer(self.store)
        return who.role is not None and who.role in permissions.SETTLE_ROLES

    def refresh(self, keep_id: str = "") -> None:
        keep_id = keep_id or self.current_id()
        rows = ops.list_conflicts(self.store, self.project_id, open_only=self.open_only.isChecked())
        self.model.set_rows(rows)
        waiting = ops.count_open(self.store, self.project_id)
        self.summary.setText(
            t(
                f"{waiting} 项待处理。两台电脑离线修改了同一字段时，同步保留较晚的修改，"
                "较早的修改列在这里，可以恢复。",
                f"{waiting} to settle. When two laptops edit the same field offline, sync keeps "
                "the later edit; the other is listed here and can be restored.",
            )
        )
        if self.may_settle():
            self.rule.setText("")
        else:
            self.rule.setText(
                t(
                    "这里列出涉及您本人修改的冲突；只有监理或管理员可以处理。",
                    "Conflicts on your own edits are listed here; only a supervisor or an "
                    "admin settles them.",
                )
            )
        row = next((i for i, r in enumerate(rows) if r["id"] == keep_id), 0 if rows else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._show_current()

    def current_id(self) -> str:
        r = self.current_row()
        return r["id"] if r else ""

    def current_row(self) -> dict | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _show_current(self) -> None:
        r = self.current_row()
        enabled = r is not None and r["settled"] is None and self.may_settle()
        self.keep_button.setEnabled(enabled)
        self.restore_button.setEnabled(enabled)
        self.note.setEnabled(enabled)
        if r is None:
            self.heading.setText(t("没有冲突。", "No conflicts."))
            for w in (self.kept_value, self.kept_who, self.lost_value, self.lost_who, self.state):
                w.setText("")
            return
        where = f" · {r['project']}" if r["project"] else ""
        self.heading.setText(t(f"{r['kind']}：{r['title']} · {r['field_label']}{where}",
                               f"{r['kind']}: {r['title']} · {r['field_label']}{where}"))  # fmt: skip
        for side, value, who in (
            (r["kept"], self.kept_value, self.kept_who),
            (r["lost"], self.lost_value, self.lost_who),
        ):
            value.setText(side["text"] + (f"\n{side['detail']}" if side.get("detail") else ""))
            who.setText(t(f"{side['by_name']} · {side['at']}（{r['time_zone']}）",
                          f"{side['by_name']} · {side['at']} ({r['time_zone']})"))  # fmt: skip
        s = r["settled"]
        text = t("状态：", "State: ") + state_text(r)
        if s and s["note"]:
            text += t(f"　说明：{s['note']}", f"  Reason: {s['note']}")
        self.state.setText(text)

    def _open_current(self) -> None:
        r = self.current_row()
        if r is not None:
            self.record_opened.emit(r["table"], r["record_id"])

    # ----- settling --------------------------------------------------------------------------

    def settle_current(self, decision: str) -> bool:
        r = self.current_row()
        if r is None:
            return False
        try:
            ops.settle(self.store, r["id"], decision, self.note.text())
        except InspectError as e:
            show_error(self, e)
            return False
        self.note.clear()
        self.refresh(keep_id=r["id"])
        self.settled.emit(r["id"])
        return True
