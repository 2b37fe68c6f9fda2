"""The signed-record journey through the real main window: the inspector fills a patrol
checklist and signs, the contractor co-signs with its own password, an edit voids exactly the
signatures it should, the inspector submits; the contractor, signed in, cannot edit it, raise a
defect or touch another firm's defect, and sees only its own desk and scorecard."""

import itertools
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from inspect_app import forms
from inspect_app.core.model import Defect, Inspection, InspectionStatus, Organization, Project
from inspect_app.errors import WorkflowError
from inspect_app.store import Store, defects
from inspect_app.store.signatures import signature_status, signatures_for

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PATROL = {
    "patrolled_on": "2026-11-20", "weather": "fine", "work_areas": "3号楼外墙保温",
    "contractor": "北京城建", "has_scaffold": "no", "has_trench": "no",
    **{k: "pass" for k in (
        "enclosure", "passage_shelter", "fire_lane", "dust_noise", "night_lighting", "rcd",
        "three_level", "cables", "earthing", "roof_membrane", "pipe_pressure_test",
        "materials_checked")},
    "insulation_bond": "ok",
}  # fmt: skip


@pytest.fixture
def window(qtbot, demo_profile, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    application()
    rec = RecordedMessages()
    old = set_messages(rec)
    shutil.copytree(demo_profile, tmp_path / "p")
    store = Store.open(tmp_path / "p")
    w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w.messages = rec
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    store.close()
    set_messages(old)


def draw(pad, points=((40, 100), (120, 40), (200, 110), (320, 50)), steps=6):
    pts = [QPoint(*p) for p in points]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=pts[0])
    for a, b in itertools.pairwise(pts):
        for k in range(1, steps + 1):
            QTest.mouseMove(pad, a + (b - a) * (k / steps), 5)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=pts[-1])


def sign_item(qtbot, w, path, user="", password="", shot=""):
    """Click the item's 签字 button; in the dialog, sign as the signed-in user or as another
    account with its password."""
    seen = {}

    def in_dialog():
        dlg = w.signature_dialog
        if user:
            dlg.mode.setCurrentIndex(dlg.mode.findData(dlg.USER))
            dlg.user_box.setCurrentIndex(dlg.user_box.findData(user))
            dlg.password_edit.setText(password)
        draw(dlg.pad)
        seen["what"] = dlg.what.text()
        if shot:
            save_shot(dlg, shot)
        QTest.mouseClick(dlg.sign_button, Qt.MouseButton.LeftButton)
        seen["error"] = dlg.error_label.text() if dlg.error_label.isVisible() else ""
        if dlg.isVisible():
            dlg.reject()

    QTimer.singleShot(0, in_dialog)
    QTest.mouseClick(w.form.rows[path].editor.button, Qt.MouseButton.LeftButton)
    return seen


def switch(qtbot, w, name, password):
    seen = {}

    def in_dialog():
        dlg = w.login_dialog
        dlg.choose(name)
        dlg.password.setText(password)
        QTest.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dlg.error_label.text() if dlg.error_label.isVisible() else ""
        if dlg.isVisible():
            dlg.reject()

    QTimer.singleShot(0, in_dialog)
    seen["switched"] = w.switch_user(name)
    return seen


def save_shot(widget, name):
    if os.environ.get("INSPECT_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_patrol_signed_cosigned_voided_resigned_submitted_then_locked_for_the_contractor(
    qtbot, window
):
    w, store = window, window.store
    assert "张伟" in w.user_label.text()
    project = store.find(Project, "stage = 'construction'")[0]
    insp = w.start_inspection(forms.load_all()["patrol"], project.id, "", "3号楼 巡检")
    w.select("inspection", insp.id)
    for path, value in PATROL.items():
        w.form.set_answer(path, value)
    assert w.form.rows["inspector_signature"].editor.state.text() == "未签字"

    seen = sign_item(qtbot, w, "inspector_signature")
    assert "Inspector's signature" in seen["what"] and not seen["error"]
    state = w.form.rows["inspector_signature"].editor.state
    assert state.property("state") == "valid" and "张伟" in state.text()  # not VOID at once

    wrong = sign_item(qtbot, w, "contractor_signature", user="zhaolei", password="nope")
    assert "wrong user name or password" in wrong["error"]
    assert len(signatures_for(store, "inspections", insp.id)) == 1
    sign_item(qtbot, w, "contractor_signature", user="zhaolei", password="demo")
    sigs = signatures_for(store, "inspections", insp.id)
    assert [s.signer_name for s in sigs] == ["张伟", "赵磊"]
    assert all(signature_status(store, s).valid for s in sigs)
    assert w.form.rows["contractor_signature"].editor.state.property("state") == "valid"

    w.form.set_answer("remarks", "外墙保温粘结良好")  # an edit after signing voids both
    for path in ("inspector_signature", "contractor_signature"):
        state = w.form.rows[path].editor.state
        assert state.property("state") == "void" and "Remarks" in state.text()
    assert [signature_status(store, s).changed_labels for s in sigs] == [["item “Remarks”"]] * 2

    assert not w.form.submit()  # refused, naming the void signatures
    assert "signature void, sign again: Inspector's signature" in w.messages.shown[-1][1]
    sign_item(qtbot, w, "inspector_signature")
    sign_item(qtbot, w, "contractor_signature", user="zhaolei", password="demo")
    QTest.mouseClick(w.form.submit_button, Qt.MouseButton.LeftButton)
    assert store.get(Inspection, insp.id).status == InspectionStatus.SUBMITTED
    assert not w.form.submit_button.isVisible() and w.form.lock_notice.isVisible()

    # The contractor signs in on this laptop: a wrong password changes nothing.
    assert not switch(qtbot, w, "zhaolei", "guess")["switched"]
    assert "张伟" in w.user_label.text()
    assert switch(qtbot, w, "zhaolei", "demo")["switched"]
    assert "赵磊" in w.user_label.text()
    assert w.current == ("inspection", insp.id)  # every view rebuilt, no restart
    assert "contractor may not fill in" in w.form.lock_notice.text()
    assert not w.form.rows["remarks"].editor.inputs()[0].isEnabled()
    w.form._apply("remarks", "施工单位改的")  # even if a window sends it, the store refuses
    assert "contractor may not fill in" in w.messages.shown[-1][1]
    assert store.get(Inspection, insp.id).answers["remarks"] == "外墙保温粘结良好"

    # No defect raised by a contractor, from any window.
    before = store.count(Defect)
    w.add_defect()
    assert "may not raise a defect" in w.messages.shown[-1][1] and store.count(Defect) == before

    # Another firm's defect: not in the tree, read-only in the editor, refused by the store.
    mine = store.find(Organization, "short_name = '北京城建'")[0]
    rival = store.find(Defect, "assignee_org_id != '' AND assignee_org_id != ?", [mine.id])[0]
    from inspect_app.store import navigation

    listed = {
        r.id for r in navigation.children(store, "project", rival.project_id) if r.kind == "defect"
    }
    for b in navigation.buildings(store, rival.project_id):
        listed |= {r.id for r in navigation.children(store, "building", b.id)}
    assert rival.id not in listed
    w.defect_editor.load(rival.id)
    assert "not assigned to your organization" in w.defect_editor.locked.text()
    assert not w.defect_editor.title.isEnabled()
    rival.title = "改掉别人的问题"
    with pytest.raises(WorkflowError, match="not assigned to your organization"):
        defects.edit_defect(store, rival)
    assert store.get(Defect, rival.id).title != "改掉别人的问题"

    # The desk and the scorecard are the contractor's own.
    w.show_desk()
    desk = w.desk
    orgs = {desk.model.record(r).get("assignee_org_id") for r in range(desk.model.rowCount())}
    assert orgs <= {mine.id}
    card = w.supervision.widget(2)
    card.wait()
    qtbot.waitUntil(lambda: card.model.rowCount() >= 1)
    assert {line.org_id for line in card.model.lines()} == {mine.id}

    # Back to the supervisor: the desk is the office's again and a reason reopens the record.
    assert switch(qtbot, w, "wangqiang", "demo")["switched"]
    assert w.desk is not desk and w.stack.currentWidget() is w.supervision
    w.supervision.widget(2).wait()
    w.select("inspection", insp.id)
    assert w.form.reopen_button.isVisible()
    assert not w.form.reopen("  ") and "written reason" in w.messages.shown[-1][1]
    assert w.form.reopen("巡检日期填错")
    reopened = store.get(Inspection, insp.id)
    assert reopened.status == InspectionStatus.REOPENED
    assert reopened.events[-1]["reason"] == "巡检日期填错"


@pytest.fixture
def speaking(request):
    """The window in one language (translations installed), put back afterwards."""
    from PySide6.QtCore import QLocale

    from inspect_app.ui import i18n as ui_i18n
    from inspect_app.ui.app import application

    app = application()
    ui_i18n.install(app, request.param)
    yield request.param
    ui_i18n.uninstall(app)
    QLocale.setDefault(QLocale.system())


@pytest.mark.parametrize("speaking", ["zh", "en"], indirect=True)
def test_signing_in_either_language_names_the_changed_item_in_that_language(
    qtbot, speaking, window
):
    """The signing dialog, a signed and a voided record, as a user sees them (the screenshots
    in docs/screenshots come from here with INSPECT_SCREENSHOTS=1)."""
    w, store = window, window.store
    w.refresh_status()
    project = store.find(Project, "stage = 'construction'")[0]
    title = "3号楼 施工巡检" if speaking == "zh" else "Building 3 site patrol"
    insp = w.start_inspection(forms.load_all()["patrol"], project.id, "", title)
    w.select("inspection", insp.id)
    for path, value in PATROL.items():
        w.form.set_answer(path, value)
    sign_item(qtbot, w, "inspector_signature", shot=f"signing-dialog-{speaking}")
    sign_item(qtbot, w, "contractor_signature", user="zhaolei", password="demo")
    w.form.scroll_area.ensureWidgetVisible(w.form.rows["contractor_signature"])
    valid = w.form.rows["contractor_signature"].editor.state.text()
    assert ("已签字" if speaking == "zh" else "Signed") in valid and "赵磊" in valid
    save_shot(w, f"signed-record-{speaking}")
    w.form.set_answer("remarks", "外墙保温粘结良好")
    w.form.scroll_area.ensureWidgetVisible(w.form.rows["contractor_signature"])
    void = w.form.rows["inspector_signature"].editor.state.text()
    assert ("巡检意见" if speaking == "zh" else "Remarks") in void and "VOID" in void
    save_shot(w, f"voided-record-{speaking}")
    user = w.user_label.text()
    assert ("当前用户" if speaking == "zh" else "Signed in") in user and "张伟" in user
