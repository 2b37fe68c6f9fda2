"""The main window brings the parts together: photos, supervision, the project page, reports
and sync, each reachable from the toolbar."""

import shutil

import pytest
from PySide6.QtCore import QSettings
from syncutil import PASSWORD, ServerThread, sync

from inspect_app.core.model import Defect, Inspection, Project
from inspect_app.store import Store


@pytest.fixture
def window(qtbot, demo_profile, tmp_path):
    from inspect_app.core import i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    i18n.set_language("zh")
    application()
    old = set_messages(RecordedMessages())
    shutil.copytree(demo_profile, tmp_path / "p")
    store = Store.open(tmp_path / "p")
    w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    store.close()
    set_messages(old)


def test_defect_page_shows_its_photos(window):
    store = window.store
    linked = store.db.execute(
        "SELECT target_id FROM photo_links WHERE target_type = 'defect' LIMIT 1"
    ).fetchone()[0]
    window.select("defect", linked)
    strip = window.defect_editor.photos
    assert strip.target_id == linked and strip.model.rowCount() >= 1


def test_project_page_and_overview_share_the_community_view(window):
    p = window.store.find(Project, "stage = 'voting'")[0]
    window.select("project", p.id)
    assert window.stack.currentWidget() is window.project_tabs
    assert window.project_tabs.isTabVisible(1)
    window.project_tabs.setCurrentIndex(1)
    assert window.project_page.project_id == p.id


def test_supervision_desk_opens_and_the_dashboard_filters_it(window, qtbot):
    window.actions_["desk"].trigger()
    assert window.stack.currentWidget() is window.supervision
    assert window.supervision.count() == 3
    from inspect_app.store import defect_query as dq

    window.dashboard.filter_picked.emit(dq.DefectFilter(severity="major"))
    assert window.supervision.currentWidget() is window.desk
    assert window.desk.current_filter().severity == "major"


def test_print_menu_offers_the_reports_that_fit(window, monkeypatch):
    acc = window.store.find(Inspection, "kind = 'acceptance'", limit=1)[0]
    window.select("inspection", acc.id)
    actions = {a.text(): a for a in window.report_menu().actions()}
    assert next(iter(actions)) == "本次检查记录"
    assert {"隐患排查报告", "监理通知单", "监理通知回复单", "工程暂停令", "缺陷清单"} <= set(
        actions
    )
    calls = []
    monkeypatch.setattr(window, "print_report", lambda kind, **kw: calls.append((kind, kw)))
    actions["本次检查记录"].trigger()
    actions["缺陷清单"].trigger()
    assert calls == [("acceptance", {"inspection_id": acc.id}),
                     ("defects", {"project_id": acc.project_id})]  # fmt: skip


def test_sync_from_the_toolbar_reaches_the_server(qtbot, tmp_path):
    from inspect_app.core import i18n
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow

    i18n.set_language("zh")
    application()
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("zhang", "inspector", "华建监理")
        sync(tmp_path / "laptop", srv, "zhang")
        with Store.open(tmp_path / "laptop") as store:
            w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
            qtbot.addWidget(w)
            assert "在线" in w.connection_label.text()  # a server and a token are known
            store.save(Defect(project_id="p", title="离线时登记的问题"))
            w.start_sync(srv.url, "zhang", PASSWORD)
            with qtbot.waitSignal(w.sync_worker.sync_finished, timeout=30000):
                w.actions_["sync"].trigger()
            assert store.pending_changes() == 0
            assert "上次同步" in w.last_sync_label.text()
            w.close()
    finally:
        srv.stop()
