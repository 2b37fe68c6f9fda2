"""Sync without a network: a bundle file carried on a USB stick, and its reply.

At the laptop, `export_bundle` writes what the outbox holds (changes not yet acknowledged) and the
photos the central store may lack. At the office, the central store answers it
(server/bundle.py). Back at the laptop, `import_reply` records the receipt and merges the
changes. Only the reply's receipt marks anything as sent. The file format: wire/bundle.py.
"""

from pathlib import Path

from ..core.i18n import t
from ..store.remote import apply_remote
from ..store.store import Store, now_iso
from ..wire.bundle import DOWN, FORMAT, UP, VERSION, BundleError, blobs_in, read_zip, write_zip
from .client import SyncReport, pending, record_receipt, referenced_blobs
from .recovery import learn_public_url


def export_bundle(store: Store, out: Path) -> dict:
    """The laptop's side: pending changes and the photos not yet known to be on the server."""
    if not store.actor:
        raise BundleError(
            t(
                "该数据目录还没有用户，请先登录同步一次。",
                "this profile has no user yet; sync online once first",
            )
        )
    changes = pending(store, 10**9)
    known = {r[0] for r in store.db.execute("SELECT sha256 FROM sync_blobs")}
    files = store.require_blobs()
    blobs = [(s, files.path(s)) for s in referenced_blobs(store) if s not in known and files.has(s)]
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "direction": UP,
        "user_id": store.actor,
        "cursor": int(store.get_meta("sync.cursor") or 0),
        "scope": store.get_meta("sync.scope") or "",
        "created_at": now_iso(),
    }
    write_zip(out, manifest, changes, blobs)
    return {"changes": len(changes), "photos": len(blobs)}


def import_reply(store: Store, path: Path) -> SyncReport:
    """Back at the laptop: the receipt marks changes sent or refused; the changes merge in."""
    report = SyncReport()
    z, manifest, changes = read_zip(Path(path), DOWN)
    with z:
        if manifest.get("user_id") != store.actor:
            raise BundleError(
                t("该回执属于另一个用户。", "this reply is for another user's profile")
            )
        files = store.require_blobs()
        for sha, data in blobs_in(z):
            if not files.has(sha):
                files.put_bytes(data)
                report.downloaded += 1
    record_receipt(store, manifest["receipt"], report)
    learn_public_url(store, manifest.get("public_url"))
    cursor, scope = manifest["cursor"], manifest["scope"]
    current = int(store.get_meta("sync.cursor") or 0)
    newer = cursor >= current or scope != (store.get_meta("sync.scope") or "")
    for i in range(0, max(len(changes), 1), 2000):
        last = i + 2000 >= len(changes)
        report.pulled += apply_remote(
            store,
            changes[i : i + 2000],
            cursor if last and newer else None,
            scope if last and newer else None,
            report.rejected,
        )
    return report
