"""The central store's data layer: its own schema in numbered steps applied once, and a pool
that caps open connections; on SQLite and PostgreSQL."""

import threading

import pytest
from syncutil import PASSWORD, backend_params, postgres_database

from inspect_app.server import migrations, open_service
from inspect_app.server.db import Database, DatabaseBusy


@pytest.fixture(params=backend_params())
def database(request, tmp_path):
    if request.param == "postgres":
        return postgres_database()
    return f"sqlite:///{tmp_path / 'server.db'}"


def _tables(db: Database) -> set[str]:
    with db.connect() as conn:
        if db.postgres:
            rows = conn.all("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        else:
            rows = conn.all("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r[0] for r in rows}


def test_a_store_from_before_the_migrations_is_brought_up_to_date(database, tmp_path):
    old = Database(database)  # the tables every central store has had from the start
    assert "blob_uploads" not in _tables(old) and migrations.version(old) == 0
    old.close()
    service, _ = open_service(tmp_path / "data", database)
    assert {"blob_uploads", "account_flags"} <= _tables(service.db)
    assert migrations.version(service.db) == migrations.LATEST
    service.add_user("wang", "supervisor", "华建监理", PASSWORD)
    assert service.login("wang", PASSWORD)["token"]
    # Opened again (or by a second process): nothing is applied twice.
    assert migrations.migrate(service.db) == []
    with service.db.connect() as conn:
        assert conn.one("SELECT count(*) FROM server_schema")[0] == migrations.LATEST
    service.db.close()


def test_a_failing_step_changes_nothing(database, monkeypatch):
    db = Database(database)
    broken = (*migrations.MIGRATIONS, (99, "broken", ("CREATE TABLE t99 (x INTEGER)", "NOT SQL")))
    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    with pytest.raises(Exception):  # noqa: B017 — the driver's own error type
        migrations.migrate(db)
    assert migrations.version(db) == migrations.LATEST  # the steps before it stay applied
    assert "t99" not in _tables(db)
    db.close()


def test_the_pool_caps_open_connections(database):
    db = Database(database, size=1, max_open=2, wait=0.5)
    held, release = threading.Barrier(3), threading.Event()

    def hold():
        with db.connect():
            held.wait(10)
            release.wait(10)

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for th in threads:
        th.start()
    held.wait(10)  # two connections open
    try:
        with pytest.raises(DatabaseBusy, match="busy"), db.connect():
            pass
    finally:
        release.set()
        for th in threads:
            th.join(10)
    with db.connect() as conn:  # one is free again
        assert conn.one("SELECT 1")[0] == 1
    if db.postgres:  # never more than the cap open at the server, idle ones beyond `size` closed
        name = database.rsplit("/", 1)[1]
        with db.connect() as conn:
            n = conn.one("SELECT count(*) FROM pg_stat_activity WHERE datname = ?", [name])[0]
        assert n <= 2
    db.close()


@pytest.mark.postgres
def test_the_pool_reconnects_after_its_connections_are_cut():
    from syncutil import postgres_database

    database = postgres_database()
    db = Database(database, size=2, max_open=4)
    with db.connect() as conn:
        conn.one("SELECT 1")
    name = database.rsplit("/", 1)[1]
    import psycopg

    with psycopg.connect(database, autocommit=True) as admin:  # as a database restart would
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
    for _ in range(3):  # the idle connections were dead; the pool notices and opens new ones
        with db.connect(write=True) as conn:
            assert conn.one("SELECT 1")[0] == 1
    db.close()
