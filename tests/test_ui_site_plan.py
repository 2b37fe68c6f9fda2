import shutil

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from inspect_app.core.model import Defect, DefectStatus, Project, Severity
from inspect_app.demo_plan import draw_plan
from inspect_app.errors import InspectError
from inspect_app.store import Store


@pytest.fixture
def profile(demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    return prof


@pytest.fixture
def plan_png(tmp_path):
    path = tmp_path / "plan.png"
    path.write_bytes(draw_plan("和平里东街小区", 6))
    return path


@pytest.fixture
def panel(qtbot, profile, plan_png):
    from inspect_app.ui.app import application
    from inspect_app.ui.site_plan_panel import SitePlanPanel

    application()
    store = Store.open(profile)
    project = store.find(Project, order_by="name")[0]
    p = SitePlanPanel(store)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.load_project(project.id)
    p.import_file(plan_png)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.view.flush_moves()
    store.close()


def pinned(store, project_id):
    return {
        d.id: d for d in store.find(Defect, "project_id = ? AND plan_x IS NOT NULL", [project_id])
    }


def on_screen(view, item) -> QPoint:
    return view.mapFromScene(item.pos())


def test_pins_stand_where_the_defects_say_coloured_and_shaped(panel):
    view = panel.view
    defects = pinned(view.store, view.project_id)
    assert defects and set(view.pins) == set(defects)
    rect = view.plan_scene.plan_rect
    assert (rect.width(), rect.height()) == (2000, 1400)  # the imported plan's own pixels
    for d in defects.values():
        item = view.pins[d.id]
        assert item.pos().x() == pytest.approx(d.plan_x * 2000)
        assert item.pos().y() == pytest.approx(d.plan_y * 1400)
        assert (item.severity, item.status) == (d.severity, d.status)
        assert d.title in item.toolTip()
    major = next(i for i in view.pins.values() if i.severity == Severity.MAJOR)
    minor = next(i for i in view.pins.values() if i.severity == Severity.MINOR)
    assert major.colour != minor.colour
    looks = {
        (i.severity, i.status): i.pixmap().toImage() for i in view.pins.values() if not i.selected
    }
    assert len(looks) >= 6
    images = list(looks.values())
    assert all(a != b for k, a in enumerate(images) for b in images[k + 1 :])  # all different


def test_place_a_pin_with_the_mouse_then_drag_it_and_find_it_after_reopening(qtbot, panel, profile):
    from inspect_app.ui.site_plan import SitePlanView

    view = panel.view
    store = view.store

    def create_defect(x, y):  # what the defect editor does with a placed pin
        d = store.save(Defect(project_id=view.project_id, title="新发现：排水管破损"))
        d.plan_x, d.plan_y = x, y
        store.save(d)
        view.update_defect(d)
        created.append(d.id)

    created = []
    view.pin_placed.connect(create_defect)
    view.begin_place()
    click = QPoint(300, 250)
    expected = view.to_plan(view.mapToScene(click))
    with qtbot.waitSignal(view.pin_placed) as placed:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert tuple(placed.args) == pytest.approx(expected)
    assert not view.placing
    (did,) = created
    item = view.pins[did]
    assert on_screen(view, item) == click

    # Drag it 120 px right and 80 px down.
    target = click + QPoint(120, 80)
    with qtbot.waitSignal(view.pin_moved) as moved:
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=click)
        for step in range(1, 11):
            QTest.mouseMove(view.viewport(), click + (target - click) * (step / 10))
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    x, y = view.to_plan(view.mapToScene(target))
    assert moved.args[0] == did and moved.args[1:] == pytest.approx([x, y], abs=2e-3)
    saved = store.get(Defect, did)
    assert (saved.plan_x, saved.plan_y) == pytest.approx((x, y), abs=2e-3)
    actions = [h["action"] for h in store.history("defects", did)]
    assert actions == ["create", "update", "update"]  # created, placed, moved: each audited

    panel.view.flush_moves()
    store.close()
    with Store.open(profile) as again:
        d = again.get(Defect, did)
        assert (d.plan_x, d.plan_y) == pytest.approx((x, y), abs=2e-3)
        reopened = SitePlanView(again)
        qtbot.addWidget(reopened)
        reopened.load_project(view.project_id)
        pin = reopened.pins[did].pos()
        assert (pin.x(), pin.y()) == pytest.approx((x * 2000, y * 1400), abs=3)
        pending = again.db.execute(
            "SELECT count(*) FROM outbox WHERE record_id = ? AND acked_at IS NULL", [did]
        ).fetchone()[0]
        assert pending == 3  # waiting to sync


def test_a_pin_cannot_leave_the_plan(qtbot, panel):
    view = panel.view
    view.fit()
    did, item = next(iter(view.pins.items()))
    start = on_screen(view, item)
    outside = QPoint(view.viewport().width() + 200, -200)
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(view.viewport(), outside)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=outside)
    d = view.store.get(Defect, did)
    assert 0 <= d.plan_x <= 1 and 0 <= d.plan_y <= 1
    assert d.plan_x == 1.0 and d.plan_y == 0.0


def test_keyboard_select_open_nudge_and_place(qtbot, panel):
    view = panel.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_N)
    first = view.selected_pin()
    assert first is not None
    topmost = min(view.pins.values(), key=lambda i: (round(i.y()), i.x()))
    assert first is topmost
    QTest.keyClick(view, Qt.Key.Key_N)
    assert view.selected_pin() is not first
    QTest.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_pin() is first

    with qtbot.waitSignal(view.defect_opened) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [first.defect_id]

    before = view.store.get(Defect, first.defect_id)
    for _ in range(4):
        QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(view.pin_moved, timeout=3000):
        pass  # the nudges are saved once the keys rest
    after = view.store.get(Defect, first.defect_id)
    assert after.plan_x == pytest.approx(min(1.0, before.plan_x + 0.02), abs=1e-4)
    assert after.plan_y == pytest.approx(max(0.0, before.plan_y - 0.005), abs=1e-4)

    QTest.keyClick(view, Qt.Key.Key_P)
    assert view.placing
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert not view.placing
    QTest.keyClick(view, Qt.Key.Key_P)
    centre = view.to_plan(view.mapToScene(view.viewport().rect().center()))
    with qtbot.waitSignal(view.pin_placed) as placed:
        QTest.keyClick(view, Qt.Key.Key_Enter)
    assert tuple(placed.args) == pytest.approx(centre)


def test_double_click_opens_the_defect(qtbot, panel):
    view = panel.view
    did, item = next(iter(sorted(view.pins.items())))
    view.select_pin(did)
    with qtbot.waitSignal(view.defect_opened) as opened:
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(view, item))
    assert opened.args == [did]


def test_zoom_by_keys_and_wheel_is_bounded(qtbot, panel):
    view = panel.view
    view.setFocus()
    fitted = view.zoom_level()
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom_level() == pytest.approx(fitted * 1.25)
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom_level() == pytest.approx(fitted)
    for _ in range(10):
        QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom_level() == pytest.approx(fitted / 2, rel=0.02)  # half the fit is the floor
    for _ in range(40):
        view.zoom(1.5)
    assert view.zoom_level() == pytest.approx(8.0)
    QTest.keyClick(view, Qt.Key.Key_0)
    assert view.zoom_level() == pytest.approx(fitted)
    # Pins keep their size on screen at any zoom.
    item = next(iter(view.pins.values()))

    def on_screen_width():
        return item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect()).width()

    fitted_width = on_screen_width()
    view.zoom(4)
    assert view.zoom_level() == pytest.approx(fitted * 4)
    assert on_screen_width() == fitted_width == 28


def test_placing_an_existing_defect(qtbot, panel):
    view = panel.view
    store = view.store
    d = store.save(Defect(project_id=view.project_id, title="楼道照明缺失"))
    view.begin_place(d.id)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    saved = store.get(Defect, d.id)
    assert (saved.plan_x, saved.plan_y) == view.to_plan(view.mapToScene(QPoint(200, 200)))
    assert d.id in view.pins


def test_closed_pins_can_be_hidden_and_pins_follow_their_defect(panel):
    view = panel.view
    closed = {k for k, i in view.pins.items() if i.status == DefectStatus.CLOSED}
    assert closed
    panel.closed_box.setChecked(False)
    assert not closed & set(view.pins)
    panel.closed_box.setChecked(True)
    assert closed <= set(view.pins)
    did = next(iter(view.pins))
    d = view.store.get(Defect, did)
    d.severity, d.status = Severity.MAJOR, DefectStatus.RECTIFIED
    view.update_defect(view.store.save(d))
    assert (view.pins[did].severity, view.pins[did].status) == (
        Severity.MAJOR,
        DefectStatus.RECTIFIED,
    )
    view.store.delete(Defect, did)
    view.update_defect(view.store.get(Defect, did, include_deleted=True))
    assert did not in view.pins


def make_pdf(path, pages=2):
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    w, h = landscape(A4)
    c.drawString(72, h - 72, "cover")
    c.showPage()
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.rect(0, h / 2, w / 2, h / 2, stroke=0, fill=1)  # top-left quarter, red
    c.showPage()
    c.save()


def test_import_a_pdf_page(qtbot, panel, tmp_path):
    pdf = tmp_path / "plan.pdf"
    make_pdf(pdf)
    sha = panel.import_file(pdf, page=1)
    store = panel.view.store
    assert store.get(Project, panel.view.project_id).site_plan_sha256 == sha
    image = QImage()
    assert image.loadFromData(store.blobs.read(sha), "PNG")
    assert image.width() == 3000 and image.height() == round(3000 * 595.2756 / 841.8898)
    assert QColor(image.pixel(100, 100)).red() > 180 and QColor(image.pixel(100, 100)).green() < 60
    assert QColor(image.pixel(2900, 2000)) == QColor("white")
    assert panel.view.plan_scene.plan_rect.width() == 3000
    with pytest.raises(InspectError, match="has 2 pages, not page 5"):
        panel.import_file(pdf, page=4)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text, not a plan", "not a PNG, JPEG or PDF"),
        (b"%PDF-1.4\n garbage", "could not open the PDF"),
        (b"GIF89a\x01\x00\x01\x00", "not a PNG, JPEG or PDF"),
    ],
)
def test_bad_files_are_refused_and_the_plan_is_kept(panel, tmp_path, content, message):
    store = panel.view.store
    before = store.get(Project, panel.view.project_id).site_plan_sha256
    bad = tmp_path / "bad.bin"
    bad.write_bytes(content)
    with pytest.raises(InspectError, match=message):
        panel.import_file(bad)
    assert store.get(Project, panel.view.project_id).site_plan_sha256 == before


def test_a_truncated_png_is_refused(panel, plan_png, tmp_path):
    bad = tmp_path / "cut.png"
    bad.write_bytes(plan_png.read_bytes()[:3000])
    with pytest.raises(InspectError, match="damaged"):
        panel.import_file(bad)


def test_a_missing_plan_blob_shows_a_blank_canvas_with_the_pins(qtbot, profile):
    from inspect_app.ui.app import application
    from inspect_app.ui.site_plan import SitePlanView

    application()
    with Store.open(profile) as store:
        project = store.find(Project, order_by="name")[0]
        project.site_plan_sha256 = "ab" * 32  # not synced to this laptop yet
        store.save(project)
        view = SitePlanView(store)
        qtbot.addWidget(view)
        view.load_project(project.id)
        assert not view.has_plan
        assert view.plan_scene.plan_rect.width() == 1600
        assert len(view.pins) == len(pinned(store, project.id))


def test_a_thousand_pins(qtbot, tmp_path):
    from inspect_app.ui.app import application
    from inspect_app.ui.site_plan import SitePlanView

    application()
    with Store.open(tmp_path / "big", create=True) as store:
        p = store.save(Project(name="大型小区"))
        store.save_many(
            Defect(project_id=p.id, title=f"问题{i}", plan_x=(i % 40) / 40, plan_y=(i // 40) / 25)
            for i in range(1000)
        )
        view = SitePlanView(store)
        qtbot.addWidget(view)
        view.resize(900, 600)
        view.load_project(p.id)
        view.show()
        qtbot.waitExposed(view)
        assert len(view.pins) == 1000
        view.zoom(3)
        view.centerOn(QPointF(800, 500))
        assert view.grab().width() > 0


def test_a_contractor_sees_its_own_pins_and_cannot_move_one(qtbot, panel):
    """Dragging a pin edits the defect: the store refuses it for a contractor, in words, and
    the pin goes back; the plan shows the contractor its own organization's pins only."""
    from inspect_app.core.model import User
    from inspect_app.ui.messages import RecordedMessages, set_messages

    view, store = panel.view, panel.view.store
    theirs = store.find(User, "name = 'zhaolei'")[0]
    d = store.find(Defect, "project_id = ?", [view.project_id])[0]
    d.assignee_org_id, d.plan_x, d.plan_y = theirs.org_id, 0.5, 0.5  # one of theirs, pinned
    store.save(d)
    mine = {d.id for d in store.find(Defect, "assignee_org_id = ?", [theirs.org_id])}
    others = {d.id for d in store.find(Defect, "project_id = ? AND plan_x IS NOT NULL AND "
                                       "assignee_org_id != ?", [view.project_id, theirs.org_id])}  # fmt: skip
    store.set_actor(theirs.id)
    panel.load_project(view.project_id)
    assert d.id in view.pins and set(view.pins) <= mine and others
    did, item = d.id, view.pins[d.id]
    before = store.get(Defect, did)
    old = set_messages(RecordedMessages())
    try:
        start = on_screen(view, item)
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
        QTest.mouseMove(view.viewport(), start + QPoint(60, 40))
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
        from inspect_app.ui import messages

        assert "only reply" in messages.messages().shown[-1][1]
    finally:
        set_messages(old)
    after = store.get(Defect, did)
    assert (after.plan_x, after.plan_y) == (before.plan_x, before.plan_y)
