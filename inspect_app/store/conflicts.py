"""The conflicts list and settling a conflict, on the local store; the app and the CLI call this.

A conflict row (table `conflicts`, written by the central store and pulled like any change) keeps
an edit that lost a merge. It is settled by a `ConflictSettlement` record whose id is the
conflict's: keeping the value that won, or restoring the one that lost (a new edit of the
record). Both are ordinary saves, so they are audited and sync like any change; two people
settling the same conflict differently on two laptops edit the same settlement record, and the
central store records that as a conflict of its own. Such a conflict is listed once, by its
`decision`; its other fields follow the decision.

Who sees what and who may settle is `core.permissions`'s rule; the acting user is the one signed
in (store/identity.py).
"""

import json
from dataclasses import dataclass
from typing import Any

from ..core import conflicts as names
from ..core import permissions
from ..core.defect_status import zone_name
from ..core.i18n import pick, t
from ..core.model import BY_TABLE, ConflictSettlement, from_row
from ..errors import NotFound, WorkflowError
from .identity import current, signed_in
from .store import Store

SETTLEMENTS = ConflictSettlement.table


@dataclass(frozen=True)
class Viewer:
    user_id: str
    role: str | None  # None: nobody is signed in on this profile, who sees no conflict

    def sees(self, authors: tuple[str, ...]) -> bool:
        return self.role is not None and permissions.sees_conflict(self.role, self.user_id, authors)


def viewer(store: Store) -> Viewer:
    """The signed-in user (store/identity.py), as far as the conflicts list is concerned."""
    who = current(store)
    return Viewer(store.actor, None) if who is None else Viewer(who.id, who.role)


# ----- reading ---------------------------------------------------------------------------------


def list_conflicts(
    store: Store, project_id: str = "", open_only: bool = False, lang: str = ""
) -> list[dict[str, Any]]:
    """The conflicts the acting user may see, newest first, each ready to show."""
    who = viewer(store)
    if who.role is None:
        return []
    rows = store.db.execute(
        "SELECT c.id, c.table_name, c.record_id, c.field, c.value, c.hlc, c.author,"
        " c.winner_hlc, c.detected_at, s.decision, s.note, s.author, s.hlc, s.value"
        " FROM conflicts c LEFT JOIN conflict_settlements s ON s.id = c.id AND s.deleted = 0"
        f" WHERE (c.table_name <> '{SETTLEMENTS}' OR c.field = 'decision')"
        + (" AND s.id IS NULL" if open_only else "")
        + " ORDER BY c.hlc DESC, c.id"
    ).fetchall()
    cache = _Cache(store)
    out = []
    for (cid, table, rid, field, value, hlc, author, winner_hlc, detected_at,
         decision, note, s_author, s_hlc, s_value) in rows:  # fmt: skip
        record = cache.record(table, rid)
        kept_author, kept_value = cache.change(table, rid, winner_hlc, field, record)
        if not who.sees((author, kept_author)):
            continue
        pid = cache.project_of(table, rid)
        if project_id and pid != project_id:
            continue
        tz = names.zone(cache.settings(pid))
        out.append(
            {
                "id": cid,
                "table": table,
                "record_id": rid,
                "project_id": pid,
                "project": cache.project_name(pid),
                "title": cache.title(table, rid, lang),
                "kind": names.table_label(table, lang),
                "field": field,
                "field_label": names.field_label(field, lang),
                "kept": {
                    **_side(cache, table, field, kept_value, kept_author, winner_hlc, tz, lang),
                    "detail": _settlement_detail(store, table, rid, record, None, lang),
                },
                "lost": {
                    **_side(cache, table, field, value, author, hlc, tz, lang),
                    "detail": _settlement_detail(store, table, rid, record, hlc, lang),
                },
                "detected_at": detected_at,
                "time_zone": zone_name(tz),
                "settled": None
                if decision is None
                else {
                    "decision": decision,
                    "decision_label": names.decision_label(decision, lang),
                    "note": note or "",
                    "value": s_value,
                    "by": s_author,
                    "by_name": cache.user_name(s_author),
                    "hlc": s_hlc,
                    "at": names.local_time(s_hlc, tz),
                },
            }
        )
    return out


def count_open(store: Store, project_id: str = "") -> int:
    """Conflicts waiting to be settled that the acting user may see (the status bar, overview).
    Runs after every edit in the window: visibility is decided in SQL (the kept edit's author is
    the audit row of the winning stamp), only a project filter reads records."""
    who = viewer(store)
    if who.role is None:
        return 0
    sql = (
        "SELECT c.table_name, c.record_id FROM conflicts c"
        " LEFT JOIN conflict_settlements s ON s.id = c.id AND s.deleted = 0"
        f" WHERE s.id IS NULL AND (c.table_name <> '{SETTLEMENTS}' OR c.field = 'decision')"
    )
    params: list[str] = []
    if not permissions.sees_all_conflicts(who.role):
        sql += (
            " AND (c.author = ? OR EXISTS (SELECT 1 FROM audit a WHERE a.hlc = c.winner_hlc"
            " AND a.table_name = c.table_name AND a.record_id = c.record_id AND a.actor = ?))"
        )
        params += [who.user_id, who.user_id]
    rows = store.db.execute(sql, params).fetchall()
    if not project_id:
        return len(rows)
    cache = _Cache(store)
    return sum(1 for table, rid in rows if cache.project_of(table, rid) == project_id)


def _settlement_detail(
    store: Store, table: str, rid: str, record: dict | None, lost_hlc: str | None, lang: str
) -> str:
    """For a disagreement about a settlement: the value each side gave the field, and its
    reason (the losing side's from the conflicts of the same change). Empty for other records."""
    if table != SETTLEMENTS or record is None:
        return ""
    v = dict(record["value"])
    if lost_hlc is not None:
        v.update(
            store.db.execute(
                "SELECT field, value FROM conflicts WHERE table_name = ? AND record_id = ?"
                " AND hlc = ? AND field IN ('value', 'note')",
                [SETTLEMENTS, rid, lost_hlc],
            ).fetchall()
        )
    target, field = v.get("target_type", ""), v.get("field", "")
    text = names.value_text(target, field, names.decode(target, field, v.get("value")), lang)
    out = names.field_label(field, lang) + pick("：", ": ", lang or None) + text
    note = v.get("note") or ""
    if note:
        out += pick(f"；说明：{note}", f"; reason: {note}", lang or None)
    return out


def _side(cache, table, field, value, author, hlc, tz, lang) -> dict:
    return {
        "value": value,
        "text": names.value_text(table, field, names.decode(table, field, value), lang),
        "by": author,
        "by_name": cache.user_name(author),
        "hlc": hlc,
        "at": names.local_time(hlc, tz),
    }


class _Cache:
    """Records, names and projects read once per listing."""

    def __init__(self, store: Store):
        self.store = store
        self._records: dict[tuple[str, str], dict | None] = {}
        self._users: dict[str, str] = {}
        self._projects: dict[str, tuple[str, dict]] = {}

    def record(self, table: str, rid: str) -> dict | None:
        key = (table, rid)
        if key not in self._records:
            self._records[key] = _row(self.store, table, rid)
        return self._records[key]

    def change(
        self, table: str, rid: str, hlc: str, field: str, record: dict | None
    ) -> tuple[str, str | None]:
        """Who made the change stamped `hlc` on this record, and the value it gave `field`
        (from the audit trail; the record's value while that change still stands)."""
        current = (record or {}).get("value", {}).get(field)
        if record is not None and record["clocks"].get(field) == hlc:
            found = self.store.db.execute(
                "SELECT actor FROM audit WHERE hlc = ? AND table_name = ? AND record_id = ?"
                " LIMIT 1",
                [hlc, table, rid],
            ).fetchone()
            return (found[0] if found else record["author"]), names.encode(current)
        found = self.store.db.execute(
            "SELECT actor, action, changes FROM audit WHERE hlc = ? AND table_name = ?"
            " AND record_id = ? AND action IN ('create', 'update', 'merge') LIMIT 1",
            [hlc, table, rid],
        ).fetchone()
        if found is None:
            return "", names.encode(current)
        changes = json.loads(found[2])
        value = changes.get(field, current)
        if found[1] != "create" and isinstance(value, list) and len(value) == 2:
            value = value[1]  # [before, after]
        return found[0], names.encode(value)

    def project_of(self, table: str, rid: str, depth: int = 0) -> str:
        record = self.record(table, rid)
        if record is None or depth > 3:
            return ""
        v = record["value"]
        if table == "projects":
            return rid
        if v.get("project_id"):
            return v["project_id"]
        if table == SETTLEMENTS:
            return self.project_of(v.get("target_type", ""), v.get("target_id", ""), depth + 1)
        if table == "defect_events":
            return self.project_of("defects", v.get("defect_id", ""), depth + 1)
        return ""

    def title(self, table: str, rid: str, lang: str) -> str:
        record = self.record(table, rid)
        if record is None:
            return rid
        v = record["value"]
        if table == SETTLEMENTS:  # the conflict it settles, by its record's title
            target = self.title(v.get("target_type", ""), v.get("target_id", ""), lang)
            return f"{target} · {names.field_label(v.get('field', ''), lang)}"
        field = names.TITLE_FIELDS.get(table)
        return str(v.get(field) or rid) if field else rid

    def user_name(self, user_id: str) -> str:
        if not user_id:
            return "—"
        if user_id not in self._users:
            row = self.store.db.execute(
                "SELECT display_name, name FROM users WHERE id = ?", [user_id]
            ).fetchone()
            self._users[user_id] = (row[0] or row[1]) if row else user_id
        return self._users[user_id]

    def _project(self, pid: str) -> tuple[str, dict]:
        if pid not in self._projects:
            row = self.store.db.execute(
                "SELECT name, settings FROM projects WHERE id = ?", [pid]
            ).fetchone()
            if row is None:
                self._projects[pid] = ("", {})
            else:
                settings = json.loads(row[1]) if row[1] else {}
                self._projects[pid] = (row[0], settings or {})
        return self._projects[pid]

    def project_name(self, pid: str) -> str:
        return self._project(pid)[0] if pid else ""

    def settings(self, pid: str) -> dict:
        return self._project(pid)[1] if pid else {}


def _row(store: Store, table: str, rid: str) -> dict | None:
    """A record's fields (decoded as the record holds them), clocks, hlc and author."""
    cls = BY_TABLE.get(table)
    if cls is None:
        return None
    row = next(store.db.query(f"SELECT * FROM {table} WHERE id = ?", [rid]), None)
    if row is None:
        return None
    rec = from_row(cls, row)
    value = rec.field_values()
    value["deleted"] = int(bool(row["deleted"]))
    return {
        "value": value,
        "clocks": json.loads(row["clocks"] or "{}"),
        "hlc": row["hlc"],
        "author": row["author"],
        "record": rec,
    }


# ----- settling --------------------------------------------------------------------------------


def get_conflict(store: Store, conflict_id: str) -> dict:
    row = next(store.db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id]), None)
    if row is None:
        raise NotFound(t(f"找不到冲突 {conflict_id}。", f"no conflict {conflict_id}"))
    return row


def settle(store: Store, conflict_id: str, decision: str, note: str = "") -> ConflictSettlement:
    """Keep the value that won, or restore the one that lost; either way the conflict is settled
    with its reason. One transaction: the restoring edit and the settlement, or neither."""
    who = signed_in(store)
    permissions.check_settle(who.role, decision)
    conflict = get_conflict(store, conflict_id)
    done = next(store.db.query(f"SELECT * FROM {SETTLEMENTS} WHERE id = ?", [conflict_id]), None)
    if done is not None and not done["deleted"]:
        cache = _Cache(store)
        at = names.local_time(done["hlc"], names.zone(cache.settings(
            cache.project_of(conflict["table_name"], conflict["record_id"]))))  # fmt: skip
        by = cache.user_name(done["author"])
        raise WorkflowError(
            t(
                f"该冲突已由 {by} 于 {at} 处理（{names.decision_label(done['decision'], 'zh')}）。",
                f"this conflict was settled by {by} at {at} "
                f"({names.decision_label(done['decision'], 'en')})",
            )
        )
    table, rid, field = conflict["table_name"], conflict["record_id"], conflict["field"]
    with store.transaction():
        if table == SETTLEMENTS:
            value = _settle_settlement(store, conflict, decision)
        else:
            record = _row(store, table, rid)
            if record is None:
                raise NotFound(
                    t(f"找不到冲突所在的记录 {table}/{rid}。", f"no record {table}/{rid} here")
                )
            if decision == "restore":
                _write_field(store, table, rid, field, conflict["value"])
                value = conflict["value"]
            else:
                value = names.encode(record["value"].get(field))
        settlement = ConflictSettlement(
            id=conflict_id,
            target_type=table,
            target_id=rid,
            field=field,
            decision=decision,
            value=value,
            note=note.strip(),
        )
        store.save(settlement)
    return settlement


def _write_field(store: Store, table: str, rid: str, field: str, text: str | None) -> None:
    """Set one field of a record to a value as conflicts hold it: a new edit, stamped now."""
    if table == "defects" and field == "status":
        raise WorkflowError(
            t(
                "问题的状态只能通过整改流程改变（下发、复查、销项……），不能直接恢复。",
                "a defect's status changes only through the workflow (assign, verify, close …);"
                " it cannot be restored",
            )
        )
    cls = BY_TABLE[table]
    value = names.decode(table, field, text)
    if field != "deleted" and store.get(cls, rid, include_deleted=True).deleted:
        raise WorkflowError(
            t(
                "该记录已被删除，恢复字段会让它重新出现；请保留现值，或先恢复这条记录。",
                "the record was deleted, and restoring a field would bring it back;"
                " keep the current value, or restore the record first",
            )
        )
    if field == "deleted":
        if value in (1, True, "1"):
            store.delete(cls, rid)
        else:
            store.save(store.get(cls, rid, include_deleted=True))  # saved again: brought back
        return
    rec = store.get(cls, rid, include_deleted=True)
    if not hasattr(rec, field):
        raise WorkflowError(t(f"记录没有字段 {field}。", f"{table} has no field {field}"))
    setattr(rec, field, value)
    rec = from_row(cls, {**rec.field_values()})  # enums and JSON fields as a stored row gives
    store.save(rec)


def _settle_settlement(store: Store, conflict: dict, decision: str) -> str | None:
    """A disagreement about how a conflict was settled. Keeping changes nothing; restoring puts
    back the losing settlement entirely (its decision, value and note) and the value it gave
    the field."""
    rid = conflict["record_id"]
    current = store.get(ConflictSettlement, rid, include_deleted=True)
    if decision == "keep":
        return current.decision
    lost = dict(
        store.db.execute(
            "SELECT field, value FROM conflicts WHERE table_name = ? AND record_id = ? AND hlc = ?",
            [SETTLEMENTS, rid, conflict["hlc"]],
        ).fetchall()
    )
    for k in ("decision", "value", "note"):
        if k in lost:
            setattr(current, k, lost[k] if k != "note" else (lost[k] or ""))
    store.save(current)
    _write_field(store, current.target_type, current.target_id, current.field, current.value)
    return conflict["value"]
