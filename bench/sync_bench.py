"""Sync figures: initial pull of the large demo by a fresh laptop, an incremental sync with
nothing to do, and photo upload throughput against a plain HTTP upload of the same bytes.

    .venv/bin/python bench/sync_bench.py [--demo DIR] [--pg postgresql://…] [--photos-mb 200]

The central store runs as its own process (`inspect-app server`) on 127.0.0.1, as in use.
`--demo` reuses a profile made by `inspect-app demo --size large` (made here otherwise).
Without --pg (or INSPECT_TEST_PG) only the SQLite server is measured.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import uvicorn

from inspect_app.store import Store
from inspect_app.sync.client import SyncClient, SyncReport, wait_for

EXE = str(Path(sys.executable).with_name("inspect-app"))
PASSWORD = "benchmark password"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path, database: str | None = None):
        env = {**os.environ, "INSPECT_PASSWORD": PASSWORD}
        extra = ["--database", database] if database else []
        subprocess.run(
            [
                EXE,
                "server",
                "add-user",
                "--data",
                str(data),
                "--name",
                "admin",
                "--role",
                "admin",
                "--org",
                "东城区住建委",
                *extra,
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [EXE, "server", "--data", str(data), "--port", str(self.port), *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.url, 30)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def timed_sync(path: Path, url: str) -> tuple[float, SyncReport]:
    with Store.open(path, create=True) as store:
        client = SyncClient(store, url, "admin", lambda: PASSWORD, timeout=600)
        start = time.perf_counter()
        report = client.sync()
        took = time.perf_counter() - start
        client.close()
    return took, report


def new_pg_database(base: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}"


def pull_figures(demo: Path, work: Path, label: str, database: str | None) -> None:
    server = Server(work / f"server-{label}", database)
    try:
        laptop = work / f"laptop-{label}"
        shutil.copytree(demo, laptop)
        took, report = timed_sync(laptop, server.url)
        print(
            f"[{label}] initial push of the large demo: {report.pushed} changes in {took:.1f} s"
            f" ({report.pushed / took:,.0f}/s), {report.uploaded} photos"
        )
        fresh = work / f"fresh-{label}"
        took, report = timed_sync(fresh, server.url)
        print(
            f"[{label}] initial pull by a fresh laptop: {report.pulled} changes in {took:.1f} s"
            f" ({report.pulled / took:,.0f}/s), {report.downloaded} photos"
        )
        times = [timed_sync(fresh, server.url)[0] for _ in range(5)]
        print(
            f"[{label}] incremental sync with nothing to do: median {sorted(times)[2] * 1000:.0f} ms"
        )
    finally:
        server.stop()


def upload_figures(work: Path, megabytes: int, rounds: int = 3) -> None:
    """Photo upload through the sync protocol vs a plain HTTP PUT of the same files, each the
    best of `rounds` runs (alternating, so both see the same machine load)."""
    laptop = work / "laptop-photos"
    with Store.open(laptop, create=True) as store:
        files = [
            store.blobs.path(store.blobs.put_bytes(os.urandom(4 * 1024 * 1024)))
            for _ in range(megabytes // 4)
        ]
        from inspect_app.core.model import Photo

        store.save_many([Photo(sha256=p.name) for p in files])
    sync_times, plain_times = [], []
    for n in range(rounds):
        server = Server(work / f"server-photos-{n}")
        try:
            with Store.open(laptop) as store:
                for key in ("sync.token", "sync.user"):
                    store.set_meta(key, "")
                store.db.execute("DELETE FROM sync_blobs")
                client = SyncClient(store, server.url, "admin", lambda: PASSWORD, timeout=600)
                client.login()
                report = SyncReport()
                start = time.perf_counter()
                client.upload_blobs(report)
                sync_times.append(time.perf_counter() - start)
                client.close()
            assert report.uploaded == len(files)
        finally:
            server.stop()
        plain_times.append(plain_upload(files, work / f"plain-{n}"))
    mb = len(files) * 4
    sync_s, plain_s = min(sync_times), min(plain_times)
    print(f"photo upload, sync protocol: {mb} MB in {sync_s:.2f} s ({mb / sync_s:.0f} MB/s)")
    print(f"photo upload, plain HTTP PUT: {mb} MB in {plain_s:.2f} s ({mb / plain_s:.0f} MB/s)")
    print(f"photo upload throughput ratio (sync / plain): {plain_s / sync_s:.2f}")


def plain_upload(files: list[Path], folder: Path) -> float:
    """The baseline: an ASGI app on uvicorn that writes each PUT body to a file, nothing else."""
    folder.mkdir()

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        with open(folder / Path(scope["path"]).name, "wb") as f:
            while True:
                msg = await receive()
                f.write(msg.get("body", b""))
                if not msg.get("more_body"):
                    break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as http:
            start = time.perf_counter()
            for p in files:
                with open(p, "rb") as f:
                    http.put(f"/{p.name}", content=iter(lambda f=f: f.read(1 << 20), b""))
            return time.perf_counter() - start
    finally:
        server.should_exit = True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", type=Path)
    ap.add_argument("--pg", default=os.environ.get("INSPECT_TEST_PG"))
    ap.add_argument("--photos-mb", type=int, default=200)
    ap.add_argument("--skip-pull", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        upload_figures(work, args.photos_mb)
        if args.skip_pull:
            return
        demo = args.demo
        if demo is None:
            demo = work / "demo"
            start = time.perf_counter()
            subprocess.run(
                [EXE, "demo", "--data", str(demo), "--size", "large"],
                check=True,
                capture_output=True,
            )
            print(f"demo --size large made in {time.perf_counter() - start:.0f} s")
        pull_figures(demo, work, "sqlite", None)
        if args.pg:
            pull_figures(demo, work, "postgresql", new_pg_database(args.pg))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
