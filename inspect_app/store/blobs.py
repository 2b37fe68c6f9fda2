"""Content-addressed files (photos, signature images, site plans) beside the database.

A blob lives at `blobs/ab/abcdef…` named by the SHA-256 of its bytes. Writes go to a temporary
file in the same folder, are flushed to disk and renamed into place, so a killed process leaves
either the whole blob or nothing under its name.
"""

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

_SHA = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not _SHA.match(sha256 or ""):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if not self.has(sha):
            self._write(sha, iter([data]))
        return sha

    def put_file(self, src: Path) -> str:
        """Store a file's bytes, unchanged; return their SHA-256."""
        h = hashlib.sha256()
        with open(src, "rb") as f:
            for chunk in iter(lambda: f.read(_CHUNK), b""):
                h.update(chunk)
        sha = h.hexdigest()
        if not self.has(sha):
            with open(src, "rb") as f:
                self._write(sha, iter(lambda: f.read(_CHUNK), b""), expect=sha)
        return sha

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def shas(self) -> Iterator[str]:
        if self.root.is_dir():
            for sub in self.root.iterdir():
                if sub.is_dir():
                    yield from (p.name for p in sub.iterdir() if _SHA.match(p.name))

    def _write(self, sha: str, chunks: Iterator[bytes], expect: str | None = None) -> None:
        final = self.path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".part-")
        try:
            h = hashlib.sha256()
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    h.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if expect and h.hexdigest() != expect:
                raise OSError(f"file changed while it was being stored (expected {expect})")
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
