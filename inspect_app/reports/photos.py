"""Print copies of photos: downscaled JPEG files, markup drawn on, made once and cached.

reportlab is given file paths, never in-memory buffers (it decodes a buffer again and kept
~730 MB per build) and never the 12-megapixel originals (84 s for 100 photos). A print copy
is PRINT_PX on its long side: a photo printed 80 mm wide is then about 200 dpi. The cache key
covers the original's hash, its markup and the size, so edited markup makes a new copy.
"""

import hashlib
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..core.model import Photo
from ..core.signing import canonical_bytes
from ..photos.markup import draw_annotations
from ..store import Store

PRINT_PX = 640
CACHE_DIR = ("cache", "print")
_VERSION = "2"  # bump when the way copies are made changes


def cache_root(store: Store) -> Path:
    if store.root is None:
        return Path(tempfile.gettempdir()) / "inspect-app-print"
    return store.root.joinpath(*CACHE_DIR)


def cache_key(photo: Photo, px: int = PRINT_PX) -> str:
    h = hashlib.sha256(f"{_VERSION}|{photo.sha256}|{px}|".encode())
    h.update(canonical_bytes(photo.annotations or []))
    return h.hexdigest()


def print_copy(store: Store, photo: Photo, px: int = PRINT_PX) -> Path | None:
    """The cached print copy of a photo, made now if missing; None when the original is
    missing or cannot be decoded (the report then says so in the photo's place)."""
    key = cache_key(photo, px)
    path = cache_root(store) / key[:2] / f"{key}.jpg"
    if path.is_file():
        return path
    if store.blobs is None or not store.blobs.has(photo.sha256):
        return None
    im: Image.Image
    try:
        with Image.open(store.blobs.path(photo.sha256)) as src:
            w, h = src.size
            scale = px / max(w, h)
            if scale < 1:
                src.draft("RGB", (max(1, int(w * scale)), max(1, int(h * scale))))
            im = ImageOps.exif_transpose(src)
            im.thumbnail((px, px))  # bicubic after the JPEG draft: sharp enough at 200 dpi
            im = draw_annotations(im, photo.annotations or [])
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=".jpg")
    try:
        with os.fdopen(fd, "wb") as out:
            im.save(out, "JPEG", quality=82)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def print_copies(store: Store, photos: Iterable[Photo], workers: int = 0) -> dict[str, Path | None]:
    """Print copies of many photos by photo id; decoding runs on every core (Pillow releases
    the GIL while it decodes)."""
    photos = list(photos)
    workers = workers or max(1, os.cpu_count() or 1)
    with ThreadPoolExecutor(workers) as pool:
        paths = list(pool.map(lambda p: print_copy(store, p), photos))
    return {p.id: path for p, path in zip(photos, paths, strict=True)}
