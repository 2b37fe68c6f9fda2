"""Who uploaded which photo, what each user may still upload, and the sweep of what nobody uses.

A laptop uploads a record's photos before it pushes the record, so a photo is unreferenced for
a moment; one that stays unreferenced is junk. Each user may hold at most `QUOTA` bytes of
photos no record refers to (a quota refusal is 413: the laptop pushes its records, which frees
it, and uploads the rest next time). The sweep deletes photos that no record refers to once
their last upload is `KEEP_UNUSED` old, and cut uploads untouched for
`KEEP_PARTS`.
"""

import json
import logging
import time

from ..core.i18n import t
from .blobs import Blobs, UploadError
from .db import Database  # its table: migrations.py

log = logging.getLogger("inspect_app.server")

QUOTA = 4 * 1024**3  # bytes of unreferenced photos per user
KEEP_UNUSED = 7 * 86400  # seconds an unreferenced photo is kept after its upload
KEEP_PARTS = 24 * 3600  # seconds a cut upload waits to be resumed
BLOB_FIELD = {"photos": "sha256", "signatures": "image_sha256", "projects": "site_plan_sha256"}


def referenced(conn, sha: str) -> bool:
    """Whether a record holds `sha` in one of its blob fields."""
    rows = conn.all(
        "SELECT table_name, data FROM records"
        " WHERE table_name IN ('photos', 'signatures', 'projects') AND data LIKE ?",
        [f"%{sha}%"],
    )
    return any(json.loads(d).get(BLOB_FIELD[tb]) == sha for tb, d in rows)


def check_quota(db: Database, account_id: str, total: int, quota: int | None = None) -> None:
    quota = QUOTA if quota is None else quota
    with db.connect() as conn:
        held = conn.value(
            "SELECT coalesce(sum(bytes), 0) FROM blob_uploads"
            " WHERE account_id = ? AND referenced = 0",
            [account_id],
        )
    if held + total > quota:
        raise UploadError(
            t(
                f"未被记录引用的照片已达上限（{quota // 1024**2} MB）：请先同步记录。",
                f"your photos that no record uses have reached the limit ({quota // 1024**2} MB);"
                " push the records that use them first",
            ),
            413,
        )


def record_upload(db: Database, sha: str, account_id: str, size: int) -> None:
    with db.connect(write=True) as conn:
        used = 1 if referenced(conn, sha) else 0
        conn.execute(
            "INSERT INTO blob_uploads (sha, account_id, bytes, at, referenced)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha, account_id) DO UPDATE SET"
            " at = excluded.at, referenced = excluded.referenced",
            [sha, account_id, size, time.time(), used],
        )


def mark_referenced(conn, table: str, data: dict) -> None:
    """A record that holds a blob was accepted: its uploads no longer count to any quota."""
    sha = data.get(BLOB_FIELD.get(table, ""))
    if sha:
        conn.execute("UPDATE blob_uploads SET referenced = 1 WHERE sha = ?", [sha])


def sweep(db: Database, blobs: Blobs, now: float | None = None) -> dict:
    """Delete unreferenced photos past `KEEP_UNUSED` and cut uploads past `KEEP_PARTS`."""
    now = time.time() if now is None else now
    removed = {"photos": 0, "parts": 0}
    removed["parts"] = blobs.sweep_parts(now - KEEP_PARTS)
    with db.connect(write=True) as conn:
        stale = conn.all(
            "SELECT sha FROM blob_uploads GROUP BY sha HAVING max(referenced) = 0 AND max(at) < ?",
            [now - KEEP_UNUSED],
        )
        for (sha,) in stale:
            if referenced(conn, sha):
                conn.execute("UPDATE blob_uploads SET referenced = 1 WHERE sha = ?", [sha])
                continue
            blobs.delete(sha)
            conn.execute("DELETE FROM blob_uploads WHERE sha = ?", [sha])
            removed["photos"] += 1
    if any(removed.values()):
        log.info("swept %(photos)d unused photos and %(parts)d cut uploads", removed)
    return removed
