"""Photos in an S3-compatible bucket (`inspect-app server --blobs s3://…`): uploads resumed
after a cut, refused when the bytes lie, per-user quota, the sweep, downloads only through a
record the user may see, and the bundle reply — against a real S3 server on 127.0.0.1."""

import hashlib
import os
import time

import httpx
import pytest
from hostile_world import World
from s3util import bucket, keys, s3_endpoint  # noqa: F401 (fixtures)
from syncutil import backend_params, start_server, sync, transport

from inspect_app.core.model import Photo
from inspect_app.server import uploads
from inspect_app.store import Store
from inspect_app.sync.client import SyncError


@pytest.fixture(params=backend_params())
def w(request, tmp_path, bucket):  # noqa: F811
    world = World(tmp_path, request.param, blobs=bucket)
    world.bucket = bucket
    yield world
    world.close()


def _upload(w, role, data: bytes, offset=0, total=None, sha=None) -> httpx.Response:
    sha = sha or hashlib.sha256(data).hexdigest()
    return w.http.put(
        f"/v1/blobs/{sha}",
        params={"offset": offset, "total": len(data) if total is None else total},
        content=data,
        headers=w.headers(role),
    )


def test_photos_go_to_the_bucket_and_resume_where_a_cut_stopped(w, tmp_path):
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    first = _upload(w, "inspector", data[:100_000], total=len(data), sha=sha)
    assert first.json() == {"complete": False, "received": 100_000}
    # A wrong offset is told where the held bytes end.
    r = _upload(w, "inspector", data[150_000:], offset=150_000, total=len(data), sha=sha)
    assert r.status_code == 409 and r.json()["received"] == 100_000
    missing = w.http.post(
        "/v1/blobs/missing", json={"sha256": [sha]}, headers=w.headers("inspector")
    )
    assert missing.json()["partial"] == {sha: 100_000}
    r = _upload(w, "inspector", data[100_000:], offset=100_000, total=len(data), sha=sha)
    assert r.json() == {"complete": True, "received": 0}
    assert keys(w.bucket) == [f"blobs/{sha}"]  # the pieces are gone once joined
    assert not (tmp_path / "server" / "blobs").exists() or not any(
        (tmp_path / "server" / "blobs").rglob("*")
    )
    # Readable only once a record the reader may see holds it, then byte for byte.
    get = lambda role: w.http.get(f"/v1/blobs/{sha}", headers=w.headers(role))  # noqa: E731
    assert get("inspector").status_code == 404
    w.create("photos", {"sha256": sha, "project_id": w.project, "bytes": len(data)}, "inspector")
    assert get("inspector").content == data
    rest = w.http.get(
        f"/v1/blobs/{sha}", headers={**w.headers("inspector"), "Range": "bytes=250000-"}
    )
    assert rest.status_code == 206 and rest.content == data[250_000:]
    assert rest.headers["content-range"] == f"bytes 250000-{len(data) - 1}/{len(data)}"
    assert get("outsider").status_code == 404


def test_lying_bytes_are_refused_and_nothing_kept(w):
    data = os.urandom(40_000)
    wrong = hashlib.sha256(b"something else").hexdigest()
    r = _upload(w, "inspector", data, sha=wrong)
    assert r.status_code == 422 and "SHA-256" in r.json()["detail"]
    # Also when the lie shows only after a resume.
    r = _upload(w, "inspector", data[:10_000], total=len(data), sha=wrong)
    assert r.json()["received"] == 10_000
    r = _upload(w, "inspector", data[10_000:], offset=10_000, total=len(data), sha=wrong)
    assert r.status_code == 422
    assert keys(w.bucket) == []


def test_quota_and_sweep_in_the_bucket(w, monkeypatch):
    monkeypatch.setattr(uploads, "QUOTA", 1_000_000)
    a, b = os.urandom(600_000), os.urandom(600_000)
    assert _upload(w, "supervisor", a).json()["complete"]
    assert _upload(w, "supervisor", b).status_code == 413
    cut = os.urandom(50_000)
    r = _upload(w, "inspector", cut[:20_000], total=len(cut), sha=hashlib.sha256(cut).hexdigest())
    assert r.json()["received"] == 20_000
    used = os.urandom(8_000)
    assert _upload(w, "inspector", used).json()["complete"]
    used_sha = hashlib.sha256(used).hexdigest()
    w.create("photos", {"sha256": used_sha, "project_id": w.project}, "inspector")
    db, blobs = w.srv.service.db, w.srv.blobs
    assert uploads.sweep(db, blobs) == {"photos": 0, "parts": 0}  # too soon
    swept = uploads.sweep(db, blobs, now=time.time() + uploads.KEEP_UNUSED + 60)
    assert swept == {"photos": 1, "parts": 1}
    assert keys(w.bucket) == [f"blobs/{used_sha}"]


@pytest.fixture(params=backend_params())
def server(request, tmp_path, bucket):  # noqa: F811
    srv = start_server(tmp_path, request.param, blobs=bucket)
    yield srv
    srv.stop()


def test_laptops_sync_photos_through_the_bucket_across_a_cut(tmp_path, server):
    from test_sync import jpeg_like, setup_project

    pid, _ = setup_project(tmp_path, server)
    sync(tmp_path / "a", server, "zhang")
    data = jpeg_like(3_000_000, 9)
    with Store.open(tmp_path / "a") as s:
        sha = s.blobs.put_bytes(data)
        s.save(Photo(sha256=sha, project_id=pid, bytes=len(data)))
    from syncutil import client

    c = client(tmp_path / "a", server, "zhang", transport(["ok", "ok", "cut", "drop"]))
    with pytest.raises(SyncError):
        c.sync()
    c.close()
    c.store.close()
    assert 0 < server.blobs.received(sha) < len(data) and not server.blobs.has(sha)
    sync(tmp_path / "a", server, "zhang")
    assert server.blobs.has(sha)
    sync(tmp_path / "b", server, "li")  # another laptop gets the photo from the bucket
    with Store.open(tmp_path / "b") as s:
        assert s.blobs.path(sha).read_bytes() == data


def test_a_bucket_that_cannot_be_reached_is_said_in_words(tmp_path, cli, bucket):  # noqa: F811
    code, out, err = cli("server", "--data", tmp_path / "srv", "--blobs", "s3://no-such-bucket")
    assert code != 0 and "cannot reach the bucket no-such-bucket" in err + out
    code, out, err = cli("server", "--data", tmp_path / "srv", "--blobs", "/srv/photos")
    assert code != 0 and "s3://BUCKET" in err + out
