"""Reading what reports show: defects with their photos and workflow events, filters,
overdue, and the statutory warranty periods."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core import defect_status
from ..core.model import Defect, DefectEvent, DefectStatus, Photo, PhotoLink, Severity
from ..store import Store
from .context import Ctx
from .photos import print_copies

SEVERITY_ORDER = {Severity.MAJOR: 0, Severity.SERIOUS: 1, Severity.MINOR: 2}


def days_overdue(d: Defect, today: date) -> int:
    """Days past the deadline, as core.defect_status counts them (0: not overdue)."""
    return defect_status.days_overdue(d.status, d.due_date, today)


@dataclass
class Filters:
    status: list[str] | None = None
    severity: list[str] | None = None
    assignee: str = ""  # organization id, name or short name
    overdue: bool = False
    notice: str = ""  # one issued notice (its id or 编号): the supervision forms print only it

    def describe(self, ctx: Ctx) -> str:
        parts = []
        if self.status:
            names = "、".join(ctx.name(s, DefectStatus) for s in self.status)
            parts.append(f"{ctx.tr('状态', 'status')}: {names}")
        if self.severity:
            names = "、".join(ctx.name(s, Severity) for s in self.severity)
            parts.append(f"{ctx.tr('等级', 'severity')}: {names}")
        if self.assignee:
            parts.append(f"{ctx.tr('责任单位', 'assignee')}: {self.assignee}")
        if self.overdue:
            parts.append(ctx.tr("仅逾期", "overdue only"))
        return "；".join(parts) or ctx.tr("全部", "all")

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


def find_defects(
    ctx: Ctx, where: str, params: list, filters: Filters | None = None
) -> list[Defect]:
    """Defects matching `where` and the filters, major first, then by report time."""
    f = filters or Filters()
    clauses, args = [where], list(params)
    if f.status:
        clauses.append(f"status IN ({','.join('?' * len(f.status))})")
        args += f.status
    if f.severity:
        clauses.append(f"severity IN ({','.join('?' * len(f.severity))})")
        args += f.severity
    if f.assignee:
        ids = [o.id for o in ctx.orgs.values() if f.assignee in (o.id, o.name, o.short_name)]
        marks = ",".join("?" * len(ids)) or "NULL"
        clauses.append(f"assignee_org_id IN ({marks})")
        args += ids
    if f.overdue:
        cond, cond_args = defect_status.overdue_sql(ctx.today)
        clauses.append(cond)
        args += cond_args
    defects = ctx.store.find(Defect, " AND ".join(f"({c})" for c in clauses), args)

    defects.sort(key=lambda d: (SEVERITY_ORDER.get(d.severity, 9), d.reported_at, d.id))
    return defects


def events_by_defect(store: Store, ids: list[str]) -> dict[str, list[DefectEvent]]:
    out: dict[str, list[DefectEvent]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for e in store.find(DefectEvent, f"defect_id IN ({marks})", chunk, order_by="at, id"):
            out[e.defect_id].append(e)
    return out


# Photo links name their target by type or by table; both spellings are read.
DEFECT_LINKS = ("defect", "defects")
INSPECTION_LINKS = ("inspection", "inspections")


def photos_of(
    store: Store, target_types: tuple[str, ...], ids: list[str]
) -> dict[str, list[tuple[Photo, str, Path | None]]]:
    """Photos linked to the records, as (photo, link role, print copy path), made in parallel."""
    links: list[PhotoLink] = []
    types = ",".join("?" * len(target_types))
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        links += store.find(
            PhotoLink,
            f"target_type IN ({types}) AND target_id IN ({marks})",
            [*target_types, *chunk],
            order_by="role DESC, id",
        )
    photo_ids = sorted({link.photo_id for link in links})
    photos: dict[str, Photo] = {}
    for chunk in _chunks(photo_ids):
        marks = ",".join("?" * len(chunk))
        photos.update({p.id: p for p in store.find(Photo, f"id IN ({marks})", chunk)})
    paths = print_copies(store, photos.values())
    out: dict[str, list] = defaultdict(list)
    for link in links:
        p = photos.get(link.photo_id)
        if p is not None:
            out[link.target_id].append((p, link.role, paths.get(p.id)))
    return out


def _chunks(ids: list[str], n: int = 500):
    for i in range(0, len(ids), n):
        yield ids[i : i + n]


def location(ctx: Ctx, d: Defect) -> str:
    b = ctx.buildings.get(d.building_id)
    parts = [b.name if b else "", d.unit, d.floor, d.room]
    text = "".join(p for p in parts if p)
    return text or d.location_text
