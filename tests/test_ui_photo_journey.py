"""Photos through the real main window at 1366×768: an inspector fails an item, photographs it,
finds the photo on the defect it raised, opens it, marks it up and the markup is kept; a
contractor's reply with a file that is not a photo is not sent and the reason is listed.

INSPECT_SCREENSHOTS=1 writes docs/screenshots/journey-photo-*.png (zh and en); they were made on a
1366×768 screen: QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json (see test_ui_screen_fit.py)."""

import os
import shutil
from pathlib import Path

import photo_samples as ps
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from inspect_app.core import i18n
from inspect_app.core.model import Defect, DefectEvent, DefectStatus, Photo, PhotoLink, Project
from inspect_app.photos.importer import import_paths
from inspect_app.store import Store
from inspect_app.store import defect_query as dq
from inspect_app.store.inspections import raise_from_item

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


class FakeDialogs:
    """Answers the photo pickers without opening a window."""

    def __init__(self, files=()):
        self.files = [str(f) for f in files]

    def open_photo_files(self, parent):
        return self.files

    def ask_text(self, parent, title):
        return "漏气"


def shot(widget, name):
    if os.environ.get("INSPECT_SCREENSHOTS"):
        widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture(params=["zh", "en"])
def lang(request):
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


@pytest.fixture
def window(qtbot, demo_profile, tmp_path, lang):
    from inspect_app.ui.app import application
    from inspect_app.ui.main_window import MainWindow
    from inspect_app.ui.messages import RecordedMessages, set_messages

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


def drag(widget, a, b, steps=8):
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=a)
    for k in range(1, steps + 1):
        QTest.mouseMove(widget, a + (b - a) * (k / steps), 5)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=b)


def test_inspector_photographs_a_failed_item_and_marks_it_up_on_its_defect(
    qtbot, window, tmp_path, lang
):
    w, store = window, window.store
    project = store.find(Project, "name = ?", ["和平里东街小区"])[0]
    w.select("project", project.id)
    tpl = w.templates()["gas-household"]
    insp = w.start_inspection(tpl, project.id, "", "3号楼1单元 户内燃气排查")
    w.select("inspection", insp.id)
    w.form.set_answer("in_use", "pass")
    w.form.set_answer("pipe_in_bedroom", "fail")  # raises its defect at once
    (auto,) = store.find(Defect, "inspection_id = ? AND item_id = ?", [insp.id, "pipe_in_bedroom"])

    # The item's photo, picked in the item's photo window (Ctrl+Shift+P).
    photo_file = ps.jpeg(tmp_path / "IMG_0001.jpg", ps.scene(1600, 1200, seed=3))
    w._on_form_photo_requested(insp.id, "pipe_in_bedroom")
    dlg = w.photo_dialog
    dlg.strip.dialogs = FakeDialogs([photo_file])
    with qtbot.waitSignal(dlg.strip.photos_imported, timeout=60000) as sig:
        QTest.mouseClick(dlg.strip.add_button, Qt.MouseButton.LeftButton)
    (photo_id,) = sig.args[0]
    dlg.accept()

    # Raising the defect from the item opens the one it raised, with the photo on it.
    w._on_form_defect_requested(insp.id, "pipe_in_bedroom")
    assert w.current == ("defect", auto.id)
    strip = w.defect_editor.photos
    assert strip is not None and strip.model.ids == [photo_id]
    (link,) = store.find(PhotoLink, "target_type = 'defect' AND target_id = ?", [auto.id])
    assert link.photo_id == photo_id and link.role == "before"

    # Double-click opens the viewer: zoom, pan, next and previous.
    view = strip.view
    rect = view.visualRect(strip.model.index(0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer_win = strip.photo_window
    qtbot.waitExposed(viewer_win)
    screen = w.screen().availableGeometry()
    assert viewer_win.width() <= screen.width() and viewer_win.height() <= screen.height()
    assert viewer_win.photo_id == photo_id
    fitted = viewer_win.viewer.zoom
    QTest.mouseClick(viewer_win.buttons["zoom_in"], Qt.MouseButton.LeftButton)
    assert viewer_win.viewer.zoom > fitted
    QTest.mouseClick(viewer_win.buttons["fit"], Qt.MouseButton.LeftButton)
    assert abs(viewer_win.viewer.zoom - fitted) < 1e-6
    assert not viewer_win.buttons["next"].isEnabled()  # one photo: nothing to move to
    shot(viewer_win, f"journey-photo-viewer-{lang}")

    # From the viewer, the markup editor: a circle round the pipe, saved on the photo.
    QTest.mouseClick(viewer_win.buttons["markup"], Qt.MouseButton.LeftButton)
    mdlg = viewer_win.markup_dialog
    qtbot.waitExposed(mdlg)
    editor = mdlg.editor
    QTest.mouseClick(editor.tool_buttons["circle"], Qt.MouseButton.LeftButton)
    r = editor.canvas.image_rect()
    a = QPoint(int(r.x() + r.width() * 0.3), int(r.y() + r.height() * 0.3))
    b = QPoint(int(r.x() + r.width() * 0.6), int(r.y() + r.height() * 0.7))
    drag(editor.canvas, a, b)
    QTest.mouseClick(editor.tool_buttons["arrow"], Qt.MouseButton.LeftButton)
    drag(editor.canvas, QPoint(int(r.x() + r.width() * 0.9), int(r.y() + 20)), b)
    assert editor.save_button.isEnabled()
    shot(mdlg, f"journey-photo-markup-{lang}")
    with qtbot.waitSignal(viewer_win.markup_saved):
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = store.get(Photo, photo_id).annotations
    assert [a["kind"] for a in saved] == ["circle", "arrow"]
    (x0, _y0), (_x1, y1) = saved[0]["points"]
    assert abs(x0 - 0.3) < 0.02 and abs(y1 - 0.7) < 0.02
    assert ("2 处标注" if lang == "zh" else "2 marks") in viewer_win.caption.text()
    mdlg.accept()
    shot(viewer_win, f"journey-photo-viewer-marked-{lang}")
    viewer_win.reject()


def test_a_photo_already_on_the_item_carries_onto_the_defect_raised_later(demo_profile, tmp_path):
    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as store:
        from inspect_app import forms
        from inspect_app.store import inspections

        project = store.find(Project, "name = ?", ["和平里东街小区"])[0]
        insp = inspections.start_inspection(
            store, forms.load_all()["gas-household"], project.id, title="1单元"
        )
        # An item without a defect rule of its own: raised by hand, after the photo was taken.
        link = {"target_type": "inspection", "target_id": insp.id, "item_id": "in_use"}
        (res,) = import_paths(store, [ps.jpeg(tmp_path / "a.jpg")], project.id, link=link)
        assert res.ok
        assert not store.find(PhotoLink, "target_type = 'defect' AND photo_id = ?", [res.id])
        d, created = raise_from_item(store, insp.id, "in_use")
        assert created
        on_defect = store.find(PhotoLink, "target_type = 'defect' AND target_id = ?", [d.id])
        assert [(ln.photo_id, ln.role) for ln in on_defect] == [(res.id, "before")]
        # Asking again changes nothing: one link, not two.
        raise_from_item(store, insp.id, "in_use")
        assert store.count(PhotoLink, "target_type = 'defect' AND target_id = ?", [d.id]) == 1


def switch(w, name, password="demo"):
    def in_dialog():
        dlg = w.login_dialog
        dlg.choose(name)
        dlg.password.setText(password)
        QTest.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, in_dialog)
    return w.switch_user(name)


def test_contractor_reply_with_a_refused_file_is_not_sent_and_says_why(
    qtbot, window, tmp_path, lang
):
    w, store = window, window.store
    assert switch(w, "sunli")
    from inspect_app.store import defects as ops

    who = ops.actor(store)
    contractor_org = who.org_id
    (row,) = dq.defects(store, dq.DefectFilter(status="assigned", assignee_org_id=contractor_org))[
        :1
    ]
    w.show_desk()
    desk = w.desk
    m = desk.model
    (r,) = [r for r in range(m.rowCount()) if m.defect_id(r) == row["id"]]
    desk.table.selectRow(r)
    detail = desk.detail
    assert detail.defect_id() == row["id"]
    events = store.count(DefectEvent, "defect_id = ?", [row["id"]])

    good = ps.heic(tmp_path / "after.heic")  # what import takes, the picker takes
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"PK\x03\x04 a zip file, not a photo")
    detail.dialogs = FakeDialogs([good, bad])
    QTest.mouseClick(detail.evidence_button, Qt.MouseButton.LeftButton)
    listed = detail.refused_label.text()
    assert detail.refused_label.isVisible() and "scan.jpg" in listed
    if lang == "zh":
        assert "不是可识别的图片" in listed and "回复不会发送" in listed
    else:
        assert "not a recognisable image" in listed and "will not be sent" in listed
    assert "cannot identify" not in listed
    detail.note.setPlainText("已改管道走向")
    QTest.mouseClick(detail.buttons["reply"], Qt.MouseButton.LeftButton)
    assert store.get(Defect, row["id"]).status == DefectStatus.ASSIGNED  # not sent
    assert store.count(DefectEvent, "defect_id = ?", [row["id"]]) == events
    assert (
        "回复未发送" if lang == "zh" else "The reply was not sent"
    ) in detail.refused_label.text()
    shot(w, f"journey-photo-reply-refused-{lang}")

    # Picked again without the bad file: sent, with the HEIC photo as its evidence.
    detail.dialogs = FakeDialogs([good])
    QTest.mouseClick(detail.evidence_button, Qt.MouseButton.LeftButton)
    assert not detail.refused_label.isVisible()
    detail.note.setPlainText("已改管道走向")
    QTest.mouseClick(detail.buttons["reply"], Qt.MouseButton.LeftButton)
    assert store.get(Defect, row["id"]).status == DefectStatus.RECTIFIED
    after = [p for p, role in ops.photos_of(store, row["id"]) if role == "after"]
    assert [p.original_name for p in after] == ["after.heic"]
    # The evidence thumbnail opens in the viewer too.
    (thumb,) = [t for t in detail.thumbs() if t.ids[t.index] == after[0].id]
    qtbot.waitUntil(thumb.isVisible, timeout=3000)  # shown in the pane, not only made
    QTest.mouseDClick(thumb, Qt.MouseButton.LeftButton)
    viewer_win = w.photo_window
    assert viewer_win.isVisible() and viewer_win.photo_id == after[0].id
    viewer_win.reject()


def test_markup_is_saved_by_a_store_operation_that_checks_it(store):
    from inspect_app.core.model import Role, User
    from inspect_app.errors import WorkflowError
    from inspect_app.photos.markup import MarkupError
    from inspect_app.store.photo_markup import save_markup

    p = store.save(Project(name="和平里东街小区"))
    photo = store.save(Photo(sha256="0" * 64, project_id=p.id))
    circle = {"kind": "circle", "points": [[0.2, 0.2], [0.5, 0.6]]}
    with pytest.raises(WorkflowError, match="nobody is signed in"):
        save_markup(store, photo.id, [circle])
    u = store.save(User(name="zhangwei", role=Role.INSPECTOR, org_id=""))
    store.set_actor(u.id)
    with pytest.raises(MarkupError, match="annotation 1"):
        save_markup(store, photo.id, [circle, {"kind": "arrow", "points": [[0.1, 0.1]]}])
    assert store.get(Photo, photo.id).annotations == []
    assert save_markup(store, photo.id, [circle]).annotations == [circle]
    assert store.get(Photo, photo.id).annotations == [circle]
