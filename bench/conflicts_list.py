"""The conflicts list and its count (store/conflicts.py), on a profile with many conflicts.

    .venv/bin/python bench/conflicts_list.py [--defects 5000] [--conflicts 1000] [--runs 7]

A fresh profile in a temporary folder: a community, a supervisor and an inspector, DEFECTS
defects, CONFLICTS conflicts on them as the central store sends them (each with the audit row
of its winning edit), half of them settled. Figures are medians of RUNS; the baseline, in the
same run, is the plain read of what the list shows: the conflict rows and each one's defect
row. The count runs after every edit in the window (status bar), so it is also timed on a
profile where every conflict is settled, beside `pending_changes()` that runs there too.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from inspect_app.core.model import (
    ConflictSettlement,
    Defect,
    Organization,
    OrgKind,
    Project,
    Role,
    User,
)
from inspect_app.store import Store
from inspect_app.store import conflicts as ops


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def build(path: Path, n_defects: int, n_conflicts: int) -> tuple[Store, str, str]:
    store = Store.open(path, create=True)
    org = Organization(name="华建监理", kind=OrgKind.SUPERVISOR)
    sup = User(name="wang", role=Role.SUPERVISOR, org_id=org.id)
    insp = User(name="li", role=Role.INSPECTOR, org_id=org.id)
    project = Project(name="和平里东街小区")
    defects = [Defect(project_id=project.id, title=f"问题{i}") for i in range(n_defects)]
    store.save_many([org, sup, insp, project, *defects], actor=sup.id)
    rows, audit = [], []
    for i in range(n_conflicts):
        d = defects[i % n_defects]
        winner = f"{1_780_000_000_000 + i:015d}.00000.w{i % 7}"
        loser = f"{1_779_999_999_000 + i:015d}.00000.l{i % 5}"
        rows.append((f"c{i:031d}", "defects", d.id, "description", f"落败的描述{i}", loser,
                     insp.id if i % 2 else sup.id, winner, "2026-11-29T10:00:00+00:00"))  # fmt: skip
        audit.append((winner, "2026-11-29T10:00:00+00:00", sup.id, "merge", "defects", d.id,
                      f'{{"description": ["", "胜出的描述{i}"]}}'))  # fmt: skip
    with store.transaction():
        store.db.conn.executemany(
            "INSERT INTO conflicts (id, table_name, record_id, field, value, hlc, author,"
            " winner_hlc, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        store.db.conn.executemany(
            "INSERT INTO audit (hlc, at, actor, action, table_name, record_id, changes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            audit,
        )
    settled = [
        ConflictSettlement(
            id=r[0],
            target_type="defects",
            target_id=r[2],
            field="description",
            decision="keep",
            value=None,
        )
        for r in rows[::2]
    ]
    store.save_many(settled, actor=sup.id)
    return store, sup.id, insp.id


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--defects", type=int, default=5000)
    ap.add_argument("--conflicts", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, sup, insp = build(Path(tmp) / "p", args.defects, args.conflicts)

        def baseline():
            for r in store.db.execute("SELECT * FROM conflicts").fetchall():
                store.db.execute("SELECT * FROM defects WHERE id = ?", [r[2]]).fetchone()

        base = timed(baseline, args.runs)
        results = []
        store.actor = sup
        results.append(("supervisor: every conflict", timed(lambda: ops.list_conflicts(store),
                                                             args.runs), base))  # fmt: skip
        results.append(("supervisor: open count", timed(lambda: ops.count_open(store),
                                                        args.runs), base))  # fmt: skip
        store.actor = insp
        results.append(("inspector: own conflicts", timed(lambda: ops.list_conflicts(store),
                                                          args.runs), base))  # fmt: skip
        results.append(
            ("inspector: open count", timed(lambda: ops.count_open(store), args.runs), base)
        )
        store.actor = sup
        open_rows = ops.list_conflicts(store, open_only=True)
        store.save_many(
            [ConflictSettlement(id=r["id"], target_type="defects", target_id=r["record_id"],
                                field="description", decision="keep") for r in open_rows],
            actor=sup,
        )  # fmt: skip
        pending = timed(store.pending_changes, args.runs)
        results.append(("open count, all settled", timed(lambda: ops.count_open(store),
                                                         args.runs), pending))  # fmt: skip
        store.close()
    print(f"{args.conflicts} conflicts on {args.defects} defects, median of {args.runs} runs")
    print(f"{'step':32} {'ms':>9} {'baseline ms':>12} {'ratio':>7}")
    for name, ms, b in results:
        print(f"{name:32} {ms:9.2f} {b:12.2f} {ms / b:7.2f}")
    print("baseline: the conflict rows and each one's defect row read plainly;")
    print("          for the all-settled count, store.pending_changes() (the status bar runs both)")


if __name__ == "__main__":
    main()
