"""The cost of durable commits (store/durable.py): synchronous=FULL against the old NORMAL.

    .venv/bin/python bench/durability_bench.py [--edits 200] [--pushes 100] [--pg postgresql://…]

Figures, each for the durable setting and the old one measured in the same run, alternating
in slices so a change in the machine's load weighs on both:
- one user edit on a laptop (`Store.save` of a defect's title: one commit);
- a bulk insert of 5,000 defects (`save_many`: one transaction, as imports and the demo do);
- push and answer of one edit: the laptop sends it, the central store (SQLite, in this
  process, on 127.0.0.1) commits it and answers, the laptop commits the receipt;
- the same against PostgreSQL (synchronous_commit on against off), with --pg or INSPECT_TEST_PG.
"""

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import argon2
import uvicorn

from inspect_app.core.model import Defect, Project
from inspect_app.server import db as server_db
from inspect_app.server import open_service
from inspect_app.server.app import create_app
from inspect_app.store import Store, durable
from inspect_app.sync.client import SyncClient, SyncReport

PASSWORD = "benchmark password"
SLICES = 4


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path, database: str | None = None):
        hasher = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self.service, blobs = open_service(data, database, hasher)
        self.service.add_user("admin", "admin", "东城区住建委", PASSWORD)
        self.url = f"http://127.0.0.1:{free_port()}"
        config = uvicorn.Config(
            create_app(self.service, blobs),
            host="127.0.0.1",
            port=int(self.url.rsplit(":", 1)[1]),
            log_level="error",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(10)
        self.service.db.close()


def ms(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[int(len(values) * 0.9) - 1]
    return f"median {statistics.median(values) * 1000:6.2f} ms  p90 {p90 * 1000:6.2f} ms"


def edits(work: Path, n: int) -> list[float]:
    with Store.open(work / uuid.uuid4().hex, create=True) as s:
        s.set_actor("u")
        d = s.save(Defect(project_id=s.save(Project(name="和平里")).id, title="t"))
        out = []
        for i in range(n):
            d.title = f"燃气立管锈蚀 {i}"
            start = time.perf_counter()
            s.save(d)
            out.append(time.perf_counter() - start)
    return out


def bulk(work: Path, n: int = 5000) -> list[float]:
    with Store.open(work / uuid.uuid4().hex, create=True) as s:
        s.set_actor("u")
        pid = s.save(Project(name="和平里")).id
        rows = [Defect(project_id=pid, title=f"问题{i}") for i in range(n)]
        start = time.perf_counter()
        s.save_many(rows)
        return [time.perf_counter() - start]


def pushes(work: Path, n: int, database: str | None = None) -> list[float]:
    server = Server(work / uuid.uuid4().hex, database)
    try:
        with Store.open(work / uuid.uuid4().hex, create=True) as s:
            client = SyncClient(s, server.url, "admin", lambda: PASSWORD)
            client.sync()
            d = s.save(Defect(project_id=s.save(Project(name="和平里")).id, title="t"))
            client.push(SyncReport())
            out = []
            for i in range(n):
                d.title = f"燃气立管锈蚀 {i}"
                s.save(d)
                start = time.perf_counter()
                client.push(SyncReport())
                out.append(time.perf_counter() - start)
            client.close()
    finally:
        server.stop()
    return out


def compare(label: str, run, modes: dict) -> None:
    """Run `run()` under each mode, alternating in slices; print both and their ratio."""
    got = {name: [] for name in modes}
    for _ in range(SLICES):
        for name, enter in modes.items():
            enter()
            got[name] += run()
    durable.SQLITE_SYNCHRONOUS = "FULL"
    (new, new_v), (old, old_v) = list(got.items())
    ratio = statistics.median(new_v) / statistics.median(old_v)
    print(f"{label}")
    print(f"   {new:<24} {ms(new_v)}")
    print(f"   {old:<24} {ms(old_v)}")
    print(f"   ratio (median)           {ratio:.2f}")


def sqlite_mode(level: str):
    return lambda: setattr(durable, "SQLITE_SYNCHRONOUS", level)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--pushes", type=int, default=100)
    ap.add_argument("--pg", default=os.environ.get("INSPECT_TEST_PG"))
    args = ap.parse_args()
    modes = {"FULL (durable)": sqlite_mode("FULL"), "NORMAL (before)": sqlite_mode("NORMAL")}
    with tempfile.TemporaryDirectory(prefix="durability-", dir=Path.home()) as tmp:
        work = Path(tmp)
        per = max(1, args.edits // SLICES)
        compare(
            f"laptop: one edit saved ({per * SLICES} per mode)", lambda: edits(work, per), modes
        )
        compare("laptop: 5,000 defects in one save_many", lambda: bulk(work), modes)
        per = max(1, args.pushes // SLICES)
        compare(
            f"push and answer of one edit, SQLite central store ({per * SLICES} per mode)",
            lambda: pushes(work, per),
            modes,
        )
        if args.pg:
            import psycopg

            real = server_db.durable_postgres

            def fast(conn):
                conn.execute("SET synchronous_commit = off")
                conn.commit()

            def database():
                name = f"bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(args.pg, autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {name}")
                return args.pg.rsplit("/", 1)[0] + f"/{name}"

            pg_modes = {
                "commit on (durable)": lambda: setattr(server_db, "durable_postgres", real),
                "commit off": lambda: setattr(server_db, "durable_postgres", fast),
            }
            compare(
                f"push and answer of one edit, PostgreSQL central store ({per * SLICES} per mode;"
                " laptop FULL in both)",
                lambda: pushes(work, per, database()),
                pg_modes,
            )
            server_db.durable_postgres = real


if __name__ == "__main__":
    main()
