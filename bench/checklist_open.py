"""Time to open a 200-item checklist in the form view, against a plain Qt form of the same size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/checklist_open.py [--items 200] [--runs 7]

Prints the median time until the form is laid out and painted once, for inspect-app's FormView
and for a baseline: a QScrollArea with the same number of QLabel + QLineEdit rows built by hand.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QScrollArea, QWidget

from inspect_app.core.model import Inspection, Project, TemplateSnapshot
from inspect_app.core.templates import parse_template
from inspect_app.store import Store
from inspect_app.ui.app import application
from inspect_app.ui.form_view import FormView

TYPES = ["pass_fail", "pass_fail", "number", "choice", "text"]


def template_text(n_items: int) -> str:
    sections = []
    for s in range(n_items // 20):
        items = []
        for i in range(20):
            kind = TYPES[i % len(TYPES)]
            item = {
                "id": f"s{s}_i{i}",
                "type": kind,
                "label": {
                    "zh": f"第{s + 1}部分 检查项 {i + 1}：燃气立管与阀门外观",
                    "en": f"Item {i}",
                },
            }
            if kind == "number":
                item.update(unit="mm", min=0, max=50)
            if kind == "choice":
                item["options"] = [
                    {"value": "a", "label": "良好"},
                    {"value": "b", "label": "一般"},
                    {"value": "c", "label": "差", "fails": True},
                ]
            items.append(item)
        sections.append({"id": f"s{s}", "title": f"第{s + 1}部分", "items": items})
    return yaml.safe_dump(
        {
            "id": "bench",
            "version": 1,
            "title": "基准检查表",
            "kind": "patrol",
            "sections": sections,
        },
        allow_unicode=True,
    )


def paint(w: QWidget) -> None:
    w.show()
    QApplication.processEvents()
    w.grab()


def baseline(n_items: int) -> float:
    start = time.perf_counter()
    area = QScrollArea()
    body = QWidget()
    form = QFormLayout(body)
    for i in range(n_items):
        form.addRow(QLabel(f"检查项 {i + 1}：燃气立管与阀门外观"), QLineEdit())
    area.setWidget(body)
    area.resize(1000, 700)
    paint(area)
    took = time.perf_counter() - start
    area.deleteLater()
    return took


def ours(store: Store, inspection_id: str, view: FormView) -> float:
    start = time.perf_counter()
    view.load(inspection_id)
    paint(view)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    application()
    text = template_text(args.items)
    tpl = parse_template(text)
    store = Store.open(Path(tempfile.mkdtemp()) / "p", create=True)
    p = store.save(Project(name="基准小区"))
    store.save(
        TemplateSnapshot(template_id=tpl.id, version=1, content_hash=tpl.content_hash, content=text)
    )
    insp = store.save(
        Inspection(
            project_id=p.id,
            template_id=tpl.id,
            template_version=1,
            template_hash=tpl.content_hash,
            kind="patrol",
        )
    )
    view = FormView(store)
    view.resize(1000, 700)
    base = [baseline(args.items) for _ in range(args.runs)]
    mine = [ours(store, insp.id, view) for _ in range(args.runs)]
    b, m = statistics.median(base), statistics.median(mine)
    print(f"checklist of {len(tpl.items())} items, median of {args.runs} runs")
    print(f"  plain Qt form (baseline): {b * 1000:7.1f} ms")
    print(f"  inspect-app FormView:     {m * 1000:7.1f} ms   ratio {m / b:.2f}x")


if __name__ == "__main__":
    main()
