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
    app = application()
    app.setStyleSheet(style_sheet())
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Store.open(tmp / "p", create=True) as store:
            demo.create(store)
            site_plan(store, tmp)
            if "--plan-only" not in sys.argv:
                signature(store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
