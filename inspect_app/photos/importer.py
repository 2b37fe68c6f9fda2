"""Importing photos into a profile: files and folders, decoded on every core.

Worker processes decode (the cost of an import) and write the original and its derived copies,
each file atomically; this process then writes the Photo record in its own transaction. So a
process killed at any moment leaves whole files and whole records, and never a record whose
files are missing: at worst an original with no record yet, which the next import of the same
file picks up (content-addressed) and the orphan sweep removes after its grace period.
"""

import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import logs
from ..core.i18n import t
from ..core.model import Photo, PhotoLink, Project
from ..core.text import clean, file_name
from ..store import Store
from ..store.inspections import carry_item_photos, check_photos_editable
from .cache import DerivedCache
from .decode import EXTENSIONS, Decoded, Settings, process_file

log = logging.getLogger(__name__)

META_MAX_SIDE = "photos.display_max_side"


@dataclass
class ImportResult:
    file: str
    ok: bool
    id: str = ""
    sha256: str = ""
    width: int = 0
    height: int = 0
    taken_at: str = ""
    gps: dict | None = None
    direction: float | None = None
    duplicate: bool = False  # the same bytes were already in this project
    error: str = ""
    thumbnail: str = ""  # path of the thumbnail file, for the UI

    @property
    def shown_file(self) -> str:
        """The path as printed: one from the file system may hold bytes that are not UTF-8."""
        return clean(str(self.file), "file", repair=True).text

    def as_json(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k != "thumbnail"}
        out["file"] = self.shown_file
        return out


def settings_for(store: Store, **overrides) -> Settings:
    """The profile's photo settings (the display cap can be set per profile)."""
    side = store.get_meta(META_MAX_SIDE)
    values = {"display_max_side": int(side)} if side and side.isdigit() else {}
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)


def collect(paths: Iterable[Path | str]) -> list[Path]:
    """The files to import: files as given, folders walked for image files (hidden ones skipped,
    like a phone's .thumbnails), in name order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found += [
                    Path(dirpath, f)
                    for f in filenames
                    if not f.startswith(".") and f.lower().endswith(EXTENSIONS)
                ]
            out += sorted(found)
        else:
            out.append(p)
    return out


def _pool_context():
    # A Qt process has threads: forking it is unsafe. The fork server is a clean process that
    # already imported the decoder, so workers start in milliseconds. A PyInstaller bundle has
    # no interpreter to start a fork server with; there the import runs in the Qt-free CLI
    # process (see ui/photo_import.py), which can fork safely.
    if sys.platform.startswith("linux"):
        if getattr(sys, "frozen", False):
            return multiprocessing.get_context("fork")
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["inspect_app.photos.decode"])
        return ctx
    return multiprocessing.get_context("spawn")


class Importer:
    """Imports files into one project. Use as a context manager (it owns a process pool)."""

    def __init__(
        self,
        store: Store,
        project_id: str = "",
        settings: Settings | None = None,
        workers: int | None = None,
        link: dict | None = None,
    ):
        """`link`: {"target_type", "target_id", "item_id"} to link every imported photo to, in
        the same transaction as its record."""
        if store.root is None:
            raise ValueError("photos need a profile folder (not an in-memory store)")
        if project_id:
            store.get(Project, project_id)  # NotFound with a clear message
        if link:  # refused before any file is read: a submitted checklist takes no photos
            check_photos_editable(store, link["target_type"], link["target_id"])
        self.store = store
        self.blobs = store.require_blobs()
        self.project_id = project_id
        self.link = link
        self.settings = settings or settings_for(store)
        self.workers = (os.cpu_count() or 1) if workers is None else workers
        self.cache = DerivedCache.for_profile(store.root)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Importer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(
        self, paths: Iterable[Path | str], cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[ImportResult]:
        """Import every file (folders expanded); yield one result per file, in order.
        When `cancelled()` turns true, files not started are skipped; finished ones are kept."""
        files = collect(paths)
        with logs.timed(log, f"photo import of {len(files)} files") as figures:
            figures.update(imported=0, refused=0, workers=self.workers)
            for r in self._run(files, cancelled):
                figures["imported" if r.ok else "refused"] += 1
                yield r

    def _run(self, files: list[Path], cancelled: Callable[[], bool]) -> Iterator[ImportResult]:
        args = (str(self.blobs.root), str(self.cache.root), self.settings)
        if self.workers <= 1 or len(files) <= 1:
            for f in files:
                if cancelled():
                    return
                yield self._record(process_file(str(f), *args))
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_pool_context())
        pending: deque[Future] = deque()
        todo = iter(files)
        ahead = self.workers * 3  # enough queued to keep every core busy, little memory
        while True:
            while len(pending) < ahead and not cancelled():
                nxt = next(todo, None)
                if nxt is None:
                    break
                pending.append(self._pool.submit(process_file, str(nxt), *args))
            if not pending:
                return
            if cancelled():
                for fut in pending:
                    fut.cancel()
            fut = pending.popleft()
            if fut.cancelled():
                continue
            yield self._record(fut.result())

    def _record(self, d: Decoded) -> ImportResult:
        """Write the Photo record for a decoded file (or find the one already there)."""
        res = ImportResult(file=d.file, ok=not d.error, sha256=d.sha256, error=d.error)
        if d.error:
            return res
        if not self.blobs.has(d.sha256):
            res.ok, res.error = False, t("原图未能保存", "the original could not be stored")
            return res
        with self.store.transaction():
            row = self.store.db.execute(
                "SELECT id FROM photos WHERE sha256 = ? AND project_id = ? AND deleted = 0",
                [d.sha256, self.project_id],
            ).fetchone()
            if row:
                photo = self.store.get(Photo, row[0])
                res.duplicate = True
            else:
                photo = Photo(
                    sha256=d.sha256,
                    project_id=self.project_id,
                    original_name=file_name(Path(d.file).name),
                    mime=d.mime,
                    bytes=d.bytes,
                    width=d.width,
                    height=d.height,
                    orientation=d.orientation,
                    taken_at=d.taken_at,
                    gps_lat=d.gps_lat,
                    gps_lon=d.gps_lon,
                    direction=d.direction,
                )
                self.store.save(photo)
            if self.link:
                self._link(photo.id, self.link)
        res.id, res.width, res.height = photo.id, photo.width, photo.height
        res.taken_at, res.direction = photo.taken_at, photo.direction
        if photo.gps_lat is not None:
            res.gps = {"lat": photo.gps_lat, "lon": photo.gps_lon}
        res.thumbnail = str(self.cache.thumbnail_path(d.sha256, self.settings.thumb_side))
        return res

    def _link(self, photo_id: str, ln: dict) -> None:
        exists = self.store.db.execute(
            "SELECT 1 FROM photo_links WHERE photo_id = ? AND target_type = ? AND target_id = ?"
            " AND item_id = ? AND deleted = 0",
            [photo_id, ln["target_type"], ln["target_id"], ln.get("item_id", "")],
        ).fetchone()
        if not exists:
            self.store.save(
                PhotoLink(
                    photo_id=photo_id,
                    target_type=ln["target_type"],
                    target_id=ln["target_id"],
                    item_id=ln.get("item_id", ""),
                )
            )
        if ln["target_type"] == "inspection":  # a defect raised on the item shows it too
            carry_item_photos(self.store, ln["target_id"], ln.get("item_id", ""))


def import_paths(
    store: Store, paths: Iterable[Path | str], project_id: str = "", **kw
) -> list[ImportResult]:
    """Import and return every result (a convenience for scripts and tests)."""
    with Importer(store, project_id, **kw) as imp:
        return list(imp.run(paths))
