"""Auto-attach: which of a project's photos were taken while an inspection's items were being
checked, suggested for review before anything is attached.

The moments an item was checked come from the record's own history: the audit trail says when
each answer was set, and a defect found at an item says when (and, with GPS, where) it was
reported. A photo is matched to the item checked nearest in time, within a window; when both
have a position, a photo taken far away is not matched, and closeness adds to the score.
"""

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.i18n import t
from ..core.model import Defect, Inspection, Photo, PhotoLink
from ..store import Store
from ..store.inspections import carry_item_photos, check_photos_editable


@dataclass(frozen=True)
class Anchor:
    item_id: str
    at: datetime
    lat: float | None = None
    lon: float | None = None


@dataclass
class Suggestion:
    photo_id: str
    item_id: str  # "" when only the inspection as a whole matches
    score: float  # 0..1
    reason: str
    minutes: float | None = None
    meters: float | None = None


def _when(text: str) -> datetime | None:
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.astimezone()  # a camera's clock is local time


def _answers(value) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def anchors(store: Store, insp: Inspection) -> list[Anchor]:
    """When (and where) each item of the inspection was checked."""
    out = []
    for event in store.history(Inspection.table, insp.id):
        change = event["changes"].get("answers")
        if change is None or not (at := _when(event["at"])):
            continue
        old, new = (change if isinstance(change, list) else [{}, change])[:2]
        old, new = _answers(old), _answers(new)
        out += [Anchor(k, at) for k, v in new.items() if old.get(k) != v]
    for d in store.find(Defect, "inspection_id = ? AND item_id != ''", [insp.id]):
        if at := _when(d.reported_at):
            out.append(Anchor(d.item_id, at, d.gps_lat, d.gps_lon))
    return out


def meters(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def suggest(
    store: Store, inspection_id: str, window_minutes: float = 10, radius_m: float = 150
) -> list[Suggestion]:
    """Photos of the inspection's project, not yet linked to it, that match its items."""
    insp = store.get(Inspection, inspection_id)
    marks = anchors(store, insp)
    start = _when(insp.started_at) or min((a.at for a in marks), default=None)
    end = _when(insp.submitted_at) or max((a.at for a in marks), default=start)
    if start is None or end is None:
        return []
    window = timedelta(minutes=window_minutes)
    linked = {
        ln.photo_id
        for ln in store.find(PhotoLink, "target_type = 'inspection' AND target_id = ?", [insp.id])
    }
    out = []
    for photo in store.find(Photo, "project_id = ? AND taken_at != ''", [insp.project_id]):
        taken = _when(photo.taken_at)
        if photo.id in linked or taken is None or not (start - window <= taken <= end + window):
            continue
        best = None
        for a in marks:
            dt = abs((taken - a.at).total_seconds()) / 60
            if dt > window_minutes:
                continue
            dist = None
            lat, lon = photo.gps_lat, photo.gps_lon
            if lat is not None and lon is not None and a.lat is not None and a.lon is not None:
                dist = meters(lat, lon, a.lat, a.lon)
                if dist > radius_m:
                    continue
            score = 1 - dt / window_minutes
            score = 0.7 * score + 0.3 * (1 - dist / radius_m) if dist is not None else 0.85 * score
            if best is None or score > best.score:
                reason = t(f"拍摄时间相差 {dt:.0f} 分钟", f"taken {dt:.0f} min from the check")
                if dist is not None:
                    reason += t(f"，相距 {dist:.0f} 米", f", {dist:.0f} m away")
                best = Suggestion(photo.id, a.item_id, round(score, 3), reason, round(dt, 1), dist)
        if best is None:
            best = Suggestion(
                photo.id, "", 0.2, t("在检查时间段内拍摄", "taken during the inspection")
            )
        out.append(best)
    return sorted(out, key=lambda s: (-s.score, s.photo_id))


def attach(store: Store, inspection_id: str, accepted: list[Suggestion]) -> list[PhotoLink]:
    """Link the suggestions a user accepted, in one transaction."""
    check_photos_editable(store, "inspection", inspection_id)
    links = [
        PhotoLink(
            photo_id=s.photo_id,
            target_type="inspection",
            target_id=inspection_id,
            item_id=s.item_id,
        )
        for s in accepted
    ]
    with store.transaction():
        for link in links:
            store.save(link)
        for item_id in dict.fromkeys(s.item_id for s in accepted):
            carry_item_photos(store, inspection_id, item_id)
    return links
