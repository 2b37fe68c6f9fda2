"""The office's side of an offline sync bundle (the laptop's side: sync/bundle.py).

A laptop's bundle is fed to the central store through the same push as HTTP (same checks, each
change once however often the file is imported); the reply holds the receipt (accepted, refused
with reasons) and everything that user may see since the laptop's last pull, with its photos.
"""

import tempfile
from datetime import datetime
from pathlib import Path

from ..wire.bundle import BLOB_FIELDS, DOWN, FORMAT, UP, VERSION, blobs_in, read_zip, write_zip
from ..wire.limits import MAX_BATCH, MAX_PAGE
from .blobs import Blobs
from .service import SyncService
from .verify_page import public_url


def answer_bundle(service: SyncService, blobs: Blobs, bundle: Path, reply: Path) -> dict:
    """Apply a laptop's bundle to the central store and write the reply; say how much."""
    z, manifest, changes = read_zip(Path(bundle), UP)
    with z:
        acct = service.account(manifest.get("user_id", ""))
        for sha, data in blobs_in(z):
            if not blobs.has(sha):
                blobs.put_bytes(data)
    receipt: dict[str, list] = {"accepted": [], "refused": []}
    for i in range(0, len(changes), MAX_BATCH):
        body = service.push(acct, changes[i : i + MAX_BATCH])
        receipt["accepted"] += body["accepted"]
        receipt["refused"] += body["refused"]
    cursor, scope = int(manifest.get("cursor") or 0), manifest.get("scope") or ""
    pulled: list[dict] = []
    for _ in range(100_000):
        page = service.pull(acct, cursor, scope, MAX_PAGE)
        if page["scope"] != scope:
            pulled = []  # what the user may see grew: everything, from the start
        pulled += page["changes"]
        cursor, scope = page["cursor"], page["scope"]
        if not page["more"]:
            break
    shas = {c["fields"].get(k) for c in pulled for k in BLOB_FIELDS} - {None, ""}
    sending = [s for s in sorted(shas) if blobs.has(s) and service.may_read_blob(acct, s)]
    out = {
        "format": FORMAT,
        "version": VERSION,
        "direction": DOWN,
        "user_id": acct.id,
        "receipt": receipt,
        "cursor": cursor,
        "scope": scope,
        "public_url": public_url(service.db),  # the check page every QR code opens
        "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }
    with tempfile.TemporaryDirectory() as tmp:  # photos from a bucket are fetched here
        write_zip(reply, out, pulled, [(s, blobs.copy_to(s, Path(tmp))) for s in sending])
    return {
        "accepted": len(receipt["accepted"]),
        "refused": len(receipt["refused"]),
        "changes": len(pulled),
        "photos": len(sending),
    }
