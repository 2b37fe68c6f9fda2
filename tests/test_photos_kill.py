"""An import killed with SIGKILL leaves no half-stored photo and no dangling record."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import photo_samples as ps
from PIL import Image

from inspect_app.core.model import Photo, Project
from inspect_app.photos.cache import DerivedCache
from inspect_app.photos.sweep import sweep
from inspect_app.store import Store

N = 30


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM photos").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _import(prof: Path, project_id: str, folder: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("inspect-app")
    return subprocess.Popen(
        [
            exe,
            "photos",
            "import",
            "--data",
            prof,
            "--project",
            project_id,
            "--workers",
            "2",
            "--json",
            folder,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes the workers too
        env={**os.environ, "INSPECT_LANG": "en"},
    )


def test_kill_9_mid_import_then_import_again(tmp_path):
    folder = tmp_path / "card"
    folder.mkdir()
    for i in range(N):
        ps.jpeg(folder / f"IMG_{i:04d}.jpg", ps.card(2400, 1800, seed=i), quality=95)
    prof = tmp_path / "profile"
    with Store.open(prof, create=True) as s:
        pid = s.save(Project(name="测试小区")).id

    proc = _import(prof, pid, folder)
    deadline = time.monotonic() + 60
    while _count(prof / "inspect.db") < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Store.open(prof) as s:
        photos = s.find(Photo)
        assert 3 <= len(photos) < N, "the kill must land in the middle of the import"
        cache = DerivedCache.for_profile(prof)
        for p in photos:  # no dangling record: every file it names is whole
            data = s.blobs.read(p.sha256)
            assert hashlib.sha256(data).hexdigest() == p.sha256
            for path in (cache.display_path(p.sha256, 2048), cache.thumbnail_path(p.sha256, 320)):
                with Image.open(path) as im:
                    im.load()
            assert s.history("photos", p.id)[0]["action"] == "create"
        for sha in s.blobs.shas():  # no half-stored photo under a final name
            assert hashlib.sha256(s.blobs.read(sha)).hexdigest() == sha
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    proc = _import(prof, pid, folder)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    with Store.open(prof) as s:
        assert s.count(Photo) == N
        assert len(set(s.db.execute("SELECT sha256 FROM photos").fetchall())) == N
        sweep(s, grace_seconds=0)  # clears temporary files a kill may have left
        assert sorted(s.blobs.shas()) == sorted(p.sha256 for p in s.find(Photo))
        assert not list((prof / "blobs").glob("*/.part-*"))
