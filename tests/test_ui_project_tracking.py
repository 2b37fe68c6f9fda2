"""Complaints, audit findings, warranty items and claims, and carrying a defect over, from the
project page of the real main window (1366×768), as the signed-in users; the store operations
decide who may. INSPECT_SCREENSHOTS=1 writes docs/screenshots/journey-project-*.png."""

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from inspect_app.core import i18n
from inspect_app.core.model import (
    Complaint,
    Defect,
    DefectEvent,
    DefectStatus,
    Finding,
    Organization,
    Project,
    TrackStatus,
    WarrantyClaim,
)
from inspect_app.store import Store

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.fixture
def window(qtbot, demo_profile, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

    i18n.set_language("zh")
    application()
    rec = RecordedMessages()
    old = set_messages(rec)
    shutil.copytree(demo_profile, tmp_path / "p")
    store = Store.open(tmp_path / "p")
    w = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    store.close()
    set_messages(old)
    i18n.set_language("en")


def switch(w, name, password="demo"):
    def in_dialog():
        dlg = w.login_dialog
        dlg.choose(name)
        dlg.password.setText(password)
        QTest.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, in_dialog)
    assert w.switch_user(name)


def page_of(w, name):
    project = w.store.find(Project, "name = ?", [name])[0]
    w.select("project", project.id)
    w.show_project_page()
    return w.project_page, project


def click(button):
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(dlg, **values):
    for name, value in values.items():
        f = dlg.fields[name]
        if hasattr(f, "setPlainText"):
            f.setPlainText(value)
        elif hasattr(f, "findData"):
            i = f.findData(value)
            assert i >= 0, (name, value)
            f.setCurrentIndex(i)
        elif hasattr(f, "setChecked"):
            f.setChecked(value)
        else:
            f.setText(value)


def shot(widget, name):
    if os.environ.get("INSPECT_SCREENSHOTS"):
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_complaints_and_findings_from_the_project_page(qtbot, window):
    w, store = window, window.store
    page, _project = page_of(w, "和平里东街小区")
    page.tabs.setCurrentIndex(3)  # 投诉与督查
    complaints = store.count(Complaint)

    # A complaint without who: refused in the form, in words; the form keeps what was typed.
    click(page.track_buttons["complaint"])
    dlg = page.form_dialog
    fill(dlg, what="夜间22点后仍在切割", link="new")
    click(dlg.ok_button)
    assert dlg.isVisible() and "投诉需要填写投诉人和内容" in dlg.error.text()
    fill(dlg, resident="王秀英", location="3号楼")
    click(dlg.ok_button)
    assert not dlg.isVisible() and store.count(Complaint) == complaints + 1
    c = store.find(Complaint, "resident = ?", ["王秀英"])[-1]
    assert c.defect_id and store.get(Defect, c.defect_id).title == "夜间22点后仍在切割"
    assert "已登记投诉" in page.message.text() and "已据此登记问题" in page.message.text()
    texts = [page.issues.item(r, 2).text() for r in range(page.issues.rowCount())]
    assert "夜间22点后仍在切割" in texts

    # Reply to it from the list.
    page.issues.selectRow(texts.index("夜间22点后仍在切割"))
    click(page.track_buttons["issue_step"])
    dlg = page.form_dialog
    fill(dlg, text="已要求22点后停止切割", close=True)
    click(dlg.ok_button)
    assert store.get(Complaint, c.id).status == TrackStatus.CLOSED

    # A finding recorded by the inspector, assigned by the supervisor.
    click(page.track_buttons["finding"])
    dlg = page.form_dialog
    fill(dlg, source="区审计局", title="签证变更资料不全", ref="审字〔2026〕7号")
    dlg.fields["deadline"].setDate(dlg.fields["deadline"].date().fromString("2026-01-31", "yyyy-MM-dd"))  # fmt: skip
    click(dlg.ok_button)
    f = store.find(Finding, "title = ?", ["签证变更资料不全"])[0]
    assert f.deadline == "2026-01-31" and f.source_ref == "审字〔2026〕7号"
    switch(w, "wangqiang")
    page, _ = page_of(w, "和平里东街小区")
    page.tabs.setCurrentIndex(3)
    texts = [page.issues.item(r, 2).text() for r in range(page.issues.rowCount())]
    page.issues.selectRow(texts.index("签证变更资料不全"))
    click(page.track_buttons["issue_step"])
    dlg = page.form_dialog
    builder = store.find(Organization, "short_name = '北京城建'")[0]
    fill(dlg, action="assign", org=builder.id)
    shot(w, "journey-project-finding-zh")
    click(dlg.ok_button)
    f = store.get(Finding, f.id)
    assert f.status == DefectStatus.ASSIGNED and f.assignee_org_id == builder.id
    assert "督查问题已更新为" in page.message.text()

    # A contractor sees the lists but records nothing here.
    switch(w, "sunli")
    page, _ = page_of(w, "和平里东街小区")
    assert page.track_buttons["complaint"].isHidden()
    assert page.track_buttons["carry_over"].isHidden()
    assert not page.track_buttons["issue_step"].isHidden()


def test_warranty_claims_and_carrying_a_defect_over(qtbot, window):
    w, store = window, window.store
    switch(w, "wangqiang")
    page, _project = page_of(w, "地坛园小区")
    page.tabs.setCurrentIndex(2)
    assert page.warranty.rowCount() > 0
    before = store.count(WarrantyClaim)
    page.warranty.selectRow(0)
    click(page.track_buttons["claim"])
    dlg = page.form_dialog
    fill(dlg, kind="claim", resident="李建国", description="屋面渗水")
    click(dlg.ok_button)
    assert store.count(WarrantyClaim) == before + 1
    claim = store.find(WarrantyClaim, "description = ?", ["屋面渗水"])[0]

    click(page.track_buttons["claim_reply"])
    dlg = page.form_dialog
    fill(dlg, claim=claim.id, text="已安排施工单位维修")
    click(dlg.ok_button)
    assert store.get(WarrantyClaim, claim.id).status == TrackStatus.REPLIED

    click(page.track_buttons["carry_over"])
    dlg = page.form_dialog
    defect_id = dlg.fields["defect"].currentData()
    click(dlg.ok_button)  # no reason: refused in words
    assert dlg.isVisible() and "转入保修需要填写理由" in dlg.error.text()
    fill(dlg, reason="季节原因，春季补植")
    click(dlg.ok_button)
    kinds = [e.kind for e in store.find(DefectEvent, "defect_id = ?", [defect_id])]
    assert "carried_over" in kinds and "已转入保修期跟踪" in page.message.text()
    shot(w, "journey-project-warranty-zh")
