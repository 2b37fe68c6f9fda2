"""The desk's detail pane: one defect with its photos, its history and the actions the signed-in
user may take on it (only those: the others are not shown)."""

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QImageReader, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core import defect_status, workflow
from ..core.i18n import current, pick, t
from ..core.model import NAMES, Building, Defect, Organization, OrgKind, Role, User
from ..errors import InspectError
from ..photos.library import PhotoFiles
from ..store import Store
from ..store import defects as ops
from .defect_model import SEVERITY_COLORS, STATUS_COLORS
from .photo_import import DialogService
from .photo_window import open_photos, photo_menu

THUMB = QSize(132, 99)


# zh/en text outside Qt's translations: the one picker (core.i18n), under the name the
# supervision widgets use.
tr = t


def contractors(store: Store) -> list[Organization]:
    """Who a defect can be handed to: the contractors, then the utility operators and the
    streets (a hazard that pre-dates the works is theirs, core.notice_rules)."""
    return [
        o
        for kind in (OrgKind.CONTRACTOR, OrgKind.UTILITY, OrgKind.STREET)
        for o in store.find_by(Organization, kind=kind, order_by="short_name")
    ]


class DefectDetail(QWidget):
    """Shows one defect. `defects_changed` carries the ids an action changed."""

    defects_changed = Signal(list)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._defect: Defect | None = None
        self._evidence: list[str] = []  # photo ids picked for a reply
        self.dialogs = DialogService()  # tests give one that never blocks
        self._who = ops.actor(store)
        self._users = {u.id: u for u in store.find(User, include_deleted=True)}

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.badges = QLabel()
        self.badges.setTextFormat(Qt.TextFormat.RichText)
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.photos = QHBoxLayout()
        self.photos.setSpacing(6)
        photo_box = QWidget()
        photo_box.setLayout(self.photos)
        photo_scroll = QScrollArea()
        photo_scroll.setWidget(photo_box)
        photo_scroll.setWidgetResizable(True)
        photo_scroll.setFixedHeight(THUMB.height() + 30)
        photo_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(120)

        self.actions_box = self._build_actions()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")

        body = QVBoxLayout(self)
        body.addWidget(self.title)
        body.addWidget(self.badges)
        body.addLayout(self.facts)
        body.addWidget(self.description)
        body.addWidget(_heading(tr("照片", "Photos")))
        body.addWidget(photo_scroll)
        body.addWidget(_heading(tr("处理记录", "History")))
        body.addWidget(self.history, 1)
        body.addWidget(self.actions_box)
        body.addWidget(self.message)
        self.show_defect(None)

    # ----- actions --------------------------------------------------------------------------------

    def _build_actions(self) -> QWidget:
        box = QFrame()
        box.setObjectName("actions")
        box.setStyleSheet("#actions { background: #f4f6f8; border-radius: 6px; }")
        lay = QVBoxLayout(box)
        self.org = QComboBox()
        for org in contractors(self._store):
            self.org.addItem(org.short_name or org.name, org.id)
        self.person = QComboBox()
        self.org.currentIndexChanged.connect(self._on_org_changed)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.assign_row = QWidget()
        rows = QFormLayout(self.assign_row)
        rows.setContentsMargins(0, 0, 0, 0)
        who = QHBoxLayout()
        who.addWidget(self.org, 1)
        who.addWidget(self.person, 1)
        rows.addRow(tr("责任单位", "Assignee"), who)
        due = QHBoxLayout()
        due.addWidget(self.due)
        due.addStretch(1)
        rows.addRow(tr("整改期限", "Due"), due)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            tr("整改要求、整改情况或理由…", "Instructions, what was done, or the reason…")
        )
        self.note.setFixedHeight(56)
        self.evidence_button = QPushButton(tr("添加整改照片…", "Add evidence photos…"))
        self.evidence_button.clicked.connect(self._on_evidence_clicked)
        self.evidence_label = QLabel()
        self.evidence_label.setWordWrap(True)
        # Files the evidence picker refused, each with its reason in words; while any is listed
        # the reply is not sent (the contractor meant to send that photo).
        self.refused_label = QLabel()
        self.refused_label.setObjectName("evidence_refused")
        self.refused_label.setWordWrap(True)
        self.refused_label.setStyleSheet("color: #c62828;")
        self._refused: list[str] = []
        self._picked: set[str] = set()  # files already kept for the reply being written
        self.buttons: dict[str, QPushButton] = {}
        # Two rows of at most four: the pane keeps its place beside the list on a 1366-px screen.
        button_rows = (QHBoxLayout(), QHBoxLayout())
        for i, (action, zh, en) in enumerate(
            (
                ("assign", "下发整改", "Assign"),
                ("reassign", "改派", "Reassign"),
                ("reply", "提交整改回复", "Send reply"),
                ("verify", "复查通过", "Verify"),
                ("reject", "复查不通过", "Reject"),
                ("close", "销项", "Close"),
                ("reopen", "重新打开", "Reopen"),
                ("comment", "备注", "Comment"),
            )
        ):
            b = QPushButton(tr(zh, en))
            b.setObjectName(f"action_{action}")
            b.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.buttons[action] = b
            button_rows[i // 4].addWidget(b)
        for row in button_rows:
            row.addStretch(1)
        lay.addWidget(self.assign_row)
        lay.addWidget(self.note)
        ev = QHBoxLayout()
        ev.addWidget(self.evidence_button)
        ev.addWidget(self.evidence_label, 1)
        lay.addLayout(ev)
        lay.addWidget(self.refused_label)
        for row in button_rows:
            lay.addLayout(row)
        self._on_org_changed()
        return box

    def _on_org_changed(self) -> None:
        self.person.clear()
        self.person.addItem(tr("（单位）", "(organization)"), "")
        org_id = self.org.currentData()
        for u in self._users.values():
            if u.org_id == org_id and u.role == Role.CONTRACTOR and not u.deleted:
                self.person.addItem(u.display_name or u.name, u.id)

    def _on_evidence_clicked(self) -> None:
        files = self.dialogs.open_photo_files(self)
        if files:
            self.add_evidence_files([Path(f) for f in files])

    def add_evidence(self, path: Path) -> bool:
        return self.add_evidence_files([path])

    def add_evidence_files(self, paths: list[Path]) -> bool:
        """Keep the photos picked for a reply; list each refused file with its reason. A new
        pick replaces the refusals of the last one. True when every file was taken."""
        if self._defect is None:
            return False
        self._refused = []
        for path in paths:
            if str(path.resolve()) in self._picked:  # picked again with the rest: kept once
                continue
            try:
                photo = ops.import_photo(self._store, path, self._defect.project_id, "整改后")
            except InspectError as e:
                self._refused.append(str(e))
                continue
            self._evidence.append(photo.id)
            self._picked.add(str(path.resolve()))
        self._show_evidence()
        return not self._refused

    def _show_evidence(self, not_sent: bool = False) -> None:
        n = len(self._evidence)
        self.evidence_label.setText(tr(f"已添加 {n} 张", f"{n} added") if n else "")
        if self._refused:
            head = tr(
                f"未接受 {len(self._refused)} 个文件，回复不会发送，请更换照片：",
                f"Not accepted ({len(self._refused)}); the reply will not be sent until "
                "these are replaced:",
            )
            if not_sent:
                head = tr("回复未发送。", "The reply was not sent. ") + head
            self.refused_label.setText("\n".join([head, *self._refused]))
        else:
            self.refused_label.clear()
        self.refused_label.setVisible(bool(self._refused))
        # A wrapped label asks for too little height inside the desk's scroll area: claim the
        # wrapped height, so the list is read whole and the buttons below keep their place.
        width = max(self.refused_label.width(), 260)
        self.refused_label.setMinimumHeight(
            self.refused_label.heightForWidth(width) if self._refused else 0
        )
        self.actions_box.setMinimumHeight(self.actions_box.sizeHint().height())

    def defect_id(self) -> str:
        return self._defect.id if self._defect else ""

    def available(self) -> list[str]:
        """The actions the signed-in user may take on the shown defect."""
        d = self._defect
        if d is None:
            return []
        who = self._who
        if who.role == Role.CONTRACTOR and d.assignee_org_id != who.org_id:
            return []
        names = [tr.action for tr in workflow.allowed(who.role, d.status)]
        return [*dict.fromkeys(names), "comment"]

    def run_action(self, action: str) -> bool:
        """Take an action with what is filled in; show the refusal if there is one."""
        d = self._defect
        if d is None:
            return False
        note = self.note.toPlainText().strip()
        s = self._store
        try:
            if action in ("assign", "reassign"):
                ops.assign(
                    s,
                    [d.id],
                    self.org.currentData(),
                    self.person.currentData() or "",
                    self.due.date().toString("yyyy-MM-dd"),
                    note,
                )
            elif action == "reply":
                if self._refused:  # said where the refusals are listed, not in a second place
                    self._show_evidence(not_sent=True)
                    return False
                ops.reply(s, [d.id], note, self._evidence)
            elif action == "verify":
                ops.verify(s, [d.id], note)
            elif action == "reject":
                ops.reject(s, [d.id], note)
            elif action == "close":
                ops.close(s, [d.id], note)
            elif action == "reopen":
                ops.reopen(s, [d.id], note)
            elif action == "comment":
                ops.comment(s, d.id, note)
        except InspectError as e:
            self.message.setText(str(e))
            return False
        self.note.clear()
        self._evidence, self._refused, self._picked = [], [], set()
        self._show_evidence()
        self.show_defect(d.id)
        self.defects_changed.emit([d.id])
        return True

    # ----- showing ------------------------------------------------------------------------------

    def show_defect(self, defect_id: str | None) -> None:
        self.message.clear()
        if defect_id != self.defect_id():  # photos picked for one defect's reply stay with it
            self._evidence, self._refused, self._picked = [], [], set()
            self._show_evidence()
        self._defect = self._store.get(Defect, defect_id) if defect_id else None
        d = self._defect
        self.setEnabled(d is not None)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        self.history.clear()
        while self.photos.count():
            taken = self.photos.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w:
                w.hide()  # at once: deleteLater waits for the event loop
                w.deleteLater()
        if d is None:
            self.title.setText(tr("选择一条问题查看详情", "Select a defect to see it here"))
            self.badges.clear()
            self.description.clear()
            self.actions_box.hide()
            return
        lang = current()
        self.title.setText(d.title)
        today = defect_status.project_today(ops.project_settings(self._store, d.project_id))
        overdue = defect_status.is_overdue(d.status, d.due_date, today)
        self.badges.setText(
            _badge(NAMES[d.severity][lang], SEVERITY_COLORS[d.severity.value])
            + " "
            + _badge(NAMES[d.status][lang], STATUS_COLORS[d.status.value])
            + (" " + _badge(tr("逾期", "Overdue"), "#c62828") if overdue else "")
        )
        building = ""
        if d.building_id:
            try:
                building = self._store.get(Building, d.building_id).name
            except InspectError:
                building = ""
        where = " ".join(x for x in (d.location_text or building, d.unit, d.floor, d.room) if x)
        self._fact(tr("位置", "Location"), where)
        self._fact(tr("类别", "Category"), d.category)
        self._fact(
            tr("发现", "Reported"),
            f"{self._name(d.reported_by)}  {d.reported_at[:16].replace('T', ' ')}",
        )
        if d.assignee_org_id:
            org = self._org_name(d.assignee_org_id)
            person = self._name(d.assignee_user_id) if d.assignee_user_id else ""
            self._fact(tr("责任单位", "Assignee"), f"{org} {person}".strip())
            self._fact(tr("整改期限", "Due"), d.due_date)
        if d.closed_at:
            self._fact(tr("销项时间", "Closed"), d.closed_at[:16].replace("T", " "))
        self.description.setText(d.description)
        self._show_photos(d.id)
        for ev in ops.events(self._store, d.id):
            zh, en = workflow.EVENT_NAMES.get(ev.kind, (ev.kind, ev.kind))
            head = f"{ev.at[:16].replace('T', ' ')}  {self._name(ev.actor_id)} · {tr(zh, en)}"
            item = QListWidgetItem(head + (f"\n{ev.note}" if ev.note else ""))
            if ev.kind == "rejected":
                item.setForeground(Qt.GlobalColor.darkRed)
            self.history.addItem(item)
        self.history.scrollToBottom()
        self._show_actions()

    def _show_actions(self) -> None:
        can = self.available()
        self.actions_box.setVisible(bool(can))
        for action, b in self.buttons.items():
            b.setVisible(action in can)
        self.assign_row.setVisible("assign" in can or "reassign" in can)
        self.evidence_button.setVisible("reply" in can)
        self.evidence_label.setVisible("reply" in can)
        self.actions_box.setMinimumHeight(self.actions_box.sizeHint().height())
        d = self._defect
        if d is not None and ("assign" in can or "reassign" in can):
            i = self.org.findData(d.assignee_org_id)
            if i >= 0:
                self.org.setCurrentIndex(i)
            settings = ops.project_settings(self._store, d.project_id)
            due = d.due_date or workflow.default_due_date(
                d.severity, settings, defect_status.project_today(settings)
            )
            self.due.setDate(QDate.fromString(due, "yyyy-MM-dd"))

    def _show_photos(self, defect_id: str) -> None:
        blobs = self._store.blobs
        files = PhotoFiles(self._store) if blobs is not None else None
        shown: list[str] = []
        for photo, role in ops.photos_of(self._store, defect_id):
            if files is None or not files.blobs.has(photo.sha256) or photo.id in shown:
                continue
            # The derived thumbnail (a JPEG, upright): Qt reads no HEIC, the importer does.
            try:
                source = files.thumbnail_path(photo)
            except (InspectError, OSError, ValueError):
                continue
            reader = QImageReader(str(source))
            reader.setAutoTransform(True)
            size = reader.size()
            size.scale(THUMB, Qt.AspectRatioMode.KeepAspectRatio)
            reader.setScaledSize(size)
            img = reader.read()
            if img.isNull():
                continue
            label = PhotoThumb(self._store, shown, len(shown))
            label.setPixmap(QPixmap.fromImage(img))
            label.setToolTip(
                f"{tr('整改前', 'Before') if role != 'after' else tr('整改后', 'After')} · "
                f"{photo.caption or photo.original_name}"
            )
            label.setStyleSheet(
                "border: 2px solid %s; border-radius: 3px;"
                % ("#2e7d32" if role == "after" else "#90a4ae")
            )
            self.photos.addWidget(label)
            shown.append(photo.id)
        if not shown:
            self.photos.addWidget(QLabel(tr("无照片", "No photos")))
        self.photos.addStretch(1)

    def thumbs(self) -> list["PhotoThumb"]:
        out = []
        for i in range(self.photos.count()):
            item = self.photos.itemAt(i)
            w = item.widget() if item is not None else None
            if isinstance(w, PhotoThumb):
                out.append(w)
        return out

    def _fact(self, label: str, value: str) -> None:
        v = QLabel(value or "—")
        v.setWordWrap(True)
        v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.addRow(pick(f"{label}：", f"{label}:"), v)

    def _name(self, user_id: str) -> str:
        u = self._users.get(user_id)
        return (u.display_name or u.name) if u else user_id

    def _org_name(self, org_id: str) -> str:
        try:
            org = self._store.get(Organization, org_id, include_deleted=True)
        except InspectError:
            return org_id
        return org.short_name or org.name


class PhotoThumb(QLabel):
    """A thumbnail that opens the viewer on double-click, or from its context menu; `ids` is the
    list it belongs to (shared, so next and previous walk the defect's photos)."""

    def __init__(self, store: Store, ids: list[str], index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.ids, self.index = store, ids, index
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)

    def open(self, markup: bool = False) -> None:
        open_photos(self.window(), self.store, self.ids, self.index, markup=markup)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.open()
        event.accept()

    def _on_context_menu(self, pos: QPoint) -> None:
        photo_menu(self.window(), self.store, self.ids, self.index, self.mapToGlobal(pos))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("color: #546e7a; font-weight: 600; margin-top: 6px;")
    return label


def _badge(text: str, color: str) -> str:
    return (
        f'<span style="background:{color}; color:white; padding:2px 8px;'
        f' border-radius:8px;">&nbsp;{text}&nbsp;</span>'
    )
