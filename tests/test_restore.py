"""The central store restored from an older backup loses nothing: every laptop finds out at
its next sync, re-sends what the backup lacks and pulls from the fork, each edit once
(SQLite and PostgreSQL, real HTTP server on 127.0.0.1, the real CLI for backup and restore)."""

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from syncutil import (
    PASSWORD,
    ServerThread,
    backend_params,
    export_of,
    postgres_database,
    sync,
)

from inspect_app.cli import main
from inspect_app.core.model import (
    Defect,
    DefectEvent,
    DefectStatus,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Role,
)
from inspect_app.store import Store, outbox

LAPTOPS = (("a", "zhang"), ("b", "li"), ("sup", "wang"))


def start(tmp_path, backend, database=None):
    if backend == "postgres" and database is None:
        database = postgres_database()
    return ServerThread(tmp_path / "server", database), database


def setup(tmp_path, srv):
    acc = {
        "admin": srv.add_user("admin", "admin", "东城区住建委"),
        "zhang": srv.add_user("zhang", "inspector", "华建监理"),
        "li": srv.add_user("li", "inspector", "华建监理"),
        "wang": srv.add_user("wang", "supervisor", "华建监理"),
        "zhao": srv.add_user("zhao", "contractor", "北京城建"),
    }
    sync(tmp_path / "admin", srv, "admin")
    with Store.open(tmp_path / "admin") as s:
        p = s.save(Project(name="和平里东街小区"))
        for org, role in (
            (acc["zhang"].org_id, Role.INSPECTOR),
            (acc["zhao"].org_id, Role.CONTRACTOR),
        ):
            s.save(ProjectMember(project_id=p.id, org_id=org, role=role))
    assert not sync(tmp_path / "admin", srv, "admin").refused
    return p.id, acc


def sync_all(tmp_path, srv, rounds=2):
    reports = {}
    for _ in range(rounds):
        for name, user in LAPTOPS:
            reports.setdefault(user, []).append(sync(tmp_path / name, srv, user))
    return reports


def edit_round(tmp_path, srv, pid, contractor, tag):
    """Edits from all three laptops, some building on another laptop's records."""
    a, b, sup = (tmp_path / n for n in ("a", "b", "sup"))
    with Store.open(a) as s:
        d = s.save(Defect(project_id=pid, title=f"燃气立管锈蚀{tag}", category="燃气"))
        sha = s.blobs.put_bytes(f"photo {tag}".encode() * 5000)
        ph = s.save(Photo(sha256=sha, project_id=pid))
        s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id, role="before"))
    with Store.open(b) as s:
        s.save(Defect(project_id=pid, title=f"排水管堵塞{tag}", category="排水"))
    sync(a, srv, "zhang")
    sync(b, srv, "li")
    with Store.open(b) as s:  # li adds to zhang's new defect
        x = s.get(Defect, d.id)
        x.description = f"距地面1.2米处{tag}"
        s.save(x)
        s.save(
            DefectEvent(
                defect_id=d.id, kind="comment", at="2026-11-25T10:00:00+08:00", actor_id=s.actor
            )
        )
    sync(b, srv, "li")
    sync(sup, srv, "wang")
    with Store.open(sup) as s:  # the supervisor assigns it
        x = s.get(Defect, d.id)
        x.status, x.assignee_org_id = DefectStatus.ASSIGNED, contractor
        s.save(x)
        s.save(
            DefectEvent(
                defect_id=d.id,
                kind="assigned",
                at="2026-11-25T11:00:00+08:00",
                actor_id=s.actor,
                from_status="open",
                to_status="assigned",
                note=f"限期整改{tag}",
            )
        )
    return d.id, sha


def server_changes(srv) -> list[tuple]:
    with srv.service.db.connect() as conn:
        return conn.all(
            "SELECT change_id, table_name, record_id, hlc, author FROM changes"
            " WHERE table_name <> 'conflicts'"
        )


def laptop_ids(path) -> set[str]:
    with Store.open(path) as s:
        return {r[0] for r in s.db.execute("SELECT change_id FROM outbox WHERE refused IS NULL")}


@pytest.mark.parametrize("backend", backend_params())
def test_a_restored_server_gets_back_every_edit_once(tmp_path, backend, monkeypatch, capsys):
    srv, database = start(tmp_path, backend)
    try:
        pid, acc = setup(tmp_path, srv)
        contractor = acc["zhao"].org_id
        sync_all(tmp_path, srv)
        edit_round(tmp_path, srv, pid, contractor, "一")
        sync_all(tmp_path, srv)
        backup = tmp_path / "nightly.tar"
        extra = ["--database", database] if database else []
        assert (
            main(
                [
                    "server",
                    "backup",
                    "--data",
                    str(tmp_path / "server"),
                    "--out",
                    str(backup),
                    *extra,
                ]
            )
            == 0
        )
        before = {c[0] for c in server_changes(srv)}

        d2, sha2 = edit_round(tmp_path, srv, pid, contractor, "二")
        sync_all(tmp_path, srv)
        lost = {c[0] for c in server_changes(srv)} - before
        assert len(lost) >= 8
    finally:
        srv.stop()

    # The machine is lost: photos too. The backup goes back in place.
    shutil.rmtree(tmp_path / "server" / "blobs")
    args = ["server", "restore", "--data", str(tmp_path / "server"), "--from", str(backup)]
    assert main([*args, *extra]) != 0  # data is there: refused without --force
    assert main([*args, *extra, "--force"]) == 0
    srv, _ = start(tmp_path, backend, database)
    try:
        assert not lost & {c[0] for c in server_changes(srv)}  # the restore did lose them

        # The supervisor syncs first: its assignment builds on zhang's defect, which only
        # zhang can send again, so it is held, not undone.
        first = sync(tmp_path / "sup", srv, "wang")
        assert first.restored and first.resent >= 2 and first.held >= 1
        assert "restored" in first.summary() or "恢复" in first.summary()
        with Store.open(tmp_path / "sup") as s:
            assert s.get(Defect, d2).status == DefectStatus.ASSIGNED  # kept locally
            waiting = [e for e in outbox.unsent(s) if e.resent and not e.refused]
            assert len(waiting) == first.held  # the outbox view says why they wait
        # The photo the restored server lacked came back from the first laptop holding it.
        assert first.uploaded == 1 and srv.blobs.has(sha2)
        # li, before zhang: a new edit of zhang's defect waits too (the server lacks the
        # defect); a record li may not create at all is still refused and undone.
        with Store.open(tmp_path / "b") as s:
            x = s.get(Defect, d2)
            x.location_text = "3号楼东侧"
            s.save(x)
            org = s.save(Organization(name="自封的单位", kind=OrgKind.CONTRACTOR))
        early = sync(tmp_path / "b", srv, "li")
        assert early.restored and early.resent == 3 and early.held == 3
        assert [r["table"] for r in early.refused] == ["organizations"]
        with Store.open(tmp_path / "b") as s:
            assert s.find(Organization, "id = ?", [org.id]) == []
            assert s.get(Defect, d2).location_text == "3号楼东侧"
        # zhang, on the command line, is told how much was re-sent.
        monkeypatch.setenv("INSPECT_PASSWORD", PASSWORD)
        monkeypatch.setenv("INSPECT_LANG", "en")
        capsys.readouterr()
        args = ["sync", "--data", str(tmp_path / "a"), "--server", srv.url, "--user", "zhang"]
        assert main(args) == 0
        said = capsys.readouterr().out
        assert (
            "restored from a backup: this laptop re-sent 3 changes the server had lost" in said
        ), said
        assert "re-sent: defects 1, photo_links 1, photos 1" in said, said
        reports = sync_all(tmp_path, srv, rounds=2)
        for _, user in LAPTOPS:
            assert not any(r.restored for r in reports[user])  # once only
            assert not any(r.held for r in reports[user])  # zhang's re-send let the rest in
        sync(tmp_path / "admin", srv, "admin")

        # Every edit on the server exactly once, and none lost.
        changes = server_changes(srv)
        assert lost <= {c[0] for c in changes}
        twice = [k for k, n in Counter((c[1], c[2], c[3]) for c in changes).items() if n > 1]
        assert twice == []
        edits = set().union(*(laptop_ids(tmp_path / n) for n, _ in (*LAPTOPS, ("admin", ""))))
        assert {c[0] for c in changes if c[4] != "server"} == edits
        assert srv.blobs.has(sha2)

        # Every laptop holds the same data as the server, each edit once in its history.
        central = srv.service.snapshot()
        assert next(r for r in central["defects"] if r["id"] == d2)["status"] == "assigned"
        for name, _ in LAPTOPS:
            assert export_of(tmp_path / name) == central
            with Store.open(tmp_path / name) as s:
                rows = s.db.execute(
                    "SELECT hlc, table_name, record_id, action, count(*) FROM audit"
                    " WHERE action <> 'refused' GROUP BY 1, 2, 3, 4 HAVING count(*) > 1"
                ).fetchall()
                assert rows == []
                stamps = {r[0] for r in s.db.execute("SELECT hlc FROM audit")}
                assert {c[3] for c in changes} <= stamps
                assert s.pending_changes() == 0
                assert s.blobs.has(sha2)
    finally:
        srv.stop()


@pytest.mark.parametrize("backend", backend_params())
def test_a_server_backup_restores_on_a_fresh_machine(tmp_path, backend):
    srv, database = start(tmp_path, backend)
    extra = ["--database", database] if database else []
    try:
        pid, acc = setup(tmp_path, srv)
        sync_all(tmp_path, srv, rounds=1)
        edit_round(tmp_path, srv, pid, acc["zhao"].org_id, "一")
        sync_all(tmp_path, srv)
        out = tmp_path / "backup.tar"
        args = ["server", "backup", "--data", str(tmp_path / "server"), "--out", str(out)]
        assert main([*args, *extra]) == 0
        central = srv.service.snapshot()
    finally:
        srv.stop()
    fresh = tmp_path / "elsewhere" / "server"
    target = [] if backend == "sqlite" else ["--database", postgres_database()]
    wrong = [] if backend != "sqlite" else ["--database", "postgresql://nobody@127.0.0.1:1/x"]
    args = ["server", "restore", "--data", str(fresh), "--from", str(out)]
    if wrong:  # a SQLite backup does not go into PostgreSQL
        assert main([*args, *wrong]) != 0
    assert main([*args, *target]) == 0
    srv = ServerThread(fresh, target[1] if target else None)
    try:
        assert srv.service.snapshot() == central
        # Accounts came along: a new laptop signs in and gets everything, photos included.
        report = sync(tmp_path / "new", srv, "li")
        assert report.pulled > 0 and report.downloaded == 1 and not report.restored
        assert export_of(tmp_path / "new") == central
    finally:
        srv.stop()


def test_state_and_known_answer_only_a_signed_in_laptop_about_its_own_changes(tmp_path):
    import httpx

    srv, _ = start(tmp_path, "sqlite")
    try:
        setup(tmp_path, srv)
        sync_all(tmp_path, srv, rounds=1)
        with Store.open(tmp_path / "a") as s:
            s.save(Defect(project_id=s.find(Project)[0].id, title="燃气立管锈蚀"))
        sync(tmp_path / "a", srv, "zhang")
        mine = sorted(laptop_ids(tmp_path / "a"))
        admins = sorted(laptop_ids(tmp_path / "admin"))

        def token(user):
            r = httpx.post(f"{srv.url}/v1/login", json={"name": user, "password": PASSWORD})
            return {"Authorization": f"Bearer {r.json()['token']}"}

        assert httpx.get(f"{srv.url}/v1/state").status_code == 401
        body = {"change_ids": mine + admins + ["no-such-change"]}
        assert httpx.post(f"{srv.url}/v1/changes/known", json=body).status_code == 401
        state = httpx.get(f"{srv.url}/v1/state", headers=token("li")).json()
        assert state["last_seq"] >= len(mine) + len(admins) and len(state["lineage"]) == 1
        # An inspector learns nothing about someone else's changes; an admin about all.
        known = httpx.post(f"{srv.url}/v1/changes/known", json=body, headers=token("li"))
        assert known.json() == {"known": []}
        known = httpx.post(f"{srv.url}/v1/changes/known", json=body, headers=token("zhang"))
        assert known.json()["known"] == mine
        known = httpx.post(f"{srv.url}/v1/changes/known", json=body, headers=token("admin"))
        assert known.json()["known"] == sorted(mine + admins)
        full = {"change_ids": [f"{i:064d}" for i in range(5000)]}  # the most a laptop asks
        r = httpx.post(f"{srv.url}/v1/changes/known", json=full, headers=token("zhang"))
        assert r.status_code == 200 and r.json() == {"known": []}
        for bad in ({"change_ids": ["x"] * 5001}, {"change_ids": [1, 2]}, {"ids": []}):
            r = httpx.post(f"{srv.url}/v1/changes/known", json=bad, headers=token("zhang"))
            assert r.status_code == 422 and r.json()["detail"]
    finally:
        srv.stop()


def test_a_database_put_back_by_hand_is_noticed_by_a_laptop_that_had_pulled_past_it(tmp_path):
    """No `server restore`, so no new generation: the laptop's cursor beyond the server's last
    sequence gives it away, and the laptop reads everything again."""
    srv, _ = start(tmp_path, "sqlite")
    data = tmp_path / "server"
    try:
        pid, acc = setup(tmp_path, srv)
        sync_all(tmp_path, srv, rounds=1)
        copy = tmp_path / "copy.db"
        src, dst = sqlite3.connect(data / "server.db"), sqlite3.connect(copy)
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one file, as an administrator copies it
        src.close()
        dst.close()
        edit_round(tmp_path, srv, pid, acc["zhao"].org_id, "二")
        sync_all(tmp_path, srv)
    finally:
        srv.stop()
    for extra in ("-wal", "-shm"):
        Path(f"{data / 'server.db'}{extra}").unlink(missing_ok=True)
    shutil.copy(copy, data / "server.db")
    srv, _ = start(tmp_path, "sqlite")
    try:
        # Another laptop pushes first, so the server's last sequence climbs again a little.
        with Store.open(tmp_path / "admin") as s:
            s.save(Defect(project_id=pid, title="管理员登记的问题"))
        sync(tmp_path / "admin", srv, "admin")
        reports = sync_all(tmp_path, srv, rounds=3)
        assert all(reports[u][0].restored for _, u in LAPTOPS)
        central = srv.service.snapshot()
        assert "管理员登记的问题" in {r["title"] for r in central["defects"]}
        for name, _ in LAPTOPS:
            assert export_of(tmp_path / name) == central
            assert laptop_ids(tmp_path / name) <= {c[0] for c in server_changes(srv)}
    finally:
        srv.stop()


def test_an_edit_of_a_record_the_server_refused_is_undone_not_held(tmp_path):
    """`missing` holds a change only while its record may still come: not when the record is
    this laptop's own creation the server refused."""
    srv, _ = start(tmp_path, "sqlite")
    try:
        setup(tmp_path, srv)
        sync(tmp_path / "b", srv, "li")
        with Store.open(tmp_path / "b") as s:
            org = s.save(Organization(name="自封的单位", kind=OrgKind.CONTRACTOR))
            org.phone = "010-12345678"
            s.save(org)
        report = sync(tmp_path / "b", srv, "li")
        assert len(report.refused) == 2 and report.held == 0
        with Store.open(tmp_path / "b") as s:
            assert s.pending_changes() == 0
            assert s.find(Organization, "id = ?", [org.id]) == []
    finally:
        srv.stop()


@pytest.mark.slow
def test_recovery_killed_at_random_points_finishes_with_no_loss_and_no_duplicate(tmp_path):
    """The first syncs after a restore (re-sending thousands of changes) are killed with
    SIGKILL again and again; the last one finishes, and everything is there once."""
    import os
    import random

    from test_sync_cli import _kill_during_sync

    srv, _ = start(tmp_path, "sqlite")
    data = tmp_path / "server"
    try:
        pid, _ = setup(tmp_path, srv)
        a = tmp_path / "a"
        sync(a, srv, "zhang")
        backup = tmp_path / "b.tar"
        assert main(["server", "backup", "--data", str(data), "--out", str(backup)]) == 0
        with Store.open(a) as s:
            records = []
            for i in range(2000):
                d = Defect(project_id=pid, title=f"问题{i}", description="x" * 200)
                records.append(d)
                if i < 20:
                    ph = Photo(sha256=s.blobs.put_bytes(os.urandom(300_000)), project_id=pid)
                    records += [ph, PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id)]
            s.save_many(records)
        sync(a, srv, "zhang")
    finally:
        srv.stop()
    shutil.rmtree(data / "blobs")
    assert main(["server", "restore", "--data", str(data), "--from", str(backup), "--force"]) == 0
    srv, _ = start(tmp_path, "sqlite")
    try:
        killed = _kill_during_sync(a, srv.url, "zhang", random.Random(), times=6)
        assert any(k == "killed" for _, k in killed), killed
        with Store.open(a) as s:
            assert s.pending_changes() == 0
            mine = {r[0] for r in s.db.execute("SELECT change_id FROM outbox")}
            shas = [ph.sha256 for ph in s.find(Photo)]
            again = s.db.execute(
                "SELECT count(*), count(DISTINCT table_name || record_id || hlc) FROM audit"
            ).fetchone()
            assert again[0] == again[1], killed
        changes = server_changes(srv)
        assert mine <= {c[0] for c in changes}
        twice = [k for k, n in Counter((c[1], c[2], c[3]) for c in changes).items() if n > 1]
        assert twice == []
        assert all(srv.blobs.has(x) for x in shas)
        assert export_of(a) == srv.service.snapshot()
    finally:
        srv.stop()
