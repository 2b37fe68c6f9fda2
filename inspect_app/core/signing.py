"""What a signature fixes: the canonical bytes of the signed content and their SHA-256.

A signature stores the hash of exactly the content it was given. Any later change to that
content gives another hash, so the signature shows as void, and a printed report carrying the
hash can be checked against the stored record.
"""

import hashlib
import json
from typing import Any

# Fields that describe a record's life, not what was signed.
_VOLATILE = frozenset({"hlc", "author", "deleted", "clocks", "status", "submitted_at", "events"})


def canonical_bytes(content: Any) -> bytes:
    """One byte string per content: sorted keys, no insignificant white space, UTF-8."""
    return json.dumps(
        content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def signable(record: dict[str, Any]) -> dict[str, Any]:
    """The part of a record a signature covers."""
    return {k: v for k, v in record.items() if k not in _VOLATILE}


def without_signature_items(answers: dict[str, Any], signature_ids: set[str]) -> dict[str, Any]:
    """An inspection's answers without those of its signature items (top level or in a
    repeating group's entries): a signature never covers itself or another party's."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        if key in signature_ids:
            continue
        if isinstance(value, list) and all(isinstance(e, dict) for e in value):
            value = [{k: v for k, v in e.items() if k not in signature_ids} for e in value]
        out[key] = value
    return out


def report_hash(contents: dict[str, Any], signed_keys: list[str]) -> str:
    """The hash a printed report carries: of what was signed when one record was signed, else
    of every record it shows (each by its own hash). The laptop prints it; the central store
    checks an issued report's record against it."""
    if len(signed_keys) == 1:
        return content_hash(contents[signed_keys[0]])
    return content_hash({k: content_hash(v) for k, v in sorted(contents.items())})
