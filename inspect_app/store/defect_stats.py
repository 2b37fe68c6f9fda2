"""Figures for the dashboard and the contractor scorecard, computed in SQL over the indexes.

Every function takes the same DefectFilter as the desk (so a contractor's dashboard counts only
its own defects) and returns plain Python values; the Qt layer only draws them.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..core import defect_status
from ..core.model import DefectStatus, OrgKind, Severity
from .defect_query import DefectFilter, where
from .store import Store


def _where(flt: DefectFilter, today: date | None):
    w = where(flt, today)
    return " AND ".join(w.clauses), w.params


def trend(
    store: Store, flt: DefectFilter, weeks: int = 12, today: date | None = None
) -> list[tuple[date, int, int]]:
    """(Monday of the week, defects raised, defects closed) for the last `weeks` weeks."""
    today = today or defect_status.local_today()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    cond, params = _where(flt, today)
    opened = _by_week(store, "reported_at", cond, params, first)
    closed = _by_week(store, "closed_at", cond, params, first)
    return [(first + timedelta(weeks=i), opened.get(i, 0), closed.get(i, 0)) for i in range(weeks)]


def _by_week(store, column, cond, params, first: date) -> dict[int, int]:
    # Julian-day arithmetic in SQL: the week index since `first`, for each row in range.
    rows = store.db.execute(
        f"SELECT CAST((julianday(substr({column}, 1, 10)) - julianday(?)) / 7 AS INTEGER) AS w,"
        f" count(*) FROM defects WHERE {cond} AND {column} >= ? GROUP BY w",
        [first.isoformat(), *params, first.isoformat()],
    ).fetchall()
    return {w: n for w, n in rows if w is not None and w >= 0}


def by_category_severity(
    store: Store, flt: DefectFilter, today: date | None = None
) -> dict[str, dict[str, int]]:
    """Counts per category and severity, categories by count, largest first."""
    cond, params = _where(flt, today)
    out: dict[str, dict[str, int]] = {}
    for cat, sev, n in store.db.execute(
        f"SELECT category, severity, count(*) FROM defects INDEXED BY defects_desk WHERE {cond}"
        " GROUP BY category, severity",
        params,
    ):
        out.setdefault(cat or "", {s.value: 0 for s in Severity})[sev] = n
    return dict(sorted(out.items(), key=lambda kv: -sum(kv[1].values())))


def overdue_by_contractor(
    store: Store, flt: DefectFilter, today: date | None = None
) -> list[tuple[str, str, int]]:
    """(organization id, short name, overdue defects), most first."""
    cond, params = _where(flt.with_(overdue=True), today)
    rows = store.db.execute(
        "SELECT d.assignee_org_id, coalesce(nullif(o.short_name, ''), o.name, ''), count(*)"
        f" FROM defects AS d INDEXED BY defects_desk LEFT JOIN organizations o"
        f" ON o.id = d.assignee_org_id WHERE {_qualified(cond)}"
        " GROUP BY d.assignee_org_id ORDER BY 3 DESC, 2",
        params,
    ).fetchall()
    return [tuple(r) for r in rows]


def average_days_to_close(store: Store, flt: DefectFilter, today: date | None = None) -> float:
    """Mean days from report to 销项 over closed defects (0 when none)."""
    cond, params = _where(flt.with_(status=DefectStatus.CLOSED.value), today)
    value = store.db.execute(
        "SELECT avg(julianday(substr(closed_at, 1, 19)) - julianday(substr(reported_at, 1, 19)))"
        f" FROM defects WHERE {cond} AND closed_at != ''",
        params,
    ).fetchone()[0]
    return round(value or 0.0, 1)


def hazards_per_community(
    store: Store, flt: DefectFilter, today: date | None = None
) -> list[tuple[str, str, int, int]]:
    """(project id, name, open defects, open major hazards), most first: open as in
    core.defect_status (not yet 销项)."""
    cond, params = _where(flt.with_(open_only=True), today)
    rows = store.db.execute(
        "SELECT d.project_id, p.name, count(*), sum(d.severity = 'major')"
        " FROM defects AS d INDEXED BY defects_desk JOIN projects p ON p.id = d.project_id"
        f" WHERE {_qualified(cond)}"
        " GROUP BY d.project_id ORDER BY 3 DESC, 2",
        params,
    ).fetchall()
    return [tuple(r) for r in rows]


def totals(store: Store, flt: DefectFilter, today: date | None = None) -> dict[str, int]:
    """Defects per status, with "total", "not_closed" (core.defect_status.OPEN) and
    "overdue" (core.defect_status.is_overdue)."""
    cond, params = _where(flt, today)
    rows = store.db.execute(
        f"SELECT status, count(*) FROM defects INDEXED BY defects_desk WHERE {cond}"
        " GROUP BY status",
        params,
    ).fetchall()
    out = {s.value: 0 for s in DefectStatus} | dict(rows)
    cond_o, params_o = _where(flt.with_(overdue=True), today)
    out["overdue"] = store.db.execute(
        f"SELECT count(*) FROM defects INDEXED BY defects_desk WHERE {cond_o}", params_o
    ).fetchone()[0]
    out["total"] = sum(out[s.value] for s in DefectStatus)
    out["not_closed"] = sum(out[s.value] for s in defect_status.OPEN)
    return out


def _qualified(cond: str) -> str:
    """The filter's columns named through the `d` alias (joins share column names)."""
    for col in (
        "deleted",
        "status",
        "severity",
        "category",
        "project_id",
        "building_id",
        "assignee_org_id",
        "due_date",
        "reported_at",
        "rowid",
    ):
        cond = _word(cond, col, f"d.{col}")
    return cond


def _word(text: str, word: str, new: str) -> str:
    return re.sub(rf"(?<![\w.]){word}\b", new, text)


# ----- the contractor scorecard ----------------------------------------------------------------


@dataclass
class ScoreLine:
    org_id: str
    name: str
    assigned: int  # defects handed to it in the period
    closed: int  # of those, fixed (core.defect_status.FIXED: verified or closed)
    closed_on_time: int  # replied to by the deadline and then verified or closed
    rejected_replies: int  # replies sent back in the period
    major_hazards: int  # major hazards handed to it in the period
    overdue_now: int

    @property
    def on_time_rate(self) -> float:
        return round(self.closed_on_time / self.assigned, 3) if self.assigned else 0.0


def scorecard(store: Store, start: date, end: date, today: date | None = None) -> list[ScoreLine]:
    """Per contractor over [start, end]: the credit record the programme asks for."""
    today = today or defect_status.local_today()
    lo, hi = start.isoformat(), (end + timedelta(days=1)).isoformat()
    orgs = store.db.execute(
        "SELECT id, coalesce(nullif(short_name, ''), name) FROM organizations"
        " WHERE deleted = 0 AND kind = ? ORDER BY 2",
        [OrgKind.CONTRACTOR.value],
    ).fetchall()
    fixed, fixed_params = defect_status.status_in_sql(defect_status.FIXED, "d.status")
    # On time: replied on or before the due date, both read on the site's calendar (a reply
    # stamped 17:30 UTC on the due date came at 01:30 the next day in Beijing: late).
    replied_on = defect_status.site_date_sql("r.at")
    # Each defect's first assignment in the period, with its org (from the event's data).
    assigned = {
        org: (n, major, closed, on_time)
        for org, n, major, closed, on_time in store.db.execute(
            """
            WITH a AS (
                SELECT defect_id FROM defect_events INDEXED BY defect_events_kind
                WHERE kind = 'assigned' AND at >= ? AND at < ? GROUP BY defect_id),
            r AS (
                SELECT defect_id, max(at) AS at FROM defect_events INDEXED BY defect_events_kind
                WHERE kind = 'rectified' GROUP BY defect_id)
            SELECT d.assignee_org_id, count(*), sum(d.severity = 'major'),
                sum({fixed}),
                sum({fixed} AND d.due_date != '' AND {replied_on} <= d.due_date)
            FROM a JOIN defects d ON d.id = a.defect_id LEFT JOIN r ON r.defect_id = d.id
            WHERE d.deleted = 0 AND d.assignee_org_id != ''
            GROUP BY d.assignee_org_id
            """.replace("{fixed}", fixed).replace("{replied_on}", replied_on),
            [lo, hi, *fixed_params, *fixed_params],
        )
    }
    rejected = dict(
        store.db.execute(
            "SELECT d.assignee_org_id, count(*) FROM defect_events e INDEXED BY defect_events_kind"
            " JOIN defects d"
            " ON d.id = e.defect_id WHERE e.kind = 'rejected' AND e.at >= ? AND e.at < ?"
            " GROUP BY d.assignee_org_id",
            [lo, hi],
        ).fetchall()
    )
    late, late_params = defect_status.overdue_sql(today)
    overdue = dict(
        store.db.execute(
            "SELECT assignee_org_id, count(*) FROM defects INDEXED BY defects_desk"
            f" WHERE deleted = 0 AND {late} GROUP BY assignee_org_id",
            late_params,
        ).fetchall()
    )
    lines = []
    for org_id, name in orgs:
        n, major, closed, on_time = assigned.get(org_id, (0, 0, 0, 0))
        lines.append(
            ScoreLine(
                org_id,
                name,
                n,
                closed or 0,
                on_time or 0,
                rejected.get(org_id, 0),
                major or 0,
                overdue.get(org_id, 0),
            )
        )
    return lines
