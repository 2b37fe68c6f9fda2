"""The offline sync file: a zip carried on a USB stick, up (laptop to office) or down (the reply).

manifest.json   {"format", "version", "direction", "user_id", "cursor", "scope",
                 "created_at"} and, going down, "receipt" {"accepted", "refused"} and
                 "public_url" (where QR codes point: the check page)
changes.json    a list of changes (wire/change.py)
blobs/<sha256>  photo and signature files, checked against their name on reading
"""

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from ..core.i18n import t
from ..errors import InspectError

FORMAT = "inspect-app-sync-bundle"
VERSION = 1
UP, DOWN = "up", "down"
BLOB_FIELDS = ("sha256", "image_sha256", "site_plan_sha256")  # fields that name a blob


class BundleError(InspectError):
    """A bundle that cannot be used: damaged, for someone else, or of another kind."""


def write_zip(out: Path, manifest: dict, changes: list, blobs: list[tuple[str, Path]]) -> None:
    """Write a bundle atomically: a reader never sees half a file."""
    out = Path(out)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            z.writestr("changes.json", json.dumps(changes, ensure_ascii=False))
            for sha, path in blobs:
                z.write(path, f"blobs/{sha}", compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, out)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InspectError(
            t(f"无法写入 {out}：{e.strerror}", f"cannot write {out}: {e.strerror}")
        ) from None


def read_zip(path: Path, direction: str) -> tuple[zipfile.ZipFile, dict, list]:
    """Open a bundle going `direction`; BundleError says in words why it cannot be used."""
    try:
        z = zipfile.ZipFile(path)
        manifest = json.loads(z.read("manifest.json"))
        changes = json.loads(z.read("changes.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise BundleError(
            t(
                f"同步包已损坏或不是同步包：{path}（{e}）",
                f"not a sync bundle, or a damaged one: {path} ({e})",
            )
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("direction") != direction:
        z.close()
        want = (
            t("上行（笔记本→办公室）", "laptop to office")
            if direction == UP
            else t("回执（办公室→笔记本）", "office to laptop")
        )
        raise BundleError(
            t(f"这不是{want}的同步包：{path}", f"this is not a {want} sync bundle: {path}")
        )
    return z, manifest, changes


def blobs_in(z: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    """The files a bundle carries, each checked against its hash."""
    out = []
    for name in z.namelist():
        if name.startswith("blobs/"):
            sha = name.removeprefix("blobs/")
            data = z.read(name)
            if hashlib.sha256(data).hexdigest() != sha:
                raise BundleError(
                    t(
                        f"同步包中的照片已损坏：{sha[:12]}",
                        f"a photo in the bundle is damaged: {sha[:12]}",
                    )
                )
            out.append((sha, data))
    return out
