"""The background sync worker, the outbox view and the status-bar widget, with a real server."""

import os
import tempfile
from pathlib import Path

import pytest
from syncutil import PASSWORD, ServerThread, sync

from inspect_app.core.model import Defect, DefectStatus, Project, ProjectMember, Role
from inspect_app.store import Store

# Screenshots go to docs/screenshots when INSPECT_SCREENSHOTS=1, else into a temporary folder.
DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = DOCS if os.environ.get("INSPECT_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="shots-"))


@pytest.fixture
def world(tmp_path, qapp):
    srv = ServerThread(tmp_path / "server")
    srv.add_user("admin", "admin", "住建委")
    org = srv.add_user("zhang", "inspector", "华建监理").org_id
    sync(tmp_path / "admin", srv, "admin")
    with Store.open(tmp_path / "admin") as s:
        pid = s.save(Project(name="和平里东街小区")).id
        s.save(ProjectMember(project_id=pid, org_id=org, role=Role.INSPECTOR))
    sync(tmp_path / "admin", srv, "admin")
    sync(tmp_path / "laptop", srv, "zhang")
    yield srv, tmp_path / "laptop", pid
    srv.stop()


@pytest.fixture
def qapp():
    from inspect_app.ui.app import application

    return application()


def test_outbox_view_and_background_sync(qtbot, qtmodeltester, world):
    from inspect_app.ui.outbox_view import OutboxView
    from inspect_app.ui.sync_status import SyncStatus
    from inspect_app.ui.sync_worker import SyncWorker

    srv, laptop, pid = world
    store = Store.open(laptop)
    try:
        for title in ("3号楼燃气立管锈蚀", "5号楼排水管堵塞", "小区主入口消防通道占用"):
            store.save(Defect(project_id=pid, title=title, category="燃气"))
        bad = store.find(Defect)[0]
        bad.status = DefectStatus.CLOSED  # an inspector may not close: the server will refuse
        store.save(bad)

        view = OutboxView(store)
        view.resize(900, 260)
        qtbot.addWidget(view)
        qtmodeltester.check(view.model)
        assert view.model.rowCount() == 4
        assert view.model.index(0, 2).data() == "3号楼燃气立管锈蚀"
        assert "4" in view.summary.text()
        view.grab().save(str(SHOTS / "sync_outbox_waiting.png"))

        worker = SyncWorker(laptop, srv.url, "zhang", lambda: PASSWORD)
        status = SyncStatus(worker, store)
        status.resize(700, 30)
        qtbot.addWidget(status)
        worker.sync_finished.connect(view.refresh)
        worker.sync_finished.connect(status.refresh_waiting)
        with qtbot.waitSignal(worker.sync_finished, timeout=30_000) as finished:
            assert worker.sync_now()
        report = finished.args[0]
        assert report.pushed == 3 and len(report.refused) == 1
        assert worker.wait(10)
        assert view.model.rowCount() == 1  # only the refused change is left, with its reason
        state = view.model.index(0, 4).data()
        assert "cannot go from open to closed" in state
        assert "refused" in view.summary.text() or "拒绝" in view.summary.text()
        assert status.state.text() in ("已同步", "Synced")
        view.grab().save(str(SHOTS / "sync_outbox_refused.png"))
        status.grab().save(str(SHOTS / "sync_status_done.png"))

        # The server goes away: the failure is said in words and nothing is lost.
        store.save(Defect(project_id=pid, title="离线时记录的问题"))
        srv.stop()
        with qtbot.waitSignal(worker.sync_failed, timeout=30_000) as failed:
            worker.sync_now()
        assert "cannot reach the server" in failed.args[0]
        assert worker.wait(10)
        assert "cannot reach the server" in status.error.text()
        assert store.pending_changes() == 1
        status.grab().save(str(SHOTS / "sync_status_failed.png"))
    finally:
        store.close()


def test_background_sync_runs_on_a_timer(qtbot, world):
    from inspect_app.ui.sync_worker import SyncWorker

    srv, laptop, pid = world
    with Store.open(laptop) as store:
        store.save(Defect(project_id=pid, title="定时同步"))
    worker = SyncWorker(laptop, srv.url, "zhang", lambda: PASSWORD)
    finished = []
    worker.sync_finished.connect(finished.append)
    worker.start_background(interval_s=1)
    qtbot.waitUntil(lambda: len(finished) >= 2, timeout=20_000)
    worker.stop_background()
    assert worker.wait(10)
    assert finished[0].pushed == 1 and finished[1].pushed == 0
    assert not worker.sync_now() or worker.wait(10)
