"""A laptop finding that the central store was restored from an older backup, and making it
whole again.

At the start of each sync the laptop reads the server's generation and last sequence
(server/generation.py). It knows the server lost changes when the generation is not the one
it last synced with, or when it had pulled past the server's last sequence (a database put
back by hand). Then, in one transaction:

- every change of its own the server had acknowledged but no longer holds (asked by id) is
  queued again (`acked_at` cleared, `resent_at` set): the outbox keeps every local change
  after it is sent, so nothing needs rebuilding from the audit trail;
- the pull position goes back to where the server's log forked from the one the laptop
  followed (the restore's `fork_seq`; 0 when the laptop's generation is not in the
  server's lineage): changes merged before are skipped by id, so nothing is applied twice;
- photos are asked about again.

A change the restored server cannot take yet (it builds on a record another laptop has still
to re-send) is held, not undone: it stays queued and is offered again at each sync.
"""

import json

from ..core.i18n import t
from ..store.store import Store, now_iso

KNOWN_BATCH = 5000


def resume_point(mine: str | None, cursor: int, state: dict) -> int:
    """Where to pull from after the server's log changed under this laptop."""
    lives = state["lineage"]
    names = [life["generation"] for life in lives]
    if mine not in names or mine == state["generation"]:
        # A life this laptop cannot place, or a database put back by hand (the same
        # generation, fewer changes): where the logs parted is unknown, so read everything
        # again (merged once by id).
        return 0
    start = cursor
    for life in lives[names.index(mine) + 1 :]:
        start = min(start, life["fork_seq"])
    return min(start, state["last_seq"])


def check_server(client, report) -> None:
    """Compare the server with what this laptop last saw; recover if it went back in time."""
    store: Store = client.store
    state = client._send("GET", "/v1/state").json()
    learn_public_url(store, state.get("public_url"))
    mine = store.get_meta("sync.generation")
    cursor = int(store.get_meta("sync.cursor") or 0)
    same = mine == state["generation"] if mine else True  # first sync since this check existed
    if same and cursor <= state["last_seq"]:
        if mine != state["generation"]:
            with store.transaction():
                store.set_meta("sync.generation", state["generation"])
        return
    start = resume_point(mine, cursor, state)
    sent = [
        r[0]
        for r in store.db.execute(
            "SELECT change_id FROM outbox WHERE acked_at IS NOT NULL AND refused IS NULL"
            " ORDER BY seq"
        )
    ]
    held = set()
    for i in range(0, len(sent), KNOWN_BATCH):
        part = sent[i : i + KNOWN_BATCH]
        body = client._send("POST", "/v1/changes/known", json={"change_ids": part}).json()
        held.update(body["known"])
    lost = [c for c in sent if c not in held]
    at = now_iso()
    with store.transaction():
        for i in range(0, len(lost), 500):
            part = lost[i : i + 500]
            store.db.execute(
                "UPDATE outbox SET acked_at = NULL, resent_at = ?"
                f" WHERE change_id IN ({','.join('?' * len(part))})",
                [at, *part],
            )
        store.set_meta("sync.cursor", str(start))
        store.set_meta("sync.generation", state["generation"])
        store.set_meta("sync.recovering", "1")
        store.set_meta(
            "sync.restore",
            json.dumps(
                {"at": at, "resent": len(lost), "from_seq": start, "was_cursor": cursor},
                ensure_ascii=False,
            ),
        )
        store.db.execute("DELETE FROM sync_blobs")
    report.restored = True
    report.resent = len(lost)
    report.resent_tables = resent_tables(store, lost)


def resent_tables(store: Store, change_ids: list[str]) -> dict[str, int]:
    """How many of these outbox changes touch each table: what was re-sent, in brief."""
    out: dict[str, int] = {}
    for i in range(0, len(change_ids), 500):
        part = change_ids[i : i + 500]
        for table, n in store.db.execute(
            "SELECT table_name, count(*) FROM outbox"
            f" WHERE change_id IN ({','.join('?' * len(part))}) GROUP BY table_name",
            part,
        ):
            out[table] = out.get(table, 0) + n
    return dict(sorted(out.items()))


def hold(store: Store, row: dict, refusal: dict) -> bool:
    """Whether a refusal of this outbox row is held for a later sync rather than undone: a
    re-sent change, or one the server refused only because it lacks the record or a record
    it refers to (lost in the restore, to be re-sent by the laptop that made it) — unless
    that record is one of this laptop's the server refused: it will never come."""
    if row.get("resent_at"):
        return True
    if not refusal.get("missing"):
        return False
    fields = json.loads(row["fields"] or "{}")
    refs = [row["record_id"], *(v for v in fields.values() if isinstance(v, str) and v)]
    for i in range(0, len(refs), 500):
        part = refs[i : i + 500]
        if store.db.execute(
            "SELECT 1 FROM outbox WHERE refused IS NOT NULL"
            f" AND record_id IN ({','.join('?' * len(part))}) LIMIT 1",
            part,
        ).fetchone():
            return False
    return True


def finish(store: Store, report) -> None:
    """After a sync: recovery is over once nothing is held any more."""
    if store.get_meta("sync.recovering") and not report.held:
        with store.transaction():
            store.db.execute("DELETE FROM meta WHERE key = 'sync.recovering'")


def restore_notice(report) -> str:
    """What the user is told after a sync that found the server restored, or that still
    holds changes for it; "" after an ordinary sync."""
    parts = []
    if report.restored:
        parts.append(
            t(
                f"中心服务器已从备份恢复：本机重新发送了服务器缺少的 {report.resent} 条修改",
                f"the central store was restored from a backup: this laptop re-sent "
                f"{report.resent} changes the server had lost",
            )
        )
    if report.held:
        parts.append(
            t(
                f"{report.held} 条修改依赖其他电脑尚未重新发送的记录，下次同步再发",
                f"{report.held} changes wait for records other laptops have still to re-send",
            )
        )
    return t("；", "; ").join(parts)


def learn_public_url(store: Store, url) -> None:
    """The central store's public base URL, which every QR code printed from now on carries
    (`<url>/v/<report id>#<hash>`). Only an http(s) URL without query or fragment is taken."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or not url or len(url) > 300:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return
    if store.get_meta("sync.public_url") != url:
        with store.transaction():
            store.set_meta("sync.public_url", url.rstrip("/"))
