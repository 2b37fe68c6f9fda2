"""How long the form engine takes per answer, against the bare write it sits on.

For drainage surveys of 10, 50 and 200 segments (5 defects each), in a real profile:
- `save`: Store.save of the inspection with one answer changed (the baseline: what any answer
  costs without the engine);
- `evaluate`: one evaluate() of the whole survey (pure);
- `set_answer`: the store function the form renderer calls (write + two evaluations +
  auto-defect reconciliation, one transaction).
Prints milliseconds per call and the ratio to the baseline measured in the same run.

    .venv/bin/python bench/bench_checklists.py
"""

import random
import tempfile
import time
from pathlib import Path

from inspect_app import forms
from inspect_app.core.engine import evaluate
from inspect_app.core.model import Inspection, Project
from inspect_app.store import Store
from inspect_app.store.inspections import set_answer, start_inspection


def segments(n: int, rng: random.Random) -> list[dict]:
    out = []
    for i in range(n):
        defects, pos = [], 0.0
        for _ in range(5):
            pos = round(pos + rng.uniform(0.5, 8), 1)
            code = rng.choice(["PL", "CK", "SL", "TJ", "CJ", "JG", "ZW"])
            defects.append({"code": code, "grade": str(rng.randint(1, 3)), "position_m": pos})
        out.append(
            {
                "segment_id": f"W{i}-W{i + 1}",
                "use": "sewage",
                "diameter_mm": rng.choice([300, 600, 800]),
                "material": "concrete",
                "area_k": "3",
                "soil_t": "0",
                "defects": defects,
                "misconnection": "pass",
                "manhole_cover": "pass",
            }
        )
    return out


def per_call(fn, repeat: int) -> float:
    start = time.perf_counter()
    for i in range(repeat):
        fn(i)
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    tpl = forms.load_all()["drainage-survey"]
    rng = random.Random(1)
    print(f"{'segments':>8} {'save ms':>8} {'evaluate ms':>12} {'set_answer ms':>14} "
          f"{'eval/save':>10} {'set/save':>9}")  # fmt: skip
    for n in (10, 50, 200):
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "p", create=True) as s:
            project = s.save(Project(name="bench"))
            insp = start_inspection(s, tpl, project.id)
            answers = {"area": "x", "surveyed_on": "2026-11-25", "segments": segments(n, rng)}
            insp.answers = answers
            s.save(insp)

            def save(i, s=s, insp=insp):
                rec = s.get(Inspection, insp.id)
                rec.answers["remarks"] = f"r{i}"
                s.save(rec)

            def answer(i, s=s, insp=insp):
                set_answer(s, insp.id, "segments[0].length_m", 30 + i % 7)

            repeat = 40 if n < 200 else 15
            base = per_call(save, repeat)
            ev = per_call(lambda i, a=answers: evaluate(tpl, a), repeat)
            sa = per_call(answer, repeat)
            print(
                f"{n:>8} {base:>8.2f} {ev:>12.2f} {sa:>14.2f} {ev / base:>10.1f} {sa / base:>9.1f}"
            )


if __name__ == "__main__":
    main()
