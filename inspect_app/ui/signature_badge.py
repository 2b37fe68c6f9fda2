"""A signature as it shows on a record: the hand-written image, who signed, and whether it
still holds — valid (有效) in green, or VOID (作废) in red, naming what changed since."""

from datetime import datetime
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.i18n import label
from ..core.model import Defect, Inspection, Organization, Signature, TemplateSnapshot
from ..core.templates import parse_template
from ..errors import NotFound, TemplateError
from ..store import Store
from ..store.signatures import Change, SignatureStatus, signature_status, signatures_for

# How a changed field is named to a person (the path stays in the tooltip).
FIELD_NAMES = {
    "title": QT_TRANSLATE_NOOP("SignatureBadge", "标题"),
    "answers": QT_TRANSLATE_NOOP("SignatureBadge", "检查项"),
    "notes": QT_TRANSLATE_NOOP("SignatureBadge", "备注"),
    "severity": QT_TRANSLATE_NOOP("SignatureBadge", "严重程度"),
    "category": QT_TRANSLATE_NOOP("SignatureBadge", "类别"),
    "description": QT_TRANSLATE_NOOP("SignatureBadge", "描述"),
    "building_id": QT_TRANSLATE_NOOP("SignatureBadge", "楼栋"),
    "photos": QT_TRANSLATE_NOOP("SignatureBadge", "照片"),
    "deleted": QT_TRANSLATE_NOOP("SignatureBadge", "记录已删除"),
    "*": QT_TRANSLATE_NOOP("SignatureBadge", "内容（签字时未保存明细）"),
}
IMAGE_HEIGHT = 56
# Set on the badge itself: a void signature must look void whatever the application style.
VALID_STYLE = (
    "QFrame#signatureBadge { background: #ebf7ee; border: 1px solid #7cc192; border-radius: 4px; }"
)
VOID_STYLE = (
    "QFrame#signatureBadge { background: #fff0f0; border: 2px solid #c92a2a; border-radius: 4px; }"
)


def describe(store: Store, change: Change, signature: Signature | None = None) -> str:
    """'检查项「燃气泄漏检测」', '问题「燃气软管老化」的严重程度', '照片' …"""
    path = change.path
    if path.startswith("answers.") and signature and signature.target_type == Inspection.table:
        item = _item_label(store, signature.target_id, path.split(".")[1])
        if item:
            return _tr("检查项「%1」").replace("%1", item)
    if path.startswith("defects/"):
        did, _, rest = path[len("defects/") :].partition(".")
        try:
            title = store.get(Defect, did, include_deleted=True).title
        except NotFound:
            title = (change.before or change.after or did)[:20]
        if not rest:
            added = change.before is None
            return (_tr("问题「%1」已增加") if added else _tr("问题「%1」已移除")).replace(
                "%1", title
            )
        return _tr("问题「%1」的%2").replace("%1", title).replace("%2", _field(rest))
    return _field(path)


_parsed = lru_cache(maxsize=8)(parse_template)


def _item_label(store: Store, inspection_id: str, item_id: str) -> str:
    """The item's label in the template the inspection was started with."""
    try:
        insp = store.get(Inspection, inspection_id, include_deleted=True)
        snap = store.find_by(TemplateSnapshot, content_hash=insp.template_hash, limit=1)
        return label(_parsed(snap[0].content).item(item_id).label) if snap else ""
    except (NotFound, TemplateError, KeyError, LookupError):
        return ""


def _field(path: str) -> str:
    head, _, rest = path.partition(".")
    name = _tr(str(FIELD_NAMES[head])) if head in FIELD_NAMES else head
    return f"{name} {rest}".strip()


def _tr(text: str) -> str:
    return QCoreApplication.translate("SignatureBadge", text)


class SignatureBadge(QFrame):
    def __init__(self, store: Store, signature: Signature, parent=None):
        super().__init__(parent)
        self.setObjectName("signatureBadge")
        self.store, self.signature = store, signature
        self.status: SignatureStatus | None = None
        self.image = QLabel(self)
        self.image.setFixedHeight(IMAGE_HEIGHT)
        self.image.setMinimumWidth(120)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel(self)
        self.state = QLabel(self)
        self.state.setObjectName("signatureState")
        self.changes = QLabel(self)
        self.changes.setWordWrap(True)
        self.changes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.state)
        text.addWidget(self.who)
        text.addWidget(self.changes)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.image)
        layout.addLayout(text, 1)
        self.refresh()

    def refresh(self) -> SignatureStatus:
        sig = self.signature
        self.status = status = signature_status(self.store, sig)
        self.setProperty("state", "valid" if status.valid else "void")
        self.setStyleSheet(VALID_STYLE if status.valid else VOID_STYLE)
        org = ""
        if sig.org_id:
            try:
                org = self.store.get(Organization, sig.org_id).name
            except NotFound:
                org = ""
        when = _when(sig.signed_at)
        self.who.setText(" · ".join(x for x in (sig.signer_name, sig.signer_role, org, when) if x))
        if status.valid:
            self.state.setText("✔ " + self.tr("签字有效"))
            self.state.setStyleSheet("color: #1f7a3a; font-weight: bold;")
            self.changes.setText(self.tr("所签内容未改动。"))
            self.setToolTip(f"sha256 {sig.content_hash}")
        else:
            self.state.setText("✖ " + self.tr("签字已作废（VOID）"))
            self.state.setStyleSheet("color: #c92a2a; font-weight: bold;")
            names = [describe(self.store, c, sig) for c in status.changes]
            self.changes.setText(self.tr("签字后已改动：") + "；".join(names))
            self.setToolTip(
                "\n".join(f"{c.path}: {c.before!r} → {c.after!r}" for c in status.changes)
            )
        self.image.setPixmap(self._image(status.valid))
        return status

    def _image(self, valid: bool) -> QPixmap:
        pm = QPixmap()
        if self.store.blobs and self.store.blobs.has(self.signature.image_sha256):
            pm.loadFromData(self.store.blobs.read(self.signature.image_sha256))
        if pm.isNull():
            pm = QPixmap(160, IMAGE_HEIGHT)
            pm.fill(Qt.GlobalColor.transparent)
        pm = pm.scaledToHeight(IMAGE_HEIGHT, Qt.TransformationMode.SmoothTransformation)
        if not valid:  # stamp it, so a void signature can never pass for a good one
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(QColor(201, 42, 42, 220))
            font = QFont(p.font())
            font.setPixelSize(int(IMAGE_HEIGHT * 0.55))
            font.setBold(True)
            p.setFont(font)
            p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, "作废")
            p.drawLine(0, pm.height() - 2, pm.width(), 2)
            p.end()
        return pm


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class SignatureList(QWidget):
    """Every signature on one record, newest last."""

    def __init__(self, store: Store, target_type: str, target_id: str, parent=None):
        super().__init__(parent)
        self.store, self.target_type, self.target_id = store, target_type, target_id
        self.badges: list[SignatureBadge] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(self.tr("尚无签字。"), self)
        self.empty.setStyleSheet("color: #5c6b7a;")
        self._layout.addWidget(self.empty)
        self.refresh()

    def refresh(self) -> None:
        for b in self.badges:
            b.deleteLater()
        self.badges = [
            SignatureBadge(self.store, s, self)
            for s in signatures_for(self.store, self.target_type, self.target_id)
        ]
        for b in self.badges:
            self._layout.addWidget(b)
        self.empty.setVisible(not self.badges)
