"""Derived images (display copies, thumbnails, print copies) as files, so reports and the UI can
take paths instead of decoding originals again.

Everything here can be made again from the original in the BlobStore: the folder may be deleted
at any time. Files are written to a temporary name and renamed, so a reader never sees half a
JPEG. Layout under the profile's `cache/photos/`:

    display-2048/ab/<sha256>.jpg     display copy, longest side at most 2048 px
    thumb-320/ab/<sha256>.jpg        thumbnail
    print/ab/<key>.jpg               a copy with markup and/or watermark; key hashes its inputs
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path

CACHE_DIR = Path("cache") / "photos"


class DerivedCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def for_profile(cls, profile_root: Path) -> "DerivedCache":
        return cls(Path(profile_root) / CACHE_DIR)

    def display_path(self, sha256: str, max_side: int) -> Path:
        return self.root / f"display-{max_side}" / sha256[:2] / f"{sha256}.jpg"

    def thumbnail_path(self, sha256: str, side: int) -> Path:
        return self.root / f"thumb-{side}" / sha256[:2] / f"{sha256}.jpg"

    def print_path(self, sha256: str, **params) -> Path:
        key = hashlib.sha256(
            json.dumps([sha256, params], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        return self.root / "print" / key[:2] / f"{key}.jpg"

    def write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; these are plain image files
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def files(self):
        """Every cached file with the sha256 of the original it was made from (None: print)."""
        if not self.root.is_dir():
            return
        for kind in self.root.iterdir():
            for path in kind.glob("*/*"):
                yield path, (None if kind.name == "print" else path.stem)
