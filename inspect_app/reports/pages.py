"""What each page of a PDF reads and draws, kept when a report is issued and compared by verify.

Two fingerprints per page, both independent of how the file is laid out (object numbers,
cross-reference table, metadata), so the page that differs can be named:

- `text`: the SHA-256 of the page's text as pypdf extracts it; the text itself is kept too
  (compressed), so a difference is named in words: "page 1: 编号 ZG-…-3F9A2C → ZG-…-3F9A2D".
- `ink`: the SHA-256 of everything the page is drawn from: its content streams decoded, and,
  followed through every reference, its resources (fonts, images, forms), annotations and
  boxes. A changed image, glyph or line is caught even where the text is the same.

And one for the document: its object graph from the catalog with every stream as stored, so
a copy saved again with its streams unchanged (objects renumbered, metadata rewritten) still
matches, while a flipped byte that decompresses to the same data, or a copy compressed again,
does not.

The same code reads the file at issue time and at verify time, so the extraction's quirks
(spacing, line order) are the same on both sides.
"""

import base64
import difflib
import hashlib
import logging
import re
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.i18n import t


class Unreadable(Exception):
    """The PDF, or one of its pages, cannot be read: damaged."""


@dataclass(frozen=True)
class Page:
    text: str  # as extracted
    text_sha: str
    ink_sha: str

    def record(self) -> dict:
        packed = base64.b64encode(zlib.compress(self.text.encode("utf-8"), 9)).decode("ascii")
        return {"text": self.text_sha, "ink": self.ink_sha, "z": packed}


def stored_text(page: dict) -> str:
    """The text of an issued page, as kept in the issued-report record."""
    try:
        return zlib.decompress(base64.b64decode(page.get("z", ""))).decode("utf-8")
    except (ValueError, zlib.error):
        return ""


@dataclass(frozen=True)
class Reading:
    """A PDF read back: its pages, and the fingerprint of the document around them."""

    pages: list[Page]
    document: str  # sha256 of the object graph from the catalog as stored, and the metadata
    keywords: str = ""  # the metadata's Keywords: the report id and hash (verify checks them)

    def record(self) -> dict:
        return {"document": self.document, "pages": [p.record() for p in self.pages]}


# Metadata a program saving a copy rewrites (and the ids, which verify checks on their own).
_VOLATILE_INFO = ("/Keywords", "/Producer", "/ModDate")


def read_pdf(source: Path | bytes) -> Reading:
    """Every page's text and fingerprints; Unreadable names what could not be read."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            pages = list(reader.pages)
            bad_offsets = _xref_mismatches(data)
            if bad_offsets:
                raise Unreadable(
                    t(
                        f"文件已损坏：交叉引用表与对象位置不符（对象 {bad_offsets[0]}）",
                        f"the file is damaged: its cross-reference table does not match "
                        f"(object {bad_offsets[0]})",
                    )
                )
        except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise Unreadable(
                t(f"文件已损坏，无法读取（{e}）", f"the file is damaged ({e})")
            ) from None
        out = []
        for n, page in enumerate(pages, 1):
            try:
                # A damaged font map can yield lone surrogates: keep the text encodable.
                text = (page.extract_text() or "").encode("utf-8", "replace").decode("utf-8")
                ink = _fingerprint(page, skip=("/Parent",))
            except Exception as e:  # any failure inside a damaged page is damage
                raise Unreadable(
                    t(f"第 {n} 页已损坏，无法读取（{e}）", f"page {n} is damaged ({e})")
                ) from None
            out.append(Page(text, hashlib.sha256(text.encode("utf-8")).hexdigest(), ink))
        try:
            info = reader.trailer.get("/Info")
            info = info.get_object() if info is not None else {}
            meta = {k: str(v) for k, v in info.items() if k not in _VOLATILE_INFO}
            keywords = str(info.get("/Keywords", ""))
            catalog = reader.trailer["/Root"].get_object()
            document = hashlib.sha256(
                (repr(sorted(meta.items())) + _fingerprint(catalog, skip=(), raw=True)).encode()
            ).hexdigest()
        except Exception as e:  # the catalog is damaged
            raise Unreadable(t(f"文件已损坏（{e}）", f"the file is damaged ({e})")) from None
        return Reading(out, document, keywords)


@contextmanager
def quiet_pypdf():
    """pypdf logs every oddity of a damaged file; verify reports the damage once, in words."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _xref_mismatches(data: bytes) -> list[int]:
    """Objects whose offset in a classic cross-reference table does not point at them.
    (pypdf silently rebuilds a table that is wrong; a file as issued never has one.)"""
    at = data.rfind(b"startxref")
    m = re.match(rb"startxref\s+(\d+)", data[at:]) if at >= 0 else None
    if not m:
        return []
    start = int(m.group(1))
    head = re.match(rb"xref\s+(\d+)\s+(\d+)\s+", data[start:])
    if not head:
        return []  # a cross-reference stream: pypdf checks those itself
    first, count = int(head.group(1)), int(head.group(2))
    pos = start + head.end()
    bad, found = [], []
    for i in range(count):
        entry = data[pos + 20 * i : pos + 20 * i + 20]
        fields = entry.split()
        if len(fields) != 3 or fields[2] not in (b"n", b"f") or not fields[0].isdigit():
            bad.append(first + i)
            continue
        if fields[2] == b"n":
            offset, gen = int(fields[0]), int(fields[1])
            if not re.match(rb"\s*%d\s+%d\s+obj" % (first + i, gen), data[offset : offset + 40]):
                bad.append(first + i)
            found.append((offset, first + i))
    # Each object ends with `endobj` before the next begins.
    found.sort()
    for (offset, num), (end, _) in zip(found, [*found[1:], (start, 0)], strict=True):
        segment = data[offset:end]
        tail = segment[segment.rfind(b"endobj") + 6 :] if b"endobj" in segment else b"x"
        if any(line.strip() and not line.lstrip().startswith(b"%") for line in tail.splitlines()):
            bad.append(num)  # only white space and comments may follow an object
    return bad


def _fingerprint(root, skip: tuple[str, ...], raw: bool = False) -> str:
    """SHA-256 over a dictionary followed through its references: every stream's decoded
    bytes, every name, number and string, in key order; each object once. `skip` names keys not followed (a page's /Parent leads to the
    other pages). `raw`: streams as stored (compressed) rather than decoded."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        IndirectObject,
        StreamObject,
    )

    h = hashlib.sha256()
    seen: set[tuple[int, int]] = set()

    def walk(obj) -> None:
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                h.update(b"<ref>")
                return
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            h.update(b"<stream>")
            walk_dict(obj, ())
            _check_flate(obj)
            # As stored (`raw`: a compressed stream can be altered so that it still
            # decompresses to the same thing, which only its stored bytes show), else decoded.
            data = (getattr(obj, "_data", b"") or obj.get_data()) if raw else obj.get_data()
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
        elif isinstance(obj, DictionaryObject):
            walk_dict(obj, ())
        elif isinstance(obj, ArrayObject):
            h.update(b"[")
            for x in obj:
                walk(x)
            h.update(b"]")
        elif obj is None:
            h.update(b"<missing>")
        else:
            h.update(repr(obj).encode("utf-8", "replace") + b"\x00")

    def walk_dict(d, skipped: tuple[str, ...]) -> None:
        h.update(b"{")
        for k in sorted(d.keys()):
            # How a stream was compressed and how long it was stored are not what it draws.
            if k in skipped or k in ("/Length", "/Filter", "/DecodeParms", "/Length1"):
                continue
            h.update(k.encode("utf-8") + b"=")
            walk(d.raw_get(k))
        h.update(b"}")

    walk_dict(root, skip)
    return h.hexdigest()


def _check_flate(stream) -> None:
    """A Flate stream must decompress cleanly, checksum included: pypdf quietly returns what
    it could decode from a damaged one, which can be all of it."""
    filters = stream.get("/Filter")
    if filters is None:
        return
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
    if names and names[0] in ("/FlateDecode", "/Fl"):
        raw = getattr(stream, "_data", b"")
        try:
            zlib.decompress(raw)
        except zlib.error as e:
            raise ValueError(f"damaged compressed stream ({e})") from None


def differences(issued: dict, now: Reading) -> list[str]:
    """What differs between the file as issued and as read now, in words, page by page."""
    problems: list[str] = []
    was_pages = issued.get("pages", [])
    if len(was_pages) != len(now.pages):
        problems.append(
            t(
                f"页数不符：出具时 {len(was_pages)} 页，现为 {len(now.pages)} 页",
                f"the page count differs: {len(was_pages)} issued, {len(now.pages)} now",
            )
        )
    for n, (was, page) in enumerate(zip(was_pages, now.pages, strict=False), 1):
        if was.get("text") != page.text_sha:
            changes = text_changes(stored_text(was), page.text)
            if not changes:
                changes = [t("（文字的空白或顺序不同）", "(white space or order differs)")]
            for c in changes:
                problems.append(t(f"第 {n} 页文字与出具时不符：{c}", f"page {n} text differs: {c}"))
        elif was.get("ink") != page.ink_sha:
            problems.append(
                t(
                    f"第 {n} 页文字相同，但页面上绘制的内容（图像、字形、线条或批注）与出具时不符",
                    f"page {n}: the text is the same, but what is drawn (an image, glyphs, lines "
                    "or annotations) differs from what was issued",
                )
            )
    if not problems and issued.get("document") != now.document:
        problems.append(
            t(
                "各页文字和绘制内容相同，但文件的结构、元数据或所存数据流的字节与出具时不符"
                "（被改动，或经其他程序重新压缩）",
                "the pages read and draw the same, but the file's structure, metadata or the "
                "stored bytes of its streams differ from what was issued (altered, or "
                "compressed again by another program)",
            )
        )
    return problems


def text_changes(old: str, new: str, limit: int = 6, width: int = 60) -> list[str]:
    """`«old» → «new»` for each run of lines that differ (at most `limit`), trimmed to the
    part that changed with a little of what surrounds it."""
    a, b = old.splitlines(), new.splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before, after = "\n".join(a[i1:i2]), "\n".join(b[j1:j2])
        before, after = _trim(before, after, width)
        out.append(f"«{before}» → «{after}»")
        if len(out) == limit:
            out.append(t("……（还有更多不同）", "… (and more)"))
            break
    return out


def _trim(a: str, b: str, width: int) -> tuple[str, str]:
    """The differing middle of two strings, with up to a dozen characters around it."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo = max(0, start - 12)

    def cut(s: str) -> str:
        hi = len(s) - max(0, end - 12)
        piece = s[lo:hi].replace("\n", " ⏎ ")
        if len(piece) > width:
            piece = piece[: width - 1] + "…"
        return ("…" if lo else "") + piece + ("…" if hi < len(s) else "")

    return cut(a), cut(b)
