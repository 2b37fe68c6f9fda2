"""Past one machine: two `inspect-app server` processes on one PostgreSQL and one S3 bucket,
laptops split between them (and one going back and forth, an upload cut at one process and
resumed at the other), end with the same data and no accepted edit lost."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from s3util import bucket, keys, s3_endpoint  # noqa: F401 (fixtures)
from syncutil import PASSWORD, export_of, free_port, postgres_database, sync, transport
from test_sync_convergence import apply_edit

from inspect_app.core.model import Defect, Photo, Project, ProjectMember, Role
from inspect_app.server import open_service
from inspect_app.store import Store
from inspect_app.sync.client import SyncError

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


class Process:
    """`inspect-app server` in its own process, on 127.0.0.1."""

    def __init__(self, data: Path, database: str, blobs: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        code = "import sys; from inspect_app.cli import main; sys.exit(main(sys.argv[1:]))"
        args = ["server", "--data", str(data), "--database", database, "--blobs", blobs]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, *args, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.proc.stderr.read()!r}")
            time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def test_two_processes_one_database_one_bucket_converge(tmp_path, bucket):  # noqa: F811
    database = postgres_database()
    service, blobs = open_service(tmp_path / "admin-side", database, blobs=bucket)
    org = service.add_user("zhang", "inspector", "华建监理", PASSWORD).org_id
    service.add_user("li", "inspector", "华建监理", PASSWORD)
    service.add_user("wang", "supervisor", "华建监理", PASSWORD)
    service.add_user("admin", "admin", "住建委", PASSWORD)
    a = Process(tmp_path / "a", database, bucket)
    b = Process(tmp_path / "b", database, bucket)
    try:
        sync(tmp_path / "admin", a, "admin")
        with Store.open(tmp_path / "admin") as s:
            project = s.save(Project(name="和平里东街小区")).id
            s.save(ProjectMember(project_id=project, org_id=org, role=Role.INSPECTOR))
            s.save(Defect(project_id=project, title="共用的问题"))
        sync(tmp_path / "admin", a, "admin")
        home = {"zhang": a, "li": b}  # wang goes to whichever the balancer picks: both
        for user, srv in (("zhang", a), ("li", b), ("wang", b)):
            sync(tmp_path / user, srv, user)

        # A photo whose upload is cut at process A and finished at process B.
        data = os.urandom(2_000_000)
        with Store.open(tmp_path / "zhang") as s:
            s.save(Photo(sha256=(sha := s.blobs.put_bytes(data)), project_id=project))
        from syncutil import client

        c = client(tmp_path / "zhang", a, "zhang", transport(["ok", "ok", "cut", "drop"]))
        with pytest.raises(SyncError):
            c.sync()
        c.close()
        c.store.close()
        assert 0 < blobs.received(sha) < len(data)
        sync(tmp_path / "zhang", b, "zhang")
        assert blobs.has(sha)

        plan = [
            ("zhang", "create", 0, 0), ("li", "title", 0, 1), ("wang", "title", 0, 2),
            ("zhang", "photo", 1, 1), ("li", "comment", 0, 0), ("wang", "assign", 0, 0),
            ("zhang", "describe", 0, 1), ("li", "describe", 0, 2), ("wang", "create", 0, 1),
            ("li", "photo", 2, 2), ("zhang", "delete", 1, 0), ("wang", "describe", 1, 0),
        ]  # fmt: skip
        for round_, (user, what, pick, value) in enumerate(plan):
            apply_edit(tmp_path / user, what, pick, value, project)
            if round_ % 3 == 2:  # every few edits, everyone syncs; wang alternates
                for u in ("zhang", "li", "wang"):
                    sync(tmp_path / u, home.get(u, (a, b)[round_ % 2]), u)
        for _ in range(2):
            for u, srv in (("zhang", a), ("li", b), ("wang", a)):
                sync(tmp_path / u, srv, u)

        central = service.snapshot()
        accepted = set(service.accepted_changes())
        for u in ("zhang", "li", "wang"):
            assert export_of(tmp_path / u) == central, u
            with Store.open(tmp_path / u) as s:
                assert s.pending_changes() == 0
                history = set(s.db.execute("SELECT table_name, record_id, hlc FROM audit"))
                assert accepted <= history
                shas = {ph.sha256 for ph in s.find(Photo)}
                assert len(shas) >= 3 and all(s.blobs.has(x) for x in shas)
        assert {f"blobs/{x}" for x in shas} <= set(keys(bucket))
        assert not [k for k in keys(bucket) if k.startswith("uploads/")]  # no piece left
    finally:
        a.stop()
        b.stop()
        service.db.close()


def test_failed_sign_ins_count_across_processes(tmp_path, bucket):  # noqa: F811
    database = postgres_database()
    service, _ = open_service(tmp_path / "admin-side", database, blobs=bucket)
    service.add_user("wang", "supervisor", "华建监理", PASSWORD)
    a = Process(tmp_path / "a", database, bucket)
    b = Process(tmp_path / "b", database, bucket)
    try:
        login = lambda p, pw: httpx.post(  # noqa: E731
            f"{p.url}/v1/login", json={"name": "wang", "password": pw}, timeout=30
        )
        for i in range(10):  # guesses spread over both processes
            assert login((a, b)[i % 2], "guess").status_code == 401
        for p in (a, b):  # each now turns the name away, even with the right password
            r = login(p, PASSWORD)
            assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
        b.stop()
        b = Process(tmp_path / "b", database, bucket)  # and a restart forgets nothing
        assert login(b, PASSWORD).status_code == 429
    finally:
        a.stop()
        b.stop()
        service.db.close()
