"""Sync through a file: laptop → USB stick → office → reply → laptop, with the same guarantees."""

import json
import zipfile

import pytest
from s3util import bucket, s3_endpoint  # noqa: F401 (fixtures)
from syncutil import backend_params, export_of, start_server, sync

from inspect_app.core.model import Defect, Photo, PhotoLink, Project, ProjectMember, Role
from inspect_app.store import Store


@pytest.mark.parametrize("photos", ["folder", "bucket"])
@pytest.mark.parametrize("backend", backend_params())
def test_bundle_round_trip(tmp_path, cli, backend, photos, request):
    where = request.getfixturevalue("bucket") if photos == "bucket" else None
    srv = start_server(tmp_path, backend, blobs=where)
    database = ["--database", srv.service.db.url] if backend == "postgres" else []
    if where:
        database += ["--blobs", where]
    try:
        srv.add_user("admin", "admin", "住建委")
        org = srv.add_user("zhang", "inspector", "华建监理").org_id
        srv.add_user("li", "inspector", "华建监理")
        sync(tmp_path / "admin", srv, "admin")
        with Store.open(tmp_path / "admin") as s:
            p = s.save(Project(name="和平里")).id
            s.save(ProjectMember(project_id=p, org_id=org, role=Role.INSPECTOR))
        sync(tmp_path / "admin", srv, "admin")
        a, b = tmp_path / "a", tmp_path / "b"
        sync(a, srv, "zhang")  # online once: the profile knows its user
        sync(b, srv, "li")
        with Store.open(b) as s:  # li, online, adds something zhang will receive in the reply
            theirs = s.save(Defect(project_id=p, title="排水管堵塞"))
            sha_b = s.blobs.put_bytes(b"li photo" * 5000)
            ph = s.save(Photo(sha256=sha_b, project_id=p))
            s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=theirs.id))
        sync(b, srv, "li")
        with Store.open(a) as s:  # zhang, offline for days
            mine = s.save(Defect(project_id=p, title="燃气立管锈蚀"))
            sha_a = s.blobs.put_bytes(b"zhang photo" * 7000)
            s.save(Photo(sha256=sha_a, project_id=p))
            bad = s.save(Defect(project_id=p, title="越权"))
            bad.status = "closed"
            s.save(bad)

        stick = tmp_path / "usb" / "zhang.zip"
        stick.parent.mkdir()
        code, out, err = cli("bundle", "export", "--data", a, "--out", stick)
        assert code == 0, err
        assert "exported 4 changes and 1 photos" in out
        with Store.open(a) as s:
            assert s.pending_changes() == 4  # carrying a file marks nothing as sent

        reply = tmp_path / "usb" / "zhang-reply.zip"
        for _ in range(2):  # imported twice by mistake: each change is applied once
            code, out, err = cli(
                "server",
                "import-bundle",
                "--data",
                tmp_path / "server",
                stick,
                "--reply",
                reply,
                *database,
            )
            assert code == 0, err
            assert "accepted 3, refused 1" in out
        assert srv.blobs.has(sha_a)
        ids = [c[1] for c in srv.service.accepted_changes() if c[0] == "defects"]
        assert ids.count(mine.id) == 1

        code, out, err = cli("bundle", "import", "--data", a, reply)
        assert code == 1  # one change was refused, and said so
        assert "cannot go from open to closed" in out
        code, out, err = cli("bundle", "import", "--data", a, reply)  # again: nothing new
        assert code == 0 and "sent 0, refused 0" in out
        with Store.open(a) as s:
            assert s.pending_changes() == 0
            assert s.get(Defect, theirs.id).title == "排水管堵塞"
            assert s.blobs.has(sha_b)
            assert s.get(Defect, bad.id).status == "open"
        assert export_of(a) == srv.service.snapshot()
        sync(b, srv, "li")
        assert export_of(b) == srv.service.snapshot()
    finally:
        srv.stop()


def test_damaged_or_wrong_bundles_are_refused_in_words(tmp_path, cli):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    code, _, err = cli(
        "server", "import-bundle", "--data", tmp_path / "srv", junk, "--reply", tmp_path / "r.zip"
    )
    assert code == 2 and "not a sync bundle" in err
    assert not (tmp_path / "r.zip").exists()
    with Store.open(tmp_path / "p", create=True) as s:
        s.set_actor("someone")
    code, _, err = cli("bundle", "export", "--data", tmp_path / "p", "--out", tmp_path / "up.zip")
    assert code == 0
    code, _, err = cli("bundle", "import", "--data", tmp_path / "p", tmp_path / "up.zip")
    assert code == 2 and "not a office to laptop sync bundle" in err
    manifest = json.loads(zipfile.ZipFile(tmp_path / "up.zip").read("manifest.json"))
    assert manifest["user_id"] == "someone"
