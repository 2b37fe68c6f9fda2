"""Which life of the central store this is: its generation and where each restore forked.

A central store is born with a random generation id. `server restore` gives the restored
database a new generation whose `fork_seq` is the last change sequence the backup holds: every
change numbered up to there is the same change in both lives; numbers after it are reused for
different changes. A laptop remembers the generation it last synced with; when the server's
differs (or the laptop had pulled past the server's last sequence) it knows the server lost
changes, asks which of its own it lacks (`known`), re-sends them and pulls again from the fork
(sync/recovery.py).
"""

import secrets
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ..core.model import Role
from .access import Account
from .db import Conn, Database

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS generations ("
    " n INTEGER PRIMARY KEY, generation TEXT NOT NULL UNIQUE, parent TEXT,"
    " fork_seq BIGINT NOT NULL, started_at TEXT NOT NULL)"
)
MAX_KNOWN = 5000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ensure(db: Database) -> None:
    """The generations table, and the first generation of a new central store."""
    with db.connect(write=True) as conn:
        conn.execute(SCHEMA)
        if conn.value("SELECT count(*) FROM generations") == 0:
            conn.execute(
                "INSERT INTO generations VALUES (1, ?, NULL, 0, ?)", [secrets.token_hex(8), _now()]
            )


def last_seq(conn: Conn) -> int:
    return conn.value("SELECT coalesce(max(seq), 0) FROM changes")


def lineage(conn: Conn) -> list[dict]:
    rows = conn.all("SELECT generation, parent, fork_seq, started_at FROM generations ORDER BY n")
    keys = ("generation", "parent", "fork_seq", "started_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def state(db: Database) -> dict:
    """The current generation, the last sequence issued and every restore so far."""
    with db.connect() as conn:
        lives = lineage(conn)
        return {"generation": lives[-1]["generation"], "last_seq": last_seq(conn), "lineage": lives}


def fork(conn: Conn) -> str:
    """Start a new generation over the data in `conn` (just restored); its id."""
    conn.execute(SCHEMA)
    lives = lineage(conn)
    new = secrets.token_hex(8)
    conn.execute(
        "INSERT INTO generations VALUES (?, ?, ?, ?, ?)",
        [len(lives) + 1, new, lives[-1]["generation"] if lives else None, last_seq(conn), _now()],
    )
    return new


def known(db: Database, acct: Account, change_ids: list[str]) -> list[str]:
    """Which of these changes the central store holds — only the account's own (any, for an
    admin): whether someone else's change exists is not this account's business."""
    out = []
    with db.connect() as conn:
        for i in range(0, len(change_ids), 500):
            part = change_ids[i : i + 500]
            sql = f"SELECT change_id FROM changes WHERE change_id IN ({','.join('?' * len(part))})"
            params = list(part)
            if acct.role != Role.ADMIN:
                sql += " AND author = ?"
                params.append(acct.id)
            out += [r[0] for r in conn.all(sql, params)]
    return sorted(out)


class Life(BaseModel):
    generation: str
    parent: str | None
    fork_seq: int
    started_at: str


class StateOut(BaseModel):
    generation: str
    last_seq: int
    lineage: list[Life]
    public_url: str = ""  # where the verification page is reached (QR codes print it)


class KnownIn(BaseModel):
    change_ids: list[Annotated[str, Field(max_length=64)]] = Field(max_length=MAX_KNOWN)


class KnownOut(BaseModel):
    known: list[str]


def router(db: Database, account) -> APIRouter:
    """`GET /v1/state` and `POST /v1/changes/known`, for laptops checking after a restore."""
    r = APIRouter()

    @r.get("/v1/state", responses={401: {}})
    def get_state(acct: Account = Depends(account)) -> StateOut:
        from .verify_page import public_url

        return StateOut(**state(db), public_url=public_url(db))

    @r.post("/v1/changes/known", responses={401: {}, 422: {}})
    def post_known(body: KnownIn, acct: Account = Depends(account)) -> KnownOut:
        return KnownOut(known=known(db, acct, body.change_ids))

    return r
