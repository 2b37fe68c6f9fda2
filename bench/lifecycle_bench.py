"""Lifecycle figures: the exact vote tally and a project's gate status.

    .venv/bin/python bench/lifecycle_bench.py

Each figure is a ratio to a baseline measured in the same run on the same data:
- tally: 20,000 owners counted with exact fractions vs. the same sums in floats;
- status: every gate of a community with 5,000 defects vs. just loading its open defects.
"""

import platform
import random
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from inspect_app.core.model import Defect, DefectStatus, Project, Severity, Stage
from inspect_app.core.votes import ART_278, BallotRow, Choice, Matter, tally
from inspect_app.store import Store
from inspect_app.store import lifecycle as lc


def best(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = random.Random(7)
    rows = [
        BallotRow(
            f"u{i}", f"o{i}", Fraction(rng.randint(4000, 12000), 100), rng.choice(list(Choice))
        )
        for i in range(20_000)
    ]
    floats = [(float(r.area), r.choice) for r in rows]

    def float_tally():
        total = part = yes = 0.0
        for area, choice in floats:
            total += area
            if choice != Choice.ABSENT:
                part += area
                if choice == Choice.YES:
                    yes += area
        return part / total, yes / part

    exact = best(lambda: tally(rows, ART_278[Matter.MAJOR]))
    base = best(float_tally)
    print(
        f"tally 20,000 owners: exact {exact * 1000:.1f} ms, float baseline {base * 1000:.1f} ms, ratio {exact / base:.1f}"
    )

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "p", create=True) as s:
        p = s.save(Project(name="基准小区", stage=Stage.CONSTRUCTION))
        statuses = list(DefectStatus)
        s.save_many(
            Defect(
                project_id=p.id,
                title=f"问题{i}",
                severity=rng.choice(list(Severity)),
                status=rng.choice(statuses),
            )
            for i in range(5000)
        )
        status = best(lambda: lc.status(s, p.id))
        load = best(lambda: s.find(Defect, "project_id = ? AND status != 'closed'", [p.id]))
        print(
            f"project status, 5,000 defects: {status * 1000:.1f} ms, loading open defects {load * 1000:.1f} ms, ratio {status / load:.2f}"
        )
    print(f"(best of 5; Python {platform.python_version()})")


if __name__ == "__main__":
    main()
