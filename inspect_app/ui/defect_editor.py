"""Editing one defect: what, how serious, where, and its history (read-only)."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core import permissions, workflow
from ..core.i18n import label, pick
from ..core.model import (
    NAMES,
    Defect,
    DefectEvent,
    DefectStatus,
    Organization,
    Severity,
    User,
)
from ..errors import NotFound, WorkflowError
from ..store import Store, defects, identity, navigation
from .messages import show_error
from .photo_strip import PhotoStrip

CATEGORIES = [
    "燃气",
    "排水",
    "供水",
    "电气",
    "消防",
    "结构",
    "防水",
    "脚手架",
    "沟槽",
    "文明施工",
    "其他",
]


class DefectEditor(QWidget):
    """Every edit is saved as it is made (text after a short pause); no Save button."""

    defect_saved = Signal(str)  # defect id

    SAVE_DELAY_MS = 400

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.defect: Defect | None = None
        self._loading = False
        self._timer = QTimer(self, singleShot=True, interval=self.SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)

        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.status = QLabel()
        self.status.setObjectName("statusBadge")
        self.title = QLineEdit()
        self.category = QComboBox(editable=True)
        self.category.addItems(CATEGORIES)
        self.severity = QComboBox()
        for s in Severity:
            self.severity.addItem(label(NAMES[s]), s.value)
        self.building = QComboBox()
        self.unit, self.floor, self.room = QLineEdit(), QLineEdit(), QLineEdit()
        for w, hint in ((self.unit, "单元"), (self.floor, "楼层"), (self.room, "房间/部位")):
            w.setPlaceholderText(hint)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("问题描述：部位、现象、程度"))
        self.description.setMaximumHeight(120)
        self.assignment = QLabel()
        self.locked = QLabel()  # why this defect cannot be edited here, in words
        self.locked.setObjectName("lockNotice")
        self.locked.setWordWrap(True)
        self.locked.setStyleSheet("color: #c92a2a;")
        self.locked.hide()
        self.history = QListWidget()
        self.history.setObjectName("history")
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        where = QHBoxLayout()
        for field_widget in (self.building, self.unit, self.floor, self.room):
            where.addWidget(field_widget)
        form = QFormLayout()
        form.addRow(self.tr("标题"), self.title)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("严重程度"), self.severity)
        form.addRow(self.tr("位置"), where)
        form.addRow(self.tr("描述"), self.description)
        form.addRow(self.tr("整改"), self.assignment)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.locked)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("照片")))
        self.photos_area = QVBoxLayout()
        self.photos: PhotoStrip | None = None
        layout.addLayout(self.photos_area)
        layout.addWidget(QLabel(self.tr("处理记录")))
        layout.addWidget(self.history, 1)

        for w in (self.title, self.unit, self.floor, self.room):
            w.textEdited.connect(self._schedule)
        self.description.textChanged.connect(self._schedule)
        self.category.currentTextChanged.connect(self._schedule)
        self.severity.currentIndexChanged.connect(self._changed_now)
        self.building.currentIndexChanged.connect(self._changed_now)

    def load(self, defect_id: str) -> None:
        self.flush()
        self.defect = self.store.get(Defect, defect_id)
        d = self.defect
        self._loading = True
        try:
            self.heading.setText(d.title)
            self.status.setText(label(NAMES[DefectStatus(d.status)]))
            self.status.setProperty("status", str(d.status))
            self.title.setText(d.title)
            self.category.setCurrentText(d.category)
            self.severity.setCurrentIndex(self.severity.findData(str(d.severity)))
            self.building.clear()
            self.building.addItem(self.tr("（未指定楼栋）"), "")
            for b in navigation.buildings(self.store, d.project_id):
                self.building.addItem(b.name, b.id)
            self.building.setCurrentIndex(max(0, self.building.findData(d.building_id)))
            self.unit.setText(d.unit)
            self.floor.setText(d.floor)
            self.room.setText(d.room)
            self.description.setPlainText(d.description)
            self._show_assignment()
            self._show_history()
            self._show_photos()
            self._show_lock()
        finally:
            self._loading = False

    def _show_lock(self) -> None:
        """Read-only, saying why, when the signed-in user may not edit it (the store refuses
        the same edit whatever window sends it)."""
        who = identity.current(self.store)
        reason = ""
        try:
            if who is None:
                raise WorkflowError(self.tr("尚未登录。"))
            assignee = self.defect.assignee_org_id if self.defect else ""
            permissions.check_edit_defect(who.role, who.org_id, assignee)
        except WorkflowError as e:
            reason = str(e)
        self.locked.setText(reason)
        self.locked.setVisible(bool(reason))
        for w in (self.title, self.category, self.severity, self.building, self.unit,
                  self.floor, self.room):  # fmt: skip
            w.setEnabled(not reason)
        self.description.setReadOnly(bool(reason))

    def _show_photos(self) -> None:
        if self.photos is not None:
            self.photos_area.removeWidget(self.photos)
            self.photos.deleteLater()
        d = self.defect
        if d is None:
            return
        self.photos = PhotoStrip(self.store, "defect", d.id, project_id=d.project_id, parent=self)
        self.photos_area.addWidget(self.photos)

    def _show_assignment(self) -> None:
        d = self.defect
        if d is None:
            return
        if not d.assignee_org_id:
            self.assignment.setText(self.tr("尚未下发整改"))
            return
        try:
            name = self.store.get(Organization, d.assignee_org_id, include_deleted=True).name
        except NotFound:  # not pulled to this laptop yet
            name = d.assignee_org_id
        text = name + (f"，限期 {d.due_date}" if d.due_date else "")
        self.assignment.setText(text)

    def _show_history(self) -> None:
        self.history.clear()
        names = {u.id: (u.display_name or u.name) for u in self.store.find(User)}
        if self.defect is None:
            return
        for ev in self.store.find_by(DefectEvent, defect_id=self.defect.id, order_by="at, id"):
            who = names.get(ev.actor_id, "")
            what = pick(*workflow.EVENT_NAMES.get(ev.kind, (ev.kind, ev.kind)))
            line = f"{ev.at[:16].replace('T', ' ')}  {what}  {who}"
            if ev.note:
                line += f"：{ev.note}"
            self.history.addItem(line)

    def _schedule(self, *_args) -> None:
        if not self._loading:
            self._timer.start()

    def _changed_now(self, *_args) -> None:
        if not self._loading:
            self.save()

    def flush(self) -> None:
        """Save a pending edit now (before switching records or closing)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save()

    def save(self) -> None:
        if self.defect is None or self._loading:
            return
        d = self.defect
        d.title = self.title.text().strip() or d.title
        d.category = self.category.currentText().strip()
        d.severity = Severity(self.severity.currentData())
        d.building_id = self.building.currentData() or ""
        d.unit, d.floor, d.room = self.unit.text(), self.floor.text(), self.room.text()
        d.description = self.description.toPlainText()
        try:
            before = d.hlc
            defects.edit_defect(self.store, d)
        except NotFound:
            return
        except WorkflowError as e:
            show_error(self, e)
            self.load(d.id)  # back to what is stored
            return
        except Exception as e:
            show_error(self, e)
            return
        if d.hlc != before:
            self.heading.setText(d.title)
            self.defect_saved.emit(d.id)
