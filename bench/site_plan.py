"""The site-plan view with 1,000 pins: building the scene, and frame times of zoom and pan.

A frame is one synchronous repaint of the viewport (`viewport().repaint()`), after one zoom
step (×1.1 about the centre) or one pan step (60 px). The baseline is the same view over the
same plan with no pins; the ratio says what the pins cost. A variant keeps the scene's BSP
index, to check the choice of no index for pins that move.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/site_plan.py [--pins 1000] [--frames 40]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsScene

from inspect_app.core.model import Defect, DefectStatus, Project, Severity
from inspect_app.demo_plan import draw_plan
from inspect_app.store import Store
from inspect_app.ui.app import application
from inspect_app.ui.plan_import import import_plan
from inspect_app.ui.site_plan import SitePlanView


def make_profile(root: Path, pins: int) -> tuple[Store, str, str]:
    store = Store.open(root / "p", create=True)
    with_pins = store.save(Project(name="大型小区"))
    bare = store.save(Project(name="空白对照"))
    plan = root / "plan.png"
    plan.write_bytes(draw_plan("大型小区", 9))
    sev, st = list(Severity), list(DefectStatus)
    store.save_many(
        Defect(
            project_id=with_pins.id,
            title=f"问题 {i}",
            severity=sev[i % 3],
            status=st[i % 5],
            plan_x=((i * 7919) % 1000) / 1000,
            plan_y=((i * 104729) % 997) / 997,
        )
        for i in range(pins)
    )
    for pid in (with_pins.id, bare.id):
        import_plan(store, pid, plan)
    return store, with_pins.id, bare.id


def frames(view: SitePlanView, n: int) -> dict[str, list[float]]:
    vp = view.viewport()
    out: dict[str, list[float]] = {"zoom": [], "pan": []}
    view.fit()
    view.zoom(1.5)
    for i in range(n):
        t0 = time.perf_counter()
        view.zoom(1.1 if i < n // 2 else 1 / 1.1)
        vp.repaint()
        out["zoom"].append(time.perf_counter() - t0)
    bar = view.horizontalScrollBar()
    for i in range(n):
        t0 = time.perf_counter()
        bar.setValue(bar.value() + (60 if i < n // 2 else -60))
        vp.repaint()
        out["pan"].append(time.perf_counter() - t0)
    return out


def median_ms(ts: list[float]) -> float:
    return statistics.median(ts) * 1000


def p95_ms(ts: list[float]) -> float:
    return sorted(ts)[int(len(ts) * 0.95) - 1] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pins", type=int, default=1000)
    ap.add_argument("--frames", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    application()
    with tempfile.TemporaryDirectory() as tmp:
        store, pid, bare_id = make_profile(Path(tmp), args.pins)
        view = SitePlanView(store)
        view.resize(1280, 800)
        view.show()
        QTest.qWaitForWindowExposed(view)

        build, pins_only = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            view.load_project(pid)
            view.viewport().repaint()
            build.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            view.reload_pins()
            pins_only.append(time.perf_counter() - t0)
        assert len(view.pins) == args.pins
        print(f"site plan, {args.pins} pins, 2000×1400 plan, 1280×800 view (offscreen)")
        print(
            f"  open the plan with its pins (load, decode, first paint): {median_ms(build):6.1f} ms"
        )
        print(
            f"  build the {args.pins} pin items alone:                  {median_ms(pins_only):6.1f} ms"
        )

        results = {"pins, no index": frames(view, args.frames)}
        view.plan_scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        view.reload_pins()
        results["pins, BSP index"] = frames(view, args.frames)
        view.load_project(bare_id)
        results["no pins (baseline)"] = frames(view, args.frames)
        base = results["no pins (baseline)"]
        print(f"  frame time, median (p95) of {args.frames} frames, ratio to the plan without pins")
        for name, r in results.items():
            print(
                f"    {name:20s} zoom {median_ms(r['zoom']):5.1f} ms ({p95_ms(r['zoom']):5.1f})"
                f" ×{median_ms(r['zoom']) / median_ms(base['zoom']):.2f}"
                f"   pan {median_ms(r['pan']):5.1f} ms ({p95_ms(r['pan']):5.1f})"
                f" ×{median_ms(r['pan']) / median_ms(base['pan']):.2f}"
            )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
