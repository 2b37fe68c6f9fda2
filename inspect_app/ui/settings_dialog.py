"""Settings: the interface language and who is using this laptop."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from ..core.i18n import label
from ..core.model import NAMES, Organization, Role, User
from ..store import Store
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
        self.user = QComboBox()
        orgs = {o.id: o.short_name or o.name for o in store.find(Organization)}
        for u in store.find(User, order_by="role, name"):
            role = label(NAMES[Role(u.role)])
            self.user.addItem(
                f"{u.display_name or u.name}（{role}，{orgs.get(u.org_id, '')}）", u.id
            )
        self.user.setCurrentIndex(max(0, self.user.findData(store.actor)))
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
        form.addRow(note)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.setValue(SETTING, self.language.currentData())
        if self.user.currentData() and self.user.currentData() != self.store.actor:
            self.store.set_actor(self.user.currentData())
        super().accept()
