"""The central store's database: SQLite (embedded default) or PostgreSQL, one code path.

SQL is written once with `?` placeholders and portable statements (ON CONFLICT, RETURNING);
`Database` translates placeholders for psycopg and hands out pooled connections. Writes that
append to the change log are serialized (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory
lock), so change sequence numbers become visible in order and a pull never skips one that
commits late — across any number of server processes sharing one PostgreSQL.
"""

import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..core.i18n import t
from ..errors import InspectError
from ..store.durable import durable_postgres, durable_sqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, org_id TEXT NOT NULL,
    password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, expires_at DOUBLE PRECISION NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    seq {serial}, change_id TEXT NOT NULL UNIQUE, table_name TEXT NOT NULL,
    record_id TEXT NOT NULL, op TEXT NOT NULL, fields TEXT NOT NULL, hlc TEXT NOT NULL,
    author TEXT NOT NULL, project_id TEXT, received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS changes_record ON changes (table_name, record_id);
CREATE TABLE IF NOT EXISTS records (
    table_name TEXT NOT NULL, record_id TEXT NOT NULL, data TEXT NOT NULL, clocks TEXT NOT NULL,
    fmeta TEXT NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL,
    project_id TEXT, assignee_org_id TEXT, parent_id TEXT,
    PRIMARY KEY (table_name, record_id));
CREATE INDEX IF NOT EXISTS records_assignee ON records (assignee_org_id);
CREATE INDEX IF NOT EXISTS records_parent ON records (parent_id);
CREATE TABLE IF NOT EXISTS refusals (
    id {serial}, at TEXT NOT NULL, account TEXT NOT NULL, change_id TEXT, table_name TEXT,
    record_id TEXT, reason TEXT NOT NULL)
"""


class Database:
    """Connections to SQLite or PostgreSQL: at most `max_open` open at once in this process (a
    request beyond that waits up to `wait` seconds for one, then is told the database is busy),
    at most `size` kept idle. PostgreSQL: a psycopg_pool.ConnectionPool (checks connections it
    hands out again after an error, reconnects after a database restart); SQLite: a queue."""

    def __init__(self, url: str, size: int = 8, max_open: int = 32, wait: float = 30):
        self.url = url
        self.postgres = url.startswith(("postgresql://", "postgres://"))
        self.max_open = max_open
        self._wait = wait
        if self.postgres:
            from psycopg_pool import ConnectionPool

            self._pg = ConnectionPool(
                url,
                min_size=1,
                max_size=max_open,
                max_idle=300,
                timeout=wait,
                kwargs={"autocommit": False},
                configure=durable_postgres,
                check=ConnectionPool.check_connection,
                open=True,
                name="inspect-central",
            )
        else:
            self._pool: queue.LifoQueue = queue.LifoQueue()
            self._size = size
            self._open = threading.BoundedSemaphore(max_open)
        with self.connect() as conn:
            serial = (
                "BIGSERIAL PRIMARY KEY" if self.postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
            )
            for statement in SCHEMA.format(serial=serial).split(";"):
                conn.execute(statement)

    @classmethod
    def sqlite(cls, path: Path) -> "Database":
        return cls(f"sqlite:///{Path(path).resolve()}")

    def _new_sqlite(self):
        path = self.url.removeprefix("sqlite:///")
        return durable_sqlite(
            sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        )

    @contextmanager
    def connect(self, write: bool = False) -> Iterator["Conn"]:
        """A connection in a transaction, committed on success, rolled back on error."""
        if self.postgres:
            with self._pg_raw() as raw:
                yield from _transaction(Conn(raw, True), write)
            return
        if not self._open.acquire(timeout=self._wait):
            raise _busy()
        raw = None
        try:
            try:
                raw = self._pool.get_nowait()
            except queue.Empty:
                raw = self._new_sqlite()
            try:
                yield from _transaction(Conn(raw, False), write)
            except BaseException:
                if raw.in_transaction:  # the rollback failed: do not reuse it
                    raw.close()
                    raw = None
                raise
            finally:
                if raw is not None and self._pool.qsize() < self._size:
                    self._pool.put(raw)
                elif raw is not None:
                    raw.close()
        finally:
            self._open.release()

    @contextmanager
    def _pg_raw(self):
        from psycopg_pool import PoolTimeout

        try:
            raw = self._pg.getconn(timeout=self._wait)
        except PoolTimeout:
            raise _busy() from None
        try:
            yield raw
        finally:
            self._pg.putconn(raw)  # rolled back if left in a transaction, dropped if broken

    def open_connections(self) -> int:
        """How many connections this process holds open now (PostgreSQL)."""
        if self.postgres:
            return self._pg.get_stats()["pool_size"]
        return 0

    def close(self) -> None:
        if self.postgres:
            self._pg.close()
            return
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return


def _transaction(conn: "Conn", write: bool) -> Iterator["Conn"]:
    ok = False
    try:
        conn.begin(write)
        yield conn
        conn.commit()
        ok = True
    finally:
        if not ok:
            with suppress(Exception):
                conn.rollback()


def _busy() -> "DatabaseBusy":
    return DatabaseBusy(
        t("数据库繁忙，请稍后再试。", "the database is busy; try again in a moment")
    )


class DatabaseBusy(InspectError):
    """Every connection the pool may open is in use (503)."""


class Conn:
    """One connection inside a transaction; `?` placeholders on both backends."""

    def __init__(self, raw, postgres: bool):
        self.raw = raw
        self.postgres = postgres

    def begin(self, write: bool) -> None:
        if self.postgres:
            if write:
                self.raw.execute("SELECT pg_advisory_xact_lock(7261)")
        else:
            self.raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    def commit(self) -> None:
        self.raw.commit() if self.postgres else self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.postgres:
            self.raw.rollback()
        elif self.raw.in_transaction:
            self.raw.execute("ROLLBACK")

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: list | tuple = ()) -> Any:
        return self.raw.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: list) -> None:
        if not rows:
            return
        if self.postgres:
            with self.raw.cursor() as cur:
                cur.executemany(self._sql(sql), rows)
        else:
            self.raw.executemany(sql, rows)

    def one(self, sql: str, params: list | tuple = ()) -> tuple | None:
        return self.execute(sql, params).fetchone()

    def one_row(self, sql: str, params: list | tuple = ()) -> tuple:
        """The row an aggregate statement gives (always one)."""
        row = self.one(sql, params)
        assert row is not None, sql
        return row

    def value(self, sql: str, params: list | tuple = ()) -> Any:
        """The first column of the row an aggregate or RETURNING statement gives (always one)."""
        return self.one_row(sql, params)[0]

    def all(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        return self.execute(sql, params).fetchall()
