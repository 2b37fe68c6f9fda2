"""Where this laptop syncs to, and as whom (asked once; the server then issues a token)."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from ..store import Store


class SyncSetupDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("同步设置"))
        self.server = QLineEdit(store.get_meta("sync.server") or "")
        self.server.setPlaceholderText("http://192.168.1.10:8765")
        self.server.setMinimumWidth(320)  # a whole address shows
        self.user = QLineEdit(store.get_meta("sync.user") or "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        note = QLabel(self.tr("密码只用于登录，不会保存；登录后使用服务器签发的令牌。"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("服务器地址"), self.server)
        form.addRow(self.tr("用户名"), self.user)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(note)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.server.text().strip(), self.user.text().strip(), self.password.text()
