"""The local store: records in SQLite, blobs beside it.

Every change goes through `save` / `delete` / `save_many`, which write, in one transaction, the
record itself (with its new clock stamp and author), an audit event and an outbox entry for
sync. A crash at any point leaves all three or none.
"""

import contextlib
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from ..core.clock import HybridClock
from ..core.i18n import t
from ..core.ids import uuid7
from ..core.model import BY_TABLE, Defect, Record, encode, from_row, json_fields
from ..core.text import Note, clean_fields
from ..errors import DatabaseError, InspectError, NotFound, ProfileError
from . import migrations
from .blobs import BlobStore
from .durable import durable_sqlite
from .profile import BLOBS, DB_NAME, check_profile_dir
from .search import match_expression

R = TypeVar("R", bound=Record)


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class Store:
    def __init__(self, db: sqlite_utils.Database, root: Path | None = None):
        self.db = db
        self.root = root
        self.blobs = BlobStore(root / BLOBS) if root else None
        self.node_id = self._meta_default("node_id", lambda: secrets.token_hex(8))
        last = db.execute("SELECT max(hlc) FROM audit").fetchone()[0]
        self.clock = HybridClock(self.node_id, last=last)
        self.actor = self.get_meta("user_id") or ""

    def require_blobs(self) -> BlobStore:
        """The profile's photo and signature files; an in-memory store (tests) has none."""
        if self.blobs is None:
            raise ProfileError(
                t("内存中的数据库不能保存文件。", "an in-memory profile cannot keep files")
            )
        return self.blobs

    # ----- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | str, create: bool = False) -> "Store":
        """Open the profile in `data_dir`, migrating its schema; create it if asked."""
        root = check_profile_dir(Path(data_dir), create)
        path = root / DB_NAME
        if not path.exists() and not create:
            raise InspectError(
                t(
                    f"{root} 不是 inspect-app 数据目录（没有 {DB_NAME}）。",
                    f"{root} is not an inspect-app profile (no {DB_NAME} in it)",
                )
            )
        try:
            store = cls(open_database(path), root)
        except sqlite3.DatabaseError as e:
            raise _database_error(path, e) from None
        from .text_repair import repair_stored_text

        # read-only or busy: the stored text stays as it was, and is tried again next time
        with contextlib.suppress(InspectError):
            repair_stored_text(store)
        return store

    @classmethod
    def memory(cls) -> "Store":
        return cls(open_database(None))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )
        if not self.db.conn.in_transaction:
            self.db.conn.commit()

    def _meta_default(self, key: str, make) -> str:
        value = self.get_meta(key)
        if value is None:
            value = make()
            with self.db.atomic():
                self.set_meta(key, value)
        return value

    def set_actor(self, user_id: str) -> None:
        """The user whose changes this profile records."""
        with self.db.atomic():
            self.set_meta("user_id", user_id)
        self.actor = user_id

    # ----- writing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Group several changes into one transaction: all of them are kept, or none."""
        try:
            with self.db.atomic():
                yield self
        except sqlite3.DatabaseError as e:
            raise _database_error(self.root, e) from None

    def save(self, record: R, actor: str | None = None) -> R:
        """Insert or update a record. Only fields that changed are stamped, audited and sent."""
        actor = actor if actor is not None else self.actor
        table = record.table
        values, notes = _clean(record)
        new = {k: encode(v) for k, v in values.items()}
        with self.transaction():
            old = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record.id]).fetchone()
            if old is not None:
                old = dict(zip(self.columns(table), old, strict=True))
                if record.append_only:
                    raise InspectError(f"{table} records cannot change once written ({record.id})")
                changed = {k: v for k, v in new.items() if old.get(k) != v}
                if old["deleted"]:  # saved again after a deletion: the revival is a change too
                    changed["deleted"] = 0
                if not changed and not old["deleted"]:
                    return record
                clocks = json.loads(old["clocks"])
            else:
                changed, clocks = new, {}
            stamp = self.clock.now()
            clocks.update(dict.fromkeys(changed, stamp))
            row = {**new, "hlc": stamp, "author": actor, "deleted": 0, "clocks": encode(clocks)}
            self.db.table(table).upsert(row, pk="id")
            action = "create" if old is None else "update"
            diff = changed if old is None else {k: [old.get(k), v] for k, v in changed.items()}
            self._log(stamp, actor, action, table, record.id, diff, changed)
            if notes:
                self._log_many([normalise_row(stamp, actor, table, record.id, notes)], [])
            if table == Defect.table:
                self._index_defect(record.id)
        record.hlc, record.author, record.deleted = stamp, actor, False
        return record

    def save_many(self, records: Iterable[Record], actor: str | None = None) -> int:
        """Insert many new records at once (demo data, imports). Each is stamped and sent."""
        actor = actor if actor is not None else self.actor
        by_table: dict[str, list[dict]] = {}
        audit, outbox = [], []
        at = now_iso()
        for rec in records:
            stamp = self.clock.now()
            values, notes = _clean(rec)
            data = {k: encode(v) for k, v in values.items()}
            clocks = encode(dict.fromkeys(data, stamp))
            by_table.setdefault(rec.table, []).append(
                {**data, "hlc": stamp, "author": actor, "deleted": 0, "clocks": clocks}
            )
            fields_json = encode(data)
            audit.append((stamp, at, actor, "create", rec.table, rec.id, fields_json))
            if notes:
                audit.append(normalise_row(stamp, actor, rec.table, rec.id, notes))
            outbox.append((uuid7(), rec.table, rec.id, "upsert", fields_json, stamp, actor))
            rec.hlc, rec.author = stamp, actor
        with self.transaction():
            for table, rows in by_table.items():
                self.db.table(table).insert_all(rows, pk="id", batch_size=500)
            self._log_many(audit, outbox)
            if Defect.table in by_table:
                ids = [r["id"] for r in by_table[Defect.table]]
                for i in range(0, len(ids), 500):
                    self.index_defects(ids[i : i + 500])
        return len(audit)

    def delete(self, cls: type[Record], record_id: str, actor: str | None = None) -> None:
        """Mark a record deleted (a tombstone, so the deletion syncs)."""
        actor = actor if actor is not None else self.actor
        if cls.append_only:
            raise InspectError(f"{cls.table} records cannot be deleted ({record_id})")
        with self.transaction():
            self.get(cls, record_id)
            stamp = self.clock.now()
            self.db.execute(
                f"UPDATE {cls.table} SET deleted = 1, hlc = ?, author = ?,"
                " clocks = json_set(clocks, '$.deleted', ?) WHERE id = ?",
                [stamp, actor, stamp, record_id],
            )
            self._log(stamp, actor, "delete", cls.table, record_id, {"deleted": 1}, {"deleted": 1})
            if cls is Defect:
                self._index_defect(record_id)

    def _log(self, stamp, actor, action, table, record_id, diff, changed) -> None:
        op = "delete" if action == "delete" else "upsert"
        self._log_many(
            [(stamp, now_iso(), actor, action, table, record_id, encode(diff))],
            [(uuid7(), table, record_id, op, encode(changed), stamp, actor)],
        )

    def _log_many(self, audit: list[tuple], outbox: list[tuple]) -> None:
        self.db.conn.executemany(
            "INSERT INTO audit (hlc, at, actor, action, table_name, record_id, changes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            audit,
        )
        self.db.conn.executemany(
            "INSERT INTO outbox (change_id, table_name, record_id, op, fields, hlc, author,"
            " base_seq) VALUES (?, ?, ?, ?, ?, ?, ?,"
            " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync.cursor'))",
            outbox,
        )

    def _index_defect(self, defect_id: str) -> None:
        self.index_defects([defect_id])

    def index_defects(self, ids: list[str]) -> None:
        """Bring the search index up to date for these defects (inside a transaction)."""
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT rowid, title, description, location_text, unit, floor, room, category, deleted"
            f" FROM defects WHERE id IN ({marks})",
            ids,
        ).fetchall()
        self.db.conn.executemany("DELETE FROM defects_fts WHERE rowid = ?", [(r[0],) for r in rows])
        self.db.conn.executemany(
            "INSERT INTO defects_fts (rowid, title, description, location, category)"
            " VALUES (?, ?, ?, ?, ?)",
            [migrations.fts_row(*r[:8]) for r in rows if not r[8]],
        )

    # ----- reading ---------------------------------------------------------------------------

    def get(self, cls: type[R], record_id: str, include_deleted: bool = False) -> R:
        row = next(self.db.query(f"SELECT * FROM {cls.table} WHERE id = ?", [record_id]), None)
        if row is None or (row["deleted"] and not include_deleted):
            raise NotFound(
                t(f"找不到记录 {cls.table}/{record_id}", f"no {cls.table} record {record_id}")
            )
        return from_row(cls, row)

    def find(
        self,
        cls: type[R],
        where: str = "",
        params: Iterable[Any] = (),
        order_by: str = "id",
        limit: int | None = None,
        include_deleted: bool = False,
    ) -> list[R]:
        """Records matching an SQL condition, e.g. find(Defect, "project_id = ?", [pid])."""
        clauses = [c for c in (where, "" if include_deleted else "deleted = 0") if c]
        sql = f"SELECT * FROM {cls.table}"
        if clauses:
            sql += " WHERE " + " AND ".join(f"({c})" for c in clauses)
        sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [from_row(cls, r) for r in self.db.query(sql, list(params))]

    def find_by(
        self,
        cls: type[R],
        *,
        order_by: str = "id",
        limit: int | None = None,
        include_deleted: bool = False,
        **equals: Any,
    ) -> list[R]:
        """Records whose fields equal the values given (a list or tuple: any of them), e.g.
        find_by(Building, project_id=pid, order_by="name"): what the window asks for, with no
        SQL of its own."""
        known = {f.name for f in fields(cls)}
        clauses, params = [], []
        for name, value in equals.items():
            if name not in known:
                raise ValueError(f"{cls.__name__} has no field {name!r}")
            if isinstance(value, list | tuple | set | frozenset):
                values = list(value)
                if not values:
                    return []
                clauses.append(f"{name} IN ({','.join('?' * len(values))})")
                params += [encode(v) for v in values]
            else:
                clauses.append(f"{name} = ?")
                params.append(encode(value))
        for column in order_by.replace(" DESC", "").replace(" ASC", "").split(","):
            if column.strip() not in known:
                raise ValueError(f"{cls.__name__} cannot be ordered by {column.strip()!r}")
        return self.find(cls, " AND ".join(clauses), params, order_by, limit, include_deleted)

    def count(self, cls: type[Record], where: str = "", params: Iterable[Any] = ()) -> int:
        sql = f"SELECT count(*) FROM {cls.table} WHERE deleted = 0"
        if where:
            sql += f" AND ({where})"
        return self.db.execute(sql, list(params)).fetchone()[0]

    def search_defects(self, query: str, limit: int | None = None) -> list[str]:
        """Ids of live defects whose text contains every term of `query` (Chinese-aware)."""
        expr = match_expression(query)
        if expr is None:
            return []
        sql = (
            "SELECT d.id FROM defects_fts f JOIN defects d ON d.rowid = f.rowid"
            " WHERE defects_fts MATCH ? AND d.deleted = 0 ORDER BY d.id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.db.execute(sql, [expr]).fetchall()]

    def pending_changes(self) -> int:
        """Changes not yet acknowledged by the central store."""
        return self.db.execute("SELECT count(*) FROM outbox WHERE acked_at IS NULL").fetchone()[0]

    def history(self, table: str, record_id: str) -> list[dict]:
        """The audit trail of one record, oldest first."""
        rows = self.db.query(
            "SELECT hlc, at, actor, action, changes FROM audit"
            " WHERE table_name = ? AND record_id = ? ORDER BY hlc",
            [table, record_id],
        )
        return [{**r, "changes": json.loads(r["changes"])} for r in rows]

    def columns(self, table: str) -> list[str]:
        """The table's column names, in order."""
        cache = self.__dict__.setdefault("_column_cache", {})
        if table not in cache:
            cache[table] = [c.name for c in self.db[table].columns]
        return cache[table]

    def rows(self, table: str, include_deleted: bool = True) -> Iterator[dict]:
        """Raw rows of a record table, JSON fields decoded, in id order."""
        cls = BY_TABLE[table]
        jf = json_fields(cls)
        where = "" if include_deleted else " WHERE deleted = 0"
        for row in self.db.query(f"SELECT * FROM {table}{where} ORDER BY id"):
            for k in jf:
                if isinstance(row.get(k), str):
                    row[k] = json.loads(row[k])
            row["clocks"] = json.loads(row["clocks"])
            row["deleted"] = bool(row["deleted"])
            yield row


def _clean(record: Record) -> tuple[dict[str, Any], list[Note]]:
    """The record's fields under the text policy (core/text.py); the record is updated to the
    text kept, so the caller holds what was stored. TextRefused names a field it refuses."""
    given = record.field_values()
    values, notes = clean_fields(given)
    for k, v in values.items():
        if v is not given[k] and v != given[k]:
            setattr(record, k, v)
    return values, notes


def normalise_row(stamp: str, actor: str, table: str, record_id: str, notes) -> tuple:
    """The audit row saying which characters the text policy removed, field by field."""
    changes = encode({n.field: list(n.removed) for n in notes})
    return (stamp, now_iso(), actor, "normalise", table, record_id, changes)


def open_database(path: Path | None) -> sqlite_utils.Database:
    """Open (or create) a database file in WAL mode and bring its schema up to date."""
    if path is None:
        db = sqlite_utils.Database(memory=True)
    else:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA schema_version").fetchone()  # fails here on a file that is not SQLite
        durable_sqlite(conn)  # WAL, each commit synced to disk (store/durable.py)
    db.execute("PRAGMA foreign_keys = ON")
    try:
        migrations.migrate(db)
    except migrations.NewerSchemaError as e:
        db.close()
        raise DatabaseError(
            t(
                f"数据库由更新版本的 inspect-app 创建（{e}），请升级本软件后再打开。",
                f"this database was written by a newer inspect-app ({e}); upgrade to open it",
            )
        ) from None
    return db


def _database_error(path: Path | None, e: sqlite3.DatabaseError) -> InspectError:
    """Translate an SQLite failure into words a user can act on."""
    text = str(e)
    where = str(path) if path else "database"
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return DatabaseError(
            t(
                f"数据库文件已损坏或不是 inspect-app 数据库：{where}（{text}）。文件未被修改；请从备份恢复。",
                f"the database file is damaged or not an inspect-app database: {where} ({text}). "
                "It was left as it is; restore it from a backup.",
            )
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            t(
                f"数据库只读，无法保存：{where}。已保存的内容完好；请检查该文件夹的写入权限"
                "（或U盘/网络盘是否被设为只读），然后重新打开本软件。",
                f"the database is read-only and cannot be saved: {where}. What was saved before "
                "is intact; check that the folder can be written to (a USB stick or network "
                "drive may be read-only), then open the app again.",
            )
        )
    if "disk i/o error" in text.lower() or "unable to open database file" in text:
        # The file went away under the app: a USB stick pulled, a network drive dropped, a
        # failing disk, or the folder's permissions changed while it was open.
        return DatabaseError(
            t(
                f"无法读写数据库：{where}（磁盘读写错误）。这次更改未保存，之前保存的内容不受影响。"
                "请检查：数据所在的U盘或网络盘是否仍然连接、磁盘是否已满或损坏、"
                "文件夹是否仍可写入；然后关闭并重新打开本软件。",
                f"the database could not be read or written: {where} (disk I/O error). This "
                "change was not saved; what was saved before is unaffected. Check that the USB "
                "stick or network drive holding it is still connected, that the disk is not "
                "full or failing, and that the folder can still be written to; then close and "
                "open the app again.",
            )
        )
    if "disk is full" in text or "database or disk is full" in text:
        return DatabaseError(
            t(
                f"磁盘已满，更改未保存：{where}。请释放空间后重试，已保存的数据完好。",
                f"the disk is full; the change was not saved ({where}). Free some space and try "
                "again: what was saved before is intact.",
            )
        )
    if "locked" in text or "busy" in text:
        return DatabaseError(
            t(
                f"数据库正被另一个程序使用：{where}。请关闭其他 inspect-app 窗口后重试。",
                f"the database is in use by another program: {where}. Close other inspect-app "
                "windows and try again.",
            )
        )
    return DatabaseError(f"{where}: {text}")
