"""Choosing a checklist for a new inspection: the templates that fit the community's stage."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from ..core.i18n import label
from ..core.i18n import t as say
from ..core.model import NAMES, InspectionKind, Project, Stage
from ..core.templates import Template
from ..store import Store, navigation


def templates_for_stage(templates: dict[str, Template], stage: Stage) -> list[Template]:
    """Templates that fit `stage` first (in title order), then the others."""
    fits = [t for t in templates.values() if not t.stages or stage in t.stages]
    return sorted(fits, key=lambda t: (t.kind, label(t.title)))


class NewInspectionDialog(QDialog):
    def __init__(
        self,
        store: Store,
        project: Project,
        templates: dict[str, Template],
        building_id: str = "",
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建检查 — %1").replace("%1", project.name))
        self.resize(560, 420)
        self.templates = templates_for_stage(templates, Stage(project.stage))
        self.list = QListWidget()
        for t in self.templates:
            item = QListWidgetItem(
                self.tr("%1（%2，第 %3 版）")
                .replace("%1", label(t.title))
                .replace("%2", label(NAMES[InspectionKind(t.kind)]))
                .replace("%3", str(t.version))
            )
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setToolTip(label(t.description) if t.description else label(t.title))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.building = QComboBox()
        self.building.addItem(self.tr("（整个小区）"), "")
        for b in navigation.buildings(store, project.id):
            self.building.addItem(b.name, b.id)
        self.building.setCurrentIndex(max(0, self.building.findData(building_id)))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("例如：3号楼2单元 户内燃气排查"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始检查"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.start_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # No checklist fits this stage (方案表决 is voted, not inspected): say so, start nothing.
        self.why = QLabel()
        self.why.setObjectName("hint")
        self.why.setWordWrap(True)
        if not self.templates:
            stage = label(NAMES[Stage(project.stage)])
            self.why.setText(say(
                f"“{project.name}”处于{stage}阶段，这一阶段没有适用的检查表。"
                "可在“改造阶段”（Ctrl+G）推进阶段，或由管理员导入适用的检查表。",
                f"{project.name} is at the {stage} stage, which has no checklist. Move it on "
                "under Renovation stages (Ctrl+G), or ask an administrator for a checklist.",
            ))  # fmt: skip
            self.start_button.setEnabled(False)
            self.list.setEnabled(False)
        self.why.setVisible(not self.templates)
        form = QFormLayout(self)
        form.addRow(self.why)
        form.addRow(self.tr("检查表"), self.list)
        form.addRow(self.tr("楼栋"), self.building)
        form.addRow(self.tr("标题"), self.title)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.templates:  # Enter on an empty list starts nothing
            super().accept()

    def chosen(self) -> tuple[Template, str, str]:
        """The template, the building id and the title."""
        tpl = self.templates[self.list.currentRow()]
        title = self.title.text().strip()
        if not title:
            b = self.building.currentText() if self.building.currentData() else ""
            title = f"{b} {label(tpl.title)}".strip()
        return tpl, self.building.currentData() or "", title
