"""Where the central store keeps photos: by SHA-256, resumable uploads, checked on completion.

`FolderBlobs` is the default (a folder under --data); `S3Blobs` (blobs_s3.py) keeps them in an
S3-compatible bucket, so several server processes can share them. Both have the same methods. An upload is appended to a
`.part` file at the offset the client names; once it holds `total` bytes its hash is checked and
it is renamed into place, so a blob is either whole and correct or absent.
"""

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from ..core.i18n import t
from ..errors import InspectError
from ..store.blobs import BlobStore

SHA = re.compile(r"^[0-9a-f]{64}$")
MAX_BLOB = 512 * 1024 * 1024


class UploadError(InspectError):
    """An upload that cannot be taken: wrong offset, too big, or bytes that do not match."""

    def __init__(self, message: str, status: int = 400, received: int = 0):
        super().__init__(message)
        self.status, self.received = status, received


def check_sha(sha: str) -> None:
    if not SHA.match(sha):
        raise UploadError(
            t("照片编号必须是 SHA-256。", "a blob id must be a SHA-256 hex digest"), 422
        )


def check_offset(have: int, offset: int, total: int) -> None:
    """An upload's bytes are taken only where the held ones end, up to `MAX_BLOB`."""
    if total < 0 or total > MAX_BLOB:
        raise UploadError(t("文件太大。", f"a blob may hold at most {MAX_BLOB} bytes"), 413)
    if offset != have:
        raise UploadError(
            t(
                f"续传位置不对：服务器已有 {have} 字节。",
                f"wrong offset: the server holds {have} bytes",
            ),
            409,
            have,
        )


def mismatch() -> UploadError:
    return UploadError(
        t(
            "上传内容与其 SHA-256 不符，已丢弃，请重新上传。",
            "the bytes do not match their SHA-256; they were discarded",
        ),
        422,
    )


class FolderBlobs:
    def __init__(self, root: Path):
        self.store = BlobStore(Path(root) / "blobs")
        self.parts = Path(root) / "uploads"
        self.parts.mkdir(parents=True, exist_ok=True)

    def has(self, sha: str) -> bool:
        return self.store.has(sha)

    def path(self, sha: str) -> Path:
        return self.store.path(sha)

    def local_path(self, sha: str) -> Path | None:
        """The blob as a local file, to be sent as it is (None: stream it with `chunks`)."""
        return self.store.path(sha)

    def size(self, sha: str) -> int:
        return self.store.path(sha).stat().st_size

    def chunks(self, sha: str, start: int = 0) -> Iterator[bytes]:
        with open(self.store.path(sha), "rb") as f:
            f.seek(start)
            yield from iter(lambda: f.read(1 << 20), b"")

    def copy_to(self, sha: str, folder: Path) -> Path:
        """A file holding the blob, for a bundle reply (here: the blob itself)."""
        return self.store.path(sha)

    def put_bytes(self, data: bytes) -> str:
        return self.store.put_bytes(data)

    def delete(self, sha: str) -> None:
        self.store.path(sha).unlink(missing_ok=True)

    def sweep_parts(self, before: float) -> int:
        """Delete cut uploads untouched since `before`; how many."""
        n = 0
        for part in self.parts.glob("*.part"):
            try:
                if part.stat().st_mtime < before:
                    part.unlink()
                    n += 1
            except FileNotFoundError:
                pass
        return n

    def received(self, sha: str) -> int:
        part = self._part(sha)
        return part.stat().st_size if part.exists() else 0

    def _part(self, sha: str) -> Path:
        check_sha(sha)
        return self.parts / f"{sha}.part"

    def open_part(self, sha: str, offset: int, total: int):
        """A file to append this upload's bytes to, after checking the offset."""
        check_offset(self.received(sha), offset, total)
        return open(self._part(sha), "ab")

    def finish(self, sha: str, total: int, digest: str | None = None) -> bool:
        """Check and keep a complete upload; False while bytes are still missing.

        `digest`: the SHA-256 of the part computed while it was received, if it was."""
        part = self._part(sha)
        size = part.stat().st_size if part.exists() else 0
        if size < total:
            return False
        if digest is None:
            h = hashlib.sha256()
            with open(part, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            digest = h.hexdigest()
        if size != total or digest != sha:
            part.unlink(missing_ok=True)
            raise mismatch()
        final = self.store.path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "rb") as f:
            os.fsync(f.fileno())
        os.replace(part, final)
        return True


class Writer(Protocol):
    def write(self, data: bytes, /) -> int: ...
    def close(self) -> None: ...


class Blobs(Protocol):
    """What the server asks of a photo store (FolderBlobs, S3Blobs)."""

    def has(self, sha: str) -> bool: ...
    def received(self, sha: str) -> int: ...
    def open_part(self, sha: str, offset: int, total: int) -> Writer: ...
    def finish(self, sha: str, total: int, digest: str | None = None) -> bool: ...
    def local_path(self, sha: str) -> Path | None: ...
    def size(self, sha: str) -> int: ...
    def chunks(self, sha: str, start: int = 0) -> Iterator[bytes]: ...
    def copy_to(self, sha: str, folder: Path) -> Path: ...
    def put_bytes(self, data: bytes) -> str: ...
    def delete(self, sha: str) -> None: ...
    def sweep_parts(self, before: float) -> int: ...
