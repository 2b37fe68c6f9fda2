"""Finding a record for the navigator by a few characters of its name: communities (name or
address), buildings, inspections and defects (title or location), as the signed-in user may
see them (a contractor: its own organization's defects only, as in the tree)."""

from .navigation import Row, contractor_scope
from .store import Store


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(store: Store, text: str, limit: int = 40) -> list[Row]:
    """Records whose name holds `text` (case-insensitive for Latin), communities first, then
    buildings, inspections and defects, newest first within each; at most `limit`."""
    text = text.strip()
    if not text:
        return []
    pat = _like(text)
    db, out = store.db, []
    esc = " ESCAPE '\\'"
    for pid, name in db.execute(
        f"SELECT id, name FROM projects WHERE deleted = 0 AND (name LIKE ?{esc} OR address LIKE ?{esc})"
        " ORDER BY name LIMIT ?",
        [pat, pat, limit],
    ):
        out.append(Row("project", pid, name))
    for bid, name, pid, pname in db.execute(
        "SELECT b.id, b.name, b.project_id, p.name FROM buildings b JOIN projects p"
        f" ON p.id = b.project_id WHERE b.deleted = 0 AND (b.name LIKE ?{esc} OR p.name || b.name LIKE ?{esc})"
        " ORDER BY length(b.name), b.name LIMIT ?",
        [pat, pat, limit],
    ):
        out.append(Row("building", bid, f"{pname} · {name}", project_id=pid))
    for iid, title, status, pid in db.execute(
        f"SELECT id, title, status, project_id FROM inspections WHERE deleted = 0 AND title LIKE ?{esc}"
        " ORDER BY started_at DESC LIMIT ?",
        [pat, limit],
    ):
        out.append(Row("inspection", iid, title, status, project_id=pid))
    where, params = f"deleted = 0 AND (title LIKE ?{esc} OR location_text LIKE ?{esc})", [pat, pat]
    scope = contractor_scope(store)
    if scope is not None:
        where += " AND assignee_org_id = ?"
        params.append(scope)
    for did, title, status, severity, pid in db.execute(
        f"SELECT id, title, status, severity, project_id FROM defects WHERE {where}"
        " ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ):
        out.append(Row("defect", did, title, status, severity, project_id=pid))
    return out[:limit]
