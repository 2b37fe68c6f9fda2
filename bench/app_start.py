"""Cold start to an interactive main window, on the `demo --size large` profile.

Each run is a new process: `inspect-app --data DIR --smoke-test` opens the main window, waits
until the event loop is idle and exits. The baseline is a bare PySide6 window started the same
way (a new process of the same interpreter, offscreen). Runs alternate, so both see the same
machine; the figures are medians, and the ratio is the app over the bare window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/app_start.py [--runs 7] [--data DIR]
        [--bundle dist/inspect-app/inspect-app]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1100, 700)
w.show()
QTimer.singleShot(0, lambda: app.exit(0))
sys.exit(app.exec())
"""


CPU: dict[str, list[float]] = {}  # the child's user + system seconds, by command


def timed(cmd: list[str]) -> float:
    # This checkout's code, not whichever one the venv's editable install points at.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    # As installed, modules are compiled once: the warm-up run writes the .pyc files.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    CPU.setdefault(" ".join(cmd), []).append(cpu)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--data", type=Path, help="a large demo profile (made if missing)")
    ap.add_argument("--bundle", type=Path, help="also time the PyInstaller bundle's binary")
    args = ap.parse_args()

    exe = str(Path(sys.executable).with_name("inspect-app"))
    data = args.data or Path(tempfile.mkdtemp()) / "large"
    if not (data / "inspect.db").exists():
        t0 = time.perf_counter()
        subprocess.run([exe, "demo", "--data", str(data), "--size", "large"], check=True)
        print(f"made the large demo profile in {time.perf_counter() - t0:.1f} s: {data}")

    contenders = {
        "bare PySide6 window": [sys.executable, "-c", BARE_WINDOW],
        "inspect-app --smoke-test": [exe, "--data", str(data), "--smoke-test"],
    }
    if args.bundle:
        contenders["bundle --smoke-test"] = [str(args.bundle), "--data", str(data), "--smoke-test"]
    for cmd in contenders.values():
        timed(cmd)  # warm the file cache: every run then starts from the same state
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.runs):
        for name, cmd in contenders.items():
            times[name].append(timed(cmd))

    cpu = {k: statistics.median(CPU[" ".join(cmd)][1:]) for k, cmd in contenders.items()}
    base = statistics.median(times["bare PySide6 window"])
    print(f"cold start to an idle main window, median of {args.runs} runs (offscreen)")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(
            f"  {name:26s} {med * 1000:7.0f} ms  (min {min(ts) * 1000:.0f}, max "
            f"{max(ts) * 1000:.0f})  ×{med / base:.2f} of the bare window"
        )
    # CPU time moves much less than wall time when the machine is shared.
    for name in times:
        c = cpu[name]
        print(f"  {name:26s} CPU {c * 1000:7.0f} ms  ×{c / cpu['bare PySide6 window']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
