"""An empty profile opens on a welcome page that leads somewhere: the demo, a central store, or
a community created here; every empty place says what to do next."""

import shutil
import socket

import pytest
from PySide6.QtCore import QSettings
from syncutil import PASSWORD, ServerThread, sync

from inspect_app.core.model import Organization, Project, ProjectMember
from inspect_app.errors import WorkflowError
from inspect_app.store import Store, community


@pytest.fixture
def empty_window(qtbot, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    application()
    old = set_messages(RecordedMessages())
    store = Store.open(tmp_path / "empty", create=True)
    w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.welcome is not None:
        w.welcome.wait()
    w.close()
    store.close()
    set_messages(old)


def test_an_empty_profile_opens_on_the_welcome_page(empty_window):
    w = empty_window
    assert w.stack.currentWidget() is w.welcome
    # Ctrl+N with no community: the welcome page and what to do, not "choose on the left".
    w.stack.setCurrentWidget(w.project_tabs)
    w.actions_["new_inspection"].trigger()
    assert w.stack.currentWidget() is w.welcome
    assert "open the demo" in w.statusBar().currentMessage()
    # The desk and Switch user with no users at all: no empty list to choose from.
    w.stack.setCurrentWidget(w.project_tabs)
    w.actions_["desk"].trigger()
    assert w.stack.currentWidget() is w.welcome and w.supervision.count() == 0
    assert w.switch_user() is False and not hasattr(w, "login_dialog")
    # An empty laptop may be begun by its first administrator or supervisor only.
    assert w.welcome.first_user.isVisibleTo(w.welcome) and w.welcome.create_button.isEnabled()


def test_open_the_demo_from_the_welcome_page(empty_window, qtbot):
    w = empty_window
    with qtbot.waitSignal(w.welcome.ready, timeout=120_000):
        w.welcome.demo_button.click()
    assert w.navigator.rowCount() >= 5
    assert w.stack.currentWidget() is w.project_tabs
    assert "张伟" in w.user_label.text()


def test_a_failed_connection_says_which_address_what_happened_and_what_to_check(
    empty_window, qtbot
):
    w = empty_window.welcome
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    w.server.setText(f"127.0.0.1:{port}")
    w.user.setText("zhang")
    w.password.setText("whatever")
    with qtbot.waitSignal(w.tasks.task_ended, timeout=30_000):
        w.connect_button.click()
    text = w.connect_error.text()
    assert w.connect_error.isVisibleTo(w)
    assert f"port {port}" in text and "127.0.0.1" in text and "inspect-app server" in text
    assert "Errno" not in text
    assert w.connect_button.isEnabled()
    w.server.setText("ftp://x")
    w.connect_button.click()
    assert "not a server address" in w.connect_error.text()


def test_connect_to_the_central_store_from_the_welcome_page(empty_window, qtbot, tmp_path):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("boss", "admin", "住建委")
        srv.add_user("liu", "supervisor", "华建监理")
        srv.add_user("zhang", "inspector", "华建监理")
        sync(tmp_path / "liu", srv, "liu")
        # A synced laptop: the central store's administrator creates communities, not liu.
        with (
            Store.open(tmp_path / "liu") as laptop,
            pytest.raises(WorkflowError, match="its administrator creates"),
        ):
            community.create_community(laptop, "别的小区")
        sync(tmp_path / "office", srv, "boss")  # the office sets a community up and sends it
        with Store.open(tmp_path / "office") as office:
            p = community.create_community(office, "幸福里小区", buildings=["1号楼"])
            org = office.find(Organization, "name = ?", ["华建监理"])[0]
            office.save(ProjectMember(project_id=p.id, org_id=org.id, role="supervisor"))
        sync(tmp_path / "office", srv, "boss")
        w = empty_window
        w.welcome.server.setText(srv.url)
        w.welcome.user.setText("zhang")
        w.welcome.password.setText(PASSWORD)
        with qtbot.waitSignal(w.welcome.ready, timeout=60_000):
            w.welcome.connect_button.click()
        names = [w.navigator.index(r, 0).data() for r in range(w.navigator.rowCount())]
        assert any("幸福里小区" in n for n in names), names
        assert "zhang" in w.user_label.text() or "Inspector" in w.user_label.text()
    finally:
        srv.stop()


def test_a_supervisor_creates_the_first_community_here(empty_window):
    w = empty_window
    p = w.welcome
    p.login_name.setText("liu")
    p.display_name.setText("刘工")
    p.org_name.setText("华建监理")
    p.role.setCurrentIndex(p.role.findData("supervisor"))
    p.new_password.setText("123")  # too short: said, nothing kept
    p.community_name.setText("幸福里小区")
    p.buildings.setText("1号楼，2号楼")
    p.create_button.click()
    assert "at least 6" in p.create_error.text() and w.store.count(Project) == 0
    p.new_password.setText("secret1")
    p.create_button.click()
    assert w.current[0] == "project"
    assert w.store.get(Project, w.current[1]).name == "幸福里小区"
    assert "刘工" in w.user_label.text()


def test_new_inspection_without_a_checklist_for_the_stage_says_why(qtbot, demo_profile, tmp_path):
    from inspect_app.forms import load_all
    from inspect_app.ui.app import application
    from inspect_app.ui.new_inspection import NewInspectionDialog

    application()
    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as store:
        voting = store.find(Project, "stage = 'voting'")[0]
        d = NewInspectionDialog(store, voting, load_all())
        qtbot.addWidget(d)
        d.show()
        assert d.templates == [] and not d.start_button.isEnabled()
        assert "no checklist" in d.why.text() and d.why.isVisible()
        d.accept()  # Enter: nothing starts, no IndexError
        assert d.result() != d.DialogCode.Accepted
        survey = store.find(Project, "stage = 'survey'")[0]
        d2 = NewInspectionDialog(store, survey, load_all())
        qtbot.addWidget(d2)
        assert d2.templates and d2.start_button.isEnabled() and d2.why.isHidden()
