"""The defect desk on a 100,000-defect profile: time until the view shows the result.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/defect_desk.py [PROFILE] [--runs N]

PROFILE defaults to /tmp/inspect-bench-large, made with `inspect-app demo --size large` when
missing (about a minute). Each step is timed from the user's action until the table has
repainted synchronously (every visible cell's data read), median of N runs. The baseline, in
the same run, is what a plain list model would do for the same step: read every matching row
into memory (and, for search, a LIKE scan).
"""

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt

from inspect_app.core.model import Role, User
from inspect_app.store import Store
from inspect_app.store import defect_query as dq
from inspect_app.ui.app import application


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(fn, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("profile", nargs="?", default="/tmp/inspect-bench-large")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    prof = Path(args.profile)
    if not (prof / "inspect.db").exists():
        exe = Path(sys.executable).with_name("inspect-app")
        subprocess.run([exe, "demo", "--data", prof, "--size", "large"], check=True)

    app = application()
    store = Store.open(prof)
    store.set_actor(store.find(User, "role = ?", [Role.SUPERVISOR.value])[0].id)
    total = dq.count(store, dq.DefectFilter())
    base_rss = rss_mb()

    from inspect_app.ui.defect_desk import DefectDesk

    desks = []

    def shown(desk):
        desk.table.viewport().repaint()  # paints now: every visible row is read

    def open_desk():
        desk = DefectDesk(store)
        desk.resize(1400, 860)
        desk.show()
        app.processEvents()
        shown(desk)
        desks.append(desk)

    def drop_desks():
        while desks:
            d = desks.pop()
            d.close()
            d.deleteLater()
        # processEvents() leaves deferred deletes queued: without this every desk built stayed
        # alive and the memory figure counted all of them.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()

    results = []
    t_open = timed(open_desk, args.runs, before=drop_desks)
    open_rss = rss_mb()
    desk = desks[-1]
    listed = desk.model.rowCount()

    def naive(where="deleted = 0", params=(), order="reported_at DESC"):
        return lambda: store.db.execute(
            f"SELECT * FROM defects WHERE {where} ORDER BY {order}", list(params)
        ).fetchall()

    results.append(("open the list (all defects)", t_open, timed(naive(), args.runs)))

    def apply(flt):
        def step():
            desk.set_filter(flt)
            shown(desk)

        return step

    reset = apply(dq.DefectFilter())
    results.append(
        (
            "list all again (after a filter)",
            timed(reset, args.runs, before=apply(dq.DefectFilter(status="closed"))),
            timed(naive(), 3),
        )
    )
    f_status = dq.DefectFilter(status="assigned", severity="major")
    results.append(
        (
            "filter: status 整改中 + severity 重大",
            timed(apply(f_status), args.runs, before=reset),
            timed(naive("deleted = 0 AND status = ? AND severity = ?", ["assigned", "major"]), 3),
        )
    )
    results.append(
        (
            "filter: overdue",
            timed(apply(dq.DefectFilter(overdue=True)), args.runs, before=reset),
            timed(
                naive(
                    "deleted = 0 AND status = 'assigned' AND due_date != '' AND due_date < date()"
                ),
                3,
            ),
        )
    )
    header = desk.table.horizontalHeader()
    for col, name, order in ((7, "due", "due_date"), (0, "title", "title"), (1, "community", None)):

        def sort(col=col):
            header.setSortIndicator(col, Qt.SortOrder.AscendingOrder)  # what a header click does
            shown(desk)

        def unsort():
            header.setSortIndicator(8, Qt.SortOrder.DescendingOrder)

        base = (
            naive(order=order)
            if order
            else naive(order="(SELECT name FROM projects p WHERE p.id = project_id)")
        )
        results.append(
            (f"sort by {name} (all defects)", timed(sort, args.runs, unsort), timed(base, 3))
        )
    unsort()

    def search(text, flt=None):
        flt = flt or dq.DefectFilter()

        def step():
            desk.set_filter(flt.with_(search=text))
            shown(desk)

        return step

    results.append(
        (
            "search 燃气 (two characters)",
            timed(search("燃气"), args.runs, before=reset),
            timed(
                naive(
                    "deleted = 0 AND (title LIKE ? OR description LIKE ? OR category LIKE ?)",
                    ["%燃气%"] * 3,
                ),
                3,
            ),
        )
    )
    results.append(
        (
            "search 立管 + status 整改中",
            timed(search("立管", dq.DefectFilter(status="assigned")), args.runs, before=reset),
            timed(
                naive(
                    "deleted = 0 AND status = 'assigned' AND (title LIKE ? OR description LIKE ?)",
                    ["%立管%"] * 2,
                ),
                3,
            ),
        )
    )

    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"profile: {prof} ({total:,} defects), {args.runs} runs, median ms, load {load}")
    print(f"{'step':40} {'desk':>8} {'baseline':>9} {'ratio':>6}")
    for name, t, b in results:
        print(f"{name:40} {t:8.1f} {b:9.1f} {b / t:6.1f}x")
    print(
        f"memory: {base_rss:.0f} MB before the desk, {open_rss:.0f} MB with it open"
        f" (+{open_rss - base_rss:.0f} MB; the list holds {listed:,} rowids)"
    )
    full = store.db.execute("SELECT * FROM defects WHERE deleted = 0").fetchall()
    print(
        f"baseline memory: every row in memory +{rss_mb() - open_rss:.0f} MB ({len(full):,} rows)"
    )
    store.close()
    os._exit(0)  # skip tearing down Qt widgets one by one


if __name__ == "__main__":
    main()
