"""Property: laptops editing offline and syncing in any order, with the central store backed up
and restored from any of its backups at any point (its photos lost or not), end with every
edit on the server and on every laptop exactly once and the same data everywhere."""

import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from syncutil import ServerThread, export_of, sync, transport
from test_sync_convergence import USERS, apply_edit, edit

from inspect_app.core.model import Defect, Photo, Project, ProjectMember, Role
from inspect_app.server.backup import backup_server, restore_server
from inspect_app.store import Store
from inspect_app.sync.client import SyncError

sync_step = st.tuples(
    st.just("sync"),
    st.sampled_from(USERS),
    st.lists(st.sampled_from(["ok", "ok", "ok", "drop", "lose"]), max_size=4),
)
backup = st.tuples(st.just("backup"))
restore = st.tuples(st.just("restore"), st.integers(0, 3), st.booleans())
any_step = st.one_of(edit, edit, sync_step, sync_step, backup, restore)
# At least one backup with work after it and a restore of it after that; more anywhere.
steps = st.builds(
    lambda a, b, c, r, d: [*a, ("backup",), *b, *c, r, *d],
    st.lists(any_step, max_size=5),
    st.lists(edit, min_size=1, max_size=4),
    st.lists(st.one_of(any_step, sync_step), min_size=1, max_size=6),
    restore,
    st.lists(any_step, max_size=5),
)


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=steps)
def test_restores_at_any_point_lose_and_duplicate_nothing(plan):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "server"
        srv = ServerThread(data)
        backups: list[Path] = []
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
                elif step[0] == "sync":
                    try:
                        sync(tmp / step[1], srv, step[1], transport(step[2]))
                    except SyncError:
                        event("a sync failed part-way")
                elif step[0] == "backup":
                    backups.append(tmp / f"backup-{len(backups)}.tar")
                    backup_server(data, backups[-1])
                elif backups:
                    _, which, lose_photos = step
                    srv.stop()
                    if lose_photos:
                        shutil.rmtree(data / "blobs", ignore_errors=True)
                    restore_server(backups[which % len(backups)], data, force=True)
                    srv = ServerThread(data)
                    event("restored")

            for _ in range(3):  # re-sends first, then what was held, then everyone pulls
                for user in USERS:
                    sync(tmp / user, srv, user)

            central = srv.service.snapshot()
            with srv.service.db.connect() as conn:
                changes = conn.all(
                    "SELECT change_id, table_name, record_id, hlc FROM changes"
                    " WHERE table_name <> 'conflicts'"
                )
            ids = {c[0] for c in changes}
            twice = [k for k, n in Counter(c[1:] for c in changes).items() if n > 1]
            assert twice == []
            stamps = {(c[1], c[2], c[3]) for c in changes}
            for user in USERS:
                assert export_of(tmp / user) == central, user
                with Store.open(tmp / user) as s:
                    assert s.pending_changes() == 0
                    mine = {
                        r[0]
                        for r in s.db.execute("SELECT change_id FROM outbox WHERE refused IS NULL")
                    }
                    assert mine <= ids, "an edit the server acknowledged is missing"
                    history = set(
                        s.db.execute("SELECT table_name, record_id, hlc FROM audit").fetchall()
                    )
                    assert stamps <= history
                    again = s.db.execute(
                        "SELECT hlc, table_name, record_id, action FROM audit"
                        " WHERE action <> 'refused' GROUP BY 1, 2, 3, 4 HAVING count(*) > 1"
                    ).fetchall()
                    assert again == []
                    for ph in s.find(Photo):
                        assert s.blobs.has(ph.sha256) and srv.blobs.has(ph.sha256)
        finally:
            srv.stop()
