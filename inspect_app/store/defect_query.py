"""Filtered, sorted defect lists fast enough for 100,000 defects: what the desk and the CLI show.

A query returns the matching defects' rowids in order (8 bytes each); rows are read a page at a
time by rowid. Filtered queries read only the `defects_desk` covering index (migration
0004_notices), never the wide defect rows; unfiltered ones come straight out of a per-column
index. Columns shown by name (community, building, assignee) or by rank (severity, status) are
ordered in Python over (rowid, key) pairs, which is faster than making SQLite look names up
per row.
"""

from array import array
from dataclasses import dataclass, field, fields, replace
from datetime import date

from ..core import defect_status
from ..core.model import Building, DefectStatus, Organization, Project, Severity
from .search import match_expression
from .store import Store

# Sortable columns: key -> (SQL column, how it is ordered)
COLUMNS = {
    "title": "title",
    "project": "project_id",
    "building": "building_id",
    "category": "category",
    "severity": "severity",
    "status": "status",
    "assignee": "assignee_org_id",
    "due": "due_date",
    "reported": "reported_at",
}
# Columns with an index of their own: SQLite returns their order without sorting.
_INDEXED = {
    "title": "defects_by_title",
    "due": "defects_by_due",
    "reported": "defects_by_reported",
}
_RANKS = {
    "severity": {s.value: i for i, s in enumerate(reversed(Severity))},  # major first
    "status": {s.value: i for i, s in enumerate(DefectStatus)},
}
_NAMED = {"project": Project, "building": Building, "assignee": Organization}
_GROUPED = {*_RANKS, *_NAMED, "category"}
_ROWID_MASK = (1 << 40) - 1

PAGE_COLUMNS = (
    "rowid",
    "id",
    "title",
    "project_id",
    "building_id",
    "category",
    "severity",
    "status",
    "assignee_org_id",
    "assignee_user_id",
    "due_date",
    "reported_at",
    "closed_at",
)


@dataclass(frozen=True)
class DefectFilter:
    project_id: str = ""
    building_id: str = ""
    category: str = ""
    severity: str = ""
    status: str = ""
    assignee_org_id: str = ""  # "-" means not assigned
    overdue: bool = False
    open_only: bool = False  # not yet 销项 (core.defect_status.OPEN)
    reported_from: str = ""  # ISO dates, inclusive
    reported_to: str = ""
    search: str = ""
    scope_org_id: str = ""  # a contractor sees only its own organization's defects

    def with_(self, **changes) -> "DefectFilter":
        return replace(self, **changes)

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass
class Sort:
    column: str = "reported"
    descending: bool = True


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params) -> None:
        self.clauses.append(clause)
        self.params.extend(params)


def where(flt: DefectFilter, today: date | None = None) -> _Where:
    """The SQL condition (over the desk index's columns only) for a filter."""
    w = _Where(["deleted = 0"])
    for name in ("project_id", "building_id", "category", "severity", "status"):
        if value := getattr(flt, name):
            w.add(f"{name} = ?", value)
    if flt.assignee_org_id:
        w.add("assignee_org_id = ?", "" if flt.assignee_org_id == "-" else flt.assignee_org_id)
    if flt.scope_org_id:
        w.add("assignee_org_id = ?", flt.scope_org_id)
    if flt.overdue:
        w.add(*_one(defect_status.overdue_sql(today or defect_status.local_today())))
    if flt.open_only:
        w.add(*_one(defect_status.open_sql()))
    if flt.reported_from:
        w.add("reported_at >= ?", flt.reported_from)
    if flt.reported_to:
        w.add("reported_at < ?", flt.reported_to + "T99")  # the whole last day
    if flt.search:
        expr = match_expression(flt.search)
        # Nothing searchable (only punctuation): nothing matches, as a search engine would.
        if expr is None:
            w.add("0")
        else:
            w.add("rowid IN (SELECT rowid FROM defects_fts WHERE defects_fts MATCH ?)", expr)
    return w


def _one(cond: tuple[str, list]) -> tuple:
    return (cond[0], *cond[1])


def rowids(store: Store, flt: DefectFilter, sort: Sort, today: date | None = None) -> array:
    """Rowids of the matching live defects, in order."""
    w = where(flt, today)
    cond = " AND ".join(w.clauses)
    column = COLUMNS[sort.column]
    direction = "DESC" if sort.descending else "ASC"
    filtered = len(w.clauses) > 1
    # Filtered: read the covering index. Unfiltered: the planner picks the column's own index.
    source = "defects INDEXED BY defects_desk" if filtered else "defects"
    if sort.column in _GROUPED:
        if filtered:
            return _grouped_pairs(store, source, cond, w.params, sort)
        return _grouped_unfiltered(store, sort)
    if sort.column not in _INDEXED:
        source = "defects INDEXED BY defects_desk"
    elif flt.search and len(w.clauses) == 2:
        # Search alone: walk the sort column's index in order, keeping the rows the search
        # found; no sorting of the matches afterwards.
        source = f"defects INDEXED BY {_INDEXED[sort.column]}"
    sql = (
        f"SELECT rowid FROM {source} WHERE {cond} ORDER BY {column} {direction}, rowid {direction}"
    )
    out = array("q")
    cur = store.db.execute(sql, w.params)
    while chunk := cur.fetchmany(20_000):
        out.extend(r[0] for r in chunk)
    return out


def _grouped_pairs(store: Store, source: str, cond: str, params: list, sort: Sort) -> array:
    """A filtered list ordered by a grouped column: sort (rowid, value) pairs in Python."""
    column = COLUMNS[sort.column]
    pairs = store.db.execute(f"SELECT rowid, {column} FROM {source} WHERE {cond}", params)
    rank = _ranks(store, sort.column)
    last = len(rank)
    # One integer per row (rank above, rowid below) sorts several times faster than tuples.
    keys = [rank.get(v, last) << 40 | r for r, v in pairs]
    keys.sort(reverse=sort.descending)
    return array("q", [k & _ROWID_MASK for k in keys])


def _grouped_unfiltered(store: Store, sort: Sort) -> array:
    """Every defect ordered by a grouped column: the column's index gives the rowids grouped by
    value; the groups are then laid out in display order by slicing, without sorting rows."""
    column = COLUMNS[sort.column]
    cond = "deleted = 0"
    ids = array("q")
    cur = store.db.execute(f"SELECT rowid FROM defects WHERE {cond} ORDER BY {column}, rowid")
    while chunk := cur.fetchmany(20_000):
        ids.extend(r[0] for r in chunk)
    groups, start = [], 0
    for value, n in store.db.execute(
        f"SELECT {column}, count(*) FROM defects WHERE {cond} GROUP BY {column} ORDER BY {column}"
    ):
        groups.append((value, start, start + n))
        start += n
    rank = _ranks(store, sort.column)
    last = len(rank)
    groups.sort(key=lambda g: rank.get(g[0], last), reverse=sort.descending)
    out = array("q")
    for _value, a, b in groups:
        out.extend(ids[a:b][::-1] if sort.descending else ids[a:b])
    return out


def count(store: Store, flt: DefectFilter, today: date | None = None) -> int:
    w = where(flt, today)
    return store.db.execute(
        f"SELECT count(*) FROM defects INDEXED BY defects_desk WHERE {' AND '.join(w.clauses)}",
        w.params,
    ).fetchone()[0]


def rowid_of(store: Store, defect_id: str) -> int | None:
    """The rowid a defect has in the lists (None: not in this profile)."""
    found = store.db.execute("SELECT rowid FROM defects WHERE id = ?", [defect_id]).fetchone()
    return found[0] if found else None


def page(store: Store, ids: "array | list[int]") -> dict[int, dict]:
    """The list columns of the given rowids, keyed by rowid."""
    if not len(ids):
        return {}
    marks = ",".join("?" * len(ids))
    cur = store.db.execute(
        f"SELECT {', '.join(PAGE_COLUMNS)} FROM defects WHERE rowid IN ({marks})", list(ids)
    )
    return {r[0]: dict(zip(PAGE_COLUMNS, r, strict=True)) for r in cur.fetchall()}


def defects(
    store: Store, flt: DefectFilter, sort: Sort | None = None, today: date | None = None
) -> list[dict]:
    """The whole filtered list as plain records (for the CLI and exports)."""
    ids = rowids(store, flt, sort or Sort(), today)
    names = Names(store)
    out: list[dict] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = page(store, chunk)
        out.extend(names.record(rows[r], today) for r in chunk)
    return out


class Names:
    """Names of communities, buildings and organizations, loaded once (there are few)."""

    def __init__(self, store: Store):
        self.projects = _names(store, Project)
        self.buildings = _names(store, Building)
        self.orgs = {
            r[0]: r[1] or r[2]
            for r in store.db.execute("SELECT id, short_name, name FROM organizations")
        }

    def record(self, row: dict, today: date | None = None) -> dict:
        return {
            "id": row["id"],
            "title": row["title"],
            "project": self.projects.get(row["project_id"], ""),
            "building": self.buildings.get(row["building_id"], ""),
            "category": row["category"],
            "severity": row["severity"],
            "status": row["status"],
            "assignee": self.orgs.get(row["assignee_org_id"], ""),
            "assignee_org_id": row["assignee_org_id"],
            "due": row["due_date"],
            "overdue": defect_status.is_overdue(
                row["status"], row["due_date"], today or defect_status.local_today()
            ),
            "reported_at": row["reported_at"],
            "closed_at": row["closed_at"],
        }


def _names(store: Store, cls) -> dict[str, str]:
    return dict(store.db.execute(f"SELECT id, name FROM {cls.table}").fetchall())


def _ranks(store: Store, column: str) -> dict[str, int]:
    """Order of the values of a grouped column: by rank, by display name, or as text."""
    if column in _RANKS:
        return _RANKS[column]
    if column in _NAMED:
        return _name_ranks(store, _NAMED[column])
    rows = store.db.execute(
        f"SELECT DISTINCT {COLUMNS[column]} FROM defects INDEXED BY defects_desk"
    ).fetchall()
    return {v: i for i, v in enumerate(sorted(r[0] or "" for r in rows))}


def _name_ranks(store: Store, cls) -> dict[str, int]:
    col = "coalesce(nullif(short_name, ''), name)" if cls is Organization else "name"
    rows = store.db.execute(f"SELECT id FROM {cls.table} ORDER BY {col}, id").fetchall()
    return {r[0]: i for i, r in enumerate(rows)}


def categories(store: Store) -> list[str]:
    """The categories in use, by walking the category index one value at a time (a dozen index
    seeks instead of reading 100,000 entries)."""
    rows = store.db.execute(
        """
        WITH RECURSIVE c(v) AS (
            SELECT min(category) FROM defects WHERE deleted = 0 AND category > ''
            UNION ALL
            SELECT (SELECT min(category) FROM defects WHERE deleted = 0 AND category > c.v)
            FROM c WHERE c.v IS NOT NULL)
        SELECT v FROM c WHERE v IS NOT NULL
        """
    ).fetchall()
    return [r[0] for r in rows]
