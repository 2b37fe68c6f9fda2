"""Benchmark: a hazard survey report of 200 hazards with 400 camera-sized photos.

    .venv/bin/python bench/report_survey.py [--hazards 200] [--photos-per 2] [--keep DIR]

Makes a profile with 12-megapixel JPEGs (4000×3000, the size phones and cameras deliver),
then builds the survey report in fresh processes:
  baseline  the same report with its photos unlinked (text and tables only)
  cold      no cached print copies: every original is decoded and downscaled once
  warm      print copies cached, as on every later print
and prints time, peak memory (max RSS of that process) and PDF size, with ratios to the
baseline measured in the same run. Targets: warm ≤ 2 s, ≤ 400 MB, PDF ≤ 60 MB.
"""

import argparse
import io
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspect_app.core.model import (  # noqa: E402
    Building,
    Defect,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Role,
    Severity,
)
from inspect_app.store import Store  # noqa: E402

CATEGORIES = ("燃气", "排水", "电气", "消防", "结构")


def camera_like(rng: random.Random, w: int = 4000, h: int = 3000) -> Image.Image:
    """A photo-sized image with texture (noise and shapes), so it compresses like a photo."""
    small = Image.effect_noise((w // 8, h // 8), 60).convert("RGB")
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y = rng.randrange(w // 8), rng.randrange(h // 8)
        draw.rectangle(
            [x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 120)],
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    big = small.resize((w, h), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(1))
    return Image.blend(big, Image.effect_noise((w, h), 25).convert("RGB"), 0.25)


def make_profile(path: Path, hazards: int, photos_per: int) -> None:
    rng = random.Random(7)
    bases = [camera_like(rng) for _ in range(4)]
    with Store.open(path, create=True) as store:
        owner = Organization(name="东城区住建委", kind=OrgKind.OWNER)
        sup = Organization(name="华建监理", kind=OrgKind.SUPERVISOR)
        p = Project(name="基准测试小区", address="北京市东城区基准路1号院", households=480)
        blds = [Building(project_id=p.id, name=f"{i}号楼", floors=6, units=3) for i in range(1, 9)]
        records = [owner, sup, p, *blds]
        records += [
            ProjectMember(project_id=p.id, org_id=o.id, role=Role.SUPERVISOR) for o in (owner, sup)
        ]
        for n in range(hazards):
            d = Defect(
                project_id=p.id,
                title=f"{CATEGORIES[n % 5]}隐患 {n + 1:03d}：管道锈蚀渗漏，需更换",
                category=CATEGORIES[n % 5],
                severity=(Severity.MAJOR, Severity.SERIOUS, Severity.MINOR)[n % 3],
                description="现场检查发现管道外壁锈蚀严重，接口处有渗漏痕迹，存在安全隐患。" * 2,
                building_id=blds[n % 8].id,
                unit=f"{n % 3 + 1}单元",
                floor=f"{n % 6 + 1}层",
                reported_at=f"2026-10-{n % 28 + 1:02d}T09:30:00+08:00",
            )
            records.append(d)
            for k in range(photos_per):
                img = bases[(n + k) % len(bases)].copy()
                ImageDraw.Draw(img).rectangle([0, 0, 600, 200], fill=(n % 256, k * 80, 40))
                buf = io.BytesIO()
                img.save(buf, "JPEG", quality=88)
                ph = Photo(
                    sha256=store.blobs.put_bytes(buf.getvalue()),
                    project_id=p.id,
                    width=4000,
                    height=3000,
                    bytes=buf.tell(),
                    caption=f"隐患 {n + 1} 照片 {k + 1}",
                )
                if k == 0:  # markup on some: drawn onto the print copy
                    ph.annotations = [{"kind": "circle", "points": [[0.3, 0.3], [0.6, 0.7]]}]
                records += [
                    ph,
                    PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id, role="before"),
                ]
        store.save_many(records)
        store.set_meta("bench_project", p.id)


def phase(profile: Path, out: Path) -> None:
    """One build in this process; prints its figures as JSON."""
    from inspect_app.reports.build import build_report

    start = time.perf_counter()
    with Store.open(profile) as store:
        build_report(store, "survey", out, project_id=store.get_meta("bench_project"))
    took = time.perf_counter() - start
    peak = _peak_rss_mb()
    print(json.dumps({"seconds": took, "peak_mb": peak, "pdf_mb": out.stat().st_size / 1e6}))


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec, unlike ru_maxrss,
    which a child inherits from the (large) process that forked it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(profile: Path, out: Path) -> dict:
    r = subprocess.run(
        [sys.executable, __file__, "--phase", str(profile), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hazards", type=int, default=200)
    ap.add_argument("--photos-per", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the generated profile here")
    ap.add_argument("--phase", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        return phase(args.phase, args.out)

    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    profile = args.keep or work / "profile"
    try:
        t = time.perf_counter()
        make_profile(profile, args.hazards, args.photos_per)
        n_photos = args.hazards * args.photos_per
        size = sum(f.stat().st_size for f in (profile / "blobs").rglob("*") if f.is_file())
        print(
            f"profile: {args.hazards} hazards, {n_photos} photos of 4000×3000, "
            f"{size / 1e6:.0f} MB of originals, made in {time.perf_counter() - t:.0f} s"
        )

        # Baseline: the same report without its photos (links removed in a copy).
        bare = work / "bare"
        shutil.copytree(profile, bare, ignore=shutil.ignore_patterns("blobs", "cache"))
        with Store.open(bare) as s:
            s.db.execute("DELETE FROM photo_links")
        base = run_phase(bare, work / "baseline.pdf")
        shutil.rmtree(profile / "cache", ignore_errors=True)
        cold = run_phase(profile, work / "cold.pdf")
        warm = run_phase(profile, work / "warm.pdf")
        warm2 = run_phase(profile, work / "warm2.pdf")
        warm = min(warm, warm2, key=lambda r: r["seconds"])

        print(f"{'build':<10}{'time s':>9}{'× base':>8}{'peak MB':>9}{'PDF MB':>8}")
        for name, r in (("baseline", base), ("cold", cold), ("warm", warm)):
            print(
                f"{name:<10}{r['seconds']:>9.2f}{r['seconds'] / base['seconds']:>8.1f}"
                f"{r['peak_mb']:>9.0f}{r['pdf_mb']:>8.1f}"
            )
        print(
            f"cold per photo: {(cold['seconds'] - base['seconds']) / n_photos * 1000:.0f} ms; "
            f"warm per photo: {(warm['seconds'] - base['seconds']) / n_photos * 1000:.1f} ms"
        )
        ok = warm["seconds"] <= 2 and warm["peak_mb"] <= 400 and warm["pdf_mb"] <= 60
        print("targets (warm ≤ 2 s, ≤ 400 MB, ≤ 60 MB):", "met" if ok else "NOT met")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
