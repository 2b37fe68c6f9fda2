"""Settings: the interface language, who is using this laptop, and where the log is."""

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from .. import logs
from ..store import Store, identity
from .i18n import LANGUAGES, SETTING, preferred_language


class SettingsDialog(QDialog):
    def __init__(self, store: Store, settings: QSettings, parent=None):
        super().__init__(parent)
        self.store, self.settings = store, settings
        self.setWindowTitle(self.tr("设置"))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(preferred_language(settings)))
        who = identity.current(store)
        self.user = QLabel(who.describe() if who else self.tr("（尚未登录）"))
        # The log, for a support call: the path can be selected and copied, or its folder opened.
        self.log_path = logs.current_file() or (logs.log_file(store.root) if store.root else None)
        self.log_label = QLabel(str(self.log_path) if self.log_path else self.tr("（无）"))
        self.log_label.setObjectName("log_path")
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setWordWrap(True)
        open_logs = QPushButton(self.tr("打开文件夹"))
        open_logs.setEnabled(self.log_path is not None)
        open_logs.clicked.connect(self._open_log_folder)
        log_row = QHBoxLayout()
        log_row.addWidget(self.log_label, 1)
        log_row.addWidget(open_logs)
        note = QLabel(self.tr("界面语言在重新启动后生效。"))
        note.setObjectName("hint")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("当前用户"), self.user)
        switch = QLabel(self.tr("切换用户请用工具栏的“切换用户”，需输入密码。"))
        switch.setObjectName("hint")
        form.addRow(switch)
        form.addRow(self.tr("日志文件"), log_row)
        form.addRow(note)
        form.addRow(buttons)

    def _open_log_folder(self) -> None:
        if self.log_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))

    def accept(self) -> None:
        self.settings.setValue(SETTING, self.language.currentData())
        super().accept()
