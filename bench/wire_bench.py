"""What the wire schema costs a push: checking every change of a demo profile's outbox
(`wire.changes.check_change`) against pushing the same changes into a fresh central store
(SQLite, in this process: every check, the merge, the log), same run.

    .venv/bin/python bench/wire_bench.py [--size small] [--runs 5]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import argon2

from inspect_app import demo
from inspect_app.server import open_service
from inspect_app.store import Store
from inspect_app.sync.client import pending
from inspect_app.wire.changes import check_change


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="small")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        hasher = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        service, _ = open_service(tmp / "probe", hasher=hasher)
        admin = service.add_user("admin", "admin", "住建委", "bench password")
        with Store.open(tmp / "demo", create=True) as s:
            s.set_actor(admin.id)
            demo.create(s, size=args.size)
            changes = pending(s, 10**9)
        service.db.close()
        for c in changes:
            c["author"] = admin.id
        checks, pushes = [], []
        for run in range(args.runs):
            t0 = time.perf_counter()
            for c in changes:
                check_change(c)
            checks.append(time.perf_counter() - t0)
            service, _ = open_service(tmp / f"server{run}", hasher=hasher)
            acct = service.add_user("admin", "admin", "住建委", "bench password")
            for c in changes:
                c["author"] = acct.id
            t0 = time.perf_counter()
            for i in range(0, len(changes), 1000):
                body = service.push(acct, changes[i : i + 1000])
                assert not body["refused"], body["refused"][:3]
            pushes.append(time.perf_counter() - t0)
            service.db.close()
        check, push = statistics.median(checks), statistics.median(pushes)
        n = len(changes)
        print(f"changes: {n} (demo --size {args.size}), median of {args.runs} runs")
        print(f"wire schema check: {check:.3f} s ({check / n * 1e6:.0f} µs per change)")
        print(f"push into a fresh store (baseline): {push:.3f} s ({push / n * 1e6:.0f} µs/change)")
        print(f"ratio check / push: {check / push:.3f}")


if __name__ == "__main__":
    main()
