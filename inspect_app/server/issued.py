"""Issued reports on the central store: are they still what their paper shows?

A laptop's `IssuedReport` record (what the document showed, the hash it carries, the
signatures on it) reaches the central store like any record. On arrival it is checked against
the records held here (`refusal`): its hash must follow from the content it claims to have
shown, and each signature it lists must be one this store holds, with the hash it signed.

`check` compares an issued report with the records as they stand now, field by field, and
gives one verdict: matches, changed (which field, when), voided (which signature, why) or not
found (an unknown id, or a hash other than the one issued: possibly forged). The page
(server/verify_page.py) and `inspect-app verify --server` read it.
"""

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from ..core import conflicts as names
from ..core.clock import Stamp
from ..core.defect_status import project_zone
from ..core.i18n import pick
from ..core.merge import column_names
from ..core.model import BY_TABLE, IssuedReport, json_fields
from ..core.report_kinds import kind_title
from ..core.signing import content_hash, report_hash
from ..core.templates import parse_template
from .db import Conn

REPORT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DIGEST = re.compile(r"[0-9a-f]{64}")

MATCHES, CHANGED, VOIDED, NOT_FOUND = "matches", "changed", "voided", "not_found"


@dataclass
class Change:
    label_zh: str
    label_en: str
    at: str  # when, in the project's zone ("" when the store cannot tell)


@dataclass
class Signer:
    name: str
    role: str
    org: str
    at: str
    void_zh: str = ""  # why it no longer holds ("" while it does)
    void_en: str = ""


@dataclass
class Check:
    report_id: str
    verdict: str
    digest: str = ""  # the hash issued (the page compares it with the one the paper carries)
    kind: str = ""
    title_zh: str = ""
    title_en: str = ""
    number: str = ""
    community: str = ""
    organization: str = ""
    issued_at: str = ""
    time_zone: str = ""
    signers: list[Signer] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    hash_given: bool = False  # the caller named a hash, and it was the one issued
    # For `verify FILE.pdf --server` (never on the page): the file's SHA-256 as issued and
    # what each page read (reports/pages.py), so the file itself is compared too.
    file_sha256: str = ""
    pages: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


# ----- reading records as the store holds them ------------------------------------------------


def _decode(table: str, data: dict) -> dict:
    """A record's fields as the laptop has them: JSON fields travel as text."""
    cls = BY_TABLE.get(table)
    if cls is None:
        return data
    out = dict(data)
    for name in json_fields(cls):
        value = out.get(name)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                out[name] = json.loads(value)
    return out


def _row(conn: Conn, table: str, rid: str) -> tuple[dict, dict] | None:
    row = conn.one(
        "SELECT data, clocks FROM records WHERE table_name = ? AND record_id = ?", [table, rid]
    )
    if row is None:
        return None
    return _decode(table, json.loads(row[0])), json.loads(row[1])


def _children(
    conn: Conn, table: str, key: str, value: str, by_parent: bool = False
) -> list[tuple[dict, dict]]:
    """Records of `table` whose `key` field is `value`: found by the indexed parent column
    when that is what `key` names (photo links), else by the field in the stored JSON."""
    if by_parent:
        sql, arg = "SELECT data, clocks FROM records WHERE table_name = ? AND parent_id = ?", value
    else:
        sql = "SELECT data, clocks FROM records WHERE table_name = ? AND data LIKE ?"
        arg = f'%"{key}":"{value}"%'
    rows = conn.all(sql, [table, arg])
    out = []
    for data, clocks in rows:
        d = _decode(table, json.loads(data))
        if d.get(key) == value:
            out.append((d, json.loads(clocks)))
    return out


def _when(stamp: str, tz: tzinfo) -> str:
    try:
        ms = Stamp.parse(stamp).wall_ms
    except ValueError:
        return ""
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _local(iso: str, tz: tzinfo) -> str:
    try:
        at = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=tz)
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b) and a in (0, 1, True, False) and b in (0, 1, True, False)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return content_hash(a) == content_hash(b)


# ----- what changed since ----------------------------------------------------------------------


def _label(fieldname: str) -> tuple[str, str]:
    return names.FIELDS.get(fieldname, (fieldname, fieldname))


def _signature_items(conn: Conn, inspection: dict) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """The inspection's template: its signature items (never covered) and each item's label."""
    digest = inspection.get("template_hash", "")
    for data, _ in _children(conn, "templates", "content_hash", digest):
        try:
            tpl = parse_template(data.get("content", ""), "template")
        except Exception:  # a template this version cannot read: ids stand for labels
            break
        items = tpl.items()
        labels = {i.id: (i.label.zh, i.label.en or i.label.zh) for i in items}
        return {i.id for i in items if i.type == "signature"}, labels
    return set(), {}


def record_title(record: dict, table: str) -> str:
    return str(record.get(names.TITLE_FIELDS.get(table, "title")) or "")


def _record_changes(conn: Conn, key: str, shown: dict, tz: tzinfo, named: bool) -> list[Change]:
    """What differs now from the content of one record a report showed."""
    table, _, rid = key.partition("/")
    if table not in BY_TABLE:
        return [Change("记录", "record", "")]
    found = _row(conn, table, rid)
    what_zh, what_en = names.TABLES.get(table, (table, table))
    if found is None or found[0].get("deleted"):
        at = _when(found[1].get("deleted", ""), tz) if found else ""
        title = record_title(shown.get("record", {}), table)
        return [Change(f"{what_zh}「{title}」已删除", f"{what_en} “{title}” deleted", at)]
    data, clocks = found
    out: list[Change] = []
    if named:  # one of several records the paper shows: say which, as the paper names it
        title = str(record_title(shown.get("record", {}), table))
        pre_zh, pre_en = f"{what_zh}「{title}」", f"{what_en} “{title}”: "
    else:
        pre_zh = pre_en = ""
    record = shown.get("record", {})
    skip: set[str] = set()
    labels: dict[str, tuple[str, str]] = {}
    if table == "inspections":
        skip, labels = _signature_items(conn, data)
    own = column_names(table)
    for name, old in sorted(record.items()):
        if name not in own:
            continue
        new = data.get(name)
        if name == "answers" and isinstance(old, dict) and isinstance(new, dict):
            for item in sorted((set(old) | set(new)) - skip):
                a, b = old.get(item), new.get(item)
                if isinstance(b, list) and skip:
                    b = [
                        {k: v for k, v in e.items() if k not in skip} if isinstance(e, dict) else e
                        for e in b
                    ]
                if not _same(a, b):
                    zh, en = labels.get(item, (item, item))
                    out.append(
                        Change(
                            f"{pre_zh}检查项「{zh}」",
                            f"{pre_en}item “{en}”",
                            _when(clocks.get(name, ""), tz),
                        )
                    )
            continue
        if not _same(old, new):
            zh, en = _label(name)
            out.append(Change(pre_zh + zh, pre_en + en, _when(clocks.get(name, ""), tz)))
    if "defects" in shown:
        was = {str(d.get("id")): d for d in shown["defects"] if isinstance(d, dict)}
        now = {
            str(d.get("id")): (d, c) for d, c in _children(conn, "defects", "inspection_id", rid)
        }
        for did in sorted(set(was) | set(now)):
            if did not in now or now[did][0].get("deleted"):
                title = str(was[did].get("title", ""))
                at = _when(now[did][1].get("deleted", ""), tz) if did in now else ""
                out.append(Change(f"问题「{title}」已删除", f"defect “{title}” deleted", at))
                continue
            d, c = now[did]
            title = str(d.get("title", ""))
            if did not in was:
                at = min((v for v in c.values() if isinstance(v, str)), default="")
                out.append(Change(f"新增问题「{title}」", f"new defect “{title}”", _when(at, tz)))
                continue
            for name, old in sorted(was[did].items()):
                if name in column_names("defects") and not _same(old, d.get(name)):
                    zh, en = _label(name)
                    out.append(
                        Change(
                            f"问题「{title}」{zh}",
                            f"defect “{title}”: {en}",
                            _when(c.get(name, ""), tz),
                        )
                    )
    if "photos" in shown or table in ("defects", "inspections"):
        kind = table.removesuffix("s")
        links = [
            (d, c)
            for d, c in _children(conn, "photo_links", "target_id", rid, by_parent=True)
            if d.get("target_type") in (table, kind) and not d.get("deleted")
        ]
        shas = []
        for link, _ in links:
            photo = _row(conn, "photos", link.get("photo_id", ""))
            if photo is not None:
                shas.append(photo[0].get("sha256", ""))
        if sorted(shas) != sorted(shown.get("photos", [])):
            at = max((v for _, c in links for v in c.values()), default="")
            out.append(Change(pre_zh + "照片", pre_en + "photos", _when(at, tz)))
    return out


# ----- the verdict ----------------------------------------------------------------------------


def _name_of(conn: Conn, table: str, rid: str, fieldname: str = "name") -> str:
    found = _row(conn, table, rid) if rid else None
    if found is None:
        return ""
    data = found[0]
    return str(data.get("display_name") or data.get(fieldname) or "")


def check(conn: Conn, report_id: str, digest: str | None = None) -> Check:
    """The verdict on one issued report. `digest`, when given, must be the hash it was issued
    with; any other is reported as not found (a paper carrying it was not issued so)."""
    if not REPORT_ID.fullmatch(report_id or ""):
        return Check(report_id[:40] if isinstance(report_id, str) else "", NOT_FOUND)
    found = _row(conn, IssuedReport.table, report_id)
    if found is None or found[0].get("deleted"):
        return Check(report_id, NOT_FOUND)
    rep = found[0]
    issued_hash = str(rep.get("content_hash", ""))
    if digest is not None and digest != issued_hash:
        return Check(report_id, NOT_FOUND)
    project_id, author_id = conn.one(
        "SELECT project_id, author FROM records WHERE table_name = ? AND record_id = ?",
        [IssuedReport.table, report_id],
    ) or ("", "")
    project = _row(conn, "projects", project_id or "")
    settings = project[0].get("settings") if project else {}
    tz = project_zone(settings if isinstance(settings, dict) else {})
    author = _row(conn, "users", str(author_id or ""))
    org_id = author[0].get("org_id", "") if author else ""
    zh, en = kind_title(str(rep.get("kind", "")))
    out = Check(
        report_id=report_id,
        verdict=MATCHES,
        digest=issued_hash,
        kind=str(rep.get("kind", "")),
        title_zh=zh,
        title_en=en,
        number=str(rep.get("number", "")),
        community=str(project[0].get("name", "")) if project else "",
        organization=_name_of(conn, "organizations", org_id),
        issued_at=_local(str(rep.get("created_at", "")), tz),
        time_zone=getattr(tz, "key", "") or "Asia/Shanghai",
        hash_given=digest is not None,
        file_sha256=str(rep.get("file_sha256", "")) if digest is not None else "",
        pages=_dict(rep.get("pages")) if digest is not None else {},
    )
    contents = _dict(rep.get("contents"))
    changed: dict[str, list[Change]] = {}
    for key, shown in sorted(contents.items()):
        if not isinstance(shown, dict):
            continue
        found_changes = _record_changes(conn, key, shown, tz, named=len(contents) > 1)
        if found_changes:
            changed[key] = found_changes
            out.changes += found_changes
    signatures = _dict(rep.get("signatures"))
    for sid, info in signatures.items():
        info = info if isinstance(info, dict) else {}
        sig = _row(conn, "signatures", sid)
        if sig is None:
            out.signers.append(
                Signer("?", "", "", "", "存档中没有这个签名", "the record holds no such signature")
            )
            continue
        s = sig[0]
        signer = Signer(
            name=str(s.get("signer_name", "")),
            role=str(s.get("signer_role", "")),
            org=_name_of(conn, "organizations", str(s.get("org_id", ""))),
            at=_local(str(s.get("signed_at", "")), tz),
        )
        target = str(info.get("target", ""))
        shown = contents.get(target)
        if s.get("content_hash") != info.get("hash"):
            signer.void_zh, signer.void_en = "签名记录与出具时不同", "the signature record differs"
        elif shown is not None and content_hash(shown) != s.get("content_hash"):
            signer.void_zh = "出具前所签内容已被更改"
            signer.void_en = "what was signed had changed before the document was issued"
        elif target in changed:
            what = changed[target]
            signer.void_zh = "签名后内容被更改：" + "、".join(c.label_zh for c in what)
            signer.void_en = "changed after signing: " + ", ".join(c.label_en for c in what)
        out.signers.append(signer)
    if any(s.void_zh for s in out.signers):
        out.verdict = VOIDED
    elif out.changes:
        out.verdict = CHANGED
    return out


# ----- on arrival --------------------------------------------------------------------------


def refusal(conn: Conn, data: dict, project_id: str | None = None) -> tuple[str | None, bool]:
    """Why an issued-report record cannot be taken as it stands (None: it can), and whether
    only because a record it names is not here (yet: after a restore, until it is sent again)."""
    rep = _decode(IssuedReport.table, data)
    contents, signatures = rep.get("contents"), rep.get("signatures")
    if not isinstance(contents, dict) or not isinstance(signatures, dict):
        return pick("出具记录的内容不完整。", "the issued report's content is incomplete"), False
    if not REPORT_ID.fullmatch(str(rep.get("id", ""))):
        return pick("报告ID格式不对。", "the report id is malformed"), False
    targets = [s.get("target") for s in signatures.values() if isinstance(s, dict)]
    signed_keys = list(dict.fromkeys(k for k in targets if isinstance(k, str)))
    if any(k not in contents for k in signed_keys):
        return pick(
            "签名所指的内容不在报告中。", "a signature covers content the report lacks"
        ), False
    try:
        expected = report_hash(contents, signed_keys)
    except (TypeError, ValueError):
        return pick(
            "出具记录的内容无法核算。", "the issued report's content cannot be hashed"
        ), False
    if rep.get("content_hash") != expected:
        return pick(
            "报告的校验值与其所载内容不符。",
            "the report's hash does not follow from the content it records",
        ), False
    for key in contents:
        table, _, rid = str(key).partition("/")
        row = conn.one(
            "SELECT project_id FROM records WHERE table_name = ? AND record_id = ?", [table, rid]
        )
        if table not in BY_TABLE or row is None:
            return pick(
                f"报告所示记录不在存档中：{key}", f"the report shows a record not held here: {key}"
            ), True
        if row[0] and project_id and row[0] != project_id:  # a paper of one community
            return pick(
                f"报告所示记录属于另一个小区：{key}",
                f"the report shows a record of another community: {key}",
            ), False
    for sid, info in signatures.items():
        sig = _row(conn, "signatures", str(sid))
        if sig is None:
            return pick(
                f"报告所列签名不在存档中：{sid}",
                f"a signature on the report is not held here: {sid}",
            ), True
        if not isinstance(info, dict) or sig[0].get("content_hash") != info.get("hash"):
            return pick(
                f"报告所列签名与存档不符：{sid}", f"a signature on the report is not as held: {sid}"
            ), False
    return None, False
