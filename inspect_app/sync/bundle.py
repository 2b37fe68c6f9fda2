"""Sync without a network: a bundle file carried on a USB stick, and its reply.

At the laptop, `export_bundle` writes what the outbox holds (changes not yet acknowledged) and the
photos the central store may lack. At the office, `answer_bundle` feeds it to the central store
through the same push as HTTP (same checks, each change once however often the file is
imported) and writes a reply: the receipt (accepted, refused with reasons) and everything that
user may see since the laptop's last pull, with its photos. Back at the laptop, `import_reply`
records the receipt and merges the changes. Only the reply's receipt marks anything as sent.
"""

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from ..core.i18n import t
from ..errors import InspectError
from ..store.remote import apply_remote
from ..store.store import Store, now_iso
from .client import SyncReport, pending, record_receipt, referenced_blobs

FORMAT = "inspect-app-sync-bundle"
BLOB_FIELDS = ("sha256", "image_sha256", "site_plan_sha256")


class BundleError(InspectError):
    """A bundle that cannot be used: damaged, for someone else, or of another kind."""


def _write_zip(out: Path, manifest: dict, changes: list, blobs: list[tuple[str, Path]]) -> None:
    out = Path(out)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            z.writestr("changes.json", json.dumps(changes, ensure_ascii=False))
            for sha, path in blobs:
                z.write(path, f"blobs/{sha}", compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, out)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InspectError(
            t(f"无法写入 {out}：{e.strerror}", f"cannot write {out}: {e.strerror}")
        ) from None


def _read_zip(path: Path, direction: str) -> tuple[zipfile.ZipFile, dict, list]:
    try:
        z = zipfile.ZipFile(path)
        manifest = json.loads(z.read("manifest.json"))
        changes = json.loads(z.read("changes.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise BundleError(
            t(
                f"同步包已损坏或不是同步包：{path}（{e}）",
                f"not a sync bundle, or a damaged one: {path} ({e})",
            )
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("direction") != direction:
        z.close()
        want = (
            t("上行（笔记本→办公室）", "laptop to office")
            if direction == "up"
            else t("回执（办公室→笔记本）", "office to laptop")
        )
        raise BundleError(
            t(f"这不是{want}的同步包：{path}", f"this is not a {want} sync bundle: {path}")
        )
    return z, manifest, changes


def _blobs_in(z: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    out = []
    for name in z.namelist():
        if name.startswith("blobs/"):
            sha = name.removeprefix("blobs/")
            data = z.read(name)
            if hashlib.sha256(data).hexdigest() != sha:
                raise BundleError(
                    t(
                        f"同步包中的照片已损坏：{sha[:12]}",
                        f"a photo in the bundle is damaged: {sha[:12]}",
                    )
                )
            out.append((sha, data))
    return out


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
    blobs = [
        (s, store.blobs.path(s))
        for s in referenced_blobs(store)
        if s not in known and store.blobs.has(s)
    ]
    manifest = {
        "format": FORMAT,
        "version": 1,
        "direction": "up",
        "user_id": store.actor,
        "cursor": int(store.get_meta("sync.cursor") or 0),
        "scope": store.get_meta("sync.scope") or "",
        "created_at": now_iso(),
    }
    _write_zip(out, manifest, changes, blobs)
    return {"changes": len(changes), "photos": len(blobs)}


def answer_bundle(service, blobs, bundle: Path, reply: Path) -> dict:
    """The office's side: apply a laptop's bundle to the central store, write the reply."""
    from ..server.service import MAX_BATCH

    z, manifest, changes = _read_zip(Path(bundle), "up")
    with z:
        acct = service.account(manifest.get("user_id", ""))
        for sha, data in _blobs_in(z):
            if not blobs.has(sha):
                blobs.store.put_bytes(data)
    receipt = {"accepted": [], "refused": []}
    for i in range(0, len(changes), MAX_BATCH):
        body = service.push(acct, changes[i : i + MAX_BATCH])
        receipt["accepted"] += body["accepted"]
        receipt["refused"] += body["refused"]
    cursor, scope, pulled = int(manifest.get("cursor") or 0), manifest.get("scope") or "", []
    for _ in range(100_000):
        page = service.pull(acct, cursor, scope, 5000)
        if page["scope"] != scope:
            pulled = []  # what the user may see grew: everything, from the start
        pulled += page["changes"]
        cursor, scope = page["cursor"], page["scope"]
        if not page["more"]:
            break
    shas = {c["fields"].get(k) for c in pulled for k in BLOB_FIELDS} - {None, ""}
    send = [
        (s, blobs.path(s)) for s in sorted(shas) if blobs.has(s) and service.may_read_blob(acct, s)
    ]
    out = {
        "format": FORMAT,
        "version": 1,
        "direction": "down",
        "user_id": acct.id,
        "receipt": receipt,
        "cursor": cursor,
        "scope": scope,
        "created_at": now_iso(),
    }
    _write_zip(reply, out, pulled, send)
    return {
        "accepted": len(receipt["accepted"]),
        "refused": len(receipt["refused"]),
        "changes": len(pulled),
        "photos": len(send),
    }


def import_reply(store: Store, path: Path) -> SyncReport:
    """Back at the laptop: the receipt marks changes sent or refused; the changes merge in."""
    report = SyncReport()
    z, manifest, changes = _read_zip(Path(path), "down")
    with z:
        if manifest.get("user_id") != store.actor:
            raise BundleError(
                t("该回执属于另一个用户。", "this reply is for another user's profile")
            )
        for sha, data in _blobs_in(z):
            if not store.blobs.has(sha):
                store.blobs.put_bytes(data)
                report.downloaded += 1
    record_receipt(store, manifest["receipt"], report)
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
