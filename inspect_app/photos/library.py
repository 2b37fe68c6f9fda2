"""Photo files for the app and the reports: paths of display copies, thumbnails and print copies
(markup drawn, watermark stamped), made on first use from the original and cached.
"""

import contextlib
from datetime import datetime
from pathlib import Path

from PIL import Image

from ..core.model import Photo, Project, User
from ..errors import NotFound
from ..store import Store
from .cache import DerivedCache
from .decode import PhotoError, Settings, _jpeg, _open, process_file, upright
from .importer import settings_for
from .markup import draw_annotations, validate
from .watermark import Watermark, stamp


class PhotoFiles:
    def __init__(self, store: Store, settings: Settings | None = None):
        if store.root is None:
            raise ValueError("photos need a profile folder (not an in-memory store)")
        self.store = store
        self.blobs = store.require_blobs()
        self.settings = settings or settings_for(store)
        self.cache = DerivedCache.for_profile(store.root)

    def original_path(self, photo: Photo) -> Path:
        return self.blobs.path(photo.sha256)

    def display_path(self, photo: Photo) -> Path:
        path = self.cache.display_path(photo.sha256, self.settings.display_max_side)
        return path if path.is_file() else self._derive(photo, path)

    def thumbnail_path(self, photo: Photo) -> Path:
        path = self.cache.thumbnail_path(photo.sha256, self.settings.thumb_side)
        return path if path.is_file() else self._derive(photo, path)

    def print_path(
        self,
        photo: Photo,
        max_side: int = 1200,
        markup: bool = True,
        watermark: Watermark | None = None,
    ) -> Path:
        """A JPEG for a report or an export: at most `max_side` px, markup drawn, watermark
        stamped; made once per distinct input and cached."""
        path = self.cache.print_path(
            photo.sha256,
            max_side=max_side,
            annotations=photo.annotations if markup else [],
            watermark=watermark.as_params() if watermark else None,
        )
        if path.is_file():
            return path
        im: Image.Image
        if max_side <= self.settings.display_max_side:
            with Image.open(self.display_path(photo)) as opened:
                opened.load()
            im = opened
        else:
            data = self.blobs.read(photo.sha256)
            im = upright(_open(data, self.settings), photo.orientation, max_side)
        im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        if markup:
            im = draw_annotations(im, validate(photo.annotations))
        if watermark:
            im = stamp(im, watermark)
        self.cache.write(path, _jpeg(im, 88))
        return path

    def watermark_for(self, photo: Photo, location: str = "", inspector: str = "") -> Watermark:
        """The watermark of a photo: its project's name, capture time, and who inspected."""
        project = ""
        if photo.project_id:
            with contextlib.suppress(NotFound):
                project = self.store.get(Project, photo.project_id).name
        if not inspector and photo.author:
            try:
                u = self.store.get(User, photo.author)
                inspector = u.display_name or u.name
            except NotFound:
                pass
        when = photo.taken_at
        if when:
            with contextlib.suppress(ValueError):
                when = datetime.fromisoformat(when).strftime("%Y-%m-%d %H:%M")
        return Watermark(project=project, location=location, time=when, inspector=inspector)

    def _derive(self, photo: Photo, wanted: Path) -> Path:
        """Make the display copy and thumbnail again from the original."""
        src = self.original_path(photo)
        if not src.is_file():
            raise PhotoError(f"original missing: {photo.sha256}")
        d = process_file(str(src), str(self.blobs.root), str(self.cache.root), self.settings)
        if d.error:
            raise PhotoError(d.error)
        return wanted
