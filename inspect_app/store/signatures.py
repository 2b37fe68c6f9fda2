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
from ..core.model import BY_TABLE, Signature
from ..core.signing import content_hash
from ..errors import InspectError, NotFound
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


def sign(
    store: Store,
    target_type: str,
    target_id: str,
    *,
    signer_name: str,
    signer_role: str,
    strokes: list,
    png_bytes: bytes,
    org_id: str = "",
    user_id: str = "",
) -> Signature:
    """Sign a record as it is now: its content hash and a snapshot are kept with the strokes."""
    if target_type not in BY_TABLE:
        raise InspectError(t(f"无法签署此类记录：{target_type}", f"cannot sign a {target_type}"))
    if not signer_name.strip():
        raise InspectError(t("请填写签字人姓名。", "the signer's name is missing"))
    if not signer_role.strip():
        raise InspectError(t("请填写签字人的身份（单位类别）。", "the signer's role is missing"))
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
                signer_name=signer_name.strip(),
                signer_role=signer_role.strip(),
                org_id=org_id,
                user_id=user_id,
                signed_at=now_iso(),
                content_hash=content_hash(content),
                signed_content=content,
                strokes=strokes,
                image_sha256=image,
            )
        )


def _checked_strokes(strokes: list) -> list:
    """Strokes as [[x, y, t, pressure], …] lists of finite numbers; at least one point."""
    bad = InspectError(
        t("签名笔迹无效：请在签名框内签名。", "the signature strokes are invalid: sign in the pad")
    )
    if not isinstance(strokes, list) or not strokes:
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
        return SignatureStatus(VOID, (Change("deleted", False, True),))
    if content_hash(now) == signature.content_hash:
        return SignatureStatus(VALID)
    then = signature.signed_content or {}
    if not then or content_hash(then) != signature.content_hash:
        # Signed before snapshots were kept (or the snapshot was tampered with): only the hash
        # can tell, and it says the content is not what was signed.
        return SignatureStatus(VOID, (Change("*", None, None),))
    return SignatureStatus(VOID, tuple(diff_content(then, now)))


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
