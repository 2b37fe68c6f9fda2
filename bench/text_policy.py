"""What the text policy costs a write: saving defects with every text field through
core.text.clean_fields (as Store.save and save_many do), against the same saves with the
policy bypassed (same run, same records).

    .venv/bin/python bench/text_policy.py [--n 20000] [--runs 3]

Figures are the median of N runs in milliseconds for save_many of n defects, and for n single
saves (a tenth of n); the ratio is with / without the policy (1.00: no cost).
"""

import argparse
import statistics
import time
from unittest import mock

from inspect_app.core.model import Defect, Project
from inspect_app.store import Store
from inspect_app.store import store as store_module


def defects(pid: str, n: int) -> list[Defect]:
    return [
        Defect(
            project_id=pid,
            title=f"燃气立管锈蚀 {i}",
            description="3号楼东侧立管底部锈蚀，需更换。" * (1 + i % 4),
            location_text=f"{i % 12 + 1}号楼{i % 6 + 1}单元",
            category="燃气",
        )
        for i in range(n)
    ]


def run(n: int, policy: bool) -> tuple[float, float]:
    s = Store.memory()
    pid = s.save(Project(name="基准小区")).id
    bypass = (
        mock.patch.object(store_module, "_clean", lambda r: (r.field_values(), []))
        if not policy
        else mock.patch.object(store_module, "_clean", store_module._clean)
    )
    with bypass:
        batch = defects(pid, n)
        t0 = time.perf_counter()
        s.save_many(batch)
        many = (time.perf_counter() - t0) * 1000
        single = defects(pid, n // 10)
        t0 = time.perf_counter()
        for d in single:
            s.save(d)
        one = (time.perf_counter() - t0) * 1000
    s.close()
    return many, one


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with_p = [run(a.n, True) for _ in range(a.runs)]
    without = [run(a.n, False) for _ in range(a.runs)]
    for i, what in enumerate((f"save_many({a.n})", f"save × {a.n // 10}")):
        w = statistics.median(r[i] for r in with_p)
        o = statistics.median(r[i] for r in without)
        print(f"{what:<22} policy {w:9.1f} ms   bypassed {o:9.1f} ms   ratio {w / o:.2f}")


if __name__ == "__main__":
    main()
