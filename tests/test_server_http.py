"""Hostile and malformed requests get a 4xx with words, and change nothing."""

import hashlib

import httpx
import pytest
from syncutil import PASSWORD, backend_params, start_server

from inspect_app.core.clock import HybridClock
from inspect_app.core.ids import uuid7


@pytest.fixture(scope="module", params=backend_params())
def srv(request, tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp(f"http-{request.param}"), request.param)
    s.add_user("zhang", "inspector", "华建监理")
    yield s
    s.stop()


@pytest.fixture
def http(srv):
    with httpx.Client(base_url=srv.url, timeout=30) as c:
        token = c.post("/v1/login", json={"name": "zhang", "password": PASSWORD}).json()["token"]
        c.headers["Authorization"] = f"Bearer {token}"
        yield c


def state(srv):
    return srv.service.snapshot(), srv.service.accepted_changes(), sorted(srv.blobs.store.shas())


def change(**over):
    c = {
        "change_id": uuid7(),
        "table": "templates",
        "record_id": uuid7(),
        "op": "upsert",
        "fields": {"template_id": "t", "version": 1, "content_hash": "h", "content": "x"},
        "hlc": HybridClock("hostile").now(),
        "author": "nobody",
    }
    c.update(over)
    return c


BAD_PUSHES = [
    ("not json", b"{not json", 422),
    ("wrong type", b'{"changes": "everything"}', 422),
    ("unknown table", {"changes": [change(table="sqlite_master")]}, 422),
    ("nested value", {"changes": [change(fields={"content": {"a": 1}})]}, 422),
    ("bad stamp", {"changes": [change(hlc="yesterday")]}, 422),
    ("bad op", {"changes": [change(op="truncate")]}, 422),
    ("path in id", {"changes": [change(record_id="../../etc/passwd")]}, 422),
    ("too many", {"changes": [change() for _ in range(1001)]}, 422),
]


@pytest.mark.parametrize(("what", "body", "status"), BAD_PUSHES, ids=[b[0] for b in BAD_PUSHES])
def test_malformed_push_is_refused_and_changes_nothing(srv, http, what, body, status):
    before = state(srv)
    if isinstance(body, bytes):
        r = http.post("/v1/push", content=body, headers={"Content-Type": "application/json"})
    else:
        r = http.post("/v1/push", json=body)
    assert r.status_code == status, r.text
    assert r.json()["detail"]
    assert state(srv) == before


def test_credentials(srv, http):
    r = httpx.post(f"{srv.url}/v1/push", json={"changes": []})
    assert r.status_code == 401 and "sign in" in r.json()["detail"]
    r = httpx.get(f"{srv.url}/v1/pull", headers={"Authorization": "Bearer forged"})
    assert r.status_code == 401
    r = httpx.post(f"{srv.url}/v1/login", json={"name": "zhang", "password": "guess"})
    assert r.status_code == 401 and r.json()["detail"] == "wrong user name or password"
    # Passwords are kept as argon2 hashes, tokens only as their SHA-256.
    token = http.headers["Authorization"].split()[1]
    with srv.service.db.connect() as db:  # SQLite or PostgreSQL, as the server keeps them
        assert db.one("SELECT password_hash FROM accounts")[0].startswith("$argon2")
        hashes = [r[0] for r in db.all("SELECT token_hash FROM tokens")]
    assert hashlib.sha256(token.encode()).hexdigest() in hashes and token not in hashes
    # An expired token no longer opens anything.
    srv.service.token_seconds = -1
    try:
        old = httpx.post(f"{srv.url}/v1/login", json={"name": "zhang", "password": PASSWORD})
    finally:
        srv.service.token_seconds = 86400
    r = httpx.get(f"{srv.url}/v1/pull", headers={"Authorization": f"Bearer {old.json()['token']}"})
    assert r.status_code == 401 and "expired" in r.json()["detail"]


def test_oversized_body(srv, http):
    before = state(srv)
    r = http.post(
        "/v1/push",
        content=b"x" * (33 * 1024 * 1024),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413 and r.json()["detail"]
    assert state(srv) == before


@pytest.mark.parametrize(
    "path",
    ["/v1/blobs/..%2F..%2Fserver.db", "/v1/blobs/../../server.db", "/v1/blobs/" + "A" * 64],
)
def test_path_tricks_in_photo_ids(srv, http, path):
    assert http.get(path).status_code in (404, 422)
    r = http.put(path, params={"offset": 0, "total": 3}, content=b"abc")
    assert r.status_code in (404, 405, 422)
    assert not list(srv.blobs.parts.glob("*")) or all(
        p.name.endswith(".part") for p in srv.blobs.parts.iterdir()
    )


def test_bytes_that_do_not_match_their_hash(srv, http):
    data = b"real photo bytes" * 1000
    wrong = hashlib.sha256(b"something else").hexdigest()
    r = http.put(f"/v1/blobs/{wrong}", params={"offset": 0, "total": len(data)}, content=data)
    assert r.status_code == 422 and "do not match" in r.json()["detail"]
    assert not srv.blobs.has(wrong) and srv.blobs.received(wrong) == 0
    sha = hashlib.sha256(data).hexdigest()
    r = http.put(f"/v1/blobs/{sha}", params={"offset": 5, "total": len(data)}, content=data)
    assert r.status_code == 409 and r.json()["received"] == 0
    r = http.put(f"/v1/blobs/{sha}", params={"offset": 0, "total": 10}, content=data)
    assert r.status_code == 422
    r = http.put(f"/v1/blobs/{sha}", params={"offset": 0, "total": len(data)}, content=data)
    assert r.json() == {"complete": True, "received": 0}
    # Only those who may see a record using it can fetch a blob.
    assert http.get(f"/v1/blobs/{sha}").status_code == 404


def test_openapi_description_is_served(srv):
    spec = httpx.get(f"{srv.url}/openapi.json").json()
    assert {"/v1/login", "/v1/push", "/v1/pull", "/v1/blobs/{sha}"} <= set(spec["paths"])
