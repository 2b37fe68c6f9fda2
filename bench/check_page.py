"""Benchmark: what one 扫码验真 check costs on the central store, against a health request.

    .venv/bin/python bench/check_page.py [--defects 300] [--background 3000] [--repeat 5]

A real server on 127.0.0.1 (SQLite in a temporary folder); a laptop syncs a community with
`--defects` defects and prints the defect list showing them all, and another community holds
`--background` more. Prints, best of --repeat:
  health     GET /v1/health (the baseline of the same run)
  verdict    issued.check() alone, in process (every shown record read and compared)
  page       GET /v/<id> (the HTML page, throttle and log included)
  json       GET /v/<id>.json?hash=… (what `verify --server` asks)
with the ratio of each to `health`.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from syncutil import ServerThread, sync  # noqa: E402

from inspect_app.core.model import Defect, Project  # noqa: E402
from inspect_app.reports.build import build_report  # noqa: E402
from inspect_app.server.issued import check  # noqa: E402
from inspect_app.server.verify_page import set_public_url  # noqa: E402
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
    ap.add_argument("--defects", type=int, default=300)
    ap.add_argument("--background", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-check-"))
    srv = ServerThread(tmp / "server")
    try:
        set_public_url(srv.service.db, srv.url)
        srv.add_user("admin", "admin", "东城区住建委")
        lap = tmp / "admin"
        sync(lap, srv, "admin")
        with Store.open(lap) as s:
            s.set_actor(s.get_meta("user_id"))
            p = s.save(Project(name="和平里东街小区"))
            other = s.save(Project(name="安贞里小区"))
            s.save_many(
                Defect(project_id=p.id, title=f"问题 {i}", category="燃气", description="三号楼")
                for i in range(args.defects)
            )
            s.save_many(
                Defect(project_id=other.id, title=f"别处 {i}", category="排水")
                for i in range(args.background)
            )
            rep = build_report(s, "defects", tmp / "list.pdf", project_id=p.id)
        sync(lap, srv, "admin")
        with httpx.Client(base_url=srv.url) as http:
            # A few dozen checks from one address, all found: well inside the page's throttle.
            def verdict():
                with srv.service.db.connect() as conn:
                    assert check(conn, rep.id, rep.content_hash).verdict == "matches"

            figures = {
                "health": best(lambda: http.get("/v1/health").raise_for_status(), args.repeat),
                "verdict": best(verdict, args.repeat),
                "page": best(lambda: http.get(f"/v/{rep.id}").raise_for_status(), args.repeat),
                "json": best(
                    lambda: http.get(
                        f"/v/{rep.id}.json", params={"hash": rep.content_hash}
                    ).raise_for_status(),
                    args.repeat,
                ),
            }
    finally:
        srv.stop()
    base = figures["health"]
    print(f"report showing {args.defects} defects; {args.background} more elsewhere")
    for name, secs in figures.items():
        print(f"  {name:8s} {secs * 1000:8.1f} ms   ×{secs / base:6.1f}")


if __name__ == "__main__":
    main()
