"""Photos in an S3-compatible bucket (AWS S3, MinIO, Alibaba OSS, Tencent COS, Huawei OBS), so
several server processes on several machines share them.

Keys: `PREFIX/blobs/<sha>` for whole, checked photos; `PREFIX/uploads/<sha>/<offset>` for the
pieces of an upload, one object per request that carried bytes. A cut request keeps the bytes
that arrived (as the folder store keeps its `.part`), so the laptop resumes where they end, at
whichever server process it reaches next. When the pieces hold `total` bytes they are joined,
hashed and copied to their final key, then deleted: a photo is whole and correct or absent.

Where and as whom, from the environment, as every S3 tool reads it: AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL (the store's address, e.g.
https://oss-cn-hangzhou.aliyuncs.com); INSPECT_S3_ADDRESSING=virtual for stores that refuse
path-style requests (Alibaba OSS).
"""

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..core.i18n import t
from ..errors import InspectError
from .blobs import check_offset, check_sha, mismatch

PIECE = "{:015d}"  # an upload piece's offset, zero-padded so keys sort in byte order


class S3Blobs:
    def __init__(self, client, bucket: str, prefix: str = ""):
        self.s3, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def from_url(cls, url: str) -> "S3Blobs":
        import boto3
        from botocore.config import Config

        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise InspectError(t("--blobs 缺少存储桶名", "--blobs needs a bucket: s3://BUCKET"))
        config = Config(
            s3={"addressing_style": os.environ.get("INSPECT_S3_ADDRESSING", "auto")},
            # Checksums only where S3 requires them: the newer default trailing checksums are
            # refused by several S3-compatible stores. Photos are checked by SHA-256 anyway.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 5, "mode": "standard"},
            max_pool_connections=32,
        )
        store = cls(boto3.client("s3", config=config), bucket, prefix)
        try:
            store.s3.head_bucket(Bucket=bucket)
        except Exception as e:
            raise InspectError(
                t(f"无法访问存储桶 {bucket}：{e}", f"cannot reach the bucket {bucket}: {e}")
            ) from None
        return store

    def _key(self, sha: str) -> str:
        return f"{self.prefix}blobs/{sha}"

    def _pieces(self, sha: str) -> list[tuple[int, str, int, float]]:
        """The pieces of `sha`'s upload: (offset, key, size, modified time), by offset."""
        out = []
        for obj in self._list(f"{self.prefix}uploads/{sha}/"):
            try:
                offset = int(obj["Key"].rsplit("/", 1)[1])
            except ValueError:
                continue
            out.append((offset, obj["Key"], obj["Size"], obj["LastModified"].timestamp()))
        return sorted(out)

    def _list(self, prefix: str) -> Iterator[dict]:
        for page in self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        ):
            yield from page.get("Contents", ())

    def _delete(self, keys: list[str]) -> None:
        for i in range(0, len(keys), 1000):
            self.s3.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": k} for k in keys[i : i + 1000]], "Quiet": True},
            )

    def has(self, sha: str) -> bool:
        if not (len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
            return False
        try:
            self.s3.head_object(Bucket=self.bucket, Key=self._key(sha))
            return True
        except self.s3.exceptions.ClientError as e:
            if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def received(self, sha: str) -> int:
        """Bytes held of a cut upload: the pieces that follow on from 0 without a gap."""
        check_sha(sha)
        have = 0
        for offset, _, size, _ in self._pieces(sha):
            if offset != have:
                break
            have += size
        return have

    def open_part(self, sha: str, offset: int, total: int) -> "_Piece":
        check_offset(self.received(sha), offset, total)
        return _Piece(self, f"{self.prefix}uploads/{sha}/{PIECE.format(offset)}")

    def finish(self, sha: str, total: int, digest: str | None = None) -> bool:
        pieces, size = [], 0  # the pieces that follow on from 0 (a stray one is swept later)
        for piece in self._pieces(sha):
            if piece[0] != size:
                break
            pieces.append(piece)
            size += piece[2]
        if size < total:
            return False
        keys = [key for _, key, _, _ in pieces]
        if digest is not None and len(pieces) == 1 and pieces[0][2] == total:
            if digest != sha:
                self._delete(keys)
                raise mismatch()
            self.s3.copy_object(
                Bucket=self.bucket,
                Key=self._key(sha),
                CopySource={"Bucket": self.bucket, "Key": keys[0]},
            )
            self._delete(keys)
            return True
        # Several pieces (a resumed upload): join them in a local temporary file, check, send.
        with tempfile.TemporaryFile() as joined:
            h = hashlib.sha256()
            for _, key, _, _ in pieces:
                body = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"]
                for chunk in body.iter_chunks(1 << 20):
                    h.update(chunk)
                    joined.write(chunk)
            if joined.tell() != total or h.hexdigest() != sha:
                self._delete(keys)
                raise mismatch()
            joined.seek(0)
            self.s3.upload_fileobj(joined, self.bucket, self._key(sha))
        self._delete(keys)
        return True

    def local_path(self, sha: str) -> Path | None:
        return None

    def size(self, sha: str) -> int:
        return self.s3.head_object(Bucket=self.bucket, Key=self._key(sha))["ContentLength"]

    def chunks(self, sha: str, start: int = 0) -> Iterator[bytes]:
        extra = {"Range": f"bytes={start}-"} if start else {}
        body = self.s3.get_object(Bucket=self.bucket, Key=self._key(sha), **extra)["Body"]
        try:
            yield from body.iter_chunks(1 << 20)
        finally:
            body.close()

    def copy_to(self, sha: str, folder: Path) -> Path:
        out = Path(folder) / sha
        self.s3.download_file(self.bucket, self._key(sha), str(out))
        return out

    def put_bytes(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self.s3.put_object(Bucket=self.bucket, Key=self._key(sha), Body=data)
        return sha

    def delete(self, sha: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=self._key(sha))

    def sweep_parts(self, before: float) -> int:
        """Delete the uploads whose newest piece is older than `before`; how many."""
        uploads: dict[str, list[tuple[str, float]]] = {}
        for obj in self._list(f"{self.prefix}uploads/"):
            sha = obj["Key"][len(self.prefix) :].split("/")[1]
            uploads.setdefault(sha, []).append((obj["Key"], obj["LastModified"].timestamp()))
        stale = [sha for sha, objs in uploads.items() if max(m for _, m in objs) < before]
        self._delete([k for sha in stale for k, _ in uploads[sha]])
        return len(stale)


class _Piece:
    """The bytes of one upload request, spooled locally and stored as one piece when closed
    (also when the client went away mid-request: what arrived is kept)."""

    def __init__(self, store: S3Blobs, key: str):
        self.store, self.key = store, key
        self.file = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 (closed in close)

    def write(self, data: bytes) -> int:
        return self.file.write(data)

    def close(self) -> None:
        try:
            if self.file.tell():
                self.file.seek(0)
                self.store.s3.upload_fileobj(self.file, self.store.bucket, self.key)
        finally:
            self.file.close()
