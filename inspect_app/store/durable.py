"""How every database connection is made durable: a commit that returned survives power loss.

SQLite (the laptop profile and the embedded central store): WAL journal with
`synchronous = FULL`, so each commit syncs the WAL to disk before it returns. With NORMAL a
commit is only safe after the next checkpoint: a power cut could roll back an answer the
inspector saw saved, or a change the central store had acknowledged (the laptop never sends it
again). Bulk work (imports, demo data, pulled pages) is written in one transaction per batch,
so it pays for one sync per batch, not one per record.

PostgreSQL: `synchronous_commit` stays at its default `on` (the commit waits for the WAL
flush); a database or role configured with `off` is overridden on our connections.

`bench/durability_bench.py` measures the cost; `SQLITE_SYNCHRONOUS` exists so that bench can
measure the old setting in the same run — nothing else changes it.
"""

import sqlite3

SQLITE_SYNCHRONOUS = "FULL"
# What `PRAGMA synchronous` reads back as: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
SQLITE_LEVELS = {"OFF": 0, "NORMAL": 1, "FULL": 2, "EXTRA": 3}
# synchronous_commit values that wait for the local WAL flush before a commit returns.
PG_DURABLE = ("on", "local", "remote_write", "remote_apply")


def durable_sqlite(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Put a file database in WAL mode with commits synced to disk; returns `conn`."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {SQLITE_SYNCHRONOUS}")
    return conn


def sqlite_settings(conn: sqlite3.Connection) -> tuple[str, str]:
    """(journal mode, synchronous level name) of a connection, as SQLite reports them."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    level = conn.execute("PRAGMA synchronous").fetchone()[0]
    names = {v: k for k, v in SQLITE_LEVELS.items()}
    return mode.lower(), names.get(level, str(level))


def durable_postgres(conn) -> None:
    """Make sure commits on this psycopg connection wait for the WAL flush."""
    value = conn.execute("SHOW synchronous_commit").fetchone()[0]
    if value not in PG_DURABLE:
        conn.execute("SET synchronous_commit = on")
    conn.commit()
