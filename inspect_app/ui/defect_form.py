"""Raising a defect from the desk (登记问题): for inspectors and supervisors, never contractors."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.i18n import current
from ..core.model import NAMES, Defect, Project, Severity
from ..errors import InspectError
from ..store import Store, navigation
from ..store import defects as ops
from .defect_detail import tr

CATEGORIES = ("燃气", "排水", "电气", "结构", "防水", "消防", "脚手架", "沟槽", "文明施工")


class DefectForm(QWidget):
    defect_raised = Signal(str)  # the new defect's id

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self.project = QComboBox()
        for p in store.find(Project, order_by="name"):
            self.project.addItem(p.name, p.id)
        self.building = QComboBox()
        self.project.currentIndexChanged.connect(self._on_project_changed)
        self.category = QComboBox()
        self.category.addItems(CATEGORIES)
        self.category.setEditable(True)
        self.severity = QComboBox()
        for s in Severity:
            self.severity.addItem(NAMES[s][current()], s.value)
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("如：燃气立管锈蚀", "e.g. 燃气立管锈蚀"))
        self.location = QLineEdit()
        self.location.setPlaceholderText(tr("单元、楼层、部位", "Unit, floor, spot"))
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(90)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.submit = QPushButton(tr("登记问题", "Raise defect"))
        self.submit.clicked.connect(self.raise_defect)
        form = QFormLayout()
        form.addRow(tr("小区", "Community"), self.project)
        form.addRow(tr("楼栋", "Building"), self.building)
        form.addRow(tr("类别", "Category"), self.category)
        form.addRow(tr("等级", "Severity"), self.severity)
        form.addRow(tr("问题", "Title"), self.title)
        form.addRow(tr("部位", "Location"), self.location)
        form.addRow(tr("描述", "Description"), self.description)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.submit)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(row)
        lay.addStretch(1)
        self._on_project_changed()

    def _on_project_changed(self) -> None:
        self.building.clear()
        self.building.addItem("—", "")
        for b in navigation.buildings(self._store, self.project.currentData() or ""):
            self.building.addItem(b.name, b.id)

    def raise_defect(self) -> str:
        title = self.title.text().strip()
        if not title or not self.project.currentData():
            self.message.setText(
                tr("请填写小区和问题。", "Choose a community and name the defect.")
            )
            return ""
        d = Defect(
            project_id=self.project.currentData(),
            building_id=self.building.currentData() or "",
            title=title,
            category=self.category.currentText().strip(),
            severity=Severity(self.severity.currentData()),
            location_text=self.location.text().strip(),
            description=self.description.toPlainText().strip(),
        )
        try:
            ops.raise_defect(self._store, d)
        except InspectError as e:
            self.message.setText(str(e))
            return ""
        self.message.clear()
        self.title.clear()
        self.location.clear()
        self.description.clear()
        self.defect_raised.emit(d.id)
        return d.id
