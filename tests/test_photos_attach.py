"""Auto-attach: photos matched to an inspection's items by capture time and GPS."""

from datetime import datetime, timedelta

from inspect_app.core.model import Defect, Inspection, InspectionKind, Photo, PhotoLink, Project
from inspect_app.photos.attach import attach, meters, suggest


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def test_photos_are_suggested_for_the_item_checked_when_and_where_they_were_taken(store):
    now = datetime.now().astimezone()
    p = store.save(Project(name="和平里"))
    other = store.save(Project(name="别的小区"))
    insp = store.save(
        Inspection(
            project_id=p.id,
            template_id="gas",
            template_version=1,
            template_hash="h",
            kind=InspectionKind.SURVEY,
            started_at=_iso(now - timedelta(hours=2)),
        )
    )
    insp.answers = {"gas_leak": "fail"}
    store.save(insp)  # the audit trail says gas_leak was answered now
    store.save(
        Defect(
            project_id=p.id,
            title="燃气表锈蚀",
            inspection_id=insp.id,
            item_id="meter",
            reported_at=_iso(now - timedelta(minutes=60)),
            gps_lat=39.95,
            gps_lon=116.41,
        )
    )

    def photo(minutes_ago, project=p, gps=None):
        lat, lon = gps or (None, None)
        taken = _iso(now - timedelta(minutes=minutes_ago))
        return store.save(
            Photo(sha256="0" * 64, project_id=project.id, taken_at=taken, gps_lat=lat, gps_lon=lon)
        )

    a = photo(1)
    b = photo(62, gps=(39.9501, 116.4101))  # ~14 m from the defect
    c = photo(61, gps=(39.99, 116.41))  # 4.4 km away: not that item
    photo(24 * 60)  # the day before
    photo(1, project=other)
    naive = store.save(
        Photo(
            sha256="1" * 64,
            project_id=p.id,
            taken_at=(now - timedelta(minutes=3))
            .replace(tzinfo=None)
            .isoformat(timespec="seconds"),
        )
    )

    got = {s.photo_id: s for s in suggest(store, insp.id)}
    assert set(got) == {a.id, b.id, c.id, naive.id}
    assert got[a.id].item_id == "gas_leak" and got[naive.id].item_id == "gas_leak"
    assert got[b.id].item_id == "meter" and got[b.id].meters < 30
    assert got[c.id].item_id == "" and got[c.id].score < got[b.id].score
    assert "m away" in got[b.id].reason

    links = attach(store, insp.id, [got[a.id], got[b.id]])
    assert {
        (ln.photo_id, ln.item_id) for ln in store.find(PhotoLink, "target_type = 'inspection'", [])
    } == {(a.id, "gas_leak"), (b.id, "meter")}
    assert len(links) == 2
    # The meter item raised a defect: its photo is on the defect too, as a before photo.
    on_defect = store.find(PhotoLink, "target_type = 'defect'", [])
    assert [(ln.photo_id, ln.role) for ln in on_defect] == [(b.id, "before")]
    assert {s.photo_id for s in suggest(store, insp.id)} == {c.id, naive.id}


def test_haversine_distance():
    assert abs(meters(39.9, 116.4, 39.9, 116.4)) < 1e-6
    assert 111_000 < meters(0, 0, 1, 0) < 111_400
