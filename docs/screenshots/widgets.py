"""Regenerate the screenshots of the site plan and the signature pad (offscreen).

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/widgets.py
"""

import itertools
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from inspect_app import demo
from inspect_app.core.model import Building, Project
from inspect_app.demo_plan import draw_plan
from inspect_app.store import Store
from inspect_app.ui.app import application
from inspect_app.ui.icons import style_sheet

OUT = Path(__file__).resolve().parent


def site_plan(store: Store, tmp: Path) -> None:
    from inspect_app.ui.site_plan_panel import SitePlanPanel

    project = store.find(Project, order_by="name")[0]
    n = store.count(Building, "project_id = ?", [project.id])
    plan = tmp / "plan.png"
    plan.write_bytes(draw_plan(project.name, n))
    panel = SitePlanPanel(store)
    panel.resize(1100, 720)
    panel.load_project(project.id)
    panel.import_file(plan)
    panel.show()
    QTest.qWait(50)
    panel.view.select_pin(sorted(panel.view.pins)[3])
    panel.view.fit()
    QTest.qWait(50)
    panel.grab().save(str(OUT / "site-plan.png"))
    panel.view.zoom(2.2)
    panel.view.centerOn(panel.view.selected_pin())
    QTest.qWait(50)
    panel.grab().save(str(OUT / "site-plan-zoomed.png"))


def signature(store: Store) -> None:
    from inspect_app.core.model import Inspection
    from inspect_app.ui.signature_pad import SignatureDialog

    insp = store.find(Inspection, order_by="id")[0]
    dlg = SignatureDialog(store, "inspections", insp.id)
    dlg.resize(640, 520)
    dlg.show()
    QTest.qWait(50)
    dlg.name_edit.setText("王强")
    draw_name(dlg.pad)
    QTest.qWait(50)
    dlg.grab().save(str(OUT / "signature-pad.png"))
    dlg.sign()
    insp = store.get(Inspection, insp.id)
    from inspect_app.ui.signature_badge import SignatureList

    lst = SignatureList(store, "inspections", insp.id)
    lst.resize(640, 150)
    lst.show()
    QTest.qWait(50)
    lst.grab().save(str(OUT / "signature-valid.png"))
    first = next(iter(insp.answers))
    insp.answers[first] = "fail" if insp.answers[first] != "fail" else "pass"
    store.save(insp)
    lst.refresh()
    QTest.qWait(50)
    lst.grab().save(str(OUT / "signature-void.png"))
    again = SignatureDialog(store, "inspections", insp.id)  # signing again: the void one on top
    again.resize(640, 640)
    again.show()
    QTest.qWait(50)
    again.grab().save(str(OUT / "signature-resign.png"))


def style_preview() -> None:
    """The style sheet and the toolbar icons on ordinary widgets, as the main window uses them."""
    from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import (
        QComboBox,
        QFormLayout,
        QGroupBox,
        QLineEdit,
        QMainWindow,
        QPushButton,
        QSplitter,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )

    from inspect_app.ui.icons import icon

    win = QMainWindow()
    win.setWindowTitle("老旧小区改造质量安全检查")
    bar = win.addToolBar("main")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for name, text in [
        ("new-inspection", "新建检查"),
        ("add-defect", "登记问题"),
        ("import-photos", "导入照片"),
        ("sync", "同步"),
        ("print", "打印"),
        ("site-plan", "总平面图"),
        ("sign", "签字"),
    ]:
        bar.addAction(QAction(icon(name), text, win))
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["小区 / 楼栋", "未销项"])
    for community, blds in (("和平里东街小区", 5), ("东四北大街小区", 4)):
        top = [QStandardItem(community), QStandardItem(str(blds * 3))]
        for b in range(blds):
            top[0].appendRow([QStandardItem(f"{b + 1}号楼"), QStandardItem(str(b % 3))])
        model.appendRow(top)
    tree = QTreeView()
    tree.setModel(model)
    tree.expandAll()
    tree.setAlternatingRowColors(True)
    tree.setColumnWidth(0, 200)
    tree.setCurrentIndex(model.index(1, 0, model.index(0, 0)))
    form = QGroupBox("问题信息")
    fl = QFormLayout(form)
    fl.addRow("标题", QLineEdit("3号楼2单元 燃气软管老化、超期使用"))
    sev = QComboBox()
    sev.addItems(["一般", "较大", "重大"])
    sev.setCurrentIndex(1)
    fl.addRow("严重程度", sev)
    fl.addRow("位置", QLineEdit("3号楼 2单元 5层 502室"))
    buttons = QWidget()
    row = QVBoxLayout(buttons)
    ok = QPushButton("保存并关闭")
    ok.setProperty("primary", True)
    row.addWidget(ok)
    row.addWidget(QPushButton("取消"))
    right = QWidget()
    rl = QVBoxLayout(right)
    rl.addWidget(form)
    rl.addWidget(buttons)
    rl.addStretch(1)
    split = QSplitter()
    split.addWidget(tree)
    split.addWidget(right)
    split.setSizes([340, 560])
    win.setCentralWidget(split)
    win.statusBar().showMessage("离线 · 12 项更改待同步 · 上次同步 2026-11-25 08:30")
    win.resize(900, 520)
    win.show()
    QTest.qWait(50)
    win.grab().save(str(OUT / "style-preview.png"))


def draw_name(pad) -> None:
    """Three strokes that look like a hand-written 王."""
    w, h = pad.width(), pad.height()
    strokes = [
        [(0.30, 0.28), (0.45, 0.26), (0.62, 0.27)],
        [(0.33, 0.50), (0.47, 0.49), (0.60, 0.50)],
        [(0.47, 0.27), (0.47, 0.40), (0.48, 0.74)],
        [(0.26, 0.76), (0.45, 0.74), (0.68, 0.73)],
    ]
    for stroke in strokes:
        pts = [QPoint(int(x * w), int(y * h)) for x, y in stroke]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=pts[0])
        for a, b in itertools.pairwise(pts):
            for k in range(1, 9):
                QTest.mouseMove(pad, a + (b - a) * (k / 8), 8)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=pts[-1])


def main() -> int:
    from inspect_app.ui.i18n import install

    app = application()
    app.setStyleSheet(style_sheet())
    translators = install(app, "zh")  # Qt's own buttons in Chinese too
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store.open(tmp / "p", create=True) as store:
            demo.create(store)
            style_preview()
            site_plan(store, tmp)
            if "--plan-only" not in sys.argv:
                signature(store)
    del translators
    return 0


if __name__ == "__main__":
    sys.exit(main())
