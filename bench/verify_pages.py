"""Benchmark: what reading every page costs, at issue and at verify, against the fast path.

    .venv/bin/python bench/verify_pages.py [--repeat 3]

On a fresh demo profile, prints for the survey report (the longest the demo makes) and the
acceptance record:
  build      issuing the report (writes the PDF, then reads every page back once)
  read       reading every page back alone (the part of build that verify needs at issue)
  identical  verify of the file as issued: the SHA-256 of the file finds its record at once
  resaved    verify of a copy saved again (pypdf): every page read and compared
with the ratio of each to `identical`, the baseline of the same run (best of --repeat).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspect_app import demo  # noqa: E402
from inspect_app.core.model import Project  # noqa: E402
from inspect_app.reports.build import build_report  # noqa: E402
from inspect_app.reports.pages import read_pdf  # noqa: E402
from inspect_app.reports.verify import verify  # noqa: E402
from inspect_app.store import Store  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from pypdf import PdfReader, PdfWriter

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Store.open(root / "profile", create=True) as s:
            demo.create(s)
            p = s.find(Project, "name = ?", ["和平里东街小区"])[0]
            for kind in ("survey", "acceptance"):
                pdf = root / f"{kind}.pdf"
                build = best(lambda: build_report(s, kind, pdf, project_id=p.id), args.repeat)  # noqa: B023
                pages = len(read_pdf(pdf).pages)
                read = best(lambda: read_pdf(pdf), args.repeat)  # noqa: B023
                copy = root / f"{kind}-copy.pdf"
                writer = PdfWriter(clone_from=PdfReader(pdf))
                writer.add_metadata({"/Producer": "another program"})
                with open(copy, "wb") as f:
                    writer.write(f)
                assert verify(s, pdf).ok and verify(s, copy).ok
                same = best(lambda: verify(s, pdf), args.repeat)  # noqa: B023
                resaved = best(lambda: verify(s, copy), args.repeat)  # noqa: B023
                size = pdf.stat().st_size / 1e6
                print(f"{kind}: {pages} pages, {size:.2f} MB")
                for name, value in (
                    ("build", build),
                    ("read", read),
                    ("identical", same),
                    ("resaved", resaved),
                ):
                    print(f"  {name:<10} {value * 1000:8.1f} ms  ×{value / same:6.1f}")


if __name__ == "__main__":
    main()
