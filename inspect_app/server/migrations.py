"""Numbered migrations of the central store's own schema, for SQLite and PostgreSQL alike.

`server/db.py` creates the tables every central store has had from the start; what came later
is a numbered step here, applied once, in order, each in its own transaction under the write
lock (so two server processes starting on one PostgreSQL never apply a step twice), and
recorded in `server_schema`. A step is portable SQL; add new ones at the end, never edit one
that has shipped.
"""

import logging

from .db import Database

log = logging.getLogger("inspect_app.server")

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "who uploaded which photo (quotas, the sweep of unused photos)",
        (
            "CREATE TABLE IF NOT EXISTS blob_uploads (sha TEXT NOT NULL, account_id TEXT NOT NULL,"
            " bytes BIGINT NOT NULL, at DOUBLE PRECISION NOT NULL, referenced INTEGER NOT NULL,"
            " PRIMARY KEY (sha, account_id))",
            "CREATE INDEX IF NOT EXISTS blob_uploads_account ON blob_uploads (account_id)",
        ),
    ),
    (
        2,
        "disabled accounts",
        (
            "CREATE TABLE IF NOT EXISTS account_flags (account_id TEXT PRIMARY KEY,"
            " disabled INTEGER NOT NULL, at TEXT NOT NULL)",
        ),
    ),
    (
        3,
        "failed sign-ins, shared by every server process (throttle.SharedThrottle)",
        (
            "CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL,"
            " at DOUBLE PRECISION NOT NULL)",
            "CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at)",
            "CREATE INDEX IF NOT EXISTS login_failures_at ON login_failures (at)",
        ),
    ),
)
LATEST = MIGRATIONS[-1][0]


def version(db: Database) -> int:
    with db.connect() as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS server_schema (version INTEGER NOT NULL)")
        row = conn.one("SELECT max(version) FROM server_schema")
    return (row[0] or 0) if row else 0


def migrate(db: Database) -> list[int]:
    """Apply the steps this database lacks; the numbers applied."""
    applied = []
    for number, what, statements in MIGRATIONS:
        if number <= version(db):
            continue
        with db.connect(write=True) as conn:
            have = conn.value("SELECT max(version) FROM server_schema") or 0
            if number <= have:  # another process applied it while this one waited
                continue
            for sql in statements:
                conn.execute(sql)
            conn.execute("INSERT INTO server_schema (version) VALUES (?)", [number])
        log.info("server schema migration %d applied: %s", number, what)
        applied.append(number)
    return applied
