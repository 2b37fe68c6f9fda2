"""The conflicts list in the real main window: a supervisor's laptop finds the conflict two
inspectors made offline, restores the losing edit, syncs, and every laptop sees it settled."""

import os
import tempfile
from pathlib import Path

import pytest
from conflict_world import KEPT, LOST, build, make_description_conflict
from PySide6.QtCore import QSettings, Qt
from syncutil import PASSWORD, ServerThread

from inspect_app.core.model import Defect
from inspect_app.store import Store
from inspect_app.store import conflicts as ops

DOCS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = DOCS if os.environ.get("INSPECT_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="shots-"))


@pytest.fixture
def world(tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.messages import RecordedMessages, set_messages

    application()
    old = set_messages(RecordedMessages())
    srv = ServerThread(tmp_path / "server")
    yield build(tmp_path, srv)
    srv.stop()
    set_messages(old)


def language(lang: str) -> None:
    from inspect_app.ui import i18n
    from inspect_app.ui.app import application

    i18n.install(application(), lang)


def window(qtbot, store, tmp_path, name):
    from inspect_app.ui.main_window import MainWindow

    w = MainWindow(store, QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def sync_window(qtbot, w, srv, user):
    if w.sync_worker is None:
        w.start_sync(srv.url, user, PASSWORD)
    with qtbot.waitSignal(w.sync_worker.sync_finished, timeout=30_000) as done:
        w.actions_["sync"].trigger()
    assert not done.args[0].refused, done.args[0].refused
    assert w.sync_worker.wait(10)


def test_a_supervisor_restores_the_losing_edit_in_the_window(qtbot, qtmodeltester, world, tmp_path):
    language("zh")
    make_description_conflict(world)
    store = Store.open(world.path("wang"))
    try:
        w = window(qtbot, store, tmp_path, "wang")
        assert not w.conflicts_button.isVisible()  # nothing known yet
        sync_window(qtbot, w, world.srv, "wang")
        # The count in the status bar and on the community's overview.
        assert w.conflicts_button.isVisible() and "1 项冲突待处理" in w.conflicts_button.text()
        w.select("project", world.project_id)
        cards = [w.overview.cards.itemAt(i).widget() for i in range(w.overview.cards.count())]
        texts = {c.findChild(type(w.connection_label), "cardTitle").text():
                 c.findChild(type(w.connection_label), "cardValue").text() for c in cards}  # fmt: skip
        assert texts["同步冲突（待处理）"] == "1"
        qtbot.wait(50)  # the new cards are laid out by the event loop
        w.grab().save(str(SHOTS / "conflicts-overview-zh.png"))

        qtbot.mouseClick(
            w.overview.conflicts_card, Qt.MouseButton.LeftButton
        )  # the card opens the list
        assert w.stack.currentWidget() is w.conflicts
        w.select("project", world.project_id)
        qtbot.mouseClick(w.conflicts_button, Qt.MouseButton.LeftButton)  # and so does the bar
        page = w.conflicts
        assert w.stack.currentWidget() is page
        qtmodeltester.check(page.model)
        assert page.model.rowCount() == 1
        assert page.model.index(0, 0).data() == "3号楼燃气立管锈蚀"
        assert page.model.index(0, 1).data() == "问题描述"
        assert page.kept_value.text() == KEPT and page.lost_value.text() == LOST
        assert (
            page.kept_who.text().startswith("zhang · ") and "Asia/Shanghai" in page.kept_who.text()
        )
        assert page.lost_who.text().startswith("li · ")
        assert page.restore_button.isEnabled() and page.keep_button.isEnabled()
        w.grab().save(str(SHOTS / "conflicts-zh.png"))

        language("en")  # the same list in English
        en = window(qtbot, store, tmp_path, "wang-en")
        en.show_conflicts()
        assert en.conflicts.model.index(0, 1).data() == "Description"
        assert en.conflicts.restore_button.text() == "Restore losing value"
        en.grab().save(str(SHOTS / "conflicts-en.png"))
        en.close()
        language("zh")

        page.note.setText("李工的描述与现场一致")
        qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
        assert store.get(Defect, world.defect_id).description == LOST
        assert not w.conflicts_button.isVisible()
        assert "2" in w.sync_status.waiting.text() and "2" in w.pending_label.text()
        assert page.model.rowCount() == 0  # only those to settle are listed
        page.open_only.setChecked(False)
        assert page.model.rowCount() == 1
        assert "已处理：恢复被覆盖的值（wang" in page.model.index(0, 4).data()
        assert "李工的描述与现场一致" in page.state.text()
        assert not page.restore_button.isEnabled()
        w.grab().save(str(SHOTS / "conflicts-settled-zh.png"))
        sync_window(qtbot, w, world.srv, "wang")
        assert store.pending_changes() == 0
        w.close()
    finally:
        store.close()

    world.sync("zhang", "li")
    for user in ("wang", "zhang", "li"):
        with Store.open(world.path(user)) as s:
            assert s.get(Defect, world.defect_id).description == LOST
            (c,) = ops.list_conflicts(s)
            assert c["settled"]["decision"] == "restore"
            assert c["settled"]["note"] == "李工的描述与现场一致"


def test_an_inspector_sees_the_conflict_on_its_own_edit_but_may_not_settle(qtbot, world, tmp_path):
    language("zh")
    make_description_conflict(world)
    world.sync("li", "zhao")
    with Store.open(world.path("zhao")) as store:  # the contractor: not its edit, not listed
        w = window(qtbot, store, tmp_path, "zhao")
        assert not w.conflicts_button.isVisible()
        w.show_conflicts()
        assert w.conflicts.model.rowCount() == 0
        w.close()
    with Store.open(world.path("li")) as store:
        w = window(qtbot, store, tmp_path, "li")
        assert "1 项冲突待处理" in w.conflicts_button.text()
        w.show_conflicts()
        page = w.conflicts
        assert page.model.rowCount() == 1 and page.lost_value.text() == LOST
        rect = page.table.visualRect(page.model.index(0, 0))
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert w.current == ("defect", world.defect_id)  # the record opens in the editor
        w.show_conflicts()
        assert not page.restore_button.isEnabled() and not page.keep_button.isEnabled()
        assert "只有监理或管理员可以处理" in page.rule.text()
        assert not page.settle_current("restore")  # even if asked: the store refuses in words
        assert store.get(Defect, world.defect_id).description == KEPT
        w.close()


def test_two_supervisors_disagreeing_see_their_own_conflict_in_the_window(qtbot, world, tmp_path):
    language("zh")
    make_description_conflict(world)
    world.sync("wang", "chen")
    with Store.open(world.path("wang")) as s:
        (c,) = ops.list_conflicts(s)
        ops.settle(s, c["id"], "keep", "现场核实")
    with Store.open(world.path("chen")) as s:
        ops.settle(s, c["id"], "restore", "以李工为准")
    world.sync("wang", "chen", "wang")
    with Store.open(world.path("wang")) as store:
        w = window(qtbot, store, tmp_path, "wang")
        assert "1 项冲突待处理" in w.conflicts_button.text()
        w.show_conflicts()
        page = w.conflicts
        assert page.model.rowCount() == 1
        assert page.model.index(0, 0).data() == "3号楼燃气立管锈蚀 · 问题描述"
        assert page.model.index(0, 1).data() == "处理结果"
        assert {page.kept_value.text().split("\n")[0], page.lost_value.text().split("\n")[0]} == {
            "保留现值",
            "恢复被覆盖的值",
        }
        assert {page.kept_who.text()[:4], page.lost_who.text()[:4]} == {"wang", "chen"}
        both = page.kept_value.text() + page.lost_value.text()
        assert (
            "问题描述：" + LOST in both and "说明：以李工为准" in both and "说明：现场核实" in both
        )
        w.grab().save(str(SHOTS / "conflicts-settlement-zh.png"))
        qtbot.mouseClick(page.keep_button, Qt.MouseButton.LeftButton)
        assert ops.count_open(store) == 0 and not w.conflicts_button.isVisible()
        w.close()
