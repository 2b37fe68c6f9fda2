"""Backups of a profile (and the parts the central store's backups share, server/backup.py).

A backup is one tar file: `manifest.json` (what it is, when, the row count of each table, the
photos it holds), the database and `blobs/<xx>/<sha256>` for each photo. The database is
copied with SQLite's online backup API, so a profile or server in use is copied consistently.
Every backup is read back after it is written: the database passes `PRAGMA integrity_check`
and holds the counts the manifest gives, and every photo matches its SHA-256. A restore checks
the same before it touches anything, and keeps what it replaces beside it.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import datetime
from functools import partial
from pathlib import Path

from .. import __version__
from ..core.i18n import t
from ..core.model import RECORD_TYPES
from ..errors import InspectError
from .blobs import BlobStore
from .profile import BLOBS, DB_NAME, check_profile_dir

MANIFEST = "manifest.json"
PROFILE_KIND = "inspect-app profile backup"
PROFILE_TABLES = (*(c.table for c in RECORD_TYPES), "outbox", "audit", "conflicts")
_CHUNK = 1 << 20


class BackupError(InspectError):
    """A backup that cannot be written, read or trusted; the message says why."""


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


# ----- SQLite copies -----------------------------------------------------------------------


def sqlite_copy(src: Path, dst: Path) -> None:
    """A consistent copy of a live database (online backup API), as one self-contained file."""
    source = sqlite3.connect(src, timeout=30)
    try:
        target = sqlite3.connect(dst)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # no -wal beside the copy
        finally:
            target.close()
    finally:
        source.close()


def sqlite_counts(path: Path, tables: tuple[str, ...]) -> dict[str, int]:
    """Row counts of a database file that passes SQLite's integrity check."""
    conn = sqlite3.connect(path)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise BackupError(
                t(
                    f"数据库完整性检查未通过：{result[:3]}",
                    f"the database fails its integrity check: {result[:3]}",
                )
            )
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return {
            name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in tables
            if name in present
        }
    except sqlite3.DatabaseError as e:
        raise BackupError(
            t(f"备份中的数据库已损坏（{e}）。", f"the database in the backup is damaged ({e})")
        ) from None
    finally:
        conn.close()


def referenced_photos(path: Path) -> set[str]:
    """SHA-256 of every photo, signature image and site plan a profile database names."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT sha256 FROM photos UNION SELECT image_sha256 FROM signatures"
            " UNION SELECT site_plan_sha256 FROM projects"
        ).fetchall()
    finally:
        conn.close()
    return {r[0] for r in rows if r[0]}


# ----- archives ----------------------------------------------------------------------------


def write_archive(out: Path, manifest: dict, files: list[tuple[str, Path]]) -> None:
    """The tar at `out`, complete or absent: written beside it, synced, then renamed."""
    out = Path(out)
    if out.is_dir():
        raise BackupError(t(f"{out} 是文件夹，请给出文件名。", f"{out} is a folder; name a file"))
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(part, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now().timestamp())
            tar.addfile(info, _BytesReader(data))
            for name, path in files:
                tar.add(path, arcname=name, recursive=False)
        with open(part, "rb") as f:
            os.fsync(f.fileno())
        os.replace(part, out)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise BackupError(
            t(f"无法写入备份 {out}：{e.strerror}", f"cannot write the backup {out}: {e.strerror}")
        ) from None


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n < 0 else self.pos + n
        out, self.pos = self.data[self.pos : end], min(end, len(self.data))
        return out


def open_archive(path: Path, kind: str) -> tuple[tarfile.TarFile, dict]:
    """The tar and its manifest, after checking it is a backup of this kind."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(t(f"找不到备份文件：{path}", f"no backup file at {path}"))
    try:
        tar = tarfile.open(path, "r")  # noqa: SIM115 - handed to the caller, who closes it
        member = tar.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, ValueError, OSError) as e:
        raise BackupError(
            t(f"{path} 不是可读的备份文件（{e}）。", f"{path} is not a readable backup ({e})")
        ) from None
    if not isinstance(manifest, dict) or manifest.get("kind") != kind:
        tar.close()
        raise BackupError(
            t(
                f"{path} 不是{('服务器' if 'server' in kind else '本机数据')}备份。",
                f"{path} is not an {kind}",
            )
        )
    return tar, manifest


def extract_file(tar: tarfile.TarFile, name: str, dest: Path) -> None:
    member = tar.extractfile(name)
    if member is None:
        raise BackupError(t(f"备份中缺少 {name}。", f"the backup lacks {name}"))
    with open(dest, "wb") as f:
        shutil.copyfileobj(member, f, _CHUNK)
        f.flush()
        os.fsync(f.fileno())


def blob_name(sha: str) -> str:
    return f"{BLOBS}/{sha[:2]}/{sha}"


def check_photos(tar: tarfile.TarFile, manifest: dict) -> None:
    """Every photo the manifest lists is in the archive and matches its SHA-256."""
    for sha in manifest.get("photos", []):
        try:
            member = tar.extractfile(blob_name(sha))
        except KeyError:
            member = None
        if member is None:
            raise BackupError(
                t(f"备份中缺少照片 {sha[:12]}。", f"the backup lacks the photo {sha[:12]}")
            )
        h = hashlib.sha256()
        for chunk in iter(partial(member.read, _CHUNK), b""):
            h.update(chunk)
        if h.hexdigest() != sha:
            raise BackupError(
                t(
                    f"备份中的照片 {sha[:12]} 已损坏。",
                    f"the photo {sha[:12]} in the backup is damaged",
                )
            )


def check_counts(found: dict[str, int], manifest: dict) -> None:
    if found != manifest["counts"]:
        diff = {
            k: (manifest["counts"].get(k), found.get(k))
            for k in found.keys() | manifest["counts"].keys()
            if found.get(k) != manifest["counts"].get(k)
        }
        raise BackupError(
            t(
                f"备份内容与清单不符（表：清单数，实际数）：{diff}",
                f"the backup does not hold what its manifest says (table: listed, found): {diff}",
            )
        )


def restore_photos(tar: tarfile.TarFile, manifest: dict, root: Path) -> int:
    """Put the archive's photos into `root`/blobs, leaving those already there; how many."""
    store, n = BlobStore(root / BLOBS), 0
    for sha in manifest.get("photos", []):
        if store.has(sha):
            continue
        final = store.path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        part = final.with_name(f".restore-{sha}")
        extract_file(tar, blob_name(sha), part)
        os.replace(part, final)
        n += 1
    return n


def photo_files(root: Path) -> list[tuple[str, Path]]:
    store = BlobStore(root / BLOBS)
    return [(blob_name(sha), store.path(sha)) for sha in sorted(store.shas())]


def move_aside(path: Path, suffix: str) -> list[Path]:
    """Rename a database and its -wal/-shm files out of the way; the new names."""
    moved = []
    for extra in ("", "-wal", "-shm"):
        p = Path(f"{path}{extra}")
        if p.exists():
            to = Path(f"{path}.{suffix}{extra}")
            os.replace(p, to)
            moved.append(to)
    return moved


# ----- a profile ---------------------------------------------------------------------------


def backup_profile(data: Path, out: Path) -> dict:
    """Write a checked backup of the profile in `data` to `out`; its manifest."""
    root = check_profile_dir(Path(data), create=False)
    db = root / DB_NAME
    if not db.is_file():
        raise BackupError(
            t(f"{root} 不是 inspect-app 数据目录。", f"{root} is not an inspect-app profile")
        )
    with tempfile.TemporaryDirectory(prefix="inspect-backup-") as tmp:
        copy = Path(tmp) / DB_NAME
        sqlite_copy(db, copy)
        conn = sqlite3.connect(copy)
        try:  # a sign-in token is a credential: the restored profile signs in again
            conn.execute("DELETE FROM meta WHERE key = 'sync.token'")
            conn.commit()
            node = conn.execute("SELECT value FROM meta WHERE key = 'node_id'").fetchone()
        finally:
            conn.close()
        counts = sqlite_counts(copy, PROFILE_TABLES)
        photos = photo_files(root)
        held = {Path(name).name for name, _ in photos}
        manifest = {
            "kind": PROFILE_KIND,
            "format": 1,
            "app_version": __version__,
            "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "node_id": node[0] if node else None,
            "counts": counts,
            "photos": sorted(held),
            "photos_missing": sorted(referenced_photos(copy) - held),
        }
        write_archive(out, manifest, [(DB_NAME, copy), *photos])
    verify_profile_backup(out)
    return manifest


def verify_profile_backup(path: Path) -> dict:
    """Read a profile backup back: integrity, counts, photos. Its manifest."""
    tar, manifest = open_archive(path, PROFILE_KIND)
    with tar, tempfile.TemporaryDirectory(prefix="inspect-check-") as tmp:
        copy = Path(tmp) / DB_NAME
        extract_file(tar, DB_NAME, copy)
        check_counts(sqlite_counts(copy, PROFILE_TABLES), manifest)
        check_photos(tar, manifest)
    return manifest


def restore_profile(archive: Path, data: Path, force: bool = False) -> dict:
    """Put a profile backup into `data`. A profile already there is kept beside it
    (`inspect.db.replaced-<time>`) when `force`, refused otherwise. The restored profile
    gets a new device id, so its new edits never share a clock stamp with edits made after
    the backup by the same device."""
    manifest = verify_profile_backup(archive)
    root = check_profile_dir(Path(data), create=True)
    db = root / DB_NAME
    moved = []
    if db.exists() and not force:
        raise BackupError(
            t(
                f"{root} 已有数据；若要以备份替换，请加 --force（现有数据将保留为 {DB_NAME}.replaced-…）。",
                f"{root} already holds a profile; add --force to replace it (it is kept "
                f"as {DB_NAME}.replaced-…)",
            )
        )
    tar, _ = open_archive(archive, PROFILE_KIND)
    with tar:
        part = root / f".{DB_NAME}.restoring"
        extract_file(tar, DB_NAME, part)
        conn = sqlite3.connect(part)
        try:
            import secrets

            conn.execute("UPDATE meta SET value = ? WHERE key = 'node_id'", [secrets.token_hex(8)])
            conn.execute("DELETE FROM meta WHERE key = 'sync.token'")
            conn.commit()
        finally:
            conn.close()
        if db.exists():
            moved = move_aside(db, f"replaced-{stamp()}")
        os.replace(part, db)
        manifest["photos_restored"] = restore_photos(tar, manifest, root)
    manifest["replaced"] = [str(p) for p in moved]
    return manifest
