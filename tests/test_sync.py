"""Laptops and the central store, over a real HTTP server on 127.0.0.1 (SQLite and PostgreSQL)."""

import json

import pytest
from syncutil import (
    PASSWORD,
    backend_params,
    client,
    export_of,
    start_server,
    sync,
    transport,
)

from inspect_app.core.model import (
    Defect,
    DefectEvent,
    DefectStatus,
    Inspection,
    InspectionKind,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Role,
)
from inspect_app.errors import InspectError
from inspect_app.store import Store
from inspect_app.sync.client import SyncError


@pytest.fixture(params=backend_params())
def server(request, tmp_path):
    srv = start_server(tmp_path, request.param)
    yield srv
    srv.stop()


def setup_project(tmp_path, srv):
    """Accounts and one project whose members are the inspectors', supervisors' and one
    contractor's organizations; returns (project id, accounts by name)."""
    accounts = {
        "admin": srv.add_user("admin", "admin", "东城区住建委"),
        "zhang": srv.add_user("zhang", "inspector", "华建监理"),
        "li": srv.add_user("li", "inspector", "华建监理"),
        "wang": srv.add_user("wang", "supervisor", "华建监理"),
        "zhao": srv.add_user("zhao", "contractor", "北京城建"),
        "sun": srv.add_user("sun", "contractor", "中建一局"),
    }
    sync(tmp_path / "admin", srv, "admin")
    with Store.open(tmp_path / "admin") as s:
        p = s.save(Project(name="和平里东街小区"))
        for org, role in (
            (accounts["zhang"].org_id, Role.INSPECTOR),
            (accounts["zhao"].org_id, Role.CONTRACTOR),
            (accounts["sun"].org_id, Role.CONTRACTOR),
        ):
            s.save(ProjectMember(project_id=p.id, org_id=org, role=role))
    assert not sync(tmp_path / "admin", srv, "admin").refused
    return p.id, accounts


def jpeg_like(n: int, seed: int) -> bytes:
    return bytes((i * 31 + seed) % 251 for i in range(n))


def test_laptops_offline_then_synced_hold_identical_data(tmp_path, server):
    pid, acc = setup_project(tmp_path, server)
    a, b, sup, con = (tmp_path / n for n in ("a", "b", "sup", "con"))
    for path, user in ((a, "zhang"), (b, "li"), (sup, "wang"), (con, "zhao")):
        sync(path, server, user)  # a fresh folder becomes a profile filled from the server

    # Offline work on three laptops.
    with Store.open(a) as s:
        d = s.save(Defect(project_id=pid, title="燃气立管锈蚀", category="燃气"))
        sha = s.blobs.put_bytes(jpeg_like(300_000, 1))
        ph = s.save(Photo(sha256=sha, project_id=pid, bytes=300_000))
        s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id, role="before"))
        other = s.save(Defect(project_id=pid, title="排水管堵塞", category="排水"))
    sync(a, server, "zhang")
    sync(b, server, "li")
    sync(sup, server, "wang")
    with Store.open(b) as s:  # li edits the title, offline
        x = s.get(Defect, d.id)
        x.title = "燃气立管锈蚀（3号楼）"
        s.save(x)
    with Store.open(a) as s:  # zhang edits it too, later, offline: zhang's edit wins
        x = s.get(Defect, d.id)
        x.title = "燃气立管严重锈蚀"
        x.description = "距地面1.2米处"
        s.save(x)
    with Store.open(sup) as s:  # the supervisor assigns it to 北京城建
        x = s.get(Defect, d.id)
        x.status, x.assignee_org_id = DefectStatus.ASSIGNED, acc["zhao"].org_id
        s.save(x)
        s.save(
            DefectEvent(
                defect_id=d.id,
                kind="assigned",
                at="2026-11-25T10:00:00+08:00",
                actor_id=s.actor,
                from_status="open",
                to_status="assigned",
                note="限期整改",
            )
        )
    for path, user in ((b, "li"), (a, "zhang"), (sup, "wang")):
        report = sync(path, server, user)
        assert not report.refused, report.refused
    # The contractor replies with evidence.
    sync(con, server, "zhao")
    with Store.open(con) as s:
        x = s.get(Defect, d.id)
        assert s.blobs.read(sha) == jpeg_like(300_000, 1)  # the photo came with the defect
        x.status = DefectStatus.RECTIFIED
        s.save(x)
        s.save(
            DefectEvent(
                defect_id=d.id,
                kind="rectified",
                at="2026-11-26T09:00:00+08:00",
                actor_id=s.actor,
                from_status="assigned",
                to_status="rectified",
                note="已整改",
            )
        )
        sha2 = s.blobs.put_bytes(jpeg_like(50_000, 2))
        p2 = s.save(Photo(sha256=sha2, project_id=pid))
        s.save(PhotoLink(photo_id=p2.id, target_type="defect", target_id=d.id, role="after"))
    assert not sync(con, server, "zhao").refused
    for _ in range(2):
        for path, user in ((a, "zhang"), (b, "li"), (sup, "wang"), (con, "zhao")):
            sync(path, server, user)

    central = server.service.snapshot()
    for path in (a, b, sup):
        assert export_of(path) == central
    title = next(r for r in central["defects"] if r["id"] == d.id)
    assert title["title"] == "燃气立管严重锈蚀" and title["status"] == "rectified"
    # li's losing title is kept: listed as a conflict and in the record's history.
    conflicts = server.service.conflicts()
    assert [(c["field"], c["value"]) for c in conflicts] == [("title", "燃气立管锈蚀（3号楼）")]
    with Store.open(sup) as s:
        rows = s.db.execute("SELECT field, value FROM conflicts").fetchall()
        assert rows == [("title", "燃气立管锈蚀（3号楼）")]
        texts = json.dumps(s.history("defects", d.id), ensure_ascii=False)
        assert "燃气立管锈蚀（3号楼）" in texts and "燃气立管严重锈蚀" in texts
    # The contractor's profile holds only what it may see.
    mine = export_of(con)
    assert [r["id"] for r in mine["defects"]] == [d.id]
    assert other.id not in json.dumps(mine)
    assert {r["id"] for r in mine["photos"]} == {ph.id, p2.id}
    with Store.open(a) as s:
        assert s.blobs.read(sha2) == jpeg_like(50_000, 2)
        assert s.pending_changes() == 0


def test_a_retried_batch_is_applied_once(tmp_path, server):
    pid, _ = setup_project(tmp_path, server)
    sync(tmp_path / "a", server, "zhang")
    with Store.open(tmp_path / "a") as s:
        for i in range(30):
            s.save(Defect(project_id=pid, title=f"问题{i}"))
    before = len(server.service.accepted_changes())
    # The push (after the server-state check) reaches the server but its answer is lost:
    # nothing is marked sent ...
    c = client(tmp_path / "a", server, "zhang", transport(["ok", "lose"]))
    with pytest.raises(SyncError, match="cannot reach"):
        c.sync()
    assert c.store.pending_changes() == 30
    c.close()
    c.store.close()
    # ... so the next sync sends it again, and the server keeps each change once.
    sync(tmp_path / "a", server, "zhang")
    assert len(server.service.accepted_changes()) == before + 30
    with Store.open(tmp_path / "a") as s:
        assert s.pending_changes() == 0
        assert len(s.find(Defect)) == 30


def test_cut_upload_and_download_resume(tmp_path, server):
    pid, _ = setup_project(tmp_path, server)
    sync(tmp_path / "a", server, "zhang")
    data = jpeg_like(3_000_000, 7)
    with Store.open(tmp_path / "a") as s:
        sha = s.blobs.put_bytes(data)
        s.save(Photo(sha256=sha, project_id=pid, bytes=len(data)))
    # login is stored; requests: server state, missing, PUT (cut), then the upload-state
    # query fails too
    c = client(tmp_path / "a", server, "zhang", transport(["ok", "ok", "cut", "drop"]))
    with pytest.raises(SyncError):
        c.sync()
    c.close()
    c.store.close()
    received = server.blobs.received(sha)
    assert 0 < received < len(data)
    assert not server.blobs.has(sha)
    with Store.open(tmp_path / "a") as s:
        assert s.pending_changes() == 1  # the record waits for its photo
    t = transport()
    c = client(tmp_path / "a", server, "zhang", t)
    c.sync()
    c.close()
    c.store.close()
    assert server.blobs.path(sha).read_bytes() == data
    puts = [e for e in t.flaky.log if e[1] == "PUT"]
    assert len(puts) == 1  # one request sent the rest, from where the cut one stopped

    # A download cut half-way goes on from the part already on disk.
    sync(tmp_path / "b", server, "li")
    with Store.open(tmp_path / "b") as s:
        path = s.blobs.path(sha)
        assert path.read_bytes() == data
        path.unlink()
        part = path.parent / f".download-{sha}"
        part.write_bytes(data[:1_000_000])
        s.db.execute("DELETE FROM sync_blobs")
    report = sync(tmp_path / "b", server, "li")
    assert report.downloaded == 1
    with Store.open(tmp_path / "b") as s:
        assert s.blobs.read(sha) == data
        assert not (s.blobs.path(sha).parent / f".download-{sha}").exists()


def test_a_photo_the_server_has_is_never_sent_again(tmp_path, server):
    pid, _ = setup_project(tmp_path, server)
    data = jpeg_like(200_000, 3)
    for name, user in (("a", "zhang"), ("b", "li")):
        sync(tmp_path / name, server, user)
        with Store.open(tmp_path / name) as s:
            sha = s.blobs.put_bytes(data)
            s.save(Photo(sha256=sha, project_id=pid))
    assert sync(tmp_path / "a", server, "zhang").uploaded == 1
    assert sync(tmp_path / "b", server, "li").uploaded == 0
    assert sync(tmp_path / "a", server, "zhang").uploaded == 0


def test_a_forbidden_transition_is_refused_with_its_reason_and_undone(tmp_path, server):
    pid, _acc = setup_project(tmp_path, server)
    sync(tmp_path / "a", server, "zhang")
    with Store.open(tmp_path / "a") as s:
        d = s.save(Defect(project_id=pid, title="燃气立管锈蚀"))
    sync(tmp_path / "a", server, "zhang")
    with Store.open(tmp_path / "a") as s:
        x = s.get(Defect, d.id)
        x.status = DefectStatus.CLOSED  # an inspector closing a defect
        x.title = "已处理"
        s.save(x)
    report = sync(tmp_path / "a", server, "zhang")
    assert len(report.refused) == 1
    assert "cannot go from open to closed" in report.refused[0]["reason"]
    with Store.open(tmp_path / "a") as s:
        x = s.get(Defect, d.id)
        assert (x.status, x.title) == (DefectStatus.OPEN, "燃气立管锈蚀")
        row = s.db.execute("SELECT refused, acked_at FROM outbox ORDER BY seq DESC").fetchone()
        assert "open to closed" in row[0] and row[1]
        assert any(h["action"] == "refused" for h in s.history("defects", d.id))
    assert export_of(tmp_path / "a") == server.service.snapshot()
    assert server.service.refusals()[-1]["account"] == "zhang"


def test_a_signed_inspection_cannot_change(tmp_path, server):
    pid, _ = setup_project(tmp_path, server)
    sync(tmp_path / "a", server, "zhang")

    def signed_form(profile):
        with Store.open(tmp_path / profile) as s:
            return s.save(
                Inspection(
                    project_id=pid,
                    template_id="gas",
                    template_version=1,
                    template_hash="x",
                    kind=InspectionKind.SURVEY,
                    status="signed",
                )
            )

    # Only an administrator records a form as signed without its history (an import).
    signed_form("a")
    report = sync(tmp_path / "a", server, "zhang")
    assert "does not follow the record's history" in report.refused[0]["reason"]
    i = signed_form("admin")
    assert not sync(tmp_path / "admin", server, "admin").refused
    sync(tmp_path / "a", server, "zhang")
    with Store.open(tmp_path / "a") as s:
        x = s.get(Inspection, i.id)
        x.status = "draft"
        s.save(x)
    report = sync(tmp_path / "a", server, "zhang")
    assert "signed inspection cannot be changed" in report.refused[-1]["reason"]


def test_wrong_password_and_other_users_profile(tmp_path, server):
    setup_project(tmp_path, server)
    with Store.open(tmp_path / "x", create=True) as s:
        from inspect_app.sync.client import SyncClient

        with pytest.raises(SyncError, match="wrong user name or password"):
            SyncClient(s, server.url, "zhang", lambda: "not the password").sync()
        assert s.get_meta("sync.token") is None
    sync(tmp_path / "y", server, "zhang")
    with pytest.raises(InspectError, match="belongs to zhang"):
        sync(tmp_path / "y", server, "li")


def test_unreachable_server_is_said_in_words(tmp_path):
    with Store.open(tmp_path / "p", create=True) as s:
        from inspect_app.sync.client import SyncClient

        with pytest.raises(SyncError, match="cannot reach the server"):
            SyncClient(s, "http://127.0.0.1:9", "zhang", lambda: PASSWORD).sync()


def test_concurrent_clients_keep_the_server_consistent(tmp_path, server):
    import threading

    pid, _ = setup_project(tmp_path, server)
    users = ["zhang", "li", "wang", "admin"]
    for u in users:
        sync(tmp_path / u, server, u)
    errors = []

    def work(user: str) -> None:
        try:
            for round_ in range(3):
                with Store.open(tmp_path / user) as s:
                    shared = s.find(Defect, "title = ?", ["共用"])
                    for i in range(40):
                        s.save(Defect(project_id=pid, title=f"{user}-{round_}-{i}"))
                    if shared:
                        shared[0].description = f"{user} {round_}"
                        s.save(shared[0])
                    elif user == "admin":
                        s.save(Defect(project_id=pid, title="共用"))
                sync(tmp_path / user, server, user)
        except Exception as e:  # reported below, with the thread's user
            errors.append((user, e))

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    for _ in range(2):
        for u in users:
            sync(tmp_path / u, server, u)
    central = server.service.snapshot()
    assert len(central["defects"]) == 4 * 3 * 40 + 1
    for u in users:
        assert export_of(tmp_path / u) == central, u
    seqs = [c for c in server.service.accepted_changes()]
    assert len(seqs) == len(set(seqs))


def test_a_checklist_signed_submitted_reopened_and_answered_again_syncs(tmp_path, server):
    """The honest lifecycle, made by the laptop's store operations, passes the central store's
    checks of history, status, answers and signer (server/access.py)."""
    from test_identity_signing import PATROL_OK

    from inspect_app import forms
    from inspect_app.demo_checklists import strokes_png
    from inspect_app.store import identity
    from inspect_app.store.inspection_lifecycle import reopen_inspection, submit_inspection
    from inspect_app.store.inspections import set_answer, start_inspection
    from inspect_app.store.signatures import sign

    pid, acc = setup_project(tmp_path, server)
    strokes = [[[0.0, 0.0, 0.0, 0.5], [20.0, 8.0, 40.0, 0.5]]]
    for who in ("zhang", "wang"):
        sync(tmp_path / who, server, who)
        with Store.open(tmp_path / who) as s:
            identity.cache_password(s, acc[who].id, PASSWORD)
    with Store.open(tmp_path / "zhang") as s:
        identity.login(s, "zhang", PASSWORD)
        insp = start_inspection(s, forms.load_all()["patrol"], pid)
        for k, v in PATROL_OK.items():
            set_answer(s, insp.id, k, v)
        sign(s, "inspections", insp.id, item="inspector_signature", strokes=strokes,
             png_bytes=strokes_png(strokes), guest_name="王秀英", guest_role="居民代表")  # fmt: skip
        sign(s, "inspections", insp.id, strokes=strokes, png_bytes=strokes_png(strokes))
    assert not sync(tmp_path / "zhang", server, "zhang").refused
    with Store.open(tmp_path / "zhang") as s:
        identity.login(s, "zhang", PASSWORD)
        submit_inspection(s, insp.id)
    assert not sync(tmp_path / "zhang", server, "zhang").refused
    sync(tmp_path / "wang", server, "wang")
    with Store.open(tmp_path / "wang") as s:
        identity.login(s, "wang", PASSWORD)
        reopen_inspection(s, insp.id, "巡检日期填错")
    assert not sync(tmp_path / "wang", server, "wang").refused
    sync(tmp_path / "zhang", server, "zhang")
    with Store.open(tmp_path / "zhang") as s:
        identity.login(s, "zhang", PASSWORD)
        set_answer(s, insp.id, "remarks", "已复查")
    assert not sync(tmp_path / "zhang", server, "zhang").refused
    row = next(r for r in server.service.snapshot()["inspections"] if r["id"] == insp.id)
    assert row["status"] == "reopened" and row["answers"]["remarks"] == "已复查"
    assert [(e["action"], e["by"]) for e in row["events"]] == [
        ("submitted", acc["zhang"].id), ("reopened", acc["wang"].id)]  # fmt: skip
    assert (
        len([r for r in server.service.snapshot()["signatures"] if r["target_id"] == insp.id]) == 2
    )
