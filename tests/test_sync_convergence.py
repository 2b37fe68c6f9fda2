"""Property: laptops editing offline and syncing in any order, through failures injected
mid-push, mid-pull and mid-upload, end with the same data as the central store, and no
accepted edit is missing from any history."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from syncutil import backend_params, export_of, start_server, sync, transport

from inspect_app.core.model import (
    Defect,
    DefectEvent,
    DefectStatus,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Role,
)
from inspect_app.store import Store
from inspect_app.sync.client import SyncError

USERS = ("zhang", "li", "wang")  # two inspectors and a supervisor
TITLES = ("燃气立管锈蚀", "排水管堵塞", "电线私拉乱接")
FAULTS = st.lists(st.sampled_from(["ok", "ok", "ok", "drop", "lose", "cut"]), max_size=8)

edit = st.tuples(
    st.just("edit"),
    st.sampled_from(USERS),
    st.sampled_from(
        ["create", "title", "describe", "delete", "revive", "photo", "comment", "assign"]
    ),
    st.integers(0, 50),  # which record
    st.integers(0, 2),  # which value
)
sync_step = st.tuples(st.just("sync"), st.sampled_from(USERS), FAULTS)
steps = st.lists(st.one_of(edit, sync_step), min_size=4, max_size=14)


def apply_edit(path: Path, what: str, pick: int, value: int, project: str) -> None:
    with Store.open(path) as s:
        defects = s.find(Defect, include_deleted=True)
        if what == "create" or not defects:
            s.save(Defect(project_id=project, title=TITLES[value], category="燃气"))
            return
        d = defects[pick % len(defects)]
        if what == "title":
            d.title = TITLES[value]
            s.save(d)
        elif what == "describe":
            d.description = f"描述{value}"
            s.save(d)
        elif what == "delete" and not d.deleted:
            s.delete(Defect, d.id)
        elif what == "revive" and d.deleted:
            s.save(d)
        elif what == "photo":
            data = bytes([pick, value]) * (20_000 + 5_000 * value)
            ph = s.save(Photo(sha256=s.blobs.put_bytes(data), project_id=project))
            s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id))
        elif what == "comment":
            s.save(
                DefectEvent(
                    defect_id=d.id, kind="comment", at="2026-11-25T10:00:00+08:00", actor_id=s.actor
                )
            )
        elif what == "assign" and d.status == DefectStatus.OPEN:
            # allowed for the supervisor, refused for an inspector
            d.status, d.assignee_org_id = DefectStatus.ASSIGNED, "org-contractor"
            s.save(d)


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.parametrize("backend", backend_params())
@given(plan=steps)
def test_random_offline_edits_with_failures_converge(backend, plan):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        srv = start_server(tmp, backend)
        try:
            srv.add_user("admin", "admin", "住建委")
            org = srv.add_user("zhang", "inspector", "华建监理").org_id
            srv.add_user("li", "inspector", "华建监理")
            srv.add_user("wang", "supervisor", "华建监理")
            sync(tmp / "admin", srv, "admin")
            with Store.open(tmp / "admin") as s:
                project = s.save(Project(name="和平里东街小区")).id
                s.save(ProjectMember(project_id=project, org_id=org, role=Role.INSPECTOR))
                s.save(Defect(project_id=project, title="共用的问题"))
            sync(tmp / "admin", srv, "admin")
            for user in USERS:
                sync(tmp / user, srv, user)

            for step in plan:
                if step[0] == "edit":
                    _, user, what, pick, value = step
                    apply_edit(tmp / user, what, pick, value, project)
                else:
                    _, user, faults = step
                    try:
                        sync(tmp / user, srv, user, transport(faults))
                    except SyncError:  # the profile stays consistent; the next sync goes on
                        event("a sync failed part-way")

            for _ in range(2):  # everyone syncs, with no failures, until all have everything
                for user in USERS:
                    sync(tmp / user, srv, user)

            central = srv.service.snapshot()
            accepted = set(srv.service.accepted_changes())
            conflicts = srv.service.conflicts()
            event(f"conflicts: {min(len(conflicts), 3)}")
            event(f"refusals: {min(len(srv.service.refusals()), 3)}")
            for user in USERS:
                assert export_of(tmp / user) == central, user
                with Store.open(tmp / user) as s:
                    assert s.pending_changes() == 0
                    history = set(
                        s.db.execute("SELECT table_name, record_id, hlc FROM audit").fetchall()
                    )
                    assert accepted <= history, accepted - history
                    ids = {r[0] for r in s.db.execute("SELECT id FROM conflicts")}
                    assert ids == {c["id"] for c in conflicts}
                    for ph in s.find(Photo):
                        assert s.blobs.has(ph.sha256) and srv.blobs.has(ph.sha256)
        finally:
            srv.stop()
