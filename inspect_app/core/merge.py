"""Merging one change into a record, per field, by hybrid-clock stamp.

The same rule runs on every laptop and on the central store, so every replica that has seen the
same changes holds the same record whatever order they arrived in (the merge is commutative,
associative and idempotent):

- a field takes the change's value when the change's stamp is later than the field's stamp;
- the record's own `hlc` is the latest stamp of any change merged into it, and its `author` the
  author of that change (so `hlc == max(clocks)` always holds);
- `deleted` is a field like any other: a later edit after a deletion brings the record back.
"""

from dataclasses import MISSING, dataclass, fields
from functools import cache
from typing import Any

from .model import BY_TABLE, META_FIELDS, encode


@dataclass
class Merged:
    won: dict[str, Any]  # field -> new value, the change's value was taken
    lost: dict[str, Any]  # field -> the change's value that lost to a later stamp
    replaced: dict[str, Any]  # field -> the value `won` replaced (absent for new fields)
    created: bool


def merge(
    data: dict[str, Any] | None,
    clocks: dict[str, str],
    meta: dict[str, str],
    incoming: dict[str, Any],
    stamp: str,
    author: str,
) -> Merged:
    """Merge `incoming` (stamped `stamp`) into `data`/`clocks` in place.

    `data` is None for a record not seen before (then the caller creates it from `incoming`).
    `meta` holds the record's `hlc` and `author` and is updated in place.
    """
    won, lost, replaced = {}, {}, {}
    created = data is None
    for name, value in incoming.items():
        current = clocks.get(name, "")
        if stamp > current:
            if data is not None and name in data:
                replaced[name] = data[name]
            won[name] = value
            clocks[name] = stamp
            if data is not None:
                data[name] = value
        elif stamp < current and (data is None or data.get(name) != value):
            lost[name] = value
    if stamp > meta.get("hlc", ""):
        meta["hlc"], meta["author"] = stamp, author
    return Merged(won, lost, replaced, created)


@cache
def column_names(table: str) -> frozenset[str]:
    """The fields a change to `table` may set: the record's own fields and `deleted`."""
    cls = BY_TABLE[table]
    return frozenset(f.name for f in fields(cls) if f.name not in META_FIELDS) | {"deleted"}


@cache
def required_fields(table: str) -> frozenset[str]:
    """Fields without a default: a record cannot be created without them."""
    cls = BY_TABLE[table]
    return frozenset(
        f.name
        for f in fields(cls)
        if f.default is MISSING and f.default_factory is MISSING and f.name not in META_FIELDS
    ) - {"id"}


def record_defaults(table: str) -> dict[str, Any]:
    """The stored values a record of `table` starts with before a change's fields are laid on
    it (a fresh dict: the caller may change it). The laptop and the central store both create
    records from changes with it."""
    return dict(_defaults_of(table))


@cache
def _defaults_of(table: str) -> dict[str, Any]:
    out = {}
    for f in fields(BY_TABLE[table]):
        if f.name in META_FIELDS:
            continue
        if f.default is not MISSING:
            out[f.name] = encode(f.default)
        elif f.default_factory is not MISSING:
            out[f.name] = encode(f.default_factory())
    out.pop("id", None)
    out["deleted"] = 0
    return out
