"""Decoding one photo: checks, metadata, orientation, display copy and thumbnail.

`process_file` is what the import's worker processes run. It reads the file once, stores the
original bytes unchanged in the BlobStore and the derived JPEGs in the cache (each written
atomically), and returns the metadata. It never touches the database: the importer writes the
Photo record only after every file it names is whole on disk.

JPEGs are decoded in draft mode: libjpeg scales by 1/2, 1/4 or 1/8 while decoding, which is
most of the speed of an import (a 4000×3000 photo decodes at 2000×1500 for a 2048 px display
copy).
"""

import hashlib
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..core.i18n import t
from ..errors import InspectError
from ..store.blobs import BlobStore
from . import cache
from .exif import ExifError, metadata, read_exif

try:  # HEIC/HEIF from phones
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIF": "image/heic", "WEBP": "image/webp"}
# The one list of what a photo may be: the import, every file picker and every check use it.
EXTENSIONS = (".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".webp")


def picker_filter() -> str:
    """The file-dialog filter of every photo picker, in the user's language."""
    exts = " ".join(f"*{e}" for e in EXTENSIONS)
    return t(f"照片 ({exts} {exts.upper()})", f"Photos ({exts} {exts.upper()})")


# EXIF orientation -> the transpose that shows the photo upright (as ImageOps.exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class PhotoError(InspectError):
    """A file that cannot be imported as a photo; the message says why."""


@dataclass(frozen=True)
class Settings:
    display_max_side: int = 2048  # longest side of display copies: the disk cap
    thumb_side: int = 320
    max_pixels: int = 200_000_000  # larger is refused as a decompression bomb
    quality: int = 85


@dataclass
class Decoded:
    """What a worker found out about one file. `error` set means it was refused."""

    file: str
    sha256: str = ""
    bytes: int = 0
    mime: str = ""
    width: int = 0  # as displayed
    height: int = 0
    orientation: int = 1
    taken_at: str = ""
    gps_lat: float | None = None
    gps_lon: float | None = None
    direction: float | None = None
    error: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def process_file(path: str, blob_root: str, cache_root: str, settings: Settings) -> Decoded:
    """Check, store and derive one file. Never raises for a bad file: `error` says why."""
    out = Decoded(file=str(path))
    try:
        data = _read(Path(path))
        out.sha256 = hashlib.sha256(data).hexdigest()
        out.bytes = len(data)
        im = _open(data, settings)
        out.mime = FORMATS[im.format or ""]
        _fill_metadata(out, im)
        derived = cache.DerivedCache(Path(cache_root))
        display = derived.display_path(out.sha256, settings.display_max_side)
        thumb = derived.thumbnail_path(out.sha256, settings.thumb_side)
        blobs = BlobStore(Path(blob_root))
        if not (display.is_file() and thumb.is_file()):
            shown = upright(im, out.orientation, settings.display_max_side, out.mime)
            derived.write(display, _jpeg(shown, settings.quality))
            shown.thumbnail((settings.thumb_side, settings.thumb_side), Image.Resampling.BILINEAR)
            derived.write(thumb, _jpeg(shown, settings.quality))
        if not blobs.has(out.sha256):
            blobs.put_bytes(data)
    except PhotoError as e:
        out.error = str(e)
    except OSError as e:  # the disk, not the photo: say so plainly
        out.error = t(f"无法写入：{e}", f"cannot write: {e}")
    return out


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PhotoError(t("文件不存在", "the file does not exist")) from None
    except IsADirectoryError:
        raise PhotoError(t("这是一个文件夹", "it is a folder")) from None
    except OSError as e:
        raise PhotoError(
            t(f"无法读取文件：{e.strerror}", f"cannot read the file: {e.strerror}")
        ) from None
    if not data:
        raise PhotoError(t("文件是空的（0 字节）", "the file is empty (0 bytes)"))
    return data


def _open(data: bytes, settings: Settings) -> Image.Image:
    """Open from memory, refusing what is not a supported image or is too large to decode."""
    Image.MAX_IMAGE_PIXELS = None  # checked below, against our own limit, before decoding
    try:
        im = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except UnidentifiedImageError:
        raise PhotoError(
            t(
                "不是可识别的图片（支持 JPEG、PNG、HEIC/HEIF、WebP）",
                "not a recognisable image (JPEG, PNG, HEIC/HEIF and WebP are supported)",
            )
        ) from None
    except Exception as e:  # a header so broken the plugin itself fails
        raise PhotoError(
            t(f"图片文件头损坏（{e}）", f"the image header is damaged ({e})")
        ) from None
    if im.width * im.height > settings.max_pixels:
        size = f"{im.width}×{im.height}"
        raise PhotoError(
            t(
                f"图片像素过多（{size}，上限 {settings.max_pixels // 1_000_000} 百万像素），可能是解压炸弹，已拒绝",
                f"too many pixels ({size}, the limit is {settings.max_pixels // 1_000_000} "
                "megapixels): refused as a possible decompression bomb",
            )
        )
    return im


def _fill_metadata(out: Decoded, im: Image.Image) -> None:
    try:
        md = metadata(read_exif(im))
    except ExifError as e:
        raise PhotoError(t(f"{e}，已拒绝", f"{e}; refused")) from None
    if im.format == "HEIF":
        # pillow-heif has already turned the image upright; keep what the file said.
        md.orientation, applied = im.info.get("original_orientation") or 1, True
    else:
        applied = False
    out.orientation = md.orientation
    out.taken_at, out.gps_lat, out.gps_lon, out.direction = (
        md.taken_at,
        md.gps_lat,
        md.gps_lon,
        md.direction,
    )
    w, h = im.size
    if not applied and md.orientation in (5, 6, 7, 8):
        w, h = h, w
    out.width, out.height = w, h
    out.extra["upright"] = applied


def upright(im: Image.Image, orientation: int, max_side: int, mime: str = "") -> Image.Image:
    """The decoded image as displayed (orientation applied), longest side at most `max_side`.

    JPEG: draft mode picks the DCT scale whose size is at least 95% of `max_side`, so a
    4000 px photo decodes at 2000 px for a 2048 cap rather than at full size.
    """
    if im.format == "JPEG" and max(im.size) > max_side:
        k = max_side * 0.95 / max(im.size)
        im.draft("RGB", (max(1, int(im.width * k)), max(1, int(im.height * k))))
    try:
        im.load()
    except Exception as e:
        raise PhotoError(
            t(
                f"图片数据不完整或已损坏（{e}），已拒绝",
                f"the image data is incomplete or damaged ({e}); refused",
            )
        ) from None
    if im.format != "HEIF" and orientation in _TRANSPOSE:
        im = im.transpose(_TRANSPOSE[orientation])
    if im.mode not in ("RGB", "L"):
        im = _flatten(im)
    if max(im.size) > max_side:
        im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return im


def _flatten(im: Image.Image) -> Image.Image:
    """RGB over white for images with transparency (PNG, WebP), plain RGB otherwise."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        bg = Image.new("RGB", im.size, "white")
        bg.paste(im, mask=im.getchannel("A"))
        return bg
    return im.convert("RGB")


def _jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=False)
    return buf.getvalue()


def check_file(path: Path, settings: Settings | None = None) -> tuple[bytes, Image.Image]:
    """Read and open one file as import does, or raise PhotoError saying why in words."""
    data = _read(Path(path))
    return data, _open(data, settings or Settings())
