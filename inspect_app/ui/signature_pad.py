"""Capturing a hand-written signature: the pad, the signing dialog.

The pad records strokes as [[x, y, t, pressure], …] (pad pixels, milliseconds since the first
point, 0..1 pressure) from a mouse, a touchpad or a pen; a pen's QTabletEvent gives the real
pressure, a mouse a nominal 0.5. The PNG is drawn from those strokes, cropped and transparent,
at twice the pad's resolution so it prints crisply.
"""

import itertools

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core.i18n import pick
from ..core.model import GUEST_ROLES, PARTY_NAMES, Organization, OrgKind, Signature, User
from ..errors import InspectError
from ..store import Store
from ..store.signatures import sign

MOUSE_PRESSURE = 0.5
# The party a signer signs for, as printed on forms. Not core.model.NAMES: there OrgKind and
# Role members with the same value ("supervisor") share one entry, so 监理单位 reads 监理.
PARTIES = {
    OrgKind.OWNER: "建设单位",
    OrgKind.SUPERVISOR: "监理单位",
    OrgKind.CONTRACTOR: "施工单位",
    OrgKind.DESIGNER: "设计单位",
    OrgKind.PROPERTY: "物业服务企业",
    OrgKind.UTILITY: "专业经营单位",
    OrgKind.STREET: "街道社区",
}
INK = QColor("#14213d")


def pen_width(pressure: float) -> float:
    return 1.2 + 3.6 * pressure


class SignaturePad(QFrame):
    """Draw a signature here. Ctrl+Z takes back the last stroke, Delete clears."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(420, 170)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("签名区"))
        self.strokes: list[list[list[float]]] = []
        self._t0: int | None = None  # timestamp of the signature's first point
        self._drawing = False

    def is_empty(self) -> bool:
        return not self.strokes

    def clear(self) -> None:
        self.strokes = []
        self._t0 = None
        self.update()
        self.changed.emit()

    def undo_stroke(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.update()
            self.changed.emit()

    # ----- input -----------------------------------------------------------------------------

    def _start(self, event, pressure: float) -> None:
        if self._t0 is None:
            self._t0 = event.timestamp()
        self._drawing = True
        self.strokes.append([])
        self._add(event, pressure)

    def _add(self, event, pressure: float) -> None:
        # The input's own timestamps: the pace of writing, not of our event loop.
        pos, elapsed = event.position(), max(0, event.timestamp() - self._t0)
        x = min(max(pos.x(), 0.0), float(self.width()))
        y = min(max(pos.y(), 0.0), float(self.height()))
        point = [round(x, 1), round(y, 1), float(elapsed), round(pressure, 3)]
        stroke = self.strokes[-1]
        if not stroke or stroke[-1][:2] != point[:2]:
            stroke.append(point)
            self.update()

    def _end(self) -> None:
        self._drawing = False
        self.changed.emit()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._start(event, MOUSE_PRESSURE)

    def mouseMoveEvent(self, event) -> None:
        if self._drawing:
            self._add(event, MOUSE_PRESSURE)

    def mouseReleaseEvent(self, event) -> None:
        if self._drawing and event.button() == Qt.MouseButton.LeftButton:
            self._add(event, MOUSE_PRESSURE)
            self._end()

    def tabletEvent(self, event) -> None:
        # Accepted, so Qt does not also send the mouse events it would synthesize from it.
        kind = event.type()
        if kind == event.Type.TabletPress:
            self._start(event, event.pressure())
        elif kind == event.Type.TabletMove and self._drawing:
            self._add(event, event.pressure())
        elif kind == event.Type.TabletRelease and self._drawing:
            self._end()
        event.accept()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_stroke()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        else:
            super().keyPressEvent(event)

    # ----- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.contentsRect(), QColor("white"))  # paper, whatever the style
        base = self.height() * 0.78
        p.setPen(QPen(QColor("#c3ccd6"), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(24, base), QPointF(self.width() - 24, base))
        p.setPen(QColor("#9fadbc"))
        p.drawText(QPointF(24, base + 18), "✕")
        if self.is_empty():
            p.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("请在此处签名（鼠标、触控板或手写笔）"),
            )
        draw_strokes(p, self.strokes)
        p.end()

    def to_png(self) -> bytes:
        return strokes_png(self.strokes)


def draw_strokes(p: QPainter, strokes: list, scale: float = 1.0) -> None:
    pen = QPen(INK)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for stroke in strokes:
        if len(stroke) == 1:
            x, y, _, pr = stroke[0]
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(INK)
            p.drawEllipse(
                QPointF(x, y) * scale, pen_width(pr) * scale / 2, pen_width(pr) * scale / 2
            )
            continue
        for a, b in itertools.pairwise(stroke):
            pen.setWidthF(pen_width((a[3] + b[3]) / 2) * scale)
            p.setPen(pen)
            p.drawLine(QPointF(a[0], a[1]) * scale, QPointF(b[0], b[1]) * scale)


def strokes_png(strokes: list, scale: float = 2.0, margin: float = 8.0) -> bytes:
    """The strokes cropped to their extent, on a transparent background, as PNG bytes."""
    xs = [pt[0] for s in strokes for pt in s] or [0.0]
    ys = [pt[1] for s in strokes for pt in s] or [0.0]
    box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
        -margin, -margin, margin, margin
    )
    image = QImage(
        max(1, round(box.width() * scale)),
        max(1, round(box.height() * scale)),
        QImage.Format.Format_ARGB32,
    )
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.translate(-box.left() * scale, -box.top() * scale)
    draw_strokes(p, strokes, scale)
    p.end()
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")  # type: ignore[call-overload]  # a QIODevice: missing from the stubs
    buf.close()
    return bytes(ba.data())


class SignatureDialog(QDialog):
    """Who signs and the signature itself; signing fixes the content.

    The signer is the signed-in user, another account (who types their own password), or a
    guest without an account (居民代表, 街道 …) named with a role. One store operation
    (`store.signatures.sign`) checks and records it; a refusal is shown here in words.
    """

    signed = Signal(object)  # the Signature

    SELF, USER, GUEST = "self", "user", "guest"

    def __init__(self, store: Store, target_type: str, target_id: str, parent=None, item: str = ""):
        super().__init__(parent)
        self.store, self.target_type, self.target_id = store, target_type, target_id
        self.item = item
        self.signature: Signature | None = None
        self.setWindowTitle(self.tr("签字确认"))
        self._me = next(iter(store.find_by(User, id=store.actor)), None)

        self.what = QLabel(self)
        self.what.setObjectName("signWhat")
        self.what.setWordWrap(True)
        self.what.setText(self._what_text())

        self.mode = QComboBox(self)
        me = (self._me.display_name or self._me.name) if self._me else ""
        self.mode.addItem(self.tr("本人签字（%1）").replace("%1", me), self.SELF)
        self.mode.addItem(self.tr("其他账号签字（需其本人密码）"), self.USER)
        self.mode.addItem(self.tr("访客签字（无账号：居民代表、街道等）"), self.GUEST)
        if self._me is None:
            model = self.mode.model()
            assert isinstance(model, QStandardItemModel)  # a combo box's own model
            first = model.item(0)
            if first is not None:
                first.setEnabled(False)
            self.mode.setCurrentIndex(2)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)

        self.user_box = QComboBox(self)
        orgs = {o.id: o for o in store.find(Organization)}
        for u in store.find(User, order_by="role, name"):
            if self._me is not None and u.id == self._me.id:
                continue
            org = orgs.get(u.org_id)
            org_name = (org.short_name or org.name) if org else ""
            self.user_box.addItem(f"{u.display_name or u.name}（{u.name} · {org_name}）", u.name)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("签字人本人输入密码"))

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("签字人姓名"))
        self.role_box = QComboBox(self)
        self.role_box.setEditable(True)
        for zh, en in GUEST_ROLES:
            self.role_box.addItem(pick(zh, en), zh)  # the role is recorded (and printed) in zh
        self.role_box.setCurrentIndex(0)
        self.org_box = QComboBox(self)
        self.org_box.addItem(self.tr("（无）"), "")
        for org in store.find(Organization, order_by="kind, name"):
            self.org_box.addItem(org.name, org.id)
        self.org_box.currentIndexChanged.connect(self._on_org_box_changed)
        self.pad = SignaturePad(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #c92a2a;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.form = form = QFormLayout()
        form.addRow(self.tr("签字方式(&M)"), self.mode)
        form.addRow(self.tr("账号(&U)"), self.user_box)
        form.addRow(self.tr("密码(&P)"), self.password_edit)
        form.addRow(self.tr("签字人(&N)"), self.name_edit)
        form.addRow(self.tr("身份(&R)"), self.role_box)
        form.addRow(self.tr("单位(&O)"), self.org_box)
        hint = QLabel(
            self.tr(
                "签字固定所签内容（签字项除外），之后对内容的任何修改都会使签字作废，"
                "并写明改动了哪一项；他人的签字不受影响。"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5c6b7a;")

        self.clear_button = QPushButton(self.tr("清除(&C)"), self)
        self.clear_button.clicked.connect(self.pad.clear)
        buttons = QDialogButtonBox(self)
        self.sign_button = buttons.addButton(
            self.tr("确认签字(&S)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.sign)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(buttons)

        # What was signed before, valid or void: the reason to sign again is visible here.
        from .signature_badge import SignatureList

        self.existing = SignatureList(store, target_type, target_id, self)
        self.existing.setVisible(bool(self.existing.badges))

        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.existing)
        layout.addLayout(form)
        layout.addWidget(self.pad, 1)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addLayout(row)
        self._prefill()
        self._on_mode_changed()

    def _what_text(self) -> str:
        from ..core.model import BY_TABLE, Inspection

        title = ""
        record = next(iter(self.store.find_by(BY_TABLE[self.target_type],
                                              id=self.target_id)), None)  # fmt: skip
        if record is not None:
            title = getattr(record, "title", "") or getattr(record, "name", "") or ""
        if self.item and isinstance(record, Inspection):
            from ..store.pinned import item_label, template_for

            try:
                what = item_label(template_for(self.store, record), self.item)
            except InspectError:
                what = self.item
            return self.tr("签署：%1 —「%2」").replace("%1", title).replace("%2", what)
        return self.tr("签署整份记录：%1").replace("%1", title)

    def _prefill(self) -> None:
        """The signed-in user signs by default."""
        user = self._me
        if user is None:
            return
        self.name_edit.setText(user.display_name or user.name)
        self.org_box.setCurrentIndex(max(0, self.org_box.findData(user.org_id)))
        org = next(iter(self.store.find_by(Organization, id=user.org_id)), None)
        if org is not None:
            self.role_box.setCurrentText(PARTY_NAMES[org.kind.value][0])

    def _on_mode_changed(self, _index: int = 0) -> None:
        mode = self.mode.currentData()
        for w, shown in (
            (self.user_box, mode == self.USER),
            (self.password_edit, mode == self.USER),
            (self.name_edit, mode != self.USER),
            (self.role_box, mode != self.USER),
            (self.org_box, mode != self.USER),
        ):
            w.setVisible(shown)
            self.form.labelForField(w).setVisible(shown)
        own = mode == self.SELF
        for w in (self.name_edit, self.role_box, self.org_box):
            w.setEnabled(not own)
        if (
            mode == self.GUEST
            and self._me
            and self.name_edit.text() == (self._me.display_name or self._me.name)
        ):
            self.name_edit.clear()
            self.org_box.setCurrentIndex(0)
            self.role_box.setCurrentIndex(0)
        elif own:
            self._prefill()

    def _on_org_box_changed(self, index: int) -> None:
        org_id = self.org_box.itemData(index)
        if org_id:
            kind = self.store.get(Organization, org_id).kind
            self.role_box.setCurrentText(PARTY_NAMES[kind.value][0])

    def sign(self) -> Signature | None:
        if self.pad.is_empty():
            self._fail(self.tr("请先在签名框内签名。"))
            return None
        mode = self.mode.currentData()
        who: dict = {}
        if mode == self.USER:
            who = {"signer": self.user_box.currentData() or "",
                   "password": self.password_edit.text()}  # fmt: skip
        elif mode == self.GUEST:
            role = self.role_box.currentText()
            if role == self.role_box.itemText(self.role_box.currentIndex()):
                role = self.role_box.currentData() or role
            who = {"guest_name": self.name_edit.text() or " ",
                   "guest_role": role,
                   "guest_org_id": self.org_box.currentData() or ""}  # fmt: skip
        try:
            sig = sign(self.store, self.target_type, self.target_id, item=self.item,
                       strokes=self.pad.strokes, png_bytes=self.pad.to_png(), **who)  # fmt: skip
        except InspectError as e:
            self.password_edit.clear()
            self._fail(str(e))
            return None
        self.password_edit.clear()
        self.signature = sig
        self.error_label.hide()
        self.signed.emit(sig)
        self.accept()
        return sig

    def _fail(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
