"""Text stored before the text policy (core/text.py), brought under it once per profile.

A profile written by an older version may hold what the policy now normalises (Word's U+000B
pasted into a description, a stray control character). The first time it is opened by the
signed-in user, each such record is saved again through `Store.save`: the text kept as the
policy says, the change stamped, audited (with the `normalise` note) and sent like any edit.
Facts (append-only records) are never rewritten: the writers' own defence covers them. A record
the policy would refuse (too long, a lone surrogate) is left as it is.
"""

from dataclasses import fields
from typing import TYPE_CHECKING, get_type_hints

from ..core.model import META_FIELDS, RECORD_TYPES
from ..core.text import VERBATIM, TextRefused

if TYPE_CHECKING:  # Store.open calls this module: a run-time import would be a cycle
    from .store import Store

DONE = "text.policy"  # meta key: the policy version this profile's stored text was brought to
VERSION = "1"
# what the policy changes, as a GLOB class (NUL cannot be written in a pattern)
_DIRTY = "*[\x01-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]*"


def _text_columns(cls) -> list[str]:
    hints = get_type_hints(cls)
    return [
        f.name
        for f in fields(cls)
        if hints[f.name] is str and f.name not in META_FIELDS and f.name not in VERBATIM
    ]


def repair_stored_text(store: "Store") -> int:
    """Save again every live record whose text the policy would change; how many were."""
    if store.get_meta(DONE) == VERSION or not store.actor:
        return 0
    repaired = 0
    with store.transaction():
        for cls in RECORD_TYPES:
            if cls.append_only:
                continue
            columns = _text_columns(cls)
            if not columns:
                continue
            cond = " OR ".join(f'"{c}" GLOB ?' for c in columns)
            ids = [
                r[0]
                for r in store.db.execute(
                    f"SELECT id FROM {cls.table} WHERE deleted = 0 AND ({cond})",
                    [_DIRTY] * len(columns),
                )
            ]
            for record_id in ids:
                try:
                    store.save(store.get(cls, record_id))
                except TextRefused:
                    continue
                repaired += 1
        store.set_meta(DONE, VERSION)
    return repaired
