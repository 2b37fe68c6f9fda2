"""The content a signature on a record covers, read from the store.

For an inspection that is the record with the answers of its signature items left out, so one
party signing never changes what another signed, and a signature never voids itself.
"""

from typing import Any

from ..core.model import BY_TABLE, Defect, Inspection, PhotoLink
from ..core.signing import content_hash, signable, without_signature_items
from .pinned import signature_item_ids
from .store import Store


def signed_content(store: Store, target_type: str, target_id: str) -> dict[str, Any]:
    """The record itself, plus what it carries: an inspection's defects and photos."""
    cls = BY_TABLE[target_type]
    record = store.get(cls, target_id)
    content: dict[str, Any] = {"type": target_type, "record": signable(record.field_values())}
    if isinstance(record, Inspection):
        content["record"]["answers"] = without_signature_items(
            record.answers, signature_item_ids(store, record)
        )
        defects = store.find(Defect, "inspection_id = ?", [target_id])
        content["defects"] = [signable(d.field_values()) for d in defects]
    # Photo links name their target by record kind ("defect"), signatures by table ("defects").
    kind = target_type.removesuffix("s")
    links = store.find(
        PhotoLink, "target_type IN (?, ?) AND target_id = ?", [target_type, kind, target_id]
    )
    photo_ids = sorted(link.photo_id for link in links)
    if photo_ids:
        marks = ",".join("?" * len(photo_ids))
        content["photos"] = [
            r[0]
            for r in store.db.execute(
                f"SELECT sha256 FROM photos WHERE id IN ({marks}) ORDER BY sha256", photo_ids
            )
        ]
    return content


def current_hash(store: Store, target_type: str, target_id: str) -> str:
    return content_hash(signed_content(store, target_type, target_id))
