"""Signing a record and telling whether a signature still holds.

A signature fixes the content it was given: `content_hash` is the SHA-256 of that content's
canonical bytes, and `signed_content` keeps the content itself, so a signature that no longer
matches can say *which* fields changed since it was made (an answer, a defect's severity, a
photo added). The snapshot travels with the signature record, so a copy synced to another
laptop can explain itself offline too.
"""

import math
from dataclasses import dataclass
from typing import Any

from ..core.i18n import t
from ..core.item_path import entry_path
from ..core.model import BY_TABLE, NAMES, PARTY_NAMES, Inspection, Organization, Signature, User
from ..core.signing import content_hash
from ..errors import InspectError, NotFound
from .identity import AuthError, check_password, signed_in, user_named
from .signing import signed_content
from .store import Store, now_iso

VALID = "valid"
VOID = "void"


@dataclass(frozen=True)
class Change:
    """One difference between what was signed and what is there now."""

    path: str  # "title", "answers.gas_leak", "defects/<id>.severity", "photos", "deleted"
    before: Any
    after: Any
    label: str = ""  # how a person names it: 检查项「燃气泄漏」, 问题「…」, 照片


@dataclass(frozen=True)
class SignatureStatus:
    state: str  # VALID or VOID
    changes: tuple[Change, ...] = ()

    @property
    def valid(self) -> bool:
        return self.state == VALID

    @property
    def changed_fields(self) -> list[str]:
        return [c.path for c in self.changes]

    @property
    def changed_labels(self) -> list[str]:
        """What changed, in words, each named once (item labels, never internal ids)."""
        return list(dict.fromkeys(c.label or c.path for c in self.changes))


def sign(
    store: Store,
    target_type: str,
    target_id: str,
    *,
    strokes: list,
    png_bytes: bytes,
    item: str = "",
    signer: str = "",
    password: str | None = None,
    guest_name: str = "",
    guest_role: str = "",
    guest_org_id: str = "",
) -> Signature:
    """Sign a record, or one signature item of an inspection, as it is now.

    The one operation the form, the signing dialog and the CLI call. Who signs:
    - by default the signed-in user;
    - `signer`, another account (login name), who proves it with `password` (checked against
      the central store when reachable, else the hash cached at their last sign-in);
    - `guest_name` with `guest_role` (居民代表, 街道 …): a person without an account.
    The signature keeps the hash and a snapshot of the content it covers (for an inspection, the
    record without its signature items' answers), so signing never voids another signature.
    Nothing is stored when any check fails.
    """
    if target_type not in BY_TABLE:
        raise InspectError(t(f"无法签署此类记录：{target_type}", f"cannot sign a {target_type}"))
    who = signed_in(store)  # someone is at the laptop and answers for the signing
    item = item.strip()
    if item:
        _check_item(store, target_type, target_id, item)
    if guest_name.strip() or guest_role.strip():
        if signer.strip():
            raise InspectError(
                t("签字人与访客只能选一个。", "give either a signer or a guest, not both")
            )
        if not guest_name.strip():
            raise InspectError(t("请填写访客签字人的姓名。", "the guest's name is missing"))
        if not guest_role.strip():
            raise InspectError(
                t("请填写访客的身份（如 居民代表、街道）。", "the guest's role is missing")
            )
        name, role, org_id, user_id, guest = (
            guest_name.strip(), guest_role.strip(), guest_org_id, "", True
        )  # fmt: skip
    else:
        if signer.strip() and user_named(store, signer).id != who.id:
            if password is None:
                raise AuthError(
                    t(
                        f"“{signer}”签字需要输入其本人的密码。",
                        f"{signer} must give their password to sign",
                    )
                )
            user = check_password(store, signer, password)
        else:
            user = who.user
        name, role, org_id, user_id, guest = (
            user.display_name or user.name, party_of(store, user), user.org_id, user.id, False
        )  # fmt: skip
    strokes = _checked_strokes(strokes)
    if not png_bytes.startswith(b"\x89PNG\r\n\x1a\n"):
        raise InspectError(t("签名图片不是 PNG。", "the signature image is not a PNG"))
    if store.blobs is None:
        raise InspectError(t("此数据库没有文件存储。", "this store has no blob folder"))
    with store.transaction():
        content = signed_content(store, target_type, target_id)  # NotFound if it is gone
        image = store.blobs.put_bytes(png_bytes)
        return store.save(
            Signature(
                target_type=target_type,
                target_id=target_id,
                item=item,
                guest=guest,
                signer_name=name,
                signer_role=role,
                org_id=org_id,
                user_id=user_id,
                signed_at=now_iso(),
                content_hash=content_hash(content),
                signed_content=content,
                strokes=strokes,
                image_sha256=image,
            )
        )


def party_of(store: Store, user: User) -> str:
    """The party a user signs for: their organization's kind (施工单位 …), else their role."""
    orgs = store.find(Organization, "id = ?", [user.org_id]) if user.org_id else []
    if orgs:
        return PARTY_NAMES[orgs[0].kind.value][0]
    return NAMES[user.role]["zh"]


def _check_item(store: Store, target_type: str, target_id: str, path: str) -> None:
    """`path` names a signature item of the inspection (an existing entry, in a group)."""
    from ..core import item_path
    from .pinned import item_label, item_of, template_for

    if target_type != Inspection.table:
        raise InspectError(t("只有检查记录有签字项。", "only an inspection has signature items"))
    insp = store.get(Inspection, target_id)
    tpl = template_for(store, insp)
    it = item_of(tpl, path)
    if it.type != "signature":
        raise InspectError(
            t(
                f"“{item_label(tpl, path)}”（{path}）不是签字项。",
                f"{item_label(tpl, path)!r} ({path}) is not a signature item",
            )
        )
    m = item_path.entry_of(path)
    if m and m[1] >= len(insp.answers.get(m[0]) or []):
        raise InspectError(t(f"{path}：分组中没有这一项。", f"{path}: the group has no such entry"))


def current_signatures(store: Store, target_type: str, target_id: str) -> list[Signature]:
    """The signatures a record carries now: every whole-record signature, and the latest one of
    each signed item (an item signed again after a change replaces its void signature, which
    stays stored as history)."""
    sigs = signatures_for(store, target_type, target_id)
    latest = {s.item: s.id for s in sigs if s.item}
    return [s for s in sigs if not s.item or latest[s.item] == s.id]


def item_signatures(store: Store, inspection_id: str) -> dict[str, Signature]:
    """The latest signature of each signed item of an inspection, by item path."""
    out: dict[str, Signature] = {}
    for sig in signatures_for(store, Inspection.table, inspection_id):
        if sig.item:
            out[sig.item] = sig
    return out


def _checked_strokes(strokes: list) -> list:
    """Strokes as [[x, y, t, pressure], …] lists of finite numbers. None at all for a
    signature given only as an image (the command line)."""
    bad = InspectError(
        t("签名笔迹无效：请在签名框内签名。", "the signature strokes are invalid: sign in the pad")
    )
    if not isinstance(strokes, list):
        raise bad
    out = []
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke:
            raise bad
        points = []
        for p in stroke:
            if (
                not isinstance(p, list | tuple)
                or len(p) != 4
                or not all(isinstance(v, int | float) and math.isfinite(v) for v in p)
            ):
                raise bad
            points.append([float(v) for v in p])
        out.append(points)
    return out


def signatures_for(store: Store, target_type: str, target_id: str) -> list[Signature]:
    return store.find(
        Signature, "target_type = ? AND target_id = ?", [target_type, target_id], "signed_at, id"
    )


def signature_status(store: Store, signature: Signature) -> SignatureStatus:
    """VALID while the signed content is unchanged; VOID, naming what changed, once it is not."""
    try:
        now = signed_content(store, signature.target_type, signature.target_id)
    except NotFound:
        return SignatureStatus(
            VOID, (Change("deleted", False, True, t("记录已删除", "the record was deleted")),)
        )
    if content_hash(now) == signature.content_hash:
        return SignatureStatus(VALID)
    then = signature.signed_content or {}
    if not then or content_hash(then) != signature.content_hash:
        # Signed before snapshots were kept (or the snapshot was tampered with): only the hash
        # can tell, and it says the content is not what was signed.
        return SignatureStatus(
            VOID, (Change("*", None, None, t("所签内容（无快照）", "the signed content")),)
        )
    changes = diff_content(then, now)
    return SignatureStatus(VOID, tuple(_labelled(store, signature, changes)))


def diff_content(then: dict, now: dict) -> list[Change]:
    """The differences between two signed contents, named by field."""
    changes = _diff_fields("", then.get("record", {}), now.get("record", {}))
    before = {d["id"]: d for d in then.get("defects", [])}
    after = {d["id"]: d for d in now.get("defects", [])}
    for did in sorted(before.keys() | after.keys()):
        if did not in after:
            changes.append(Change(f"defects/{did}", before[did].get("title"), None))
        elif did not in before:
            changes.append(Change(f"defects/{did}", None, after[did].get("title")))
        else:
            changes += _diff_fields(f"defects/{did}.", before[did], after[did])
    if then.get("photos", []) != now.get("photos", []):
        changes.append(Change("photos", then.get("photos", []), now.get("photos", [])))
    return changes


def _diff_fields(prefix: str, a: dict, b: dict) -> list[Change]:
    changes = []
    for key in sorted(a.keys() | b.keys()):
        va, vb = a.get(key), b.get(key)
        if va == vb:
            continue
        if isinstance(va, dict) and isinstance(vb, dict):
            changes += _diff_fields(f"{prefix}{key}.", va, vb)  # answers: one change per item
        else:
            changes.append(Change(prefix + key, va, vb))
    return changes


_FIELD_NAMES = {
    "title": ("标题", "title"),
    "notes": ("备注", "notes"),
    "building_id": ("楼栋", "building"),
    "inspector_id": ("检查人", "inspector"),
    "started_at": ("检查日期", "date"),
    "description": ("描述", "description"),
    "severity": ("严重程度", "severity"),
    "category": ("类别", "category"),
    "due_date": ("整改期限", "deadline"),
}


def _labelled(store: Store, sig: Signature, changes: list[Change]) -> list[Change]:
    """The changes named as a person reads them: answers by their items' labels."""
    tpl = None
    if sig.target_type == Inspection.table:
        from .pinned import item_label, template_for

        try:
            tpl = template_for(store, store.get(Inspection, sig.target_id))
        except InspectError:
            tpl = None
    out = []
    for c in changes:
        if c.path.startswith("answers.") and tpl is not None:
            paths = _answer_paths(c, {x.id for x in tpl.sections if x.repeat})
            for path in paths:
                label = item_label(tpl, path)
                where = c.path if len(paths) == 1 and "[" not in path else f"answers.{path}"
                out.append(
                    Change(where, c.before, c.after, t(f"检查项「{label}」", f"item “{label}”"))
                )
        elif c.path.startswith("defects/"):
            title = c.after if c.after is not None and "." not in c.path else c.before
            did = c.path.split("/")[1].split(".")[0]
            if not isinstance(title, str):
                rows = store.db.execute("SELECT title FROM defects WHERE id = ?", [did]).fetchone()
                title = rows[0] if rows else did
            out.append(
                Change(c.path, c.before, c.after, t(f"问题「{title}」", f"defect “{title}”"))
            )
        elif c.path == "photos":
            out.append(Change(c.path, c.before, c.after, t("照片", "photos")))
        else:
            key = c.path.split(".")[0]
            zh, en = _FIELD_NAMES.get(key, (key, key))
            out.append(Change(c.path, c.before, c.after, t(zh, en)))
    return out


def _answer_paths(c: Change, groups: set[str]) -> list[str]:
    """The item paths inside one changed answer: each changed item of a repeating group's
    entries; the item itself otherwise (a location's parts are one item)."""
    rest = c.path[len("answers.") :]
    key = rest.split(".")[0]
    a, b = c.before, c.after
    if "." not in rest and key in groups:
        a = a if isinstance(a, list) else []
        b = b if isinstance(b, list) else []
        paths = []
        for i in range(max(len(a), len(b))):
            ea = a[i] if i < len(a) and isinstance(a[i], dict) else {}
            eb = b[i] if i < len(b) and isinstance(b[i], dict) else {}
            for k in sorted((ea.keys() | eb.keys()) - {"_key"}):
                if ea.get(k) != eb.get(k):
                    paths.append(entry_path(key, i, k))
        return paths or [key]
    return [key]
