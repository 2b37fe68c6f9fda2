"""Counting open, closed and overdue defects on a 100,000-defect profile, with the conditions
built from core.defect_status, against the hand-written SQL they replaced (same run, same data).

    .venv/bin/python bench/status_counts.py [PROFILE] [--runs N]

PROFILE defaults to /tmp/inspect-bench-large (`inspect-app demo --size large`). Each figure is
the median of N runs in milliseconds; the ratio is new / old (1.00: no change). The old
queries are the ones ui/navigator.py, ui/overview.py and store/defect_stats.py ran before the
status sets were defined once; they also counted different defects (the point of the change),
so the counts are printed beside the times.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from inspect_app.core import defect_status
from inspect_app.core.model import Project
from inspect_app.store import Store, navigation
from inspect_app.store import defect_query as dq
from inspect_app.store import defect_stats as stats


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def old_overview(db, pid: str) -> int:
    """The four queries ui/overview.py ran for a community's cards."""
    where = "project_id = ?"
    db.execute(
        f"SELECT severity, count(*) FROM defects WHERE {where} AND deleted = 0"
        " AND status != 'closed' GROUP BY severity",
        [pid],
    ).fetchall()
    overdue = db.execute(
        f"SELECT count(*) FROM defects WHERE {where} AND deleted = 0 AND due_date != ''"
        " AND due_date < date('now', 'localtime') AND status IN ('assigned', 'rectified')",
        [pid],
    ).fetchone()[0]
    db.execute(f"SELECT count(*) FROM inspections WHERE {where} AND deleted = 0", [pid])
    db.execute(
        f"SELECT count(*) FROM defects WHERE {where} AND deleted = 0 AND status = 'closed'", [pid]
    ).fetchone()
    return overdue


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("profile", nargs="?", default="/tmp/inspect-bench-large")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if not (Path(args.profile) / "inspect.db").exists():
        print(
            f"no profile at {args.profile}: inspect-app demo --data … --size large", file=sys.stderr
        )
        return 2
    with Store.open(args.profile) as s:
        db = s.db
        pid = db.execute(
            "SELECT project_id FROM defects GROUP BY project_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        today = defect_status.project_today(s.get(Project, pid).settings)
        flt = dq.DefectFilter()
        cases = [
            (
                "navigator: communities with open defects",
                lambda: sum(r.open_defects for r in navigation.communities(s)),
                lambda: sum(
                    r[3]
                    for r in db.execute(
                        "SELECT p.id, p.name, p.stage, (SELECT count(*) FROM defects d"
                        " WHERE d.project_id = p.id AND d.deleted = 0 AND d.status != 'closed')"
                        " FROM projects p WHERE p.deleted = 0 ORDER BY p.name"
                    )
                ),
            ),
            (
                "overview: one community's cards",
                lambda: navigation.place_figures(s, pid, today=today).overdue,
                lambda: old_overview(db, pid),
            ),
            (
                "dashboard: open per community",
                lambda: sum(r[2] for r in stats.hazards_per_community(s, flt, today)),
                lambda: sum(
                    r[2]
                    for r in db.execute(
                        "SELECT d.project_id, p.name, count(*), sum(d.severity = 'major')"
                        " FROM defects AS d INDEXED BY defects_desk JOIN projects p"
                        " ON p.id = d.project_id WHERE d.deleted = 0"
                        " AND d.status NOT IN ('verified', 'closed')"
                        " GROUP BY d.project_id ORDER BY 3 DESC, 2"
                    )
                ),
            ),
            (
                "desk: overdue count",
                lambda: dq.count(s, flt.with_(overdue=True), today),
                lambda: db.execute(
                    "SELECT count(*) FROM defects INDEXED BY defects_desk WHERE deleted = 0"
                    " AND status IN ('assigned') AND due_date != '' AND due_date < ?",
                    [today.isoformat()],
                ).fetchone()[0],
            ),
        ]
        print(
            f"{args.profile}: {db.execute('SELECT count(*) FROM defects').fetchone()[0]:,} defects"
        )
        print(f"{'query':44} {'new ms':>8} {'old ms':>8} {'ratio':>6}  counts new / old")
        for name, new, old in cases:
            t_new, n_new = timed(new, args.runs)
            t_old, n_old = timed(old, args.runs)
            print(f"{name:44} {t_new:8.1f} {t_old:8.1f} {t_new / t_old:6.2f}  {n_new} / {n_old}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
