"""What a photo's EXIF says: orientation, capture time, GPS position and camera direction.

Pillow is lenient with damaged EXIF (it silently returns nothing); a photo whose EXIF block is
present but unreadable is refused instead, because its orientation and time cannot be trusted.
"""

from dataclasses import dataclass
from datetime import datetime

from PIL import ExifTags, Image

from ..core.i18n import t

_ORIENTATION = 0x0112
_DATETIME = 0x0132
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011


class ExifError(ValueError):
    pass


@dataclass
class Metadata:
    orientation: int = 1
    taken_at: str = ""  # ISO 8601, with the offset when the camera recorded one
    gps_lat: float | None = None
    gps_lon: float | None = None
    direction: float | None = None  # camera bearing, degrees from north


def read_exif(im: Image.Image) -> Image.Exif:
    """The image's EXIF, checked: raise ExifError when a block is there but cannot be read."""
    raw = im.info.get("exif")
    if not raw:
        return im.getexif()
    body = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
    if body[:4] not in (b"II*\x00", b"MM\x00*"):
        raise ExifError(t("EXIF 数据头损坏", "the EXIF header is damaged"))
    exif = Image.Exif()
    try:
        exif.load(raw)
        if len(exif) == 0:
            raise ValueError("no entries")
        exif.get_ifd(ExifTags.IFD.Exif)
        exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception as e:  # Pillow raises many kinds on damaged IFDs
        raise ExifError(
            t(f"EXIF 数据无法读取（{e}）", f"the EXIF data cannot be read ({e})")
        ) from e
    return exif


def metadata(exif: Image.Exif) -> Metadata:
    md = Metadata()
    orientation = exif.get(_ORIENTATION, 1)
    md.orientation = orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    md.taken_at = _time(
        sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME), sub.get(_OFFSET_TIME_ORIGINAL)
    )
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        md.gps_lat = _coord(gps.get(2), gps.get(1), "S")
        md.gps_lon = _coord(gps.get(4), gps.get(3), "W")
        if md.gps_lat is None or md.gps_lon is None:
            md.gps_lat = md.gps_lon = None
        direction = gps.get(17)
        if direction is not None:
            try:
                md.direction = round(float(direction) % 360, 2)
            except (TypeError, ValueError, ZeroDivisionError):
                md.direction = None
    return md


def _time(value, offset) -> str:
    """EXIF '2026:11:25 10:31:00' (+ '+08:00') as ISO 8601; '' when absent or nonsense."""
    if not isinstance(value, str):
        return ""
    try:
        dt = datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return ""
    iso = dt.isoformat(timespec="seconds")
    if isinstance(offset, str) and len(offset.strip("\x00 ")) == 6:
        try:
            return datetime.fromisoformat(iso + offset.strip("\x00 ")).isoformat()
        except ValueError:
            pass
    return iso


def _coord(dms, ref, negative: str) -> float | None:
    try:
        d, m, s = (float(x) for x in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = d + m / 60 + s / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip("\x00 ").upper() == negative:
        value = -value
    if not (-180 <= value <= 180) or value != value:
        return None
    return round(value, 7)
