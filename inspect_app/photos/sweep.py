"""Orphan sweep: remove blobs nothing refers to, and derived copies of them.

A blob is kept when anything may still need it:
- any column named `sha256` or `*_sha256` of a live record (Photo.sha256, a project's
  site_plan_sha256, a signature's image_sha256, and any such field added later);
- a deleted photo that a live link still points at, or that a workflow event names (a
  rectification reply's evidence: events are facts and keep their photos);
- any signature, live or not (signatures are facts and are never removed);
- anything younger than the grace period: an import may have stored the original and not yet
  written its record.
Half-written temporary files (`.part-*`) left by a killed process are removed after the grace
period too.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.model import RECORD_TYPES, Signature
from ..store import Store
from .cache import DerivedCache

GRACE_SECONDS = 24 * 3600


@dataclass
class SweepReport:
    removed_blobs: list[str] = field(default_factory=list)
    removed_derived: int = 0
    removed_partial: int = 0
    kept: int = 0
    freed_bytes: int = 0


def referenced(store: Store) -> set[str]:
    refs: set[str] = set()
    for cls in RECORD_TYPES:
        cols = [c for c in store.columns(cls.table) if c == "sha256" or c.endswith("_sha256")]
        for col in cols:
            where = "" if cls is Signature else " WHERE deleted = 0"
            refs.update(
                r[0] for r in store.db.execute(f"SELECT {col} FROM {cls.table}{where}") if r[0]
            )
    refs.update(
        r[0]
        for r in store.db.execute(
            "SELECT p.sha256 FROM photo_links l JOIN photos p ON p.id = l.photo_id"
            " WHERE l.deleted = 0"
        )
    )
    refs.update(
        r[0]
        for r in store.db.execute(
            "SELECT p.sha256 FROM photos p WHERE p.deleted = 1 AND EXISTS"
            " (SELECT 1 FROM defect_events e WHERE instr(e.data, p.id) > 0)"
        )
    )
    return refs


def sweep(store: Store, grace_seconds: float = GRACE_SECONDS, dry_run: bool = False) -> SweepReport:
    if store.root is None:
        raise ValueError("sweeping needs a profile folder (not an in-memory store)")
    report = SweepReport()
    keep = referenced(store)
    cutoff = time.time() - grace_seconds
    blobs = store.require_blobs()
    for sha in list(blobs.shas()):
        path = blobs.path(sha)
        if sha in keep or _young(path, cutoff):
            report.kept += 1
            continue
        report.removed_blobs.append(sha)
        report.freed_bytes += path.stat().st_size
        if not dry_run:
            path.unlink(missing_ok=True)
    if blobs.root.is_dir():
        for part in blobs.root.glob("*/.part-*"):
            if not _young(part, cutoff):
                report.removed_partial += 1
                if not dry_run:
                    part.unlink(missing_ok=True)
    cache = DerivedCache.for_profile(store.root)
    for path, sha in list(cache.files()):
        stale = path.name.startswith(".part-") or (sha is not None and sha not in keep)
        if stale and not _young(path, cutoff):
            report.removed_derived += 1
            if not dry_run:
                path.unlink(missing_ok=True)
    return report


def _young(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime > cutoff
    except FileNotFoundError:
        return True
