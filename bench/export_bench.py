"""Benchmark: `inspect-app export` of a whole profile, time and peak memory, against a floor.

    .venv/bin/python bench/export_bench.py /tmp/inspect-bench-large [/tmp/small-profile ...]
        [--runs 3] [--xlsx]

Each figure is a fresh process (peak memory is that process's max RSS):
  floor   every row of every record table read with the sqlite3 module and written as one
          JSON line (json.dumps of the row as read: no decoding of its JSON fields, no sorting,
          no indenting) — the bare cost of reading and serialising the rows
  export  `inspect-app export --out all.json`: the canonical export (every record, keys sorted,
          indented, JSON fields decoded), the bytes a test compares with the whole snapshot
  xlsx    (with --xlsx) the same to .xlsx
Runs alternate; medians. Give several profiles to read how time and memory grow with size.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

FLOOR = """
import json, sqlite3, sys
from inspect_app.core.model import RECORD_TYPES
db = sqlite3.connect(sys.argv[1] + "/inspect.db")
db.row_factory = sqlite3.Row
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for cls in RECORD_TYPES:
        for row in db.execute(f"SELECT * FROM {cls.table} ORDER BY id"):
            f.write(json.dumps(dict(row), ensure_ascii=False) + "\\n")
"""

EXPORT = """
import sys
from pathlib import Path
from inspect_app.store import Store
from inspect_app.store.export import export
with Store.open(Path(sys.argv[1])) as s:
    export(s, Path(sys.argv[2]))
"""

PEAK = """
import resource, sys
sys.argv = sys.argv[1:]
code = sys.argv[0]
sys.argv[0] = "-c"
exec(compile(code, "<bench>", "exec"))
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(code: str, profile: Path, out: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run(
        [PY, "-c", PEAK, code, str(profile), str(out)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(done.stderr)
    peak = int(done.stdout.split("PEAK")[-1]) / 1024
    return elapsed, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("profiles", type=Path, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--xlsx", action="store_true")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for profile in args.profiles:
        db = profile / "inspect.db"
        with tempfile.TemporaryDirectory() as tmp:
            kinds = {"floor": (FLOOR, "f.jsonl"), "export": (EXPORT, "all.json")}
            if args.xlsx:
                kinds["xlsx"] = (EXPORT, "all.xlsx")
            figures: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
            for _ in range(args.runs):
                for name, (code, out) in kinds.items():
                    figures[name].append(run(code, profile, Path(tmp) / out))
            size = (Path(tmp) / "all.json").stat().st_size / 2**20
        med = {
            k: (statistics.median(t for t, _ in v), max(m for _, m in v))
            for k, v in figures.items()
        }
        f_t, f_m = med["floor"]
        print(f"{profile} ({db.stat().st_size / 2**20:.0f} MB store, {size:.0f} MB JSON)")
        for name, (t, m) in med.items():
            print(f"  {name:6} {t:7.2f} s ×{t / f_t:.2f}   peak {m:6.0f} MB ×{m / f_m:.2f}")


if __name__ == "__main__":
    main()
