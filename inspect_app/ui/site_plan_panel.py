"""The site-plan page: its toolbar (import, place, zoom, closed pins) over the plan view."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QInputDialog,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..errors import InspectError
from ..store import Store
from .icons import icon
from .messages import show_error
from .plan_import import import_plan, pdf_page_count
from .site_plan import SitePlanView


class SitePlanPanel(QWidget):
    plan_imported = Signal(str)  # the plan blob's SHA-256

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.view = SitePlanView(store, self)
        bar = QToolBar(self)
        bar.setObjectName("sitePlanToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        def action(name, text, slot, shortcut=None):
            a = QAction(icon(name), text, self)
            a.triggered.connect(slot)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                a.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
            bar.addAction(a)
            return a

        self.import_action = action(
            "site-plan", self.tr("导入总平面图…"), self._on_import_triggered, "Ctrl+Shift+I"
        )
        bar.addSeparator()
        self.place_action = action("place-pin", self.tr("放置标注"), self.view.begin_place)
        self.place_action.setToolTip(self.tr("放置标注 (P)：单击图上位置，或按 Enter 放在中心"))
        bar.addSeparator()
        action("zoom-in", self.tr("放大"), lambda: self.view.zoom(1.25))
        action("zoom-out", self.tr("缩小"), lambda: self.view.zoom(0.8))
        action("zoom-fit", self.tr("适应窗口"), self.view.fit)
        bar.addSeparator()
        self.closed_box = QCheckBox(self.tr("显示已销项"), self)
        self.closed_box.setChecked(self.view.show_closed)
        self.closed_box.toggled.connect(self._on_closed_box_toggled)
        bar.addWidget(self.closed_box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.view)
        self.setFocusProxy(self.view)

    def load_project(self, project_id: str) -> None:
        self.view.load_project(project_id)

    def import_file(self, path: Path, page: int = 0) -> str:
        """Make a file (or a PDF's page) this community's plan, and show it."""
        sha = import_plan(self.store, self.view.project_id, Path(path), page)
        self.view.load_project(self.view.project_id)
        self.plan_imported.emit(sha)
        return sha

    def _on_import_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("导入总平面图"),
            "",
            self.tr("总平面图 (*.png *.jpg *.jpeg *.pdf)"),
        )
        if not name:
            return
        try:
            page = 0
            if name.lower().endswith(".pdf") and (pages := pdf_page_count(Path(name))) > 1:
                number, ok = QInputDialog.getInt(
                    self, self.tr("选择页码"), self.tr("PDF 第几页是总平面图？"), 1, 1, pages
                )
                if not ok:
                    return
                page = number - 1
            self.import_file(Path(name), page)
        except InspectError as e:
            show_error(self, e)

    def _on_closed_box_toggled(self, checked: bool) -> None:
        self.view.show_closed = checked
        self.view.reload_pins()
