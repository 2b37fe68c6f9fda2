"""Merging changes from the central store into the local profile.

Each pulled change is merged per field by clock (core/merge.py), with an audit row saying who
made it, so the record's history holds every accepted edit, including those that lost a
merge. Append-only records are inserted once and never overwritten. A page of changes is merged
in one transaction together with the new pull position: a killed process either merged the
page and moved on, or did neither.
"""

import contextlib
import json

from ..core.clock import ClockDriftError
from ..core.merge import merge, record_defaults, required_fields
from ..core.model import BY_TABLE, Defect, encode, json_fields
from ..core.text import clean_encoded
from ..wire.changes import WireError, check_fields, check_pulled, text_problem
from .store import Store, normalise_row, now_iso

CONFLICT_COLUMNS = (
    "id",
    "table_name",
    "record_id",
    "field",
    "value",
    "hlc",
    "author",
    "winner_hlc",
    "detected_at",
)


def _chunks(items: list, n: int = 500):
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _load(store: Store, table: str, ids: list[str]) -> dict[str, dict]:
    out = {}
    for part in _chunks(ids):
        marks = ",".join("?" * len(part))
        for row in store.db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", part):
            out[row["id"]] = row
    return out


def apply_remote(
    store: Store,
    changes: list[dict],
    cursor: int | None = None,
    scope: str | None = None,
    rejected: list[dict] | None = None,
) -> int:
    """Merge a page of changes from the central store; return how many were new here.

    A change the wire schema refuses (a value this app cannot read, from an older store or a
    hostile one) is left out and described in `rejected`; the rest of the page merges."""
    rejected_here = rejected if rejected is not None else []
    changes = _checked(changes, rejected_here)
    with store.transaction():
        ids = [c["change_id"] for c in changes]
        seen: set[str] = set()
        for part in _chunks(ids):
            marks = ",".join("?" * len(part))
            for sql in (
                f"SELECT change_id FROM sync_inbox WHERE change_id IN ({marks})",
                f"SELECT change_id FROM outbox WHERE change_id IN ({marks})",
            ):
                seen.update(r[0] for r in store.db.execute(sql, part))
        fresh = []
        for c in changes:
            if c["change_id"] not in seen:
                seen.add(c["change_id"])
                fresh.append(c)
        wanted: dict[str, list[str]] = {}
        for c in fresh:
            if c["table"] in BY_TABLE:
                wanted.setdefault(c["table"], []).append(c["record_id"])
        rows = {
            (t, rid): row
            for t, rids in wanted.items()
            for rid, row in _load(store, t, rids).items()
        }
        dirty: dict[tuple[str, str], dict] = {}
        audit, inbox, conflicts = [], [], []
        at = now_iso()
        for c in fresh:
            inbox.append((c["change_id"], c.get("seq", 0)))
            table, rid, stamp, author = c["table"], c["record_id"], c["hlc"], c["author"]
            if table == "conflicts":
                conflicts.append(tuple([rid] + [c["fields"].get(k) for k in CONFLICT_COLUMNS[1:]]))
                continue
            if table not in BY_TABLE:
                continue
            c, notes = _clean_incoming(c)
            try:
                check_fields(table, c["fields"], rid, text=False)
            except WireError as e:
                rejected_here.append(_rejection(c, e))
                continue
            if notes:
                audit.append(normalise_row(stamp, author, table, rid, notes))
            # The central store checked the stamp; at worst our clock does not move that far.
            with contextlib.suppress(ClockDriftError, ValueError):
                store.clock.observe(stamp)
            key = (table, rid)
            row = rows.get(key)
            cls = BY_TABLE[table]
            if row is not None and cls.append_only:
                continue  # a fact already here
            if row is None:
                data, clocks, meta = None, {}, {}
            else:
                clocks = row["clocks"]
                clocks = dict(clocks) if isinstance(clocks, dict) else json.loads(clocks)
                data = {k: v for k, v in row.items() if k not in ("hlc", "author", "clocks")}
                meta = {"hlc": row["hlc"], "author": row["author"]}
            m = merge(data, clocks, meta, c["fields"], stamp, author)
            if data is None:  # created by this change
                data = {**record_defaults(table), **c["fields"], "id": rid}
                if required_fields(table) - data.keys():
                    continue  # an update to a record we never received: nothing to attach it to
            rows[key] = {**data, "hlc": meta["hlc"], "author": meta["author"], "clocks": clocks}
            dirty[key] = rows[key]
            if m.won:
                diff = m.won if m.created else {k: [m.replaced.get(k), v] for k, v in m.won.items()}
                action = "create" if m.created else "merge"
                audit.append((stamp, at, author, action, table, rid, encode(diff)))
            # Fields that lost (to a later stamp) are kept in the history all the same.
            behind = {k: v for k, v in c["fields"].items() if k not in m.won}
            if behind:
                audit.append((stamp, at, author, "merge-lost", table, rid, encode(behind)))
        by_table: dict[str, list[dict]] = {}
        for (table, _), row in dirty.items():
            by_table.setdefault(table, []).append(row)
        for table, table_rows in by_table.items():
            _upsert(store, table, table_rows)
        store.db.conn.executemany(
            "INSERT INTO audit (hlc, at, actor, action, table_name, record_id, changes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            audit,
        )
        store.db.conn.executemany("INSERT OR IGNORE INTO sync_inbox VALUES (?, ?)", inbox)
        store.db.conn.executemany(
            f"INSERT OR IGNORE INTO conflicts ({', '.join(CONFLICT_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(CONFLICT_COLUMNS))})",
            conflicts,
        )
        defect_ids = [rid for (t, rid) in dirty if t == Defect.table]
        for part in _chunks(defect_ids):
            store.index_defects(part)
        if cursor is not None:
            store.set_meta("sync.cursor", str(cursor))
        if scope is not None:
            store.set_meta("sync.scope", scope)
    return len(fresh)


def _checked(changes: list, rejected: list[dict]) -> list[dict]:
    out = []
    for c in changes:
        try:
            out.append(check_pulled(c))
        except WireError as e:
            rejected.append(_rejection(c, e))
    return out


def _rejection(c, e: WireError) -> dict:
    c = c if isinstance(c, dict) else {}
    return {
        "table": _safe(c.get("table")),
        "record_id": _safe(c.get("record_id")),
        "reason": str(e),
    }


def _safe(value) -> str:
    return value if isinstance(value, str) and not text_problem(value) else ascii(value)[:80]


def _clean_incoming(change: dict) -> tuple[dict, list]:
    """A pulled change under the text policy (core/text.py). Text stored elsewhere is repaired,
    never refused: refusing it here would lose it. JSON fields travel as JSON text."""
    given = change["fields"]
    fields_, notes = clean_encoded(given, json_fields(BY_TABLE[change["table"]]), repair=True)
    if fields_ == given:
        return change, notes
    return {**change, "fields": fields_}, notes


def _upsert(store: Store, table: str, rows: list[dict]) -> None:
    columns = store.columns(table)
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT(id) DO UPDATE SET {sets}"
    )
    values = []
    for row in rows:
        row = {**row, "clocks": encode(row["clocks"]), "deleted": int(bool(row.get("deleted")))}
        values.append([row.get(c) for c in columns])
    store.db.conn.executemany(sql, values)


def revert_refused(store: Store, change: dict, state: dict | None, reason: str) -> None:
    """Undo a change the central store refused, back to the store's version of the fields.

    Fields a later local change has set again are left alone (that change is still to be sent).
    A refused creation of a record the central store does not have is taken out of the tables;
    its content stays in the audit trail and the outbox, with the reason.
    """
    table, rid = change["table_name"], change["record_id"]
    with store.transaction():
        row = next(store.db.query(f"SELECT * FROM {table} WHERE id = ?", [rid]), None)
        store.db.execute(
            "INSERT INTO audit (hlc, at, actor, action, table_name, record_id, changes)"
            " VALUES (?, ?, ?, 'refused', ?, ?, ?)",
            [change["hlc"], now_iso(), change["author"], table, rid, encode({"reason": reason})],
        )
        if row is None:
            return
        if state is None:
            if table == Defect.table:
                store.db.execute(
                    "DELETE FROM defects_fts WHERE rowid = (SELECT rowid FROM defects WHERE id = ?)",
                    [rid],
                )
            store.db.execute(f"DELETE FROM {table} WHERE id = ?", [rid])
            return
        clocks = json.loads(row["clocks"])
        server_clocks = state["clocks"]
        updates = {}
        for name in json.loads(change["fields"]):
            if clocks.get(name) != change["hlc"]:
                continue  # changed again since: that later change decides
            updates[name] = state["data"].get(name, record_defaults(table).get(name))
            if name in server_clocks:
                clocks[name] = server_clocks[name]
            else:
                clocks.pop(name, None)
        hlc = max(clocks.values(), default=state["hlc"])
        if hlc == state["hlc"]:
            author = state["author"]
        else:
            found = store.db.execute(
                "SELECT actor FROM audit WHERE hlc = ? AND table_name = ? AND record_id = ?",
                [hlc, table, rid],
            ).fetchone()
            author = found[0] if found else row["author"]
        updates.update(hlc=hlc, author=author, clocks=encode(clocks))
        sets = ", ".join(f"{k} = ?" for k in updates)
        store.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*updates.values(), rid])
        if table == Defect.table:
            store.index_defects([rid])
