"""The main window tells the inspector when the central store was found restored from a backup
and how many changes the laptop sent again (real server, real backup and restore)."""

import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from syncutil import PASSWORD, ServerThread, sync

from inspect_app.cli import main
from inspect_app.core.model import Defect, Project, ProjectMember, Role
from inspect_app.store import Store

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = DOCS if os.environ.get("INSPECT_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="shots-"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_window_says_a_restored_server_got_its_changes_back(qtbot, tmp_path, lang):
    from inspect_app.ui import i18n as ui_i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    ui_i18n.install(application(), lang)
    recorded = RecordedMessages()
    set_messages(recorded)
    data = tmp_path / "server"
    srv = ServerThread(data)
    try:
        srv.add_user("admin", "admin", "东城区住建委")
        org = srv.add_user("zhang", "inspector", "华建监理").org_id
        sync(tmp_path / "admin", srv, "admin")
        with Store.open(tmp_path / "admin") as s:
            pid = s.save(Project(name="和平里东街小区")).id
            s.save(ProjectMember(project_id=pid, org_id=org, role=Role.INSPECTOR))
        sync(tmp_path / "admin", srv, "admin")
        sync(tmp_path / "laptop", srv, "zhang")
        assert (
            main(["server", "backup", "--data", str(data), "--out", str(tmp_path / "b.tar")]) == 0
        )
        with Store.open(tmp_path / "laptop") as s:
            for title in ("3号楼燃气立管锈蚀", "5号楼排水管堵塞"):
                s.save(Defect(project_id=pid, title=title, category="燃气"))
        sync(tmp_path / "laptop", srv, "zhang")
    finally:
        srv.stop()
    restore = ["server", "restore", "--data", str(data), "--from", str(tmp_path / "b.tar")]
    assert main([*restore, "--force"]) == 0
    srv = ServerThread(data)
    try:
        with Store.open(tmp_path / "laptop") as store:
            w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
            qtbot.addWidget(w)
            w.resize(1366, 768)
            w.show()
            w.start_sync(srv.url, "zhang", PASSWORD)
            with qtbot.waitSignal(w.sync_worker.sync_finished, timeout=30000):
                w.actions_["sync"].trigger()
            assert w.sync_worker.wait(10)
            said = {
                "zh": "中心服务器已从备份恢复：本机重新发送了服务器缺少的 2 条修改",
                "en": "the central store was restored from a backup: this laptop re-sent 2 "
                "changes the server had lost",
            }[lang]
            assert recorded.shown == [("info", said)]
            assert w.sync_status.notice.text() == said
            assert store.pending_changes() == 0
            titles = {r["title"] for r in srv.service.snapshot()["defects"]}
            assert titles == {"3号楼燃气立管锈蚀", "5号楼排水管堵塞"}
            qtbot.wait(50)
            w.grab().save(str(SHOTS / f"sync_restored_{lang}.png"))
            # The next sync is ordinary: no message, and the notice goes.
            with qtbot.waitSignal(w.sync_worker.sync_finished, timeout=30000):
                w.actions_["sync"].trigger()
            assert len(recorded.shown) == 1 and w.sync_status.notice.text() == ""
            w.close()
    finally:
        srv.stop()
        ui_i18n.install(application(), "zh")
