"""Derived copies, markup round trip, watermark and the orphan sweep."""

import hashlib
import os
import shutil
import time
from datetime import datetime

import photo_samples as ps
import pytest
from PIL import Image

from inspect_app.core.model import DefectEvent, Photo, PhotoLink, Project, Role, Signature, User
from inspect_app.photos.cache import DerivedCache
from inspect_app.photos.importer import import_paths
from inspect_app.photos.library import PhotoFiles
from inspect_app.photos.markup import MarkupError, validate
from inspect_app.photos.sweep import referenced, sweep
from inspect_app.photos.watermark import Watermark, stamp

SHOTS = (
    os.path.join(os.path.dirname(__file__), "..", "docs", "screenshots")
    if os.environ.get("INSPECT_SCREENSHOTS")  # =1: keep the images for review
    else None
)


def _keep(im: Image.Image, name: str, tmp_path) -> None:
    im.save(tmp_path / name)
    if SHOTS:
        im.save(os.path.join(SHOTS, name))


@pytest.fixture
def photo(store, tmp_path):
    project = store.save(Project(name="和平里东街小区"))
    inspector = store.save(
        User(name="zhangwei", display_name="张伟", role=Role.INSPECTOR, org_id="o")
    )
    store.set_actor(inspector.id)
    f = ps.jpeg(
        tmp_path / "site.jpg",
        ps.card(1600, 1200),
        taken=datetime(2026, 11, 25, 10, 31),
        gps=(39.95, 116.41),
    )
    (r,) = import_paths(store, [f], project.id, workers=0)
    return store.get(Photo, r.id)


def test_markup_round_trip_through_the_store_and_onto_a_print_copy(store, photo, tmp_path):
    marks = [
        {"kind": "arrow", "points": [[0.55, 0.8], [0.8, 0.5]], "color": "#00ff00"},
        {"kind": "rect", "points": [[0.3, 0.3], [0.5, 0.5]]},
        {"kind": "circle", "points": [[0.6, 0.1], [0.7, 0.2]]},
        {"kind": "freehand", "points": [[0.1, 0.9], [0.15, 0.85], [0.2, 0.9]]},
        {"kind": "text", "points": [[0.3, 0.6]], "text": "燃气管锈蚀"},
    ]
    photo.annotations = validate(marks)
    store.save(photo)
    again = store.get(Photo, photo.id)
    assert again.annotations == marks
    files = PhotoFiles(store)
    path = files.print_path(again, max_side=800)
    im = Image.open(path).convert("RGB")
    assert im.size == (800, 600)
    assert im.getpixel((int(0.675 * 800), int(0.65 * 600)))[1] > 200  # the green arrow
    r, g, _b = im.getpixel((int(0.3 * 800) + 1, int(0.4 * 600)))  # the red rectangle's edge
    assert r > 180 and g < 100
    plain = Image.open(files.print_path(again, max_side=800, markup=False)).convert("RGB")
    assert plain.getpixel((int(0.3 * 800) + 1, int(0.4 * 600)))[0] < 150
    _keep(im, "photo-markup.png", tmp_path)
    # The original never changes.
    assert hashlib.sha256(store.blobs.read(photo.sha256)).hexdigest() == photo.sha256


@pytest.mark.parametrize(
    "bad",
    [
        "arrow",
        [{"kind": "blob", "points": [[0, 0], [1, 1]]}],
        [{"kind": "arrow", "points": [[0, 0]]}],
        [{"kind": "text", "points": [[0.2, 0.2]]}],
        [{"kind": "rect", "points": [[0, "x"], [1, 1]]}],
    ],
)
def test_markup_validation_names_the_problem(bad):
    with pytest.raises(MarkupError):
        validate(bad)


def test_watermark_on_the_print_copy_never_on_the_original(store, photo, tmp_path):
    files = PhotoFiles(store)
    wm = files.watermark_for(photo, location="3号楼2单元 厨房")
    assert wm == Watermark(
        project="和平里东街小区",
        location="3号楼2单元 厨房",
        time="2026-11-25 10:31",
        inspector="张伟",
    )
    path = files.print_path(photo, max_side=1200, watermark=wm)
    im = Image.open(path).convert("RGB")
    _w, h = im.size
    # The blue title bar sits in the lower-left corner, above the dark panel.
    bar = [im.getpixel((x, y)) for x in range(30, 200, 20) for y in range(h - 250, h - 20, 5)]
    assert any(b > 150 and r < 80 for r, _g, b in bar)
    assert hashlib.sha256(store.blobs.read(photo.sha256)).hexdigest() == photo.sha256
    display = Image.open(files.display_path(photo)).convert("RGB")
    assert display.getpixel((60, h - 60)) != im.getpixel((60, h - 60))
    _keep(im, "photo-watermark.png", tmp_path)


def test_watermark_shortens_rows_that_do_not_fit():
    im = stamp(Image.new("RGB", (300, 200), "gray"), Watermark(project="很长的项目名称" * 10))
    assert im.size == (300, 200)


def test_display_copies_are_made_again_when_the_cache_is_gone(store, photo):
    files = PhotoFiles(store)
    shutil.rmtree(store.root / "cache")
    thumb = files.thumbnail_path(photo)
    assert thumb.is_file() and max(Image.open(thumb).size) == 320
    assert Image.open(files.display_path(photo)).size == (1600, 1200)


def test_sweep_removes_only_what_nothing_refers_to(store, photo, tmp_path):
    def blob(seed: int) -> str:
        return store.blobs.put_file(ps.png(tmp_path / f"{seed}.png", ps.card(seed=seed)))

    plan, sig_img, linked, orphan, young, evidence = (blob(i) for i in range(1, 7))
    project = store.get(Project, photo.project_id)
    project.site_plan_sha256 = plan
    store.save(project)
    store.save(
        Signature(
            target_type="inspection",
            target_id="i",
            signer_name="王",
            signer_role="监理",
            image_sha256=sig_img,
        )
    )
    gone = store.save(Photo(sha256=linked, project_id=project.id))
    store.save(PhotoLink(photo_id=gone.id, target_type="defect", target_id="d"))
    store.delete(Photo, gone.id)  # deleted, but a live link still shows it
    after = store.save(Photo(sha256=evidence, project_id=project.id))
    store.save(
        DefectEvent(
            defect_id="d", kind="rectified", at="2026-11-25", data={"photo_ids": [after.id]}
        )
    )
    store.delete(Photo, after.id)  # deleted, but a workflow event names it as evidence
    (store.blobs.root / "ab").mkdir(exist_ok=True)
    part = store.blobs.root / "ab" / ".part-x"
    part.write_bytes(b"half")
    old = time.time() - 7 * 24 * 3600
    for sha in (plan, sig_img, linked, orphan, evidence, photo.sha256):
        os.utime(store.blobs.path(sha), (old, old))
    os.utime(part, (old, old))
    orphan_thumb = DerivedCache.for_profile(store.root).thumbnail_path(orphan, 320)
    DerivedCache.for_profile(store.root).write(orphan_thumb, b"x")
    os.utime(orphan_thumb, (old, old))

    assert {plan, sig_img, linked, evidence, photo.sha256} <= referenced(store)
    dry = sweep(store, dry_run=True)
    assert dry.removed_blobs == [orphan] and store.blobs.has(orphan)
    rep = sweep(store)
    assert rep.removed_blobs == [orphan] and rep.removed_partial == 1 and rep.removed_derived == 1
    assert not store.blobs.has(orphan) and not part.exists() and not orphan_thumb.exists()
    for sha in (
        plan,
        sig_img,
        linked,
        evidence,
        photo.sha256,
        young,
    ):  # young: inside the grace period
        assert store.blobs.has(sha)
    assert PhotoFiles(store).thumbnail_path(photo).is_file()


def test_cli_sweep_dry_run_then_sweep(cli, store, photo, tmp_path):
    orphan = store.blobs.put_bytes(b"not referenced by anything")
    old = time.time() - 3 * 24 * 3600
    os.utime(store.blobs.path(orphan), (old, old))
    code, out, _ = cli("photos", "sweep", "--data", store.root, "--dry-run")
    assert code == 0 and "would remove 1" in out and store.blobs.has(orphan)
    code, out, _ = cli("photos", "sweep", "--data", store.root)
    assert code == 0 and "removed 1" in out and not store.blobs.has(orphan)
    assert store.blobs.has(photo.sha256)
