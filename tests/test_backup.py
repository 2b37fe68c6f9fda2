"""`inspect-app backup` / `restore` of a profile and the checks every backup goes through."""

import json
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from inspect_app.cli import main
from inspect_app.core.model import Defect, Photo, PhotoLink, Project
from inspect_app.store import Store
from inspect_app.store.backup import BackupError, verify_profile_backup
from inspect_app.store.export import snapshot

EXE = str(Path(sys.executable).with_name("inspect-app"))


def make_profile(path: Path) -> tuple[str, str]:
    with Store.open(path, create=True) as s:
        s.set_actor("u-zhang")
        p = s.save(Project(name="和平里东街小区"))
        d = s.save(Defect(project_id=p.id, title="燃气立管锈蚀", category="燃气"))
        sha = s.blobs.put_bytes(b"jpeg" * 40_000)
        ph = s.save(Photo(sha256=sha, project_id=p.id))
        s.save(PhotoLink(photo_id=ph.id, target_type="defect", target_id=d.id))
        s.set_meta("sync.token", "secret-token")
        return d.id, sha


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, env={"INSPECT_LANG": "en", "PATH": ""}
    )


def test_a_profile_backup_restores_on_a_fresh_machine(tmp_path):
    d_id, sha = make_profile(tmp_path / "laptop")
    out = tmp_path / "usb" / "zhang.tar"
    done = run("backup", "--data", str(tmp_path / "laptop"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "backed up and checked" in done.stdout and "1 photos" in done.stdout
    with Store.open(tmp_path / "laptop") as s:  # the profile kept working while copied
        s.save(Defect(project_id=s.find(Project)[0].id, title="after the backup"))
        original = snapshot(s)
        node = s.node_id

    done = run("restore", "--data", str(tmp_path / "new"), "--from", str(out))
    assert done.returncode == 0, done.stderr
    with Store.open(tmp_path / "new") as s:
        restored = snapshot(s)
        assert s.blobs.has(sha)
        assert s.get(Defect, d_id).title == "燃气立管锈蚀"
        assert s.get_meta("sync.token") is None  # a credential does not travel in a backup
        assert s.node_id != node  # its new edits never reuse the old device's stamps
        assert s.actor == "u-zhang" and s.pending_changes() == 4  # project, defect, photo, link
    titles = sorted(r["title"] for r in restored["defects"])
    assert titles == ["燃气立管锈蚀"]
    assert {k: v for k, v in original.items() if k != "defects"} == {
        k: v for k, v in restored.items() if k != "defects"
    }


def test_restore_over_a_profile_needs_force_and_keeps_the_old_one(tmp_path):
    make_profile(tmp_path / "laptop")
    out = tmp_path / "b.tar"
    assert main(["backup", "--data", str(tmp_path / "laptop"), "--out", str(out)]) == 0
    with Store.open(tmp_path / "laptop") as s:
        s.save(Defect(project_id=s.find(Project)[0].id, title="later"))
    args = ["restore", "--data", str(tmp_path / "laptop"), "--from", str(out)]
    done = run(*args)
    assert done.returncode != 0 and "--force" in done.stderr
    with Store.open(tmp_path / "laptop") as s:
        assert s.count(Defect) == 2  # untouched
    done = run(*args, "--force")
    assert done.returncode == 0, done.stderr
    kept = [p for p in (tmp_path / "laptop").iterdir() if ".replaced-" in p.name]
    assert kept and "kept as" in done.stdout
    with Store.open(tmp_path / "laptop") as s:
        assert s.count(Defect) == 1
    old = sqlite3.connect(next(p for p in kept if p.name.endswith(tuple("0123456789"))))
    assert old.execute("SELECT count(*) FROM defects").fetchone()[0] == 2


def rewrite(src: Path, dst: Path, change) -> None:
    """A copy of a backup with one member altered by `change(name, bytes) -> bytes`."""
    with tarfile.open(src) as tin, tarfile.open(dst, "w") as tout:
        for m in tin.getmembers():
            data = change(m.name, tin.extractfile(m).read())
            m.size = len(data)
            import io

            tout.addfile(m, io.BytesIO(data))


def test_a_damaged_backup_is_refused_in_words_and_nothing_is_touched(tmp_path):
    _, sha = make_profile(tmp_path / "laptop")
    good = tmp_path / "good.tar"
    assert main(["backup", "--data", str(tmp_path / "laptop"), "--out", str(good)]) == 0
    assert verify_profile_backup(good)["counts"]["defects"] == 1

    bad_photo = tmp_path / "photo.tar"
    rewrite(good, bad_photo, lambda n, b: b[:-1] + b"X" if n.endswith(sha) else b)
    with pytest.raises(BackupError, match="damaged"):
        verify_profile_backup(bad_photo)

    lying = tmp_path / "counts.tar"

    def more(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["counts"]["defects"] = 2
        return json.dumps(m).encode()

    rewrite(good, lying, more)
    with pytest.raises(BackupError, match="manifest"):
        verify_profile_backup(lying)

    torn = tmp_path / "torn.tar"
    torn.write_bytes(good.read_bytes()[:5000])
    for broken in (bad_photo, lying, torn, tmp_path / "laptop" / "inspect.db"):
        done = run("restore", "--data", str(tmp_path / "new"), "--from", str(broken))
        assert done.returncode != 0 and "error" in done.stderr and "Traceback" not in done.stderr
        assert not (tmp_path / "new" / "inspect.db").exists()


def test_a_server_backup_without_photos_lists_them(tmp_path):
    from syncutil import ServerThread, sync

    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("admin", "admin", "东城区住建委")
        sync(tmp_path / "a", srv, "admin")
        with Store.open(tmp_path / "a") as s:
            p = s.save(Project(name="和平里东街小区"))
            sha = s.blobs.put_bytes(b"site plan" * 1000)
            s.save(Photo(sha256=sha, project_id=p.id))
        sync(tmp_path / "a", srv, "admin")
        out = tmp_path / "s.tar"
        args = ["server", "backup", "--data", str(tmp_path / "server"), "--out", str(out)]
        assert main([*args, "--no-photos"]) == 0
    finally:
        srv.stop()
    with tarfile.open(out) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert not any(sha in n for n in names)
    assert manifest["photos_listed"] == [sha] and manifest["photos"] == []
    assert manifest["counts"]["changes"] >= 4 and manifest["generation"]
    # a profile backup is not a server backup
    done = run("server", "restore", "--data", str(tmp_path / "x"), "--from", str(out))
    assert done.returncode == 0, done.stderr
    done = run("restore", "--data", str(tmp_path / "y"), "--from", str(out))
    assert done.returncode != 0 and "not an inspect-app profile backup" in done.stderr


def test_a_laptop_restored_from_an_older_backup_gets_its_later_edits_back(tmp_path):
    """The laptop's disk dies; last week's backup goes onto a new one. What it sent since is
    on the central store and comes back at the next sync, once; edits made after the restore
    get fresh clock stamps and sync like any other."""
    from syncutil import ServerThread, export_of, sync

    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("admin", "admin", "东城区住建委")
        sync(tmp_path / "a", srv, "admin")
        with Store.open(tmp_path / "a") as s:
            pid = s.save(Project(name="和平里东街小区")).id
            s.save(Defect(project_id=pid, title="备份前"))
        sync(tmp_path / "a", srv, "admin")
        out = tmp_path / "a.tar"
        assert main(["backup", "--data", str(tmp_path / "a"), "--out", str(out)]) == 0
        with Store.open(tmp_path / "a") as s:
            d = s.save(Defect(project_id=pid, title="备份后"))
            sha = s.blobs.put_bytes(b"after" * 10_000)
            s.save(Photo(sha256=sha, project_id=pid))
        sync(tmp_path / "a", srv, "admin")
        before = len(srv.service.accepted_changes())

        new = tmp_path / "new-laptop"
        assert main(["restore", "--data", str(new), "--from", str(out)]) == 0
        report = sync(new, srv, "admin")  # signs in again: the token was not in the backup
        assert report.pulled == 2 and report.downloaded == 1 and not report.restored
        with Store.open(new) as s:
            assert s.get(Defect, d.id).title == "备份后" and s.blobs.has(sha)
            x = s.get(Defect, d.id)
            x.title = "恢复后修改"
            s.save(x)
        assert not sync(new, srv, "admin").refused
        assert len(srv.service.accepted_changes()) == before + 1  # nothing sent twice
        assert export_of(new) == srv.service.snapshot()
    finally:
        srv.stop()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_server_backup_that_does_not_hold_what_it_says_is_refused(tmp_path, backend):
    from syncutil import ServerThread, postgres_database, sync

    from inspect_app.server.backup import verify_server_backup

    database = postgres_database() if backend == "postgres" else None
    srv = ServerThread(tmp_path / "server", database)
    try:
        srv.add_user("admin", "admin", "东城区住建委")
        sync(tmp_path / "a", srv, "admin")
        with Store.open(tmp_path / "a") as s:
            s.save(Project(name="和平里东街小区"))
        sync(tmp_path / "a", srv, "admin")
        good = tmp_path / "s.tar"
        args = ["server", "backup", "--data", str(tmp_path / "server"), "--out", str(good)]
        assert main([*args, *(["--database", database] if database else [])]) == 0
    finally:
        srv.stop()
    manifest = verify_server_backup(good)
    assert manifest["counts"]["changes"] == manifest["last_seq"] >= 3

    def more(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["counts"]["changes"] += 1
        return json.dumps(m).encode()

    rewrite(good, tmp_path / "lying.tar", more)
    with pytest.raises(BackupError, match="manifest"):
        verify_server_backup(tmp_path / "lying.tar")
    rewrite(
        good, tmp_path / "torn.tar", lambda n, b: b if n == "manifest.json" else b[: len(b) // 2]
    )
    with pytest.raises(BackupError):
        verify_server_backup(tmp_path / "torn.tar")
