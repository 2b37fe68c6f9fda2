"""Many laptops at once: N laptops (32 by default) make offline edits and sync at the same
moment, for a few rounds, against each backend of the central store; then checks that every
laptop holds the same data as the store and that no edit was lost, and prints the request
latency (p50, p99) and the server's CPU.

    .venv/bin/python bench/load_sync.py [--laptops 32] [--rounds 3] [--edits 4]
        [--pg postgresql://…] [--s3] [--time-limit 600]

Backends: the embedded SQLite store; with --pg (or INSPECT_TEST_PG) one PostgreSQL server
process; with --pg and --s3 two server processes on that database sharing one S3 bucket (an
S3-compatible server started here on 127.0.0.1, moto's), the laptops split between them.
Same-run baseline: the same laptops syncing one after another (no contention) before the
round where they all sync at once; the ratio is p50 at once / p50 one by one.

Everything on 127.0.0.1; laptops are threads of this process, servers their own processes.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from inspect_app.core.model import (
    Defect,
    DefectEvent,
    Organization,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Role,
)
from inspect_app.store import Store
from inspect_app.store.export import snapshot
from inspect_app.sync.client import SyncClient, wait_for

PASSWORD = "benchmark password"
MAX_LAPTOPS = 64


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from inspect_app.cli import main; "
            "sys.exit(main(sys.argv[1:]))", *args]  # fmt: skip


class Server:
    def __init__(self, data: Path, extra: list[str], env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            cli("server", "--data", str(data), "--port", str(self.port), *extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        wait_for(self.url, 60)

    def cpu(self) -> float:
        """CPU seconds the process has used (user + system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


class Timed(httpx.HTTPTransport):
    """Every request's time, into one shared list."""

    def __init__(self, times: list[float], lock: threading.Lock):
        super().__init__()
        self.times, self.lock = times, lock

    def handle_request(self, request):
        start = time.perf_counter()
        response = super().handle_request(request)  # until the answer's headers
        with self.lock:
            self.times.append(time.perf_counter() - start)
        return response


def add_users(data: Path, database: str | None, users: list[tuple[str, str, str]]) -> None:
    from inspect_app.server import open_service

    service, _ = open_service(data, database)
    try:
        for name, role, org in users:
            service.add_user(name, role, org, PASSWORD)
    finally:
        service.db.close()


def sync(path: Path, url: str, user: str, times=None, lock=None) -> None:
    with Store.open(path, create=True) as store:
        transport = Timed(times, lock) if times is not None else None
        c = SyncClient(store, url, user, lambda: PASSWORD, transport=transport, timeout=300)
        try:
            c.sync()
        finally:
            c.close()


def offline_edits(path: Path, project: str, who: str, rnd: int, n: int) -> list[str]:
    """`n` edits on a laptop: new defects (titled uniquely: checked for later), a change of
    the shared defect's description (all laptops edit it: conflicts), a comment, and in the
    first round a small photo. The titles it created."""
    made = []
    with Store.open(path) as s:
        shared = next(d for d in s.find(Defect) if d.title == "共用的问题")
        for i in range(n):
            d = s.save(Defect(project_id=project, title=f"{who}-r{rnd}-{i}", category="燃气"))
            made.append(d.title)
        shared.description = f"{who} 第{rnd}轮"
        s.save(shared)
        s.save(DefectEvent(defect_id=shared.id, kind="comment", at="2026-11-29T10:00:00+08:00",
                           actor_id=s.actor, note=f"{who} r{rnd}"))  # fmt: skip
        if rnd == 0:
            data = f"{who}".encode() * 20_000
            ph = s.save(Photo(sha256=s.blobs.put_bytes(data), project_id=project))
            s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id))
    return made


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def run(label: str, work: Path, args, extra: list[str], env: dict, processes: int) -> dict:
    start_all = time.monotonic()
    data = work / label
    n = args.laptops
    users = [("admin", "admin", "东城区住建委")]
    users += [(f"insp{i:02d}", "inspector", "华建监理") for i in range(n - n // 4)]
    users += [(f"sup{i:02d}", "supervisor", "华建监理") for i in range(n // 4)]
    add_users(data / "0", extra[1] if extra else None, users)
    servers = [Server(data / str(i), extra, env) for i in range(processes)]
    try:
        url_of = {name: servers[k % processes].url for k, (name, _, _) in enumerate(users)}
        laptops = work / f"{label}-laptops"
        sync(laptops / "admin", url_of["admin"], "admin")
        with Store.open(laptops / "admin") as s:
            org = next(o.id for o in s.find(Organization) if o.name == "华建监理")
            project = s.save(Project(name="和平里东街小区")).id
            s.save(ProjectMember(project_id=project, org_id=org, role=Role.INSPECTOR))
            s.save(Defect(project_id=project, title="共用的问题"))
        sync(laptops / "admin", url_of["admin"], "admin")
        names = [u for u, _, _ in users[1:]]
        with ThreadPoolExecutor(8) as pool:  # every laptop gets the project
            list(pool.map(lambda u: sync(laptops / u, url_of[u], u), names))

        lock = threading.Lock()
        made: list[str] = []
        solo: list[float] = []
        at_once: list[float] = []
        cpu0 = sum(s.cpu() for s in servers)
        busy_wall = 0.0
        for rnd in range(args.rounds):
            for u in names:
                made += offline_edits(laptops / u, project, u, rnd, args.edits)
            if rnd == 0:  # baseline: one after another
                for u in names:
                    sync(laptops / u, url_of[u], u, solo, lock)
                cpu0 = sum(s.cpu() for s in servers)  # CPU of the rounds at once only
                continue
            t0 = time.monotonic()
            with ThreadPoolExecutor(n) as pool:
                futures = [pool.submit(sync, laptops / u, url_of[u], u, at_once, lock)
                           for u in names]  # fmt: skip
                for f in futures:
                    f.result(timeout=args.time_limit)
            busy_wall += time.monotonic() - t0
            if time.monotonic() - start_all > args.time_limit:
                raise SystemExit(f"[{label}] over the time limit of {args.time_limit} s")
        cpu = sum(s.cpu() for s in servers) - cpu0
        for _ in range(2):  # quiet passes: everyone gets everything
            for u in ["admin", *names]:
                sync(laptops / u, url_of[u], u)
        first = None
        for u in ["admin", *names]:
            with Store.open(laptops / u) as s:
                snap = snapshot(s)
                titles = {d.title for d in s.find(Defect)}
                assert s.pending_changes() == 0, u
            first = first or snap
            assert snap == first, f"{u} differs from admin"
            lost = set(made) - titles
            assert not lost, f"{u} lacks {len(lost)} edits"
        return {
            "label": label,
            "laptops": n,
            "requests": len(at_once),
            "solo_p50": pct(solo, 0.5),
            "p50": pct(at_once, 0.5),
            "p99": pct(at_once, 0.99),
            "mean": statistics.mean(at_once),
            "cpu": cpu,
            "wall": busy_wall,
            "edits": len(made),
            "total": time.monotonic() - start_all,
        }
    finally:
        for s in servers:
            s.stop()


def new_pg_database(base: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--laptops", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3, help="the first is the one-by-one baseline")
    ap.add_argument("--edits", type=int, default=4, help="new defects per laptop per round")
    ap.add_argument("--pg", default=os.environ.get("INSPECT_TEST_PG"))
    ap.add_argument("--s3", action="store_true", help="with --pg: two processes, one bucket")
    ap.add_argument("--time-limit", type=float, default=600, help="seconds per backend")
    args = ap.parse_args()
    if not 2 <= args.laptops <= MAX_LAPTOPS or not 2 <= args.rounds <= 10:
        raise SystemExit(f"--laptops 2…{MAX_LAPTOPS}, --rounds 2…10")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results.append(run("sqlite", work, args, [], env, 1))
        if args.pg:
            pg = ["--database", new_pg_database(args.pg)]
            results.append(run("postgres", work, args, pg, env, 1))
        if args.pg and args.s3:
            import logging

            from moto.server import ThreadedMotoServer

            logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per S3 request

            port = free_port()
            moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            moto.start()
            try:
                s3env = {**env, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
                         "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                         "AWS_DEFAULT_REGION": "us-east-1"}  # fmt: skip
                import boto3

                boto3.client("s3", endpoint_url=s3env["AWS_ENDPOINT_URL"],
                             aws_access_key_id="bench", aws_secret_access_key="bench",
                             region_name="us-east-1").create_bucket(Bucket="bench")  # fmt: skip
                extra = ["--database", new_pg_database(args.pg), "--blobs", "s3://bench"]
                results.append(run("postgres×2+s3", work, args, extra, s3env, 2))
            finally:
                moto.stop()
    print(f"{args.laptops} laptops, {args.rounds - 1} rounds at once after one by one;"
          f" load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("| backend | requests at once | p50 | p99 | one by one p50 | ratio p50 | server CPU"
          " | converged, nothing lost |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['label']} | {r['requests']} | {r['p50'] * 1000:.0f} ms | {r['p99'] * 1000:.0f} ms"
            f" | {r['solo_p50'] * 1000:.0f} ms | {r['p50'] / r['solo_p50']:.1f}"
            f" | {r['cpu']:.1f} s in {r['wall']:.1f} s ({100 * r['cpu'] / r['wall']:.0f} % of a core)"
            f" | yes ({r['edits']} new defects) |"
        )


if __name__ == "__main__":
    main()
