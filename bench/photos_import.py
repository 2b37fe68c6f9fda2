"""Photo import figures: throughput against Pillow's draft-mode decode, GUI stalls, peak memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/photos_import.py [--photos 100] [--gui 500]

1. Throughput: N camera-sized JPEGs (4000×3000, sensor-like noise, EXIF with time, GPS and a
   rotation on some) imported into a fresh profile on every core, as a ratio to the baseline
   measured in the same run on the same files: Pillow opening each file and decoding it in draft
   mode alone, one after the other, (a) at the scale the display copy needs (1/2) and (b) at
   thumbnail scale (1/8). Files are read from the page cache in both.
2. GUI: a PhotoStrip imports M photos while a 5 ms timer on the GUI thread records the longest
   gap between its ticks (the longest event-loop stall), thumbnails appearing as they come.
3. Peak memory: resident memory of the app process plus its decoding processes, sampled.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspect_app.core.model import Defect, Photo, Project
from inspect_app.photos.decode import Settings, process_file
from inspect_app.photos.importer import Importer
from inspect_app.store import Store

W, H = 4000, 3000


def base_image(seed: int) -> Image.Image:
    """A site-like scene with sensor noise, so it compresses and decodes like a camera photo."""
    rng = random.Random(seed)
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    for y in range(0, H, 4):
        k = y / H
        d.rectangle(
            [0, y, W, y + 4],
            fill=(int(120 * (1 - k) + 80 * k), int(160 - 60 * k), int(210 - 110 * k)),
        )
    for _ in range(40):
        x, y = rng.randrange(W), rng.randrange(H // 3, H)
        d.rectangle(
            [x, y, x + rng.randint(100, 900), y + rng.randint(80, 700)],
            fill=tuple(rng.randint(40, 220) for _ in range(3)),
        )
    noise = Image.merge("RGB", [Image.effect_noise((W, H), 40 + i * 5) for i in range(3)])
    return Image.blend(im, noise, 0.22)


def exif_for(i: int) -> bytes:
    ex = Image.Exif()
    ex[ExifTags.Base.Orientation] = 6 if i % 4 == 0 else 1
    ex.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = (
        datetime(2026, 11, 25, 9) + timedelta(seconds=37 * i)
    ).strftime("%Y:%m:%d %H:%M:%S")
    g = ex.get_ifd(ExifTags.IFD.GPSInfo)
    g[ExifTags.GPS.GPSLatitudeRef], g[ExifTags.GPS.GPSLatitude] = "N", (39, 57, 12.5)
    g[ExifTags.GPS.GPSLongitudeRef], g[ExifTags.GPS.GPSLongitude] = "E", (116, 24, 3.25)
    return ex.tobytes()


def make_files(folder: Path, n: int, bases: list[bytes]) -> list[Path]:
    """n distinct files: the base JPEGs with a unique comment segment each (same decode cost)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        data = bases[i % len(bases)]
        note = f"bench photo {i}".encode()
        com = b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note
        p = folder / f"IMG_{i:04d}.jpg"
        p.write_bytes(data[:2] + com + data[2:])
        out.append(p)
    return out


def baseline(files: list[Path], scale: float) -> float:
    t0 = time.perf_counter()
    for f in files:
        with Image.open(f) as im:
            im.draft("RGB", (int(im.width * scale), int(im.height * scale)))
            im.load()
    return time.perf_counter() - t0


def cpu_per_photo(tmp: Path, files: list[Path]) -> tuple[float, float]:
    """CPU seconds per photo, in this process, of the draft decode alone and of a worker's whole
    step (hash, decode, rotate, display copy, thumbnail, writes): unlike wall time, this does not
    depend on what else the machine is running."""
    decode_cpu = step_cpu = 0.0
    for i, f in enumerate(files):
        t0 = time.process_time()
        with Image.open(f) as im:
            im.draft("RGB", (int(im.width * 0.95 * 2048 / W), int(im.height * 0.95 * 2048 / W)))
            im.load()
        decode_cpu += time.process_time() - t0
        t0 = time.process_time()
        d = process_file(
            str(f), str(tmp / f"cpu{i}" / "blobs"), str(tmp / f"cpu{i}" / "cache"), Settings()
        )
        step_cpu += time.process_time() - t0
        assert not d.error, d.error
    return decode_cpu / len(files), step_cpu / len(files)


class MemorySampler(threading.Thread):
    """Peak resident memory of this process and all its descendants."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.stop = threading.Event()

    def _tree(self, pid: int) -> list[int]:
        pids = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    for child in f.read().split():
                        pids += self._tree(int(child))
        except OSError:
            pass
        return pids

    def rss(self) -> int:
        total = 0
        for pid in set(self._tree(os.getpid())):
            try:
                with open(f"/proc/{pid}/status") as f:
                    total += (
                        next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) * 1024
                    )
            except (OSError, StopIteration):
                pass
        return total

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.05)


def bench_throughput(tmp: Path, files: list[Path], rounds: int = 5) -> dict:
    """Baseline and import alternate over slices of the files, so a change in the machine's load
    during the run weighs on both sides alike."""
    for f in files:  # warm the page cache for both sides alike
        f.read_bytes()
    half = eighth = took = parent_cpu = 0.0
    with Store.open(tmp / "prof-throughput", create=True) as store:
        project = store.save(Project(name="基准小区"))
        with Importer(store, project.id, Settings(), workers=os.cpu_count()) as imp:
            for k in range(rounds):
                part = files[k::rounds]
                half += baseline(part, 0.95 * 2048 / W)
                eighth += baseline(part, 320 / W)
                t0, c0 = time.perf_counter(), time.process_time()
                results = list(imp.run(part))  # the first round includes starting the decoders
                took += time.perf_counter() - t0
                parent_cpu += time.process_time() - c0
                assert all(r.ok for r in results), [r.error for r in results if not r.ok]
        assert store.count(Photo) == len(files)
    decode_cpu, step_cpu = cpu_per_photo(tmp, files[:20])
    return {
        "half": half,
        "eighth": eighth,
        "import": took,
        "n": len(files),
        "decode_cpu": decode_cpu,
        "step_cpu": step_cpu,
        "parent_cpu": parent_cpu / len(files),
    }


def tick_gaps(app, seconds: float, until=None) -> list[float]:
    """Gaps between the ticks of a 5 ms timer on the GUI thread (ms), for `seconds` or until
    `until` fires."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps: list[float] = []
    clock = QElapsedTimer()
    tick = QTimer(interval=5)
    tick.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    tick.start()
    if until is None:
        QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    tick.stop()
    tick.deleteLater()
    return gaps[1:]


def bench_gui(tmp: Path, files: list[Path]) -> dict:
    from inspect_app.ui.app import application
    from inspect_app.ui.photo_strip import PhotoStrip

    app = application()
    store = Store.open(tmp / "prof-gui", create=True)
    project = store.save(Project(name="基准小区"))
    defect = store.save(Defect(project_id=project.id, title="基准问题"))
    strip = PhotoStrip(store, "defect", defect.id)
    strip.resize(1000, 220)
    strip.show()
    idle = tick_gaps(app, 5.0)  # the same timer with nothing imported: the machine's own noise
    sampler = MemorySampler()
    done = {}

    def finished(imported, refused, cancelled):
        done.update(imported=imported, refused=refused, t=time.perf_counter() - t0)
        app.quit()

    strip.importer.import_finished.connect(finished)
    sampler.start()
    t0 = time.perf_counter()
    strip.import_files([str(f) for f in files])
    gaps = tick_gaps(app, 0, until=True)
    sampler.stop.set()
    sampler.join()
    shown = strip.model.rowCount()
    strip.close()
    strip.deleteLater()
    app.processEvents()
    store.close()
    return {
        "n": len(files),
        "imported": done["imported"],
        "shown": shown,
        "seconds": done["t"],
        "max_stall_ms": max(gaps) - 5,
        "p99_ms": statistics.quantiles(gaps, n=100)[98],
        "idle_max_stall_ms": max(idle) - 5,
        "idle_p99_ms": statistics.quantiles(idle, n=100)[98],
        "peak_rss_mb": sampler.peak / 1e6,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=100)
    ap.add_argument("--gui", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        bases = []
        for i in range(10):
            buf = io.BytesIO()
            base_image(i).save(buf, "JPEG", quality=92, exif=exif_for(i))
            bases.append(buf.getvalue())
        files = make_files(tmp / "card", args.photos, bases)
        mb = sum(f.stat().st_size for f in files) / len(files) / 1e6
        print(f"load average at the start: {os.getloadavg()}")
        print(
            f"made {len(files)} {W}×{H} JPEGs ({mb:.1f} MB each) in {time.perf_counter() - t0:.1f} s; {os.cpu_count()} cores"
        )

        r = bench_throughput(tmp, files)
        n = r["n"]
        print(
            f"baseline, draft decode at 1/2 scale, one process: {r['half']:.2f} s ({1000 * r['half'] / n:.0f} ms/photo)"
        )
        print(
            f"baseline, draft decode at 1/8 scale, one process: {r['eighth']:.2f} s ({1000 * r['eighth'] / n:.0f} ms/photo)"
        )
        print(
            f"import on {os.cpu_count()} cores (store original, 2048 display copy, thumbnail, record): {r['import']:.2f} s ({1000 * r['import'] / n:.0f} ms/photo, {n / r['import']:.1f} photos/s)"
        )
        print(f"ratio import / 1/2-scale decode: {r['import'] / r['half']:.2f}×")
        print(f"ratio import / 1/8-scale decode: {r['import'] / r['eighth']:.2f}×")
        cores = os.cpu_count() or 1
        est = (
            (r["step_cpu"] + r["parent_cpu"]) / cores / r["decode_cpu"]
        )  # all of it shares the cores
        print(
            f"CPU per photo: draft decode alone {1000 * r['decode_cpu']:.0f} ms, a worker's whole step "
            f"{1000 * r['step_cpu']:.0f} ms, the importing process {1000 * r['parent_cpu']:.1f} ms; "
            f"on {cores} otherwise idle cores that is {est:.2f}× the decode alone"
        )

        if args.gui:
            gui_files = make_files(tmp / "card500", args.gui, bases)
            g = bench_gui(tmp, gui_files)
            print(
                f"GUI import of {g['n']} photos: {g['seconds']:.1f} s, {g['imported']} imported, "
                f"{g['shown']} thumbnails shown; longest event-loop stall {g['max_stall_ms']:.0f} ms "
                f"(p99 tick gap {g['p99_ms']:.0f} ms); same timer idle, before the import: longest "
                f"stall {g['idle_max_stall_ms']:.0f} ms (p99 {g['idle_p99_ms']:.0f} ms); peak memory "
                f"(app + decoders) {g['peak_rss_mb']:.0f} MB"
            )
        print(f"load average at the end: {os.getloadavg()}")
        sys.stdout.flush()
        os._exit(0)  # skip interpreter teardown of Qt objects


if __name__ == "__main__":
    main()
