"""The central store: `inspect-app server`."""

from pathlib import Path

from .. import logs
from ..core.i18n import t
from ..errors import InspectError
from . import generation, verify_page
from .blobs import Blobs, FolderBlobs
from .db import Database
from .service import SyncService


def open_service(
    data: Path, database: str | None = None, hasher=None, blobs: str | None = None
) -> tuple[SyncService, Blobs]:
    """The service over DIR: records in DIR/server.db or `database`, photos in DIR/blobs or
    the bucket `blobs` names (s3://BUCKET[/PREFIX])."""
    data = Path(data)
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InspectError(
            t(f"无法创建 {data}：{e.strerror}", f"cannot create {data}: {e.strerror}")
        ) from None
    if database and not database.startswith(("postgresql://", "postgres://", "sqlite:///")):
        raise InspectError(
            t("--database 须为 postgresql://… 地址", "--database must be a postgresql://… URL")
        )
    try:
        db = Database(database) if database else Database.sqlite(data / "server.db")
        generation.ensure(db)
        verify_page.ensure(db)
    except Exception as e:
        raise InspectError(t(f"无法打开数据库：{e}", f"cannot open the database: {e}")) from None
    return SyncService(db, hasher=hasher), open_blobs(data, blobs)


def open_blobs(data: Path, where: str | None) -> Blobs:
    """`--blobs`: s3://BUCKET[/PREFIX] for an S3-compatible bucket, else the folder in DIR.
    (Here, not in blobs.py: blobs_s3.py builds on blobs.py.)"""
    if where and where.startswith("s3://"):
        from .blobs_s3 import S3Blobs

        return S3Blobs.from_url(where)
    if where:
        raise InspectError(
            t("--blobs 须为 s3://存储桶[/前缀]", "--blobs must be s3://BUCKET[/PREFIX]")
        )
    return FolderBlobs(data)


def setup_logging(data: Path) -> None:
    """Refusals, logins and errors go to DIR/server.log (rotated) as well as the console."""
    logs.configure(data, "server.log", console=True)
