"""`inspect-app server`, `server add-user` and `sync` as a user runs them, and killed syncs."""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from syncutil import PASSWORD, ServerThread, export_of, free_port, sync

from inspect_app.core.model import Defect, Photo, PhotoLink, Project, ProjectMember, Role
from inspect_app.store import Store
from inspect_app.sync.client import wait_for

from conftest import run_entry_point

EXE = str(Path(sys.executable).with_name("inspect-app"))


@pytest.mark.slow
def test_server_add_user_and_sync_from_the_command_line(tmp_path):
    data = tmp_path / "central"
    env = {"INSPECT_PASSWORD": PASSWORD, "INSPECT_LANG": "en"}
    r = run_entry_point(
        "server",
        "add-user",
        "--data",
        data,
        "--name",
        "admin",
        "--role",
        "admin",
        "--org",
        "东城区住建委",
        env=env,
    )
    assert r.returncode == 0, r.stderr
    r = run_entry_point(
        "server",
        "add-user",
        "--data",
        data,
        "--name",
        "zhang",
        "--role",
        "inspector",
        "--org",
        "华建监理",
        input=PASSWORD + "\n",
        env={"INSPECT_LANG": "en"},
    )
    assert r.returncode == 0, r.stderr
    r = run_entry_point(
        "server",
        "add-user",
        "--data",
        data,
        "--name",
        "zhang",
        "--role",
        "admin",
        "--org",
        "x",
        env=env,
    )
    assert r.returncode == 2 and "already exists" in r.stderr
    assert PASSWORD not in (data / "server.db").read_bytes().decode("utf-8", "replace")

    port = free_port()
    server = subprocess.Popen(
        [EXE, "server", "--data", str(data), "--port", str(port)],
        env={**os.environ, "INSPECT_LANG": "en"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(url)
        assert run_entry_point("demo", "--data", tmp_path / "demo").returncode == 0
        r = run_entry_point(
            "sync", "--data", tmp_path / "demo", "--server", url, "--user", "admin", env=env
        )
        assert r.returncode == 0, r.stderr
        assert "refused 0" in r.stdout
        # A new folder becomes a fresh profile, filled from the server.
        r = run_entry_point(
            "sync", "--data", tmp_path / "fresh", "--server", url, "--user", "admin", env=env
        )
        assert r.returncode == 0, r.stderr
        for name in ("demo", "fresh"):
            out = tmp_path / f"{name}.json"
            assert (
                run_entry_point("export", "--data", tmp_path / name, "--out", out).returncode == 0
            )
        assert (tmp_path / "demo.json").read_bytes() == (tmp_path / "fresh.json").read_bytes()
        # Photos came along.
        with Store.open(tmp_path / "fresh") as s:
            shas = [p.sha256 for p in s.find(Photo)]
            assert shas and all(s.blobs.has(x) for x in shas)
        r = run_entry_point(
            "sync",
            "--data",
            tmp_path / "x",
            "--server",
            url,
            "--user",
            "admin",
            env={**env, "INSPECT_PASSWORD": "wrong password"},
        )
        assert r.returncode == 2 and "wrong user name or password" in r.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(15)
    assert "refused login" in (data / "server.log").read_text(encoding="utf-8")


def _kill_during_sync(path: Path, url: str, user: str, rng: random.Random, times: int) -> list:
    env = {**os.environ, "INSPECT_PASSWORD": PASSWORD, "INSPECT_LANG": "en"}
    killed = []
    for _ in range(times):
        p = subprocess.Popen(
            [EXE, "sync", "--data", str(path), "--server", url, "--user", user],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        delay = rng.uniform(0.3, 1.6)
        try:
            p.wait(delay)
            killed.append((round(delay, 2), "finished"))
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait(10)
            killed.append((round(delay, 2), "killed"))
    r = subprocess.run(
        [EXE, "sync", "--data", str(path), "--server", url, "--user", user],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, (killed, r.stderr)
    return killed


@pytest.mark.slow
def test_a_sync_killed_at_random_points_finishes_with_no_loss_and_no_duplicate(tmp_path):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("admin", "admin", "住建委")
        srv.add_user("zhang", "inspector", "华建监理")
        srv.add_user("li", "inspector", "华建监理")
        admin = tmp_path / "admin"
        sync(admin, srv, "admin")
        with Store.open(admin) as s:
            p = s.save(Project(name="和平里"))
            users = {u["name"]: u for u in s.rows("users")}
            s.save(
                ProjectMember(project_id=p.id, org_id=users["zhang"]["org_id"], role=Role.INSPECTOR)
            )
        sync(admin, srv, "admin")
        a = tmp_path / "a"
        sync(a, srv, "zhang")
        rng = random.Random()
        with Store.open(a) as s:
            records = []
            for i in range(3000):
                d = Defect(project_id=p.id, title=f"问题{i}", description="x" * 200)
                records.append(d)
                if i < 30:
                    sha = s.blobs.put_bytes(os.urandom(400_000))
                    ph = Photo(sha256=sha, project_id=p.id)
                    records += [ph, PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id)]
            s.save_many(records)
            sent = {
                r[0] for r in s.db.execute("SELECT change_id FROM outbox WHERE acked_at IS NULL")
            }
        killed = _kill_during_sync(a, srv.url, "zhang", rng, times=6)
        assert any(k == "killed" for _, k in killed), killed

        with Store.open(a) as s:
            assert s.pending_changes() == 0
            shas = [ph.sha256 for ph in s.find(Photo)]
        on_server = [c for c in srv.service.accepted_changes() if c[0] != "users"]
        assert len(on_server) == len(set(on_server))  # each change once
        assert sent <= {
            r[0] for r in srv.service.db.connect().__enter__().all("SELECT change_id FROM changes")
        }
        assert all(srv.blobs.path(x).is_file() for x in shas)
        central = srv.service.snapshot()
        assert export_of(a) == central

        # A fresh laptop's first pull, killed again and again, ends whole and merged once.
        b = tmp_path / "b"
        killed = _kill_during_sync(b, srv.url, "li", rng, times=5)
        assert export_of(b) == central
        with Store.open(b) as s:
            merged = s.db.execute(
                "SELECT count(*), count(DISTINCT table_name || record_id || hlc) FROM audit"
                " WHERE action IN ('create', 'merge')"
            ).fetchone()
            assert merged[0] == merged[1], killed
            assert all(s.blobs.read(x) for x in shas)
    finally:
        srv.stop()
