"""Text stored before the text policy (core/text.py), brought under it once per profile.

A profile written by an older version may hold what the policy now normalises (Word's U+000B
pasted into a description, a stray control character). The first time it is opened by the
signed-in user, each such record is saved again through `Store.save`: the text kept as the
policy says, the change stamped, audited (with the `normalise` note) and sent like any edit.
A record the policy would refuse (too long, a lone surrogate) is left as it is.

Changes not yet acknowledged by the central store are cleaned where they wait (the outbox), since
the central store takes only clean text: a refused creation would be taken out of the tables.
A fact (an append-only record: an event, a signature) is cleaned the same way while nothing of
it has been acknowledged, so the laptop keeps what it sends; once acknowledged it is never
rewritten, and the writers' own defence covers it.
"""

import json
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, get_type_hints

from ..core.model import BY_TABLE, META_FIELDS, RECORD_TYPES, json_fields
from ..core.text import VERBATIM, TextRefused, clean_encoded

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
        repaired += _repair_outbox(store)
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


# Outbox fields are JSON: controls appear escaped (\u0007, \f, \b, \r), breaks and DEL raw.
_OUTBOX_DIRTY = (
    "fields LIKE '%\\u00%' OR fields LIKE '%\\r%' OR fields LIKE '%\\f%'"
    " OR fields LIKE '%\\b%' OR fields GLOB ?"
)


def _repair_outbox(store: "Store") -> int:
    """Clean the text of changes still waiting for the central store's receipt."""
    rows = store.db.execute(
        "SELECT seq, table_name, record_id, hlc, author, fields FROM outbox"
        f" WHERE acked_at IS NULL AND ({_OUTBOX_DIRTY})",
        [_DIRTY],
    ).fetchall()
    repaired = 0
    for seq, table, record_id, stamp, author, text in rows:
        cls = BY_TABLE.get(table)
        if cls is None:
            continue
        given = json.loads(text)
        cleaned, notes = clean_encoded(given, json_fields(cls), repair=True)
        if cleaned == given:
            continue
        store.db.execute(
            "UPDATE outbox SET fields = ? WHERE seq = ?",
            [json.dumps(cleaned, ensure_ascii=False, sort_keys=True, separators=(",", ":")), seq],
        )
        acked = store.db.execute(
            "SELECT 1 FROM outbox WHERE table_name = ? AND record_id = ? AND acked_at IS NOT NULL",
            [table, record_id],
        ).fetchone()
        if cls.append_only and not acked:  # a fact nobody else holds yet: kept as it is sent
            changed = {k: v for k, v in cleaned.items() if v != given[k] and k != "id"}
            sets = ", ".join(f'"{k}" = ?' for k in changed)
            store.db.execute(
                f"UPDATE {table} SET {sets} WHERE id = ?", [*changed.values(), record_id]
            )
        if notes:
            store.db.execute(
                "INSERT INTO audit (hlc, at, actor, action, table_name, record_id, changes)"
                " VALUES (?, ?, ?, 'normalise', ?, ?, ?)",
                [stamp, datetime.now().astimezone().isoformat(timespec="seconds"), author, table, record_id,
                 json.dumps({n.field: list(n.removed) for n in notes}, ensure_ascii=False)],
            )  # fmt: skip
        repaired += 1
    return repaired
