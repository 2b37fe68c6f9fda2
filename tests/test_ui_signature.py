import itertools
import shutil

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inspect_app import forms
from inspect_app.core import i18n
from inspect_app.core.model import Inspection, Organization, Signature, User
from inspect_app.store import Store
from inspect_app.store.signatures import signature_status
from inspect_app.store.signing import current_hash


@pytest.fixture
def profile(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    return prof


@pytest.fixture
def store(profile):
    from inspect_app.ui.app import application

    application()
    with Store.open(profile) as s:
        yield s


@pytest.fixture
def inspection(store):
    return store.find(Inspection, "status = 'submitted'", order_by="id")[0]


@pytest.fixture
def dialog(qtbot, store, inspection):
    from inspect_app.ui.signature_pad import SignatureDialog

    d = SignatureDialog(store, "inspections", inspection.id)
    qtbot.addWidget(d)
    d.resize(640, 480)
    d.show()
    qtbot.waitExposed(d)
    return d


def draw(pad, points, steps=6):
    pts = [QPoint(*p) for p in points]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=pts[0])
    for a, b in itertools.pairwise(pts):
        for k in range(1, steps + 1):
            QTest.mouseMove(pad, a + (b - a) * (k / steps), 5)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=pts[-1])


def test_mouse_strokes_are_recorded_with_time_and_drawn(qtbot, dialog):
    pad = dialog.pad
    draw(pad, [(60, 60), (200, 70), (300, 60)])
    draw(pad, [(120, 30), (130, 140)])
    assert len(pad.strokes) == 2
    first = pad.strokes[0]
    assert first[0][:2] == [60, 60] and first[-1][:2] == [300, 60]
    assert all(len(p) == 4 and p[3] == 0.5 for s in pad.strokes for p in s)
    times = [p[2] for s in pad.strokes for p in s]
    assert times == sorted(times) and times[-1] > 0
    shot = pad.grab().toImage()
    assert QColor(shot.pixel(200, 70)).lightness() < 100  # ink where the stroke went
    assert QColor(shot.pixel(250, 140)) == QColor("white")  # paper elsewhere

    image = QImage.fromData(pad.to_png(), "PNG")
    assert (image.width(), image.height()) == ((300 - 60 + 16) * 2, (140 - 30 + 16) * 2)
    assert image.pixelColor(0, 0).alpha() == 0  # transparent: it prints over any form
    assert image.pixelColor((126 - 60 + 8) * 2, (100 - 30 + 8) * 2).alpha() > 200

    QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(pad.strokes) == 1
    QTest.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.is_empty()


def test_a_pen_gives_its_pressure(qtbot, dialog):
    pad = dialog.pad
    pen = QPointingDevice(
        "test pen",
        1,
        QPointingDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QPointingDevice.Capability.Position | QPointingDevice.Capability.Pressure,
        1,
        2,
    )

    def tablet(kind, x, pressure, button=Qt.MouseButton.LeftButton):
        pos = QPointF(x, 80)
        ev = QTabletEvent(
            kind,
            pen,
            pos,
            QPointF(pad.mapToGlobal(pos.toPoint())),
            pressure,
            0,
            0,
            0,
            0,
            0,
            Qt.KeyboardModifier.NoModifier,
            button,
            button,
        )
        QApplication.sendEvent(pad, ev)
        assert ev.isAccepted()

    tablet(QTabletEvent.Type.TabletPress, 50, 0.2)
    tablet(QTabletEvent.Type.TabletMove, 100, 0.6)
    tablet(QTabletEvent.Type.TabletMove, 150, 0.95)
    tablet(QTabletEvent.Type.TabletRelease, 150, 0.0)
    (stroke,) = pad.strokes
    assert [p[3] for p in stroke] == [0.2, 0.6, 0.95]
    assert [p[0] for p in stroke] == [50, 100, 150]


def test_sign_with_the_mouse_then_a_change_voids_it_naming_the_item(
    qtbot, dialog, store, inspection, profile
):
    from inspect_app.ui.signature_badge import SignatureList

    # 王强 co-signs on the inspector's laptop: his account, his own password.
    dialog.mode.setCurrentIndex(dialog.mode.findData(dialog.USER))
    assert dialog.password_edit.isVisible() and not dialog.name_edit.isVisible()
    dialog.user_box.setCurrentIndex(dialog.user_box.findData("wangqiang"))
    draw(dialog.pad, [(40, 100), (120, 40), (200, 110), (320, 50)])
    before = store.count(Signature)
    dialog.password_edit.setText("not-his")
    QTest.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "wrong user name or password" in dialog.error_label.text() and dialog.isVisible()
    assert store.count(Signature) == before and dialog.password_edit.text() == ""
    dialog.password_edit.setText("demo")
    org = store.find(Organization, "short_name = '华建监理'")[0]
    with qtbot.waitSignal(dialog.signed) as signed:
        QTest.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    sig = signed.args[0]
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (sig.signer_name, sig.org_id, sig.signer_role) == ("王强", org.id, "监理单位")
    assert sig.user_id == store.find(User, "name = 'wangqiang'")[0].id and not sig.guest
    assert sig.content_hash == current_hash(store, "inspections", inspection.id)
    assert sig.strokes == dialog.pad.strokes and store.blobs.has(sig.image_sha256)

    badges = SignatureList(store, "inspections", inspection.id)
    qtbot.addWidget(badges)
    (badge,) = badges.badges
    assert badge.status.valid and badge.property("state") == "valid"

    item_id = next(iter(inspection.answers))
    inspection.answers[item_id] = "something else"
    store.save(inspection)
    badges.refresh()
    (badge,) = badges.badges
    assert not badge.status.valid
    assert badge.property("state") == "void" and "VOID" in badge.state.text()
    assert badge.status.changed_fields == [f"answers.{item_id}"]
    # Named by the item's label in the inspection's template, not by its id.
    item_label = i18n.label(forms.load_all()[inspection.template_id].item(item_id).label)
    assert item_label in badge.changes.text() and item_id not in badge.changes.text()
    assert item_id in badge.toolTip()
    # The stamp is on the image itself: red pixels across it.
    img = badge.image.pixmap().toImage()
    reds = sum(
        1
        for x in range(0, img.width(), 2)
        for y in range(0, img.height(), 2)
        if (c := img.pixelColor(x, y)).red() > 150 and c.green() < 90 and c.alpha() > 100
    )
    assert reds > 30

    store.close()
    with Store.open(profile) as again:
        (kept,) = again.find(Signature, "target_id = ?", [inspection.id])
        assert kept.strokes == sig.strokes
        assert signature_status(again, kept).changed_fields == [f"answers.{item_id}"]


def test_signing_an_empty_pad_or_without_a_name_says_so(qtbot, dialog, store):
    before = store.count(Signature)
    QTest.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and dialog.isVisible()
    draw(dialog.pad, [(40, 100), (200, 110)])
    dialog.mode.setCurrentIndex(dialog.mode.findData(dialog.GUEST))
    dialog.name_edit.setText(" ")
    QTest.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "guest's name is missing" in dialog.error_label.text()
    assert store.count(Signature) == before and dialog.isVisible()


def test_the_profile_user_is_the_default_signer(qtbot, store, inspection):
    from inspect_app.ui.signature_pad import SignatureDialog

    user = store.find(User, "name = 'wangqiang'")[0]
    store.set_actor(user.id)
    d = SignatureDialog(store, "inspections", inspection.id)
    qtbot.addWidget(d)
    assert d.name_edit.text() == "王强"
    assert d.org_box.currentData() == user.org_id
    d.show()
    draw(d.pad, [(40, 100), (200, 110)])
    assert d.sign().user_id == user.id


def test_sign_from_the_main_window_and_see_it_void_after_a_change(qtbot, profile, tmp_path):
    from PySide6.QtCore import QSettings

    from inspect_app.ui.main_window import MainWindow

    store = Store.open(profile)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    insp = store.find(Inspection, "status = 'submitted'", order_by="id")[0]
    w.select("inspection", insp.id)
    w.actions_["sign"].trigger()
    dlg = w.signature_dialog
    qtbot.waitExposed(dlg)
    assert not dlg.existing.isVisible()  # nothing signed yet
    dlg.mode.setCurrentIndex(dlg.mode.findData(dlg.USER))
    dlg.user_box.setCurrentIndex(dlg.user_box.findData("zhaolei"))
    dlg.password_edit.setText("demo")
    draw(dlg.pad, [(40, 100), (120, 40), (200, 110)])
    with qtbot.waitSignal(dlg.signed):
        QTest.keyClick(dlg.sign_button, Qt.Key.Key_Space)
    assert not dlg.isVisible()
    (sig,) = store.find(Signature, "target_id = ?", [insp.id])
    assert sig.signer_name == "赵磊"

    item_id = next(iter(insp.answers))
    insp = store.get(Inspection, insp.id)
    insp.answers[item_id] = "changed after signing"
    store.save(insp)
    w.actions_["sign"].trigger()  # signing again shows what the first signature says now
    again = w.signature_dialog
    qtbot.waitExposed(again)
    (badge,) = again.existing.badges
    assert again.existing.isVisible() and badge.property("state") == "void"
    again.reject()
    w.close()
    store.close()
