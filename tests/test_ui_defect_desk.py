"""The desk across roles, driven through its widgets on a real profile."""

import shutil
import subprocess

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from workflow_world import make_world

from inspect_app.core.model import (
    Defect,
    DefectStatus,
    Notice,
    Organization,
    PhotoLink,
    Role,
    User,
)
from inspect_app.store import Store
from inspect_app.store import defect_query as dq
from inspect_app.store import defects as ops


@pytest.fixture
def app():
    from inspect_app.ui.app import application

    return application()


@pytest.fixture
def desk_for(qtbot, app):
    """Open the desk as a user, as the app does after signing in."""
    from inspect_app.ui.defect_desk import DefectDesk

    def make(store: Store, user: User):
        store.set_actor(user.id)
        desk = DefectDesk(store)
        qtbot.addWidget(desk)
        desk.resize(1300, 800)
        desk.show()
        return desk

    return make


def select(desk, defect_id: str) -> None:
    m = desk.model
    rows = [r for r in range(m.rowCount()) if m.defect_id(r) == defect_id]
    assert rows, "the defect is not listed"
    desk.table.clearSelection()
    desk.table.selectRow(rows[0])


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_full_loop_across_roles(qtbot, desk_for, store, tmp_path, qtmodeltester):
    w = make_world(store)

    # The inspector raises a defect from the desk's form.
    desk = desk_for(store, w.inspector)
    form = desk.form
    desk.tabs.setCurrentWidget(form)
    form.project.setCurrentIndex(form.project.findData(w.project.id))
    form.category.setCurrentText("燃气")
    form.severity.setCurrentIndex(form.severity.findData("major"))
    form.title.setText("3号楼燃气立管锈蚀")
    form.description.setPlainText("立管距地面1.2米处锈蚀严重")
    with qtbot.waitSignal(form.defect_raised) as raised:
        click(qtbot, form.submit)
    defect_id = raised.args[0]
    assert desk.model.rowCount() == 1
    desk.tabs.setCurrentIndex(0)
    # An inspector takes no workflow action: no bulk buttons, only a comment in the detail.
    select(desk, defect_id)
    assert not desk.bulk_assign.isVisible() and not desk.bulk_verify.isVisible()
    assert desk.detail.available() == ["comment"]

    # The supervisor finds it by a two-character word and assigns it in bulk.
    desk = desk_for(store, w.supervisor)
    qtmodeltester.check(desk.model)
    desk.search.setText("燃气")
    desk.apply_filters()
    assert desk.model.rowCount() == 1
    select(desk, defect_id)
    desk.bulk_org.setCurrentIndex(desk.bulk_org.findData(w.builder.id))
    with qtbot.waitSignal(desk.defects_changed):
        click(qtbot, desk.bulk_assign)
    d = store.get(Defect, defect_id)
    assert d.status == DefectStatus.ASSIGNED and d.assignee_org_id == w.builder.id and d.due_date

    # The contractor replies with an evidence photo.
    photo = tmp_path / "after.jpg"
    Image.new("RGB", (640, 480), (90, 120, 90)).save(photo)
    desk = desk_for(store, w.contractor)
    select(desk, defect_id)
    detail = desk.detail
    assert "reply" in detail.available() and not detail.buttons["verify"].isVisible()
    detail.add_evidence(photo)
    detail.note.setPlainText("已更换立管")
    click(qtbot, detail.buttons["reply"])
    assert store.get(Defect, defect_id).status == DefectStatus.RECTIFIED
    assert store.count(PhotoLink, "target_id = ? AND role = 'after'", [defect_id]) == 1

    # The supervisor rejects once, with a reason; without one the refusal is shown.
    desk = desk_for(store, w.supervisor)
    select(desk, desk_id := defect_id)
    click(qtbot, desk.detail.buttons["reject"])
    assert "reason" in desk.detail.message.text()
    desk.detail.note.setPlainText("照片看不清更换部位")
    click(qtbot, desk.detail.buttons["reject"])
    assert store.get(Defect, desk_id).status == DefectStatus.ASSIGNED

    desk = desk_for(store, w.contractor)
    select(desk, defect_id)
    desk.detail.note.setPlainText("补拍了更换前后照片")
    click(qtbot, desk.detail.buttons["reply"])

    # Then verifies (in bulk) and closes (销项).
    desk = desk_for(store, w.supervisor)
    select(desk, defect_id)
    click(qtbot, desk.bulk_verify)
    select(desk, defect_id)
    click(qtbot, desk.detail.buttons["close"])
    assert store.get(Defect, defect_id).status == DefectStatus.CLOSED
    kinds = [e.kind for e in ops.events(store, defect_id)]
    assert kinds == [
        "created",
        "assigned",
        "rectified",
        "rejected",
        "rectified",
        "verified",
        "closed",
    ]
    history = [desk.detail.history.item(i).text() for i in range(desk.detail.history.count())]
    assert len(history) == 7 and "照片看不清更换部位" in history[3]
    qtmodeltester.check(desk.model)


@pytest.fixture
def demo_store(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        yield s


def test_the_contractor_sees_nothing_of_other_companies(qtbot, desk_for, demo_store):
    s = demo_store
    contractor = s.find(User, "role = ?", [Role.CONTRACTOR.value], order_by="name")[0]
    supervisor = s.find(User, "role = ?", [Role.SUPERVISOR.value])[0]
    # A notice to each company, so there is something to hide.
    s.set_actor(supervisor.id)
    assigned = dq.defects(s, dq.DefectFilter(status="assigned"))
    ops.issue_notices(s, [r["id"] for r in assigned])
    assert len({n.addressee_org_id for n in s.find(Notice)}) > 1

    desk = desk_for(s, contractor)
    m = desk.model
    assert m.rowCount() == s.count(Defect, "assignee_org_id = ?", [contractor.org_id]) > 0
    assert {m.record(r)["assignee_org_id"] for r in range(m.rowCount())} == {contractor.org_id}
    # Clearing every filter, or choosing another company's name, does not widen the list.
    desk.clear_filters()
    desk.set_filter(dq.DefectFilter(assignee_org_id=assigned[0]["assignee_org_id"]))
    assert {m.record(r)["assignee_org_id"] for r in range(m.rowCount())} == {contractor.org_id}
    assert not desk.assignee.isVisible()
    # Notices: only its own.
    nm = desk.notices.model
    assert nm.rowCount() >= 1
    assert {nm.notice(r).addressee_org_id for r in range(nm.rowCount())} == {contractor.org_id}
    # Office actions are not there at all.
    for b in (desk.bulk_assign, desk.bulk_verify, desk.bulk_notice):
        assert not b.isVisible()
    assert desk.form is None
    for r in range(m.rowCount()):
        if m.record(r)["status"] == "rectified":
            select(desk, m.defect_id(r))
            assert desk.detail.available() == ["comment"]
            assert not desk.detail.buttons["verify"].isVisible()
            break
    else:
        pytest.fail("no rectified defect in the demo for this contractor")


def test_the_contractor_replies_to_a_notice_for_all_its_defects(
    qtbot, desk_for, demo_store, qtmodeltester, tmp_path
):
    s = demo_store
    supervisor = s.find(User, "role = ?", [Role.SUPERVISOR.value])[0]
    contractor = s.find(User, "name = ?", ["sunli"])[0]  # a building contractor's
    s.set_actor(supervisor.id)
    mine = dq.defects(s, dq.DefectFilter(status="assigned", assignee_org_id=contractor.org_id))[:3]
    (notice,) = ops.issue_notices(s, [r["id"] for r in mine])
    desk = desk_for(s, contractor)
    panel = desk.notices
    qtmodeltester.check(panel.model)
    desk.tabs.setCurrentWidget(panel)
    panel.table.selectRow(0)
    assert panel.defects.count() == 3 and panel.reply_box.isVisible()
    panel.reply_text.setPlainText("三处均已整改")
    with qtbot.waitSignal(panel.defects_changed):
        click(qtbot, panel.reply_button)
    assert {s.get(Defect, r["id"]).status for r in mine} == {DefectStatus.RECTIFIED}
    assert s.get(Notice, notice.id).status == "replied"
    # The office reads the notice but gets no reply form; it prints the notice.
    desk = desk_for(s, supervisor)
    desk.tabs.setCurrentWidget(desk.notices)
    desk.notices.table.selectRow(0)
    assert desk.notices.defects.count() == 3 and not desk.notices.reply_box.isVisible()
    with qtbot.waitSignal(desk.notices.notice_printed):
        pdf = desk.notices.print_notice(tmp_path / "notice.pdf")
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    org = s.get(Organization, notice.addressee_org_id).name
    assert "监理通知单" in text and org in text
    # The chosen notice only, under the number it was issued with.
    assert notice.number in text and "第1页共1页" in text


def test_dashboard_filter_reaches_the_list_and_bad_photo_is_refused(
    qtbot, desk_for, demo_store, tmp_path
):
    s = demo_store
    supervisor = s.find(User, "role = ?", [Role.SUPERVISOR.value])[0]
    desk = desk_for(s, supervisor)
    desk.set_filter(dq.DefectFilter(category="排水", severity="major"))
    assert desk.category.currentData() == "排水" and desk.severity.currentData() == "major"
    m = desk.model
    assert m.rowCount() > 0
    assert all(m.record(r)["category"] == "排水" for r in range(m.rowCount()))
    # A file that is not a photo gets a message and nothing is stored.
    assigned = dq.defects(s, dq.DefectFilter(status="assigned"))[0]
    contractor = s.find(User, "org_id = ?", [assigned["assignee_org_id"]])[0]
    desk = desk_for(s, contractor)
    select(desk, assigned["id"])
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a jpeg at all")
    before = s.count(PhotoLink)
    assert not desk.detail.add_evidence(bad)
    refused = desk.detail.refused_label.text()
    assert "broken.jpg: not a recognisable image (JPEG, PNG, HEIC/HEIF and WebP" in refused
    assert "cannot identify" not in refused
    assert s.count(PhotoLink) == before


def test_the_supervisor_issues_a_stop_order_and_an_older_hazard_goes_to_its_operator(
    qtbot, desk_for, demo_store
):
    """In the desk: a 工程暂停令 for a 重大 hazard of the works, with its 事由, signed by the
    chief engineer; a hazard from before the works handed to the gas operator (who is in the
    list), not to a contractor."""
    from inspect_app.core.model import Severity

    s = demo_store
    supervisor = s.find(User, "name = ?", ["wangqiang"])[0]
    major = s.find(
        Defect, "status = 'assigned' AND severity = ? AND pre_existing = 0", [Severity.MAJOR.value]
    )[0]
    desk = desk_for(s, supervisor)
    desk.set_filter(dq.DefectFilter(project_id=major.project_id))
    select(desk, major.id)
    desk.notice_form.setCurrentIndex(0)  # a specialist may not stop works
    desk.notice_form.setCurrentIndex(2)
    desk.notice_subject.setText("连墙件缺失，存在坍塌风险")
    before = s.count(Notice)
    click(qtbot, desk.bulk_notice)
    assert desk.bulk_message.text() == ""
    (stop,) = s.find(Notice, "form = 'stop' AND subject = ?", ["连墙件缺失，存在坍塌风险"])
    assert s.count(Notice) == before + 1 and stop.signer_title == "总监理工程师"
    assert stop.defect_ids == [major.id] and stop.number.startswith("TG-")

    # The operator is offered for an older hazard, and a notice to a contractor is refused.
    older = s.find(Defect, "status = 'open' AND pre_existing = 1")[0]
    names = [desk.bulk_org.itemText(i) for i in range(desk.bulk_org.count())]
    assert "燃气集团" in names and "和平里街道" in names
    desk.set_filter(dq.DefectFilter(project_id=older.project_id))
    select(desk, older.id)
    desk.bulk_org.setCurrentIndex(names.index("北京城建"))
    click(qtbot, desk.bulk_assign)
    desk.notice_form.setCurrentIndex(0)
    click(qtbot, desk.bulk_notice)
    assert (
        "pre-dates the works" in desk.bulk_message.text()
        or "改造前既有" in desk.bulk_message.text()
    )
    select(desk, older.id)
    desk.bulk_org.setCurrentIndex(names.index("燃气集团"))
    click(qtbot, desk.bulk_assign)
    click(qtbot, desk.bulk_notice)
    assert desk.bulk_message.text() == ""
    assert s.find(Notice, "addressee_org_id = ?", [s.get(Defect, older.id).assignee_org_id])
