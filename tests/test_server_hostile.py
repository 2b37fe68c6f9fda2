"""What a hostile client sends the central store over the wire, and what the store does with it:
malformed stamps, moves between projects, forged history, values the app cannot read, broken
text. Every case runs on SQLite and PostgreSQL."""

import hashlib
import json
import os
import time

import httpx
import pytest
from hostile_world import World
from syncutil import backend_params

from inspect_app.core.clock import Stamp
from inspect_app.core.ids import uuid7


@pytest.fixture(scope="module", params=backend_params())
def w(request, tmp_path_factory):
    world = World(tmp_path_factory.mktemp(f"hostile-{request.param}"), request.param)
    yield world
    world.close()


def _stamp(ms: int, counter: int = 0, node: str = "hostiletest") -> str:
    return str(Stamp(ms, counter, node))


# ----- 1. stamps ------------------------------------------------------------------------------

NOW_MS = int(time.time() * 1000)
BAD_STAMPS = {
    "underscore": f"0_{NOW_MS}.00000.x",  # int() reads it; as text it sorts above every stamp
    "plus sign": f"+{NOW_MS:014d}.00000.x",
    "arabic digits": "١" * 15 + ".00000.x",
    "space": f" {NOW_MS:014d}.00000.x",
    "dot in node": f"{NOW_MS:015d}.00000.a.b",
    "empty node": f"{NOW_MS:015d}.00000.",
}


@pytest.mark.parametrize("kind", BAD_STAMPS)
def test_malformed_stamp_cannot_freeze_a_field(w, kind):
    d = w.defect("assigned")
    before = w.record("defects", d)
    # The contractor re-sends its defect's own values under a stamp that sorts above all.
    bad = w.change("contractor", "defects", d, {"status": "assigned"}, hlc=BAD_STAMPS[kind])
    r = w.post("contractor", [bad])
    assert r.status_code == 422 and "hlc" in r.json()["detail"]
    assert w.record("defects", d) == before
    # The supervisor's later edit is taken, as it should be.
    assert not w.push("supervisor", [w.change("supervisor", "defects", d, {"title": "改"})])[
        "refused"
    ]
    assert w.record("defects", d)["title"] == "改"


def test_stamps_out_of_bounds_are_refused(w):
    d = w.defect()
    day = 24 * 3600 * 1000
    for stamp, words in (
        (_stamp(int(time.time() * 1000) + 2 * day), "ahead"),
        (_stamp(1_000), "before 2020"),
    ):
        body = w.push("inspector", [w.change("inspector", "defects", d, {"title": "x"}, hlc=stamp)])
        assert len(body["refused"]) == 1 and words in body["refused"][0]["reason"]
    assert w.record("defects", d)["title"] == "燃气立管锈蚀"


# ----- 2, 3. project scope --------------------------------------------------------------------


def test_supervisor_cannot_join_another_project_by_moving_a_membership(w):
    mine = uuid7()
    fields = {"project_id": w.project, "org_id": w.acc["supervisor"].org_id, "user_id": ""}
    assert not w.push("supervisor", [w.change("supervisor", "project_members", mine, fields)])[
        "refused"
    ]
    moved = w.change("supervisor", "project_members", mine, {"project_id": w.other_project})
    body = w.push("supervisor", [moved])
    assert len(body["refused"]) == 1 and "admin" in body["refused"][0]["reason"]
    assert w.record("project_members", mine)["project_id"] == w.project
    # …so the other project stays out of sight and out of reach.
    assert w.secret not in {c["record_id"] for c in w.pulled("supervisor")}
    edit = w.change("supervisor", "defects", w.secret, {"title": "被改"})
    assert w.push("supervisor", [edit])["refused"]
    # A new membership in a project the supervisor is not in is refused as well.
    fields["project_id"] = w.other_project
    assert w.push("supervisor", [w.change("supervisor", "project_members", uuid7(), fields)])[
        "refused"
    ]


def test_member_cannot_move_a_record_into_another_project(w):
    d = w.defect()
    body = w.push(
        "inspector", [w.change("inspector", "defects", d, {"project_id": w.other_project})]
    )
    assert len(body["refused"]) == 1 and "admin" in body["refused"][0]["reason"]
    assert w.record("defects", d)["project_id"] == w.project
    # The outsider, a member of the other project only, cannot pull it over either.
    body = w.push("outsider", [w.change("outsider", "defects", d, {"project_id": w.other_project})])
    assert body["refused"]
    # An administrator may move it.
    assert not w.push("admin", [w.change("admin", "defects", d, {"project_id": w.other_project})])[
        "refused"
    ]
    assert w.record("defects", d)["project_id"] == w.other_project


# ----- 4. events ------------------------------------------------------------------------------


def _event(w, role, d, kind, old, new, actor=None, at="2026-11-25T10:00:00+08:00", note=""):
    fields = {
        "defect_id": d,
        "kind": kind,
        "from_status": old,
        "to_status": new,
        "actor_id": w.acc[actor or role].id,
        "at": at,
        "note": note,
    }
    return w.change(role, "defect_events", uuid7(), fields)


def test_forged_history_is_refused(w):
    d = w.defect("rectified")
    future = time.strftime(
        "%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600 + 3 * 86400)
    )
    forged = [
        # the contractor names the supervisor as the one who verified, dated in three days
        _event(w, "contractor", d, "verified", "rectified", "verified", "supervisor", future),
        # …or itself, today, with no status change
        _event(w, "contractor", d, "verified", "rectified", "verified"),
        # a supervisor's verification without verifying
        _event(w, "supervisor", d, "verified", "rectified", "verified"),
        # a kind that does not match the status it claims
        _event(w, "supervisor", d, "closed", "rectified", "verified"),
        # a comment that changes the status
        _event(w, "contractor", d, "comment", "rectified", "closed"),
        _event(w, "supervisor", d, "verified", "rectified", "verified", at=future),
        _event(w, "inspector", d, "made-up", "", ""),
    ]
    for change in forged:
        body = w.push(change_role(w, change), [change])
        assert len(body["refused"]) == 1, change["fields"]
        assert w.record("defect_events", change["record_id"]) is None
    # The real thing: the status change, then its event, by the one who made it.
    body = w.push(
        "supervisor",
        [
            w.change("supervisor", "defects", d, {"status": "verified"}),
            _event(w, "supervisor", d, "verified", "rectified", "verified"),
        ],
    )
    assert not body["refused"], body
    ev = body["accepted"][1]
    assert ev
    # Events stay as written.
    rid = next(e["id"] for e in w.srv.service.snapshot()["defect_events"] if e["defect_id"] == d)
    again = w.change("supervisor", "defect_events", rid, {"note": "改写"})
    assert w.push("supervisor", [again])["refused"]


def change_role(w, change) -> str:
    return next(role for role, a in w.acc.items() if a.id == change["author"])


def test_a_reply_event_is_taken_with_its_status_change(w):
    d = w.defect("assigned")
    body = w.push(
        "contractor",
        [
            w.change("contractor", "defects", d, {"status": "rectified"}),
            _event(w, "contractor", d, "rectified", "assigned", "rectified", note="已更换"),
        ],
    )
    assert not body["refused"], body
    # The same event kind a second time from another contractor's org is refused.
    other = _event(w, "other_contractor", d, "rectified", "assigned", "rectified")
    assert w.push("other_contractor", [other])["refused"]


# ----- 5, 6. values the app cannot read, text it cannot hold ------------------------------------

BAD_VALUES = [
    ("defects", {"severity": "catastrophic"}, "severity"),
    ("defects", {"plan_x": "not-a-number"}, "plan_x"),
    ("defects", {"plan_x": 7.5}, "plan_x"),
    ("defects", {"gps_lat": 200.0}, "gps_lat"),
    ("defects", {"major_hazard": "yes"}, "major_hazard"),
    ("defects", {"title": None}, "title"),
    ("defects", {"status": "done"}, "status"),
    ("inspections", {"answers": "{broken"}, "answers"),
    ("inspections", {"answers": "[1, 2]"}, "answers"),
    ("inspections", {"answers": '{"a": NaN}'}, "answers"),
    ("inspections", {"template_version": 1.5}, "template_version"),
    ("defects", {"title": "燃气\x00立管"}, "title"),
    ("defects", {"evil; DROP TABLE x": 1}, "evil; DROP TABLE x"),
]


@pytest.mark.parametrize(("table", "fields", "field"), BAD_VALUES, ids=[b[2] for b in BAD_VALUES])
def test_values_the_app_cannot_read_are_refused_naming_the_field(w, table, fields, field):
    if table == "defects":
        rid = w.defect()
    else:
        rid = w.create(
            "inspections",
            {
                "project_id": w.project,
                "template_id": "t",
                "template_version": 1,
                "template_hash": "h",
                "kind": "patrol",
            },
        )
    before = w.record(table, rid)
    body = w.push("supervisor", [w.change("supervisor", table, rid, fields)])
    assert len(body["refused"]) == 1, body
    assert field in body["refused"][0]["reason"]
    assert w.record(table, rid) == before


def test_nan_is_refused_not_stored_as_null(w):
    d = w.defect()
    raw = json.dumps({"changes": [w.change("supervisor", "defects", d, {"plan_x": float("nan")})]})
    assert "NaN" in raw
    r = w.http.post(
        "/v1/push",
        content=raw,
        headers={**w.headers("supervisor"), "Content-Type": "application/json"},
    )
    assert r.status_code == 200 and "plan_x" in r.json()["refused"][0]["reason"]
    assert w.record("defects", d)["plan_x"] is None


def _raw(w, role, text: str):
    return w.http.post(
        "/v1/push",
        content=text.encode(),
        headers={**w.headers(role), "Content-Type": "application/json"},
    )


def test_lone_surrogates_are_refused_not_a_server_error(w):
    d = w.defect()
    change = w.change("supervisor", "defects", d, {"title": "SURROGATE"})
    text = json.dumps({"changes": [change]}).replace("SURROGATE", "\\ud800 燃气")
    r = _raw(w, "supervisor", text)
    assert r.status_code == 200, r.text
    assert "title" in r.json()["refused"][0]["reason"]
    assert w.record("defects", d)["title"] == "燃气立管锈蚀"
    # In a JSON field, in the envelope, in a field name, in the sign-in: 4xx, never 5xx.
    for fields, over in (
        ({"answers": '{"a": "\\ud800"}'}, {}),
        ({"title": "x"}, {"author": "\\udc00"}),
        ({"title": "x"}, {"record_id": "\\udfff"}),
        ({"ti\\ud800tle": "x"}, {}),
    ):
        c = w.change("supervisor", "defects", d, {"title": "x"})
        text = json.dumps({"changes": [c]})
        text = text.replace('{"title": "x"}', json.dumps(fields).replace("\\\\", "\\"))
        for k, v in over.items():
            text = text.replace(json.dumps(c[k]), f'"{v}"')
        r = _raw(w, "supervisor", text)
        assert r.status_code in (200, 422), (fields, over, r.status_code, r.text)
        if r.status_code == 200:
            assert r.json()["refused"]
    r = w.http.post(
        "/v1/login",
        content=b'{"name": "\\ud800wang", "password": "x\\udfff"}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code in (401, 422), r.text
    r = w.http.post(
        "/v1/login",
        content=('{"name": "' + "\\ud800" * 70 + '", "password": "x"}').encode(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert w.record("defects", d)["title"] == "燃气立管锈蚀"


# ----- 9. photos, templates, quotas ------------------------------------------------------------


def _upload(w, role, data: bytes, offset=0, total=None) -> httpx.Response:
    sha = hashlib.sha256(data).hexdigest()
    return w.http.put(
        f"/v1/blobs/{sha}",
        params={"offset": offset, "total": len(data) if total is None else total},
        content=data,
        headers=w.headers(role),
    )


def _photo(w, role, data: bytes, project: str) -> str:
    assert _upload(w, role, data).json()["complete"]
    sha = hashlib.sha256(data).hexdigest()
    return w.create("photos", {"sha256": sha, "project_id": project}, role=role)


def test_a_photo_id_is_not_enough_to_see_another_contractors_photo(w):
    theirs = w.defect("assigned", "other_contractor")
    secret = os.urandom(20_000)
    photo = _photo(w, "other_contractor", secret, w.project)
    link = {"photo_id": photo, "target_type": "defect", "target_id": theirs, "role": "after"}
    assert not w.push(
        "other_contractor", [w.change("other_contractor", "photo_links", uuid7(), link)]
    )["refused"]
    sha = hashlib.sha256(secret).hexdigest()
    assert w.http.get(f"/v1/blobs/{sha}", headers=w.headers("other_contractor")).status_code == 200
    # The other contractor links that photo id to its own defect: refused, and still unseen.
    mine = w.defect("assigned", "contractor")
    link = {"photo_id": photo, "target_type": "defect", "target_id": mine, "role": "after"}
    body = w.push("contractor", [w.change("contractor", "photo_links", uuid7(), link)])
    assert body["refused"] and "photo" in body["refused"][0]["reason"]
    assert w.http.get(f"/v1/blobs/{sha}", headers=w.headers("contractor")).status_code == 404
    # A photo record of its own naming that photo's bytes opens nothing either: it is not in
    # a project of the contractor's defects, and a caption holding the hash is not a photo.
    own = {"sha256": "0" * 64, "project_id": w.project, "caption": sha}
    w.push("contractor", [w.change("contractor", "photos", uuid7(), own)])
    assert w.http.get(f"/v1/blobs/{sha}", headers=w.headers("contractor")).status_code == 404


def test_a_photo_without_a_project_is_its_takers(w):
    data = os.urandom(10_000)
    _photo(w, "contractor", data, "")  # taken on site, not yet attached to anything
    sha = hashlib.sha256(data).hexdigest()
    assert w.http.get(f"/v1/blobs/{sha}", headers=w.headers("contractor")).status_code == 200
    for role in ("inspector", "supervisor", "outsider", "other_contractor"):
        assert w.http.get(f"/v1/blobs/{sha}", headers=w.headers(role)).status_code == 404


def test_a_contractor_makes_photo_records_only_in_its_projects(w):
    data = os.urandom(5_000)
    sha = hashlib.sha256(data).hexdigest()
    assert _upload(w, "contractor", data).json()["complete"]
    fields = {"sha256": sha, "project_id": w.other_project}
    body = w.push("contractor", [w.change("contractor", "photos", uuid7(), fields)])
    assert body["refused"] and "member" in body["refused"][0]["reason"]
    fields["project_id"] = w.project
    assert not w.push("contractor", [w.change("contractor", "photos", uuid7(), fields)])["refused"]


def _template(text: str, content_hash: str | None = None) -> dict:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return {
        "template_id": "custom",
        "version": 1,
        "content_hash": content_hash or digest,
        "content": text,
    }


def test_templates_from_users_are_bounded_and_honest(w, monkeypatch):
    from inspect_app.server import service

    body = w.push(
        "inspector", [w.change("inspector", "templates", uuid7(), _template("x", "f" * 64))]
    )
    assert body["refused"] and "content_hash" in body["refused"][0]["reason"]
    monkeypatch.setattr(service, "TEMPLATE_QUOTA", (3, 20_000_000))
    flood = [w.change("inspector", "templates", uuid7(), _template(f"t{i}")) for i in range(5)]
    body = w.push("inspector", flood)
    assert len(body["accepted"]) == 3 and len(body["refused"]) == 2
    assert "limit" in body["refused"][0]["reason"]
    # An administrator publishes as many as it likes.
    admin = [w.change("admin", "templates", uuid7(), _template(f"a{i}")) for i in range(5)]
    assert not w.push("admin", admin)["refused"]


def test_unused_uploads_are_bounded_per_user(w, monkeypatch):
    from inspect_app.server import uploads

    monkeypatch.setattr(uploads, "QUOTA", 1_000_000)
    a, b = os.urandom(600_000), os.urandom(600_000)
    assert _upload(w, "supervisor", a).json()["complete"]
    r = _upload(w, "supervisor", b)
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    # Once a record uses the first photo, the second may come.
    sha = hashlib.sha256(a).hexdigest()
    w.create("photos", {"sha256": sha, "project_id": w.project}, role="supervisor")
    assert _upload(w, "supervisor", b).json()["complete"]


def test_cut_and_unused_uploads_are_swept(w):
    from inspect_app.server import uploads

    cut = os.urandom(50_000)
    r = _upload(w, "inspector", cut[:20_000], total=len(cut))
    assert r.json() == {"complete": False, "received": 20_000}
    unused, used = os.urandom(7_000), os.urandom(8_000)
    assert _upload(w, "inspector", unused).json()["complete"]
    _photo(w, "inspector", used, w.project)
    sha = {
        k: hashlib.sha256(v).hexdigest()
        for k, v in (("cut", cut), ("unused", unused), ("used", used))
    }
    srv = w.srv
    assert uploads.sweep(srv.service.db, srv.blobs) == {"photos": 0, "parts": 0}  # too soon
    later = time.time() + uploads.KEEP_UNUSED + 60
    for p in srv.blobs.parts.glob("*.part"):
        os.utime(p, (later - uploads.KEEP_PARTS - 60,) * 2)
    swept = uploads.sweep(srv.service.db, srv.blobs, now=later)
    assert swept["parts"] >= 1 and swept["photos"] >= 1
    assert srv.blobs.received(sha["cut"]) == 0
    assert not srv.blobs.has(sha["unused"]) and srv.blobs.has(sha["used"])
