"""Benchmark: the printed defect list (缺陷清单) of one community, against bare reportlab.

    .venv/bin/inspect-app demo --data /tmp/inspect-bench-large --size large
    .venv/bin/python bench/report_defect_list.py /tmp/inspect-bench-large [--rows 5000] [--runs 3]

Picks the community whose defect count is nearest --rows and prints its whole list through
`build_report` (the whole issue: layout, PDF, and the page record `verify` reads back; the
issue is recorded in the profile). The floor, in the same process and run,
alternating: a bare reportlab `Table` of the very same rows and text (plain strings, the title
and description as two lines, the same embedded font and size, column widths, landscape A4 page
and repeated head row) built with
`SimpleDocTemplate`. Prints medians, peak memory and the ratio; a second line gives the
layout alone (the list without the page record) so the two costs can be told apart.
Runs first on the community's 已指派·重大 defects (about a tenth), so the growth can be read.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle  # noqa: E402

from inspect_app.reports import defect_list  # noqa: E402
from inspect_app.reports.build import build_report, make_context, write_document  # noqa: E402
from inspect_app.reports.data import Filters  # noqa: E402
from inspect_app.reports.fonts import FONT, register  # noqa: E402
from inspect_app.reports.layout import fit_widths  # noqa: E402
from inspect_app.store import Store  # noqa: E402


def community(store: Store, rows: int) -> tuple[str, int]:
    """The community whose defect count is nearest `rows`, and that count."""
    return store.db.execute(
        "SELECT project_id, count(*) AS n FROM defects WHERE deleted = 0 GROUP BY project_id"
        " ORDER BY abs(n - ?) LIMIT 1",
        [rows],
    ).fetchone()


def floor(store: Store, pid: str, filters: Filters, out: Path) -> int:
    """Bare reportlab: the same rows as plain strings in one Table."""
    register()
    ctx = make_context(store, "defects", pid, "", "zh", filters)
    defects = defect_list._defects(ctx)
    data = [defect_list._header(ctx)]
    for i, d in enumerate(defects, 1):
        row = [str(c) for c in defect_list._row(ctx, i, d)]
        row[1] = f"{d.title}\n{d.description}" if d.description else d.title  # same text
        data.append(row)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4),
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=24 * mm,
        bottomMargin=20 * mm,
        initialFontName=FONT,
    )
    widths = fit_widths([0.55, 4.0, 0.7, 0.6, 1.6, 0.75, 2.0, 1.2, 1.2, 0.8], doc.width)
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.6, "black"),
            ]
        )
    )
    pages = []
    doc.build([t], onLaterPages=lambda c, d: pages.append(1))
    return len(pages) + 1


def project(store: Store, pid: str, filters: Filters, out: Path, record: bool) -> int:
    """The app's list (the whole issue when `record`); its page count."""
    if record:
        build_report(store, "defects", out, project_id=pid, filters=filters)
    else:
        ctx = make_context(store, "defects", pid, "", "zh", filters)
        write_document(ctx, out, lambda w: defect_list.story(ctx, w))
    from pypdf import PdfReader

    return len(PdfReader(str(out)).pages)


def measure(profile: Path, rows: int, runs: int, filters: Filters) -> None:
    with Store.open(profile) as store, tempfile.TemporaryDirectory() as tmp:
        pid, _ = community(store, rows)
        ctx = make_context(store, "defects", pid, "", "zh", filters)
        rows = len(defect_list._defects(ctx))
        times: dict[str, list[float]] = {"floor": [], "layout": [], "issue": []}
        pages = {}
        for _ in range(runs):  # alternate, so both see the same machine
            for name in times:
                out = Path(tmp) / f"{name}.pdf"
                start = time.perf_counter()
                if name == "floor":
                    pages[name] = floor(store, pid, filters, out)
                else:
                    pages[name] = project(store, pid, filters, out, record=name == "issue")
                times[name].append(time.perf_counter() - start)
        med = {k: statistics.median(v) for k, v in times.items()}
        print(
            f"{rows:>6} rows  floor {med['floor']:6.2f} s ({pages['floor']} pages)  "
            f"list {med['layout']:6.2f} s ({pages['layout']} pages) ×{med['layout'] / med['floor']:.2f}  "
            f"issued (with page record) {med['issue']:6.2f} s ×{med['issue'] / med['floor']:.2f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("profile", type=Path)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    # small: one status and severity of the same community (about a tenth); large: all of it
    measure(args.profile, args.rows, args.runs, Filters(status=["assigned"], severity=["major"]))
    measure(args.profile, args.rows, args.runs, Filters())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process {peak:.0f} MB")


if __name__ == "__main__":
    main()
