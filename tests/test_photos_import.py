"""Photo import: orientation, metadata, formats, dedupe, display cap, every refused kind of file."""

import io
import json
from datetime import datetime

import photo_samples as ps
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from inspect_app.core.model import Photo, PhotoLink, Project
from inspect_app.photos.cache import DerivedCache
from inspect_app.photos.decode import Settings
from inspect_app.photos.exif import metadata, read_exif
from inspect_app.photos.importer import Importer, collect, import_paths


@pytest.fixture
def project(store):
    return store.save(Project(name="和平里东街小区"))


def _display(store, sha, side=2048) -> Image.Image:
    im = Image.open(DerivedCache.for_profile(store.root).display_path(sha, side))
    im.load()
    return im


def _is(rgb, want, tol=60) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb, want, strict=True))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_shown_upright(store, project, tmp_path, orientation):
    f = ps.oriented_jpeg(tmp_path / f"o{orientation}.jpg", orientation)
    (r,) = import_paths(store, [f], project.id, workers=0)
    assert r.ok, r.error
    photo = store.get(Photo, r.id)
    assert (photo.width, photo.height) == (ps.W, ps.H)  # as displayed
    assert photo.orientation == orientation
    im = _display(store, r.sha256)
    assert im.size == (ps.W, ps.H)
    assert _is(im.getpixel((5, 5)), (255, 0, 0)), "red corner must be top-left"
    assert _is(im.getpixel((ps.W - 5, 5)), (0, 0, 255)), "blue corner must be top-right"
    thumb = Image.open(DerivedCache.for_profile(store.root).thumbnail_path(r.sha256, 320))
    assert _is(thumb.getpixel((3, 3)), (255, 0, 0))


def test_metadata_time_gps_direction_and_original_bytes_kept(store, project, tmp_path):
    f = ps.jpeg(
        tmp_path / "IMG_0001.jpg",
        taken=datetime(2026, 11, 25, 10, 31, 5),
        offset="+08:00",
        gps=(39.912345, -116.398765),
        direction=123.5,
    )
    (r,) = import_paths(store, [f], project.id, workers=0)
    p = store.get(Photo, r.id)
    assert p.taken_at == "2026-11-25T10:31:05+08:00"
    assert p.gps_lat == pytest.approx(39.912345, abs=1e-5)
    assert p.gps_lon == pytest.approx(-116.398765, abs=1e-5)
    assert p.direction == 123.5
    assert (p.original_name, p.mime, p.bytes) == ("IMG_0001.jpg", "image/jpeg", f.stat().st_size)
    assert store.blobs.read(p.sha256) == f.read_bytes()  # byte-identical original
    assert r.gps == {"lat": p.gps_lat, "lon": p.gps_lon}


def test_heic_png_webp(store, project, tmp_path):
    heic = ps.heic(
        tmp_path / "IMG_1234.HEIC",
        ps.stored_for_orientation(ps.card(), 6),
        orientation=6,
        taken=datetime(2026, 11, 25, 9, 0),
    )
    files = [heic, ps.png(tmp_path / "plan.png"), ps.webp(tmp_path / "w.webp")]
    results = import_paths(store, files, project.id, workers=0)
    assert [r.ok for r in results] == [True, True, True], [r.error for r in results]
    mimes = [store.get(Photo, r.id).mime for r in results]
    assert mimes == ["image/heic", "image/png", "image/webp"]
    h = store.get(Photo, results[0].id)
    assert (h.width, h.height, h.orientation) == (ps.W, ps.H, 6)
    assert h.taken_at == "2026-11-25T09:00:00"
    im = _display(store, h.sha256)
    assert im.size == (ps.W, ps.H) and _is(im.getpixel((5, 5)), (255, 0, 0))


def test_same_photo_twice_is_stored_once(store, project, tmp_path):
    a = ps.jpeg(tmp_path / "a.jpg")
    b = tmp_path / "copy of a.jpg"
    b.write_bytes(a.read_bytes())
    first = import_paths(store, [a, b], project.id, workers=0)
    again = import_paths(store, [a], project.id, workers=0)
    assert [r.duplicate for r in first + again] == [False, True, True]
    assert len({r.id for r in first + again}) == 1
    assert store.count(Photo) == 1 and list(store.blobs.shas()) == [first[0].sha256]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (ps.empty, "empty"),
        (ps.truncated_jpeg, "incomplete or damaged"),
        (ps.not_an_image, "not a recognisable image"),
        (ps.bad_exif_jpeg, "EXIF"),
        (ps.bomb_png, "decompression bomb"),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_the_good_ones_kept(
    store, project, tmp_path, make, reason
):
    good1, good2 = ps.jpeg(tmp_path / "1.jpg"), ps.png(tmp_path / "3.png", ps.card(seed=3))
    bad = make(tmp_path / ("2.png" if make is ps.bomb_png else "2.jpg"))
    results = import_paths(store, [good1, bad, good2], project.id, workers=0)
    assert [r.ok for r in results] == [True, False, True]
    assert reason in results[1].error and not results[1].id
    assert store.count(Photo) == 2
    shas = set(store.blobs.shas())
    assert shas == {results[0].sha256, results[2].sha256}  # nothing of the bad file stored


def test_display_copy_is_capped_and_decoded_in_draft_mode(store, project, tmp_path):
    big = ps.jpeg(tmp_path / "big.jpg", ps.card(4000, 3000), orientation=6)
    (r,) = import_paths(store, [big], project.id, workers=0)
    assert (r.width, r.height) == (3000, 4000)
    # Draft mode: 4000 px decodes at half scale, 2000 px, under the 2048 cap.
    assert _display(store, r.sha256).size == (1500, 2000)
    small = Settings(display_max_side=1024)
    (r2,) = import_paths(store, [big], project.id, workers=0, settings=small)
    assert _display(store, r2.sha256, 1024).size == (750, 1000)  # quarter scale: 1000 px


def test_folder_import_on_two_worker_processes_keeps_input_order(store, project, tmp_path):
    card = tmp_path / "DCIM" / "100CAMERA"
    card.mkdir(parents=True)
    (card / ".thumbnails").mkdir()
    ps.jpeg(card / ".thumbnails" / "t.jpg")
    for i in range(6):
        ps.jpeg(card / f"IMG_{i:04d}.JPG", ps.card(seed=i))
    (card / "notes.txt").write_text("skip me")
    assert [p.name for p in collect([tmp_path / "DCIM"])] == [f"IMG_{i:04d}.JPG" for i in range(6)]
    with Importer(store, project.id, workers=2) as imp:
        results = list(imp.run([tmp_path / "DCIM"]))
    assert [r.file.rsplit("/", 1)[1] for r in results] == [f"IMG_{i:04d}.JPG" for i in range(6)]
    assert all(r.ok for r in results) and store.count(Photo) == 6


def test_cancel_keeps_what_was_finished(store, project, tmp_path):
    files = [ps.jpeg(tmp_path / f"{i}.jpg", ps.card(seed=i)) for i in range(5)]
    done = []
    with Importer(store, project.id, workers=0) as imp:
        for r in imp.run(files, cancelled=lambda: len(done) >= 2):
            done.append(r)
    assert len(done) == 2 and store.count(Photo) == 2


def test_cli_json_one_object_per_file_and_exit_codes(cli, store, project, tmp_path):
    good = ps.jpeg(tmp_path / "good.jpg", taken=datetime(2026, 5, 1, 8, 0), gps=(30.5, 114.3))
    code, out, _ = cli(
        "photos", "import", "--data", store.root, "--project", project.id, "--json", good
    )
    (obj,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    keys = {"file", "ok", "id", "sha256", "width", "height", "taken_at", "gps", "error"}
    assert keys <= obj.keys()
    assert (
        obj["ok"]
        and obj["gps"]["lat"] == pytest.approx(30.5)
        and obj["taken_at"] == "2026-05-01T08:00:00"
    )

    bad = ps.empty(tmp_path / "bad.jpg")
    code, out, _ = cli(
        "photos", "import", "--data", store.root, "--project", project.id, "--json", good, bad
    )
    objs = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [o["ok"] for o in objs] == [True, False] and "empty" in objs[1]["error"]

    code, _, err = cli("photos", "import", "--data", store.root, "--project", "nope", good)
    assert code == 2 and "nope" in err

    code, out, _ = cli(
        "photos",
        "import",
        "--data",
        store.root,
        "--project",
        project.id,
        "--link",
        "inspection:i1:gas_leak",
        "--json",
        good,
    )
    (obj,) = [json.loads(line) for line in out.splitlines()]
    (link,) = store.find(PhotoLink)
    assert code == 0 and (link.photo_id, link.target_id, link.item_id) == (
        obj["id"],
        "i1",
        "gas_leak",
    )
    code, _, err = cli(
        "photos", "import", "--data", store.root, "--project", project.id, "--link", "defect", good
    )
    assert code == 2 and "TYPE:ID" in err


@settings(max_examples=40, deadline=None)
@given(
    lat=st.floats(-89.99, 89.99),
    lon=st.floats(-179.99, 179.99),
    direction=st.floats(0, 359.99),
    taken=st.datetimes(datetime(1990, 1, 1), datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
)
def test_exif_written_by_a_camera_reads_back(lat, lon, direction, taken):
    buf = io.BytesIO()
    ps.card(16, 8).save(
        buf, "JPEG", exif=ps.exif(orientation=8, taken=taken, gps=(lat, lon), direction=direction)
    )
    md = metadata(read_exif(Image.open(buf)))
    assert md.orientation == 8 and md.taken_at == taken.isoformat()
    assert md.gps_lat == pytest.approx(lat, abs=1e-5) and md.gps_lon == pytest.approx(lon, abs=1e-5)
    assert md.direction == pytest.approx(direction, abs=0.01)
