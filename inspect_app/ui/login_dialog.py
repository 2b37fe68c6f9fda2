"""Signing in on this laptop (切换用户): a user and their password, checked by the store
(against the central store when reachable, else the hash cached at their last sign-in)."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from ..core.i18n import label
from ..core.model import NAMES, Organization, Role, User
from ..errors import InspectError
from ..store import Store, identity


class LoginDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.who: identity.Who | None = None
        self.setWindowTitle(self.tr("切换用户"))
        self.user = QComboBox()
        orgs = {o.id: o.short_name or o.name for o in store.find_by(Organization)}
        for u in store.find_by(User, order_by="role, name"):
            role = label(NAMES[Role(u.role)])
            text = f"{u.display_name or u.name}（{u.name} · {role} · {orgs.get(u.org_id, '')}）"
            self.user.addItem(text, u.name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("输入该用户的密码"))
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #c92a2a;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        now = identity.current(store)
        current = QLabel(now.describe() if now else self.tr("（尚未登录）"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("登录"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("当前用户"), current)
        form.addRow(self.tr("用户(&U)"), self.user)
        form.addRow(self.tr("密码(&P)"), self.password)
        form.addRow(self.error_label)
        form.addRow(buttons)
        self.password.setFocus()

    def choose(self, name: str) -> None:
        self.user.setCurrentIndex(max(0, self.user.findData(name)))

    def accept(self) -> None:
        try:
            self.who = identity.login(
                self.store, self.user.currentData() or "", self.password.text()
            )
        except InspectError as e:
            self.password.clear()
            self.error_label.setText(str(e))
            self.error_label.show()
            return
        super().accept()
