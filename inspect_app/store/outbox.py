"""The outbox as the user sees it: the changes not yet on the central store, and those it refused
with the reason (sync/client.py sends them; only the server's answer marks them)."""

import json
from dataclasses import dataclass

from .store import Store

# The column that names a record of each table in a list ("和平里东街小区", a defect's title).
LABEL_COLUMN = {"defects": "title", "inspections": "title", "projects": "name", "buildings": "name"}


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    table: str
    record_id: str
    op: str  # upsert | delete
    fields: tuple[str, ...]  # the fields the change sets
    hlc: str  # the change's clock stamp: milliseconds since the epoch first
    refused: str  # the server's reason, "" while waiting
    label: str  # the record's name or title, else the start of its id
    resent: str = ""  # when it was queued again for a central store restored from a backup


SEED_META = "outbox.seed_seq"


def seed_outbox(store: Store) -> None:
    """Mark what is in the outbox now as seed data (the demo's): still sent to a central store
    when one is connected, but not counted as this laptop's work waiting to go."""
    last = store.db.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0]
    store.set_meta(SEED_META, str(last))


def waiting(store: Store) -> int:
    """Changes made on this laptop not yet on the central store — the figure the window shows.
    The demo's seed data is left out: a fresh demo has nothing of its user's waiting."""
    seed = int(store.get_meta(SEED_META) or 0)
    return store.db.execute(
        "SELECT count(*) FROM outbox WHERE acked_at IS NULL AND seq > ?", [seed]
    ).fetchone()[0]


def unsent(store: Store, limit: int = 5000) -> list[OutboxEntry]:
    """Changes waiting to be sent, and changes the server refused, oldest first."""
    rows = store.db.execute(
        "SELECT seq, table_name, record_id, op, fields, hlc, refused, resent_at FROM outbox"
        " WHERE acked_at IS NULL OR refused IS NOT NULL ORDER BY seq LIMIT ?",
        [limit],
    ).fetchall()
    return [
        OutboxEntry(
            seq,
            table,
            record_id,
            op,
            _fields(fields),
            hlc,
            refused or "",
            label(store, table, record_id),
            resent or "",
        )
        for seq, table, record_id, op, fields, hlc, refused, resent in rows
    ]


def label(store: Store, table: str, record_id: str) -> str:
    column = LABEL_COLUMN.get(table)
    if column:
        found = store.db.execute(
            f"SELECT {column} FROM {table} WHERE id = ?", [record_id]
        ).fetchone()
        if found and found[0]:
            return found[0]
    return record_id[:13]


def _fields(text: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return ()
    return tuple(value) if isinstance(value, dict) else ()
