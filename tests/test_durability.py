"""Every database connection the app and the central store open commits durably: SQLite in WAL
mode with synchronous=FULL, PostgreSQL with synchronous_commit on (store/durable.py)."""

import contextlib
import sqlite3
import threading
from typing import ClassVar

import pytest
from syncutil import ServerThread, postgres_database, sync

from inspect_app.cli import main
from inspect_app.core.model import Defect, Photo, Project
from inspect_app.server.db import Database
from inspect_app.store import Store
from inspect_app.store.durable import sqlite_settings


class Watched(sqlite3.Connection):
    """A connection that notes its settings when it is closed (and on demand)."""

    seen: ClassVar[list] = []

    def settings(self):
        path = self.execute("PRAGMA database_list").fetchone()[2]
        return path, *sqlite_settings(self)

    def close(self):
        with contextlib.suppress(sqlite3.ProgrammingError):
            Watched.seen.append(self.settings())
        super().close()


@pytest.fixture
def watched(monkeypatch):
    """Every sqlite3 connection made during the test, wherever it is made."""
    opened = []
    real = sqlite3.connect

    def connect(*args, **kw):
        conn = real(*args, **kw, factory=Watched)
        opened.append(conn)
        return conn

    Watched.seen = []
    monkeypatch.setattr(sqlite3, "connect", connect)
    yield opened


def test_every_sqlite_connection_of_app_and_server_syncs_commits(tmp_path, watched):
    srv = ServerThread(tmp_path / "server")
    try:
        srv.add_user("admin", "admin", "东城区住建委")
        sync(tmp_path / "a", srv, "admin")
        with Store.open(tmp_path / "a") as s:
            p = s.save(Project(name="和平里东街小区"))
            s.save(Photo(sha256=s.blobs.put_bytes(b"x" * 1000), project_id=p.id))
            s.save_many([Defect(project_id=p.id, title=f"问题{i}") for i in range(50)])

        sync(tmp_path / "a", srv, "admin")

        def laptop(name):
            sync(tmp_path / name, srv, "admin")

        # Two laptops at once: the server's pool opens more than one connection.
        threads = [threading.Thread(target=laptop, args=(n,)) for n in ("b", "c")]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        with Store.open(tmp_path / "b") as s:
            assert s.count(Defect) == 50
        assert (
            main(["backup", "--data", str(tmp_path / "a"), "--out", str(tmp_path / "a.tar")]) == 0
        )
        live = [c.settings() for c in watched if _open(c)]
    finally:
        srv.stop()
    found = Watched.seen + live
    ours = [f for f in found if f[0].startswith(str(tmp_path)) and not f[0].endswith(".tar")]
    server = [f for f in ours if f[0].endswith("server.db")]
    profiles = [f for f in ours if f[0].endswith("inspect.db")]
    assert len(server) >= 2 and len(profiles) >= 5  # the pool, each laptop opened often
    bad = [f for f in ours if f[1:] != ("wal", "FULL")]
    assert bad == []


def _open(conn) -> bool:
    try:
        conn.execute("SELECT 1")
        return True
    except sqlite3.ProgrammingError:
        return False


def test_the_old_setting_is_what_the_check_catches(tmp_path, monkeypatch, watched):
    """The check above can fail: with synchronous=NORMAL it reports every connection."""
    monkeypatch.setattr("inspect_app.store.durable.SQLITE_SYNCHRONOUS", "NORMAL")
    with Store.open(tmp_path / "a", create=True) as s:
        assert sqlite_settings(s.db.conn) == ("wal", "NORMAL")


@pytest.mark.postgres
def test_every_postgres_connection_waits_for_the_wal_flush():
    import psycopg

    url = postgres_database()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as admin:  # a cluster tuned for speed
        admin.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
    with psycopg.connect(url) as plain:
        assert plain.execute("SHOW synchronous_commit").fetchone()[0] == "off"
    db = Database(url, size=4)
    try:
        values = []
        with db.connect() as c1, db.connect(write=True) as c2, db.connect() as c3:
            for c in (c1, c2, c3):
                values.append(c.one("SHOW synchronous_commit")[0])
        with db.connect() as again:  # a pooled connection, after a commit and reuse
            values.append(again.one("SHOW synchronous_commit")[0])
        with pytest.raises(RuntimeError), db.connect():
            raise RuntimeError("rolled back")
        with db.connect() as after:
            values.append(after.one("SHOW synchronous_commit")[0])
    finally:
        db.close()
    assert values == ["on"] * 5


def test_connections_are_opened_only_where_the_settings_are_applied():
    """A new place that opens a database must go through store/durable.py: the live stores
    open in these two functions; the backup modules open only copies being written or read
    back (each made whole with an fsync of its own)."""
    import re
    from pathlib import Path

    import inspect_app

    root = Path(inspect_app.__file__).parent
    allowed = {
        "store/store.py": 1,  # open_database: durable_sqlite(conn)
        "server/db.py": 1,  # SQLite: durable_sqlite; PostgreSQL: the pool runs durable_postgres
        "store/backup.py": 6,
        "server/backup.py": 3,
    }
    found = {}
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        n = len(re.findall(r"\b(?:sqlite3|psycopg)\.connect\(", text))
        if n:
            found[path.relative_to(root).as_posix()] = n
    assert found == allowed
    for name in ("store/store.py", "server/db.py"):
        assert "durable_" in (root / name).read_text(encoding="utf-8")
