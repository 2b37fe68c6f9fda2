"""Real photo files for the tests: JPEGs with EXIF written through Pillow's Exif API, a HEIC
through pillow-heif, and broken files of every kind the importer must refuse."""

import io
import struct
import zlib
from datetime import datetime
from fractions import Fraction
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

# A landscape test card: red top-left corner, blue top-right, so orientation is visible.
W, H = 240, 160


def card(w: int = W, h: int = H, seed: int = 0) -> Image.Image:
    im = Image.new("RGB", (w, h), (40 + seed % 200, 120, 60))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w // 4, h // 4], fill=(255, 0, 0))
    d.rectangle([w - w // 4, 0, w, h // 4], fill=(0, 0, 255))
    d.text((w // 3, h // 2), f"#{seed}", fill="white")
    return im


def stored_for_orientation(im: Image.Image, orientation: int) -> Image.Image:
    """What a camera stores so that applying `orientation` shows `im` upright (the inverse)."""
    inverse = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }
    return im.transpose(inverse[orientation]) if orientation in inverse else im


def _dms(value: float) -> tuple:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round((value - d - m / 60) * 3600, 4)
    return (Fraction(d), Fraction(m), Fraction(s).limit_denominator(10000))


def exif(
    orientation: int = 1,
    taken: datetime | None = None,
    offset: str | None = None,
    gps: tuple[float, float] | None = None,
    direction: float | None = None,
) -> Image.Exif:
    ex = Image.Exif()
    ex[ExifTags.Base.Orientation] = orientation
    ex[ExifTags.Base.Make] = "TestCam"
    if taken:
        sub = ex.get_ifd(ExifTags.IFD.Exif)
        sub[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            sub[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps or direction is not None:
        g = ex.get_ifd(ExifTags.IFD.GPSInfo)
        if gps:
            lat, lon = gps
            g[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
            g[ExifTags.GPS.GPSLatitude] = _dms(lat)
            g[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
            g[ExifTags.GPS.GPSLongitude] = _dms(lon)
        if direction is not None:
            g[ExifTags.GPS.GPSImgDirectionRef] = "T"
            g[ExifTags.GPS.GPSImgDirection] = Fraction(direction).limit_denominator(100)
    return ex


def jpeg(path: Path, im: Image.Image | None = None, quality: int = 90, **exif_kw) -> Path:
    im = im if im is not None else card()
    im.save(path, "JPEG", quality=quality, exif=exif(**exif_kw))
    return path


def oriented_jpeg(path: Path, orientation: int, seed: int = 0) -> Path:
    return jpeg(path, stored_for_orientation(card(seed=seed), orientation), orientation=orientation)


def heic(path: Path, im: Image.Image | None = None, **exif_kw) -> Path:
    import pillow_heif

    pillow_heif.register_heif_opener()
    im = im if im is not None else card()
    im.save(path, "HEIF", quality=80, exif=exif(**exif_kw).tobytes())
    return path


def png(path: Path, im: Image.Image | None = None) -> Path:
    (im if im is not None else card()).save(path, "PNG")
    return path


def webp(path: Path, im: Image.Image | None = None, **exif_kw) -> Path:
    (im if im is not None else card()).save(path, "WEBP", quality=80, exif=exif(**exif_kw))
    return path


# ----- broken files ---------------------------------------------------------------------------


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated_jpeg(path: Path) -> Path:
    buf = io.BytesIO()
    card(800, 600).save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    path.write_bytes(data[: len(data) // 2])
    return path


def not_an_image(path: Path) -> Path:
    path.write_text("会议纪要：这不是图片，只是扩展名写成了 .jpg\n" * 20, encoding="utf-8")
    return path


def bad_exif_jpeg(path: Path) -> Path:
    """A real JPEG whose EXIF segment is garbage after the Exif header."""
    card().save(path, "JPEG", exif=b"Exif\x00\x00" + b"\xde\xad\xbe\xef" * 8)
    return path


def bomb_png(path: Path, side: int = 30_000) -> Path:
    """A small PNG that decodes to side×side pixels (900 megapixels): a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\x00" + b"\x00" * (side // 8 + 1)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(side)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path


def scene(w: int = 1600, h: int = 1200, seed: int = 0) -> Image.Image:
    """A stand-in site photo: sky, a building with windows, a gas riser pipe with rust."""
    import random

    rng = random.Random(seed)
    im = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(im)
    top = (rng.randint(110, 150), rng.randint(150, 190), rng.randint(200, 230))
    for y in range(h):
        k = y / h
        d.line([(0, y), (w, y)], fill=tuple(int(c * (1 - k) + 90 * k) for c in top))
    bx = rng.randint(0, w // 5)
    d.rectangle([bx, h // 6, bx + w * 3 // 5, h], fill=(rng.randint(170, 200), 160, 140))
    for row in range(5):
        for col in range(5):
            x = bx + 40 + col * (w // 9)
            y = h // 6 + 40 + row * (h // 7)
            d.rectangle([x, y, x + w // 14, y + h // 12], fill=(70, 90, 110))
    px = bx + w * 3 // 5 - w // 10
    d.rectangle([px, h // 8, px + w // 60, h], fill=(230, 190, 40))  # yellow gas riser
    for _ in range(12):
        y = rng.randint(h // 2, h - 40)
        d.ellipse([px - 6, y, px + w // 60 + 6, y + 18], fill=(150, 70, 30))
    d.rectangle([0, h - h // 10, w, h], fill=(80, 80, 80))
    return im
