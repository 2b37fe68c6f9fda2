"""What the navigator tree, a place's overview page and the site plan read: communities with
their open defects, the children of a community or a building, one record's row, a place's
figures, and the pins of a community's plan.

Open, closed and overdue are counted with core.defect_status, as on the desk and the dashboard.
"""

from dataclasses import dataclass
from datetime import date

from ..core import defect_status
from ..core.model import Building, Project
from .store import Store


@dataclass(frozen=True)
class Row:
    """One line of the tree: a community, building, inspection or defect."""

    kind: str  # project | building | inspection | defect
    id: str
    title: str
    status: str = ""  # the stage of a project
    severity: str = ""
    open_defects: int = 0  # projects only
    project_id: str = ""
    building_id: str = ""
    deleted: bool = False


def communities(store: Store) -> list[Row]:
    """Every live community by name, with its open defects (not yet 销项)."""
    cond, params = defect_status.open_sql()
    # One pass over the desk's covering index, not a count per community over the rows.
    open_by_project = dict(
        store.db.execute(
            "SELECT project_id, count(*) FROM defects INDEXED BY defects_desk"
            f" WHERE deleted = 0 AND {cond} GROUP BY project_id",
            params,
        ).fetchall()
    )
    rows = store.db.execute(
        "SELECT id, name, stage FROM projects WHERE deleted = 0 ORDER BY name"
    ).fetchall()
    return [
        Row("project", pid, name, stage, open_defects=open_by_project.get(pid, 0))
        for pid, name, stage in rows
    ]


def open_defects(store: Store, project_id: str) -> int:
    """A community's live defects not yet 销项."""
    cond, params = defect_status.open_sql()
    return store.db.execute(
        f"SELECT count(*) FROM defects WHERE project_id = ? AND deleted = 0 AND {cond}",
        [project_id, *params],
    ).fetchone()[0]


def buildings(store: Store, project_id: str) -> list[Building]:
    """A community's buildings in the order people count them: 2号楼 before 10号楼."""
    return store.find(Building, "project_id = ?", [project_id], order_by="length(name), name")


def children(store: Store, kind: str, record_id: str) -> list[Row]:
    """A community's buildings, then what hangs on the community itself (no building); a
    building's inspections and defects. Inspections newest first, defects newest first."""
    db = store.db
    out: list[Row] = []
    if kind == "project":
        out += [
            Row("building", bid, name, project_id=record_id)
            for bid, name in db.execute(
                "SELECT id, name FROM buildings WHERE project_id = ? AND deleted = 0"
                " ORDER BY length(name), name",
                [record_id],
            )
        ]
        where = "project_id = ? AND (building_id IS NULL OR building_id = '')"
    else:
        where = "building_id = ?"
    out += [
        Row("inspection", iid, title, status)
        for iid, title, status in db.execute(
            f"SELECT id, title, status FROM inspections WHERE {where} AND deleted = 0"
            " ORDER BY started_at DESC",
            [record_id],
        )
    ]
    params = [record_id]
    scope = contractor_scope(store)
    if scope is not None:  # a contractor sees only its own organization's defects
        where += " AND assignee_org_id = ?"
        params.append(scope)
    out += [
        Row("defect", did, title, status, severity)
        for did, title, status, severity in db.execute(
            f"SELECT id, title, status, severity FROM defects WHERE {where} AND deleted = 0"
            " ORDER BY id DESC",
            params,
        )
    ]
    return out


def contractor_scope(store: Store) -> str | None:
    """The organization a signed-in contractor is limited to; None for everyone else."""
    if not store.actor:
        return None
    row = store.db.execute("SELECT role, org_id FROM users WHERE id = ?", [store.actor]).fetchone()
    return row[1] if row and row[0] == "contractor" else None


def row(store: Store, kind: str, record_id: str) -> Row | None:
    """One inspection or defect as the tree shows it, deleted ones too (None: not here)."""
    if kind == "inspection":
        found = store.db.execute(
            "SELECT title, status, '', project_id, building_id, deleted FROM inspections"
            " WHERE id = ?",
            [record_id],
        ).fetchone()
    elif kind == "defect":
        found = store.db.execute(
            "SELECT title, status, severity, project_id, building_id, deleted FROM defects"
            " WHERE id = ?",
            [record_id],
        ).fetchone()
    else:
        return None
    if found is None:
        return None
    title, status, severity, project_id, building_id, deleted = found
    return Row(
        kind,
        record_id,
        title,
        status,
        severity or "",
        0,
        project_id,
        building_id or "",
        bool(deleted),
    )


@dataclass(frozen=True)
class PlaceFigures:
    """The overview page's cards for a community or one of its buildings."""

    open_by_severity: dict[str, int]  # not yet 销项
    overdue: int
    inspections: int
    closed: int
    today: date  # the project's local date the overdue count was taken on


def place_figures(
    store: Store, project_id: str, building_id: str = "", today: date | None = None
) -> PlaceFigures:
    today = today or defect_status.project_today(store.get(Project, project_id).settings)
    where, params = (
        ("building_id = ?", [building_id]) if building_id else ("project_id = ?", [project_id])
    )
    # One pass over the desk's covering index: counts by severity and status, with how many
    # are overdue; the status sets decide which groups are open and which closed.
    late, late_params = defect_status.overdue_sql(today)
    groups = store.db.execute(
        f"SELECT severity, status, count(*), sum({late})"
        f" FROM defects INDEXED BY defects_desk WHERE deleted = 0 AND {where}"
        " GROUP BY severity, status",
        [*late_params, *params],
    ).fetchall()
    open_by_severity: dict[str, int] = {}
    overdue = closed = 0
    for severity, status, n, late_n in groups:
        if defect_status.is_open(status):
            open_by_severity[severity] = open_by_severity.get(severity, 0) + n
        if defect_status.is_closed(status):
            closed += n
        overdue += late_n or 0
    inspections = store.db.execute(
        f"SELECT count(*) FROM inspections WHERE {where} AND deleted = 0", params
    ).fetchone()[0]
    return PlaceFigures(open_by_severity, overdue, inspections, closed, today)


@dataclass(frozen=True)
class Pin:
    """A defect placed on its community's site plan (x, y: fractions of the plan's size)."""

    defect_id: str
    title: str
    severity: str
    status: str
    x: float
    y: float


def plan_pins(store: Store, project_id: str, with_closed: bool = True) -> list[Pin]:
    """The live defects of a community that have a place on its plan."""
    cond, params = ("1", []) if with_closed else defect_status.open_sql()
    scope = contractor_scope(store)
    if scope is not None:  # a contractor sees its own organization's pins only
        cond, params = f"{cond} AND assignee_org_id = ?", [*params, scope]
    rows = store.db.execute(
        "SELECT id, title, severity, status, plan_x, plan_y FROM defects"
        " WHERE project_id = ? AND deleted = 0 AND plan_x IS NOT NULL AND plan_y IS NOT NULL"
        f" AND {cond} ORDER BY id",
        [project_id, *params],
    ).fetchall()
    return [Pin(*r) for r in rows]
