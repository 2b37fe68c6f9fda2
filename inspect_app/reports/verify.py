"""Checking a printed report against the store: is it still what was issued and signed?

The report id and the hash are read back from the PDF's metadata (or, if a re-save dropped
it, from the text printed on the pages). The issued-report record keeps the content of every
record the report showed, so a change since is named field by field.
"""

import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.i18n import t
from ..core.model import IssuedReport, Signature
from ..core.signing import content_hash
from ..errors import InspectError, NotFound
from ..store import Store
from ..store.signing import signed_content
from .context import FACT_KINDS, report_hash
from .layout import HASH_KEY, ID_KEY
from .pages import Unreadable, differences, quiet_pypdf, read_pdf

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_SHA = r"[0-9a-f]{64}"


@dataclass
class Verdict:
    report: IssuedReport
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_ids(
    pdf: Path, data: bytes | None = None, known: Callable[[str], bool] = lambda _: True
) -> list[tuple[str, str]]:
    """The (report id, content hash) pairs a report PDF carries, most trusted first: its
    metadata, the raw bytes (a damaged file pypdf cannot open still has them), and, when
    none of those is `known`, the page text. A file that carries none is not a report."""
    data = pdf.read_bytes() if data is None else data
    with quiet_pypdf():
        return _read_ids(pdf, data, known)


def _read_ids(pdf: Path, data: bytes, known: Callable[[str], bool]) -> list[tuple[str, str]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    found: list[tuple[str, str]] = []
    pattern = rf"{ID_KEY}=({_UUID}) {HASH_KEY}=({_SHA})"
    try:
        reader = PdfReader(io.BytesIO(data))
        keywords = str(reader.metadata.get("/Keywords", "")) if reader.metadata else ""
        found += re.findall(pattern, keywords)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        reader = None
    found += re.findall(pattern, data.decode("latin-1"))
    if reader is not None and not any(known(rid) for rid, _ in found):
        # The metadata was dropped (printed to PDF again?) or altered: the pages carry both.
        try:
            text = "".join(page.extract_text() or "" for page in reader.pages)
        except Exception:  # a damaged page: nothing to read here
            text = ""
        rid = re.search(rf"({_UUID})", text)
        digest = re.search(rf"SHA-256: ?({_SHA})", re.sub(r"\s+", "", text))
        if rid and digest:
            found.append((rid.group(1), digest.group(1)))
    if not found:
        if reader is None:
            raise InspectError(t(f"无法读取 PDF：{pdf}", f"cannot read the PDF {pdf}"))
        raise InspectError(
            t(
                f"{pdf} 不是 inspect-app 出具的报告（找不到报告ID和校验值）。",
                f"{pdf} is not an inspect-app report (no report id and hash in it)",
            )
        )
    return list(dict.fromkeys(found))


def verify(store: Store, pdf: Path) -> Verdict:
    """Is this file what was issued, and do the records it shows still say the same?

    Identical bytes to an issued file pass at once (its pages are not read). Otherwise every
    page is read and compared with what was issued: the text, named where it differs, and
    what is drawn. Then, either way, the records and signatures are checked in the store."""
    pdf = Path(pdf)
    if not pdf.is_file():
        raise InspectError(t(f"文件不存在：{pdf}", f"no such file: {pdf}"))
    data = pdf.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    same = store.find(IssuedReport, "file_sha256 = ?", [digest], limit=1)
    if same:
        v = Verdict(same[0])
        v.notes.append(t("文件与出具时逐字节一致。", "the file is byte for byte the one issued"))
    else:
        v = _compare_pages(store, pdf, data)
    _check_records(store, v)
    return v


def _compare_pages(store: Store, pdf: Path, data: bytes) -> Verdict:
    pairs = read_ids(pdf, data, lambda rid: bool(store.find(IssuedReport, "id = ?", [rid])))
    record = None
    for report_id, _ in pairs:
        try:
            record = store.get(IssuedReport, report_id)
            break
        except NotFound:
            continue
    if record is None:
        report_id = pairs[0][0]
        raise InspectError(
            t(
                f"本数据目录中没有报告 {report_id} 的出具记录（是否来自另一数据目录？）。",
                f"report {report_id} was not issued from this profile (another profile?)",
            )
        )
    v = Verdict(record)
    for report_id, printed_hash in pairs:
        if report_id != record.id:
            v.problems.append(
                t(
                    f"PDF 中另有一个报告ID {report_id}，与 {record.id} 不符",
                    f"the PDF also names report {report_id}, not {record.id}",
                )
            )
        elif printed_hash != record.content_hash:
            v.problems.append(
                t(
                    f"PDF 中的校验值与出具记录不符：PDF {printed_hash}，记录 {record.content_hash}",
                    f"the hash in the PDF differs from the issued record: PDF {printed_hash}, "
                    f"record {record.content_hash}",
                )
            )
    if not record.pages:
        v.problems.append(
            t(
                "文件与出具时的字节不同，且出具记录未保存各页内容（旧版本出具），无法核对页面。",
                "the file's bytes differ from the one issued, and the issued record keeps no "
                "page text (issued by an older version): its pages cannot be checked",
            )
        )
        return v
    try:
        reading = read_pdf(data)
    except Unreadable as e:
        v.problems.append(str(e))
        return v
    found = differences(record.pages, reading)
    issued_keywords = f"{ID_KEY}={record.id} {HASH_KEY}={record.content_hash}"
    if reading.keywords and reading.keywords != issued_keywords:
        found.append(
            t(
                f"PDF 元数据中的报告ID和校验值被改动：{reading.keywords!r}",
                f"the report id and hash in the PDF's metadata were altered: {reading.keywords!r}",
            )
        )
    v.problems += found
    if not found:
        v.notes.append(
            t(
                f"文件与出具时的字节不同（可能经过另存），但 {len(reading.pages)} 页的文字和"
                "绘制内容均与出具时一致。",
                f"the file's bytes differ from the one issued (saved again?), but the text and "
                f"drawing of all {len(reading.pages)} pages are as issued",
            )
        )
    return v


def _check_records(store: Store, v: Verdict) -> None:
    """Each record the report showed, and each signature, as they stand in the store now."""
    record = v.report
    current: dict[str, Any] = {}
    for key, stored in record.contents.items():
        table, record_id = key.split("/", 1)
        try:
            current[key] = signed_content(store, table, record_id)
        except NotFound:
            v.problems.append(t(f"{key}：记录已被删除", f"{key}: the record was deleted"))
            continue
        if content_hash(current[key]) != content_hash(stored):
            name = _name(stored)
            for path, old, new in diff(stored, current[key]):
                v.problems.append(
                    t(
                        f"{key}（{name}）字段 {path} 已更改：{old!r} → {new!r}",
                        f"{key} ({name}): field {path} changed: {old!r} → {new!r}",
                    )
                )
    signed_keys = list(dict.fromkeys(s["target"] for s in record.signatures.values()))
    complete = len(current) == len(record.contents)
    if (
        record.contents
        and record.kind not in FACT_KINDS  # their hash is of the facts shown, checked by page
        and complete
        and not v.problems
        and report_hash(current, signed_keys) != record.content_hash
    ):
        # Changed in a way the field diff cannot see.
        v.problems.append(t("报告内容的校验值已改变", "the content hash of the report changed"))
    for sig_id, info in record.signatures.items():
        _check_signature(store, v, sig_id, info, current)


def _check_signature(store: Store, v: Verdict, sig_id: str, info: dict, current: dict) -> None:
    try:
        sig = store.get(Signature, sig_id)
    except NotFound:
        v.problems.append(t(f"签名 {sig_id} 已不存在", f"signature {sig_id} no longer exists"))
        return
    who = f"{sig.signer_role} {sig.signer_name}"
    now = current.get(info["target"])
    if sig.content_hash != info["hash"]:
        v.problems.append(t(f"{who} 的签名记录被更改", f"the signature of {who} was altered"))
    elif now is not None and content_hash(now) != sig.content_hash:
        # The signature keeps what was signed: name what changed since, even when the report
        # itself was printed after the change.
        kept = getattr(sig, "signed_content", None) or {}
        changed = ", ".join(p for p, _, _ in diff(kept, now)) if kept else ""
        v.problems.append(
            t(
                f"{who} 的签名已失效：签名后 {info['target']} 的内容被更改"
                + (f"（{changed}）" if changed else ""),
                f"the signature of {who} is void: {info['target']} changed after signing"
                + (f" ({changed})" if changed else ""),
            )
        )
    else:
        v.notes.append(t(f"{who} 的签名有效", f"the signature of {who} is valid"))


def diff(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Where two contents differ: (dotted path, old value, new value). Lists of records are
    matched by id, so a reordered list is not a change."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new), key=str):
            p = f"{path}.{k}" if path else str(k)
            if k not in old or k not in new:
                out.append((p, old.get(k), new.get(k)))
            else:
                out += diff(old[k], new[k], p)
        return out
    if isinstance(old, list) and isinstance(new, list) and _all_ids(old) and _all_ids(new):
        a, b = {x["id"]: x for x in old}, {x["id"]: x for x in new}
        out = []
        for i in sorted(set(a) | set(b)):
            p = f"{path}[{i}]"
            out += diff(a[i], b[i], p) if i in a and i in b else [(p, a.get(i), b.get(i))]
        return out
    return [] if old == new else [(path, old, new)]


def _all_ids(items: list) -> bool:
    return all(isinstance(x, dict) and "id" in x for x in items)


def _name(content: dict) -> str:
    rec = content.get("record", {})
    return str(rec.get("title") or rec.get("name") or rec.get("id", ""))
