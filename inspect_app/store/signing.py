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


def signed_contents(store: Store, target_type: str, records: list) -> dict[str, dict[str, Any]]:
    """`signed_content` of many records already read (not inspections), by id: the same
    content, with their photos read in one query per 500 records rather than two per record."""
    out: dict[str, dict[str, Any]] = {}
    kind = target_type.removesuffix("s")
    for i in range(0, len(records), 500):
        chunk = records[i : i + 500]
        marks = ",".join("?" * len(chunk))
        photos: dict[str, list[str]] = {}
        # DISTINCT photo: one linked twice counts once, as `WHERE id IN (...)` does above.
        for target_id, sha in store.db.execute(
            f"SELECT target_id, sha256 FROM (SELECT DISTINCT l.target_id, p.id, p.sha256"
            f" FROM photo_links l JOIN photos p ON p.id = l.photo_id"
            f" WHERE l.target_type IN (?, ?) AND l.target_id IN ({marks}) AND l.deleted = 0)"
            f" ORDER BY sha256",
            [target_type, kind, *(r.id for r in chunk)],
        ):
            photos.setdefault(target_id, []).append(sha)
        for r in chunk:
            if isinstance(r, Inspection):
                raise TypeError("an inspection's content carries its answers: signed_content")
            content: dict[str, Any] = {"type": target_type, "record": signable(r.field_values())}
            if r.id in photos:
                content["photos"] = photos[r.id]
            out[r.id] = content
    return out
