"""The photo widgets, driven as a user would: strip (dialog, drop, watched folder, cancel),
viewer zoom, markup editor."""

import os
import threading
from datetime import datetime

import photo_samples as ps
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from inspect_app.core.model import Defect, Photo, PhotoLink, Project
from inspect_app.photos.markup import validate

SHOTS = (
    os.path.join(os.path.dirname(__file__), "..", "docs", "screenshots")
    if os.environ.get("INSPECT_SCREENSHOTS")  # =1: keep the images for review
    else None
)


def _shot(widget, name, tmp_path):
    pm = widget.grab()
    assert not pm.isNull()
    pm.save(str(tmp_path / name))
    if SHOTS:
        pm.save(os.path.join(SHOTS, name))


class FakeDialogs:
    """Answers the file and text dialogs without opening a window."""

    def __init__(self, files=(), text="漏气点"):
        self.files, self.text = list(map(str, files)), text

    def open_photo_files(self, parent):
        return self.files

    def ask_text(self, parent, title):
        return self.text


@pytest.fixture
def app():
    from inspect_app.ui.app import application

    return application()


@pytest.fixture
def defect(store):
    p = store.save(Project(name="和平里东街小区"))
    return store.save(Defect(project_id=p.id, title="3号楼燃气立管锈蚀"))


def _photos(tmp_path, n, size=(800, 600), prefix="IMG"):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    return [
        ps.jpeg(
            folder / f"{prefix}_{i:04d}.jpg",
            ps.scene(*size, seed=i),
            taken=datetime(2026, 11, 25, 9, i % 60),
        )
        for i in range(n)
    ]


def test_strip_imports_by_dialog_links_to_the_defect_and_reports_refusals(
    qtbot, app, store, defect, tmp_path
):
    from inspect_app.ui.photo_strip import PhotoStrip

    files = [*_photos(tmp_path, 3), ps.truncated_jpeg(tmp_path / "broken.jpg")]
    strip = PhotoStrip(store, "defect", defect.id, dialogs=FakeDialogs(files))
    qtbot.addWidget(strip)
    strip.resize(640, 220)
    strip.show()
    assert strip.project_id == defect.project_id
    added = []
    strip.photo_added.connect(added.append)
    with qtbot.waitSignal(strip.photos_imported, timeout=30000) as sig:
        qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    ids = sig.args[0]
    assert len(ids) == 3 and added == ids  # each appeared as soon as it was stored
    assert strip.model.rowCount() == 3
    assert not strip.model.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()
    links = store.find(PhotoLink, "target_id = ?", [defect.id])
    assert sorted(ln.photo_id for ln in links) == sorted(ids)
    # The refused file is listed where it is read, with its reason in words.
    refused = strip.progress.refused_list
    assert refused.isVisible() and "broken.jpg" in refused.text()
    assert "1 files not imported" in refused.text()
    assert "cannot identify" not in refused.text()
    assert "1 not imported" in strip.progress.label.text()
    _shot(strip, "photo-strip.png", tmp_path)

    strip.view.selectionModel().select(
        strip.model.index(0), strip.view.selectionModel().SelectionFlag.Select
    )
    with qtbot.waitSignal(strip.photo_removed):
        qtbot.mouseClick(strip.remove_button, Qt.MouseButton.LeftButton)
    assert strip.model.rowCount() == 2 and len(strip.links()) == 2
    assert store.count(Photo) == 3  # unlinking keeps the photo


def test_strip_per_inspection_item_accepts_dropped_files(store, defect, qtbot, app, tmp_path):
    from inspect_app.ui.photo_strip import PhotoStrip

    files = _photos(tmp_path, 2)
    strip = PhotoStrip(
        store, "inspection", "insp-1", item_id="gas_leak", project_id=defect.project_id
    )
    qtbot.addWidget(strip)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(strip.photos_imported, timeout=30000):
        strip.dropEvent(drop)
    assert drop.isAccepted()
    assert {ln.item_id for ln in strip.links()} == {"gas_leak"} and strip.model.rowCount() == 2
    other_item = PhotoStrip(
        store, "inspection", "insp-1", item_id="meter", project_id=defect.project_id
    )
    qtbot.addWidget(other_item)
    assert other_item.model.rowCount() == 0


def test_import_can_be_cancelled_and_keeps_what_finished(store, defect, qtbot, app, tmp_path):
    from inspect_app.ui.photo_strip import PhotoStrip

    n = 12
    _photos(tmp_path, n)
    # A gate: a named pipe sorted right after the first photo. The import cannot read past it
    # until the test writes a photo into it, which happens only once cancel has been clicked,
    # so the cancel always arrives mid-import, however busy the machine.
    gate = tmp_path / "in" / "IMG_0000_gate.jpg"
    os.mkfifo(gate)
    gate_photo = ps.jpeg(tmp_path / "gate.jpg", ps.scene(800, 600, seed=99)).read_bytes()

    def open_gate():
        try:
            with open(gate, "wb") as pipe:  # blocks until the importer opens the pipe
                pipe.write(gate_photo)
        except OSError:
            pass

    writer = threading.Thread(target=open_gate, daemon=True)

    def on_photo(*_):
        strip.progress.cancel_button.click()  # sends the interrupt to the import, then:
        if writer.ident is None:
            writer.start()

    strip = PhotoStrip(store, "defect", defect.id)
    qtbot.addWidget(strip)
    strip.importer.photo_imported.connect(on_photo)
    try:
        with qtbot.waitSignal(strip.importer.import_finished, timeout=60000) as sig:
            strip.import_files([tmp_path / "in"])
    finally:
        if writer.is_alive():  # the importer never reached the gate: let the writer go
            os.close(os.open(gate, os.O_RDONLY | os.O_NONBLOCK))
            writer.join(5)
    imported, refused, cancelled = sig.args
    assert cancelled and refused == 0 and 1 <= imported <= 2  # the first, maybe the gate's
    # What was stored stays, linked and shown (a photo stored as the child stopped included).
    assert imported <= store.count(Photo) == strip.model.rowCount() == len(strip.links()) <= 2
    assert "cancel" in strip.progress.label.text().lower() or "取消" in strip.progress.label.text()


def test_watched_folder_imports_new_photos(store, defect, qtbot, app, tmp_path):
    from inspect_app.ui.photo_strip import PhotoStrip

    folder = tmp_path / "camera"
    folder.mkdir()
    ps.jpeg(folder / "old.jpg")  # there before watching: not imported
    strip = PhotoStrip(store, "defect", defect.id)
    qtbot.addWidget(strip)
    strip.watch_folder(folder)
    with qtbot.waitSignal(strip.photos_imported, timeout=30000) as sig:
        ps.jpeg(folder / "new.jpg", ps.card(seed=9))
    (pid,) = sig.args[0]
    assert store.get(Photo, pid).original_name == "new.jpg"
    assert strip.model.ids == [pid]


def test_viewer_zooms(store, defect, qtbot, app, tmp_path):
    from inspect_app.photos.importer import import_paths
    from inspect_app.ui.photo_viewer import PhotoViewer

    (r,) = import_paths(
        store, _photos(tmp_path, 1, size=(1600, 1200)), defect.project_id, workers=0
    )
    photo = store.get(Photo, r.id)
    photo.annotations = [{"kind": "circle", "points": [[0.4, 0.4], [0.6, 0.6]]}]
    store.save(photo)
    viewer = PhotoViewer(store)
    qtbot.addWidget(viewer)
    viewer.resize(400, 300)
    viewer.show()
    with qtbot.waitSignal(viewer.photo_shown):
        viewer.show_photo(r.id)
    fitted = viewer.zoom
    assert fitted == pytest.approx(min(400 / 1600, 300 / 1200), rel=0.1)
    with qtbot.waitSignal(viewer.zoom_changed):
        viewer.zoom_in()
    assert viewer.zoom == pytest.approx(fitted * 1.25)
    qtbot.keyClick(viewer, Qt.Key.Key_1)
    assert viewer.zoom == 1.0
    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert viewer.zoom == pytest.approx(fitted)
    for _ in range(40):
        viewer.zoom_out()
    assert viewer.zoom == pytest.approx(0.05)
    viewer.fit()
    _shot(viewer, "photo-viewer.png", tmp_path)


def _drag(qtbot, canvas, a, b, steps=4):
    r = canvas.image_rect()

    def at(p):
        return QPoint(round(r.x() + p[0] * r.width()), round(r.y() + p[1] * r.height()))

    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=at(a))
    for i in range(1, steps + 1):
        x = a[0] + (b[0] - a[0]) * i / steps
        y = a[1] + (b[1] - a[1]) * i / steps + (0.03 if 0 < i < steps else 0)
        qtbot.mouseMove(canvas, at((x, y)))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=at(b))


def test_markup_editor_draws_every_kind_and_saves_vectors(store, defect, qtbot, app, tmp_path):
    from inspect_app.core.model import Role, User
    from inspect_app.photos.importer import import_paths
    from inspect_app.ui.markup_editor import MarkupEditor

    (r,) = import_paths(
        store, _photos(tmp_path, 1, size=(1600, 1200)), defect.project_id, workers=0
    )
    editor = MarkupEditor(store, r.id, dialogs=FakeDialogs(text="漏气点"))
    # Saving is the store's operation, as the signed-in user: refused in words without one.
    editor.canvas.annotations = [{"kind": "rect", "points": [[0.1, 0.1], [0.2, 0.2]]}]
    editor.save()
    assert "nobody is signed in" in editor.error.text() and store.get(Photo, r.id).annotations == []
    editor.canvas.annotations = []
    store.set_actor(store.save(User(name="zhangwei", role=Role.INSPECTOR, org_id="")).id)
    qtbot.addWidget(editor)
    editor.resize(800, 640)
    editor.show()
    qtbot.waitExposed(editor)
    c = editor.canvas
    editor.tool_buttons["rect"].click()
    _drag(qtbot, c, (0.2, 0.3), (0.45, 0.6))
    editor.tool_buttons["circle"].click()
    editor.color_buttons["#fdd835"].click()
    _drag(qtbot, c, (0.6, 0.1), (0.8, 0.35))
    editor.tool_buttons["arrow"].click()
    _drag(qtbot, c, (0.9, 0.9), (0.5, 0.5))
    editor.tool_buttons["freehand"].click()
    _drag(qtbot, c, (0.1, 0.8), (0.3, 0.9), steps=8)
    editor.tool_buttons["text"].click()
    qtbot.mouseClick(
        c,
        Qt.MouseButton.LeftButton,
        pos=QPoint(round(c.image_rect().x() + 20), round(c.image_rect().y() + 20)),
    )
    _drag(qtbot, c, (0.5, 0.5), (0.5, 0.5))  # a click with the text tool asks again: ignored here
    assert [a["kind"] for a in editor.annotations][:5] == [
        "rect",
        "circle",
        "arrow",
        "freehand",
        "text",
    ]
    editor.canvas.undo()
    assert len(editor.annotations) == 5
    _shot(editor, "photo-markup-editor.png", tmp_path)
    with qtbot.waitSignal(editor.annotations_saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = store.get(Photo, r.id).annotations
    assert validate(saved) == saved and [a["kind"] for a in saved] == [
        "rect",
        "circle",
        "arrow",
        "freehand",
        "text",
    ]
    rect = saved[0]["points"]
    assert rect[0] == pytest.approx([0.2, 0.3], abs=0.01) and rect[1] == pytest.approx(
        [0.45, 0.6], abs=0.01
    )
    assert saved[1]["color"] == "#fdd835" and saved[4]["text"] == "漏气点"
    assert len(saved[3]["points"]) > 2
    reopened = MarkupEditor(store, r.id)
    qtbot.addWidget(reopened)
    assert reopened.annotations == saved


def test_attach_review_links_only_the_ticked_suggestions(store, defect, qtbot, app, tmp_path):
    from datetime import timedelta

    from inspect_app.core.model import Inspection, InspectionKind
    from inspect_app.photos.importer import import_paths
    from inspect_app.ui.photo_attach import AttachReview

    now = datetime.now()
    insp = store.save(
        Inspection(
            project_id=defect.project_id,
            template_id="gas",
            template_version=1,
            template_hash="h",
            kind=InspectionKind.SURVEY,
            started_at=(now - timedelta(hours=1)).astimezone().isoformat(timespec="seconds"),
        )
    )
    insp.answers = {"gas_leak": "fail"}
    store.save(insp)
    folder = tmp_path / "cam"
    folder.mkdir()
    ps.jpeg(folder / "near.jpg", ps.scene(640, 480, seed=1), taken=now - timedelta(minutes=2))
    ps.jpeg(folder / "during.jpg", ps.scene(640, 480, seed=2), taken=now - timedelta(minutes=40))
    ps.jpeg(folder / "before.jpg", ps.scene(640, 480, seed=3), taken=now - timedelta(days=2))
    results = import_paths(store, [folder], defect.project_id, workers=0)
    ids = {r.file.rsplit("/", 1)[1]: r.id for r in results}

    review = AttachReview(store, insp.id, item_names={"gas_leak": "燃气泄漏检测"})
    qtbot.addWidget(review)
    review.resize(640, 300)
    assert review.tree.topLevelItemCount() == 2  # the photo from two days before is not offered
    assert [s.photo_id for s in review.accepted()] == [
        ids["near.jpg"]
    ]  # only the close match ticked
    assert review.tree.topLevelItem(0).text(1) == "燃气泄漏检测"
    _shot(review, "photo-attach-review.png", tmp_path)
    with qtbot.waitSignal(review.photos_attached) as sig:
        qtbot.mouseClick(review.attach_button, Qt.MouseButton.LeftButton)
    (link_id,) = sig.args[0]
    link = store.get(PhotoLink, link_id)
    assert (link.photo_id, link.target_id, link.item_id) == (ids["near.jpg"], insp.id, "gas_leak")
    assert review.tree.topLevelItemCount() == 1 and ids["during.jpg"] in [
        s.photo_id for s in review.suggestions
    ]


def test_strip_viewer_walks_the_photos_and_the_context_menu_opens_markup(
    qtbot, app, store, defect, tmp_path
):
    from inspect_app.ui.photo_strip import PhotoStrip
    from inspect_app.ui.photo_window import photo_menu

    strip = PhotoStrip(store, "defect", defect.id, dialogs=FakeDialogs(_photos(tmp_path, 3)))
    qtbot.addWidget(strip)
    strip.show()
    with qtbot.waitSignal(strip.photos_imported, timeout=30000):
        qtbot.mouseClick(strip.add_button, Qt.MouseButton.LeftButton)
    ids = strip.model.ids
    strip.open_photo(1)
    win = strip.photo_window
    assert win.photo_id == ids[1] and win.buttons["next"].isEnabled()
    qtbot.mouseClick(win.buttons["next"], Qt.MouseButton.LeftButton)
    assert win.photo_id == ids[2] and "3 / 3" in win.caption.text()
    qtbot.mouseClick(win.buttons["next"], Qt.MouseButton.LeftButton)  # round to the first
    assert win.photo_id == ids[0]
    qtbot.mouseClick(win.buttons["previous"], Qt.MouseButton.LeftButton)
    assert win.photo_id == ids[2]
    win.reject()

    # The context menu's second entry opens the viewer with the markup editor on that photo.
    menu = photo_menu(strip, store, ids, 0, None)  # built as a right-click builds it
    view_action, markup_action = menu.actions()
    markup_action.trigger()
    win = strip.photo_window
    assert win.photo_id == ids[0] and win.markup_dialog is not None
    assert win.markup_dialog.editor.photo.id == ids[0]
    win.markup_dialog.reject()
    win.reject()
    assert "View photo" in view_action.text()
