"""The central store's logic, apart from HTTP: accounts, push, pull, visibility, export.

The HTTP app (app.py) and the offline sync bundles (sync/bundle.py) both call this, so a change
is checked and merged the same way whichever road it took.

State: `changes` is the log of every accepted change, numbered by `seq`; `records` holds each
record merged per field (core/merge.py), with the columns visibility needs (project, assignee,
parent). A conflict (a concurrent edit that lost) is itself appended to the log, so it reaches
every replica that may see the record.
"""

import hashlib
import json
import logging
import re
import secrets
import time
from dataclasses import fields as dc_fields
from datetime import UTC, datetime
from typing import Any, get_type_hints

import argon2

from ..core.clock import ClockDriftError, HybridClock, Stamp
from ..core.i18n import t
from ..core.ids import uuid7
from ..core.merge import column_names, merge, record_defaults, required_fields
from ..core.model import (
    BY_TABLE,
    META_FIELDS,
    RECORD_TYPES,
    OrgKind,
    Role,
    json_fields,
)
from ..errors import InspectError
from ..wire.changes import WireError, check_change, check_envelope
from ..wire.limits import MAX_BATCH, MAX_PAGE
from . import accounts, issued, journal, migrations, uploads
from .access import GLOBAL_TABLES, TARGETS, Account, Record, Write, refusal
from .db import Conn, Database
from .throttle import SharedThrottle, Throttle
from .uploads import BLOB_FIELD

log = logging.getLogger("inspect_app.server")

TOKEN_DAYS = 30
TEMPLATE_QUOTA = (100, 20_000_000)  # templates per user who is not an admin: count, characters
STAMP_FLOOR_MS = 1_577_836_800_000  # 2020-01-01: no edit of this app's records is older
_NAME = re.compile(r"^[^\s/\\]{1,64}$")


class ProtocolError(InspectError):
    """A request the protocol does not allow (answered with 4xx, nothing changed)."""


class Missing(str):
    """A refusal's reason when the server lacks the record, or a record it refers to: only
    after a restore from a backup, until the laptop that made it sends it again. The laptop
    holds such a change instead of undoing it (sync/recovery.py)."""


class AuthError(InspectError):
    """Missing, wrong or expired credentials."""


class TooManyAttempts(InspectError):
    """Sign-ins turned away after too many failures (429); `retry_after` in seconds."""

    def __init__(self, retry_after: int):
        minutes = max(1, (retry_after + 59) // 60)
        super().__init__(
            t(
                f"登录失败次数过多，请 {minutes} 分钟后再试。",
                f"too many failed sign-ins; try again in {minutes} minutes",
            )
        )
        self.retry_after = retry_after


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _node(stamp: str) -> str:
    return stamp.split(".", 2)[-1]


def validate_change(c: Any, i: int = 0) -> dict:
    """A change's envelope (ids, table, operation, stamp), checked by the wire schema; a
    malformed one refuses the whole batch (ProtocolError, 422). Field values are checked per
    change in `push`, so one bad value is refused alone and the rest of the batch goes on."""
    try:
        return check_envelope(c)
    except WireError as e:
        raise ProtocolError(t(f"第 {i + 1} 条变更：{e}", f"change {i + 1}: {e}")) from None


class SyncService:
    def __init__(
        self,
        db: Database,
        token_days: float = TOKEN_DAYS,
        hasher: argon2.PasswordHasher | None = None,
    ):
        self.db = db
        self.hasher = hasher or argon2.PasswordHasher()
        self._views: dict[str, tuple[int, set]] = {}  # contractor org -> (last seq, view)
        self.token_seconds = token_days * 86400
        migrations.migrate(db)
        # PostgreSQL (one or several server processes): failures shared through the database.
        # SQLite (one process): in memory, as a write there would wait for others' pushes.
        self.throttle = SharedThrottle(db) if db.postgres else Throttle()
        # Checked against when the name is unknown, so the answer takes as long either way.
        self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
        with db.connect() as conn:
            last = conn.value("SELECT max(hlc) FROM changes")
        self.clock = HybridClock("server", last=last)

    # ----- accounts ------------------------------------------------------------------------

    def add_user(self, name: str, role: str, org: str, password: str) -> Account:
        """An account; its User record (reused when one has this name) and its organization."""
        if not _NAME.match(name or ""):
            raise InspectError(
                t(
                    "用户名不能为空或含空格、斜杠。",
                    "a user name cannot be empty or hold spaces or slashes",
                )
            )
        role = Role(role)
        if len(password) < 8:
            raise InspectError(t("密码至少 8 个字符。", "the password needs at least 8 characters"))
        with self.db.connect(write=True) as conn:
            if conn.one("SELECT 1 FROM accounts WHERE name = ?", [name]):
                raise InspectError(t(f"用户 {name} 已存在。", f"user {name} already exists"))
            org_id = self._find_org(conn, org)
            if org_id is None:
                org_id = uuid7()
                kind = {Role.CONTRACTOR: OrgKind.CONTRACTOR, Role.SUPERVISOR: OrgKind.SUPERVISOR}
                self._server_change(
                    conn,
                    "organizations",
                    org_id,
                    {"name": org, "kind": kind.get(role, OrgKind.OWNER).value},
                )
            user_id = None
            for rid, data in self._rows(conn, "users"):
                if data.get("name") == name:
                    user_id = rid
            fields = {"name": name, "role": role.value, "org_id": org_id}
            if user_id is None:
                user_id = uuid7()
                self._server_change(conn, "users", user_id, fields)
            else:
                current = self._load(conn, "users", user_id)
                old = current.data if current is not None else {}
                changed = {k: v for k, v in fields.items() if old.get(k) != v}
                if changed:
                    self._server_change(conn, "users", user_id, changed)
            conn.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?)",
                [user_id, name, role.value, org_id, self.hasher.hash(password), _now()],
            )
        journal.event("account added", user=name, role=role.value, org=org)
        return Account(user_id, name, role, org_id)

    def _find_org(self, conn: Conn, org: str) -> str | None:
        for rid, data in self._rows(conn, "organizations"):
            if org in (rid, data.get("name"), data.get("short_name")):
                return rid
        return None

    def login(self, name: str, password: str, address: str = "") -> dict:
        """A token for `name` if `password` is right. The password is checked outside any
        transaction (argon2 takes a tenth of a second: others' syncs must not wait on it), as
        long for an unknown name as for a known one, and only while neither the name nor the
        client address has failed `throttle.LIMIT` times in the window."""
        keys = (f"name:{name}", f"addr:{address}")
        wait = self.throttle.wait(*keys)
        if wait:
            journal.event("throttled login", logging.WARNING, user=name, address=address, wait=wait)
            raise TooManyAttempts(wait)
        with self.db.connect() as conn:
            row = conn.one(
                "SELECT id, role, org_id, password_hash FROM accounts WHERE name = ?", [name]
            )
        try:
            ok = self.hasher.verify(row[3] if row else self._dummy_hash, password) and bool(row)
        except argon2.exceptions.VerificationError:
            ok = False
        except argon2.exceptions.InvalidHashError:
            ok = False
        if row is None or not ok:
            self.throttle.failed(*keys)
            journal.event("refused login", logging.WARNING, user=name, address=address)
            raise AuthError(t("用户名或密码错误。", "wrong user name or password"))
        self.throttle.succeeded(keys[0])
        with self.db.connect() as conn:
            disabled = accounts.is_disabled(conn, row[0])
        if disabled:
            journal.event(
                "refused login", logging.WARNING, user=name, address=address, disabled=True
            )
            raise AuthError(t("该账号已停用。", "this account is disabled"))
        token = secrets.token_urlsafe(32)
        expires = time.time() + self.token_seconds
        with self.db.connect(write=True) as conn:
            conn.execute("DELETE FROM tokens WHERE expires_at < ?", [time.time()])
            conn.execute(
                "INSERT INTO tokens VALUES (?, ?, ?)",
                [hashlib.sha256(token.encode()).hexdigest(), row[0], expires],
            )
        journal.event("login", user=name, address=address)
        return {
            "token": token,
            "expires_at": expires,
            "user": {"id": row[0], "name": name, "role": row[1], "org_id": row[2]},
        }

    def change_password(self, acct: Account, old: str, new: str) -> None:
        """The signed-in user's own password; the old one first. Every sign-in ends."""
        _, digest = accounts.find(self.db, acct.name)
        ok: bool
        try:
            ok = self.hasher.verify(digest, old)
        except argon2.exceptions.VerificationError:
            ok = False
        if not ok:
            journal.event("refused password change", logging.WARNING, user=acct.name)
            raise AuthError(t("原密码不对。", "the current password is wrong"))
        accounts.set_password(self.db, self.hasher, acct.name, new, by=acct.name)

    def authenticate(self, token: str) -> Account:
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self.db.connect() as conn:
            row = conn.one(
                "SELECT a.id, a.name, a.role, a.org_id, t.expires_at, f.disabled FROM tokens t"
                " JOIN accounts a ON a.id = t.account_id"
                " LEFT JOIN account_flags f ON f.account_id = a.id WHERE t.token_hash = ?",
                [digest],
            )
        if row is None or row[4] < time.time() or row[5]:
            raise AuthError(
                t("登录已过期，请重新登录。", "not signed in or the sign-in has expired")
            )
        return Account(row[0], row[1], Role(row[2]), row[3])

    def account(self, user_id: str) -> Account:
        with self.db.connect() as conn:
            row = conn.one("SELECT id, name, role, org_id FROM accounts WHERE id = ?", [user_id])
        if row is None:
            raise AuthError(
                t(f"服务器上没有该用户（{user_id}）。", f"no account {user_id} on this server")
            )
        return Account(row[0], row[1], Role(row[2]), row[3])

    # ----- records -------------------------------------------------------------------------

    def _rows(self, conn: Conn, table: str) -> list[tuple[str, dict]]:
        rows = conn.all("SELECT record_id, data FROM records WHERE table_name = ?", [table])
        return [(r[0], json.loads(r[1])) for r in rows]

    def _load(self, conn: Conn, table: str, rid: str) -> Record | None:
        row = conn.one(
            "SELECT data, clocks, fmeta, hlc, author, project_id, assignee_org_id, parent_id"
            " FROM records WHERE table_name = ? AND record_id = ?",
            [table, rid],
        )
        if row is None:
            return None
        return Record(
            table, rid, json.loads(row[0]), json.loads(row[1]), json.loads(row[2]), *row[3:]
        )

    def _server_change(self, conn: Conn, table: str, rid: str, fields: dict) -> None:
        change = {
            "change_id": uuid7(),
            "table": table,
            "record_id": rid,
            "op": "upsert",
            "fields": fields,
            "hlc": self.clock.now(),
            "author": "server",
        }
        current = self._load(conn, table, rid)
        self._apply(conn, change, current, None, {})

    def _place(
        self, conn: Conn, table: str, data: dict, cache: dict
    ) -> tuple[str | None, Record | None]:
        """The project a record belongs to, and its parent record (None: global)."""
        if table in GLOBAL_TABLES:
            return None, None
        if table == "projects":
            return data["id"], None
        parent_id: str | None = None
        parent_table: str | None = None
        if table == "defect_events":
            parent_table, parent_id = "defects", data.get("defect_id")
        elif "target_id" in column_names(table):  # photo links, signatures, reports …
            parent_table = _target_table(data.get("target_type"))
            parent_id = data.get("target_id")
        if parent_table is None and parent_id is None:
            return (data.get("project_id") or None), None
        parent = cache.get((parent_table, parent_id)) if parent_table else None
        if parent is None and parent_table and parent_id:
            parent = self._load(conn, parent_table, parent_id)
        if parent is None:
            raise LookupError(
                t(
                    f"引用的记录不存在：{parent_id}",
                    f"it refers to a record the server does not have: {parent_id}",
                )
            )
        return parent.project_id, parent

    # ----- push ----------------------------------------------------------------------------

    def push(self, acct: Account, changes: list[Any]) -> dict:
        """Apply a batch of changes in order, once each; say which were accepted or refused."""
        if not isinstance(changes, list) or len(changes) > MAX_BATCH:
            raise ProtocolError(
                t(f"每批最多 {MAX_BATCH} 条变更。", f"at most {MAX_BATCH} changes per batch")
            )
        changes = [validate_change(c, i) for i, c in enumerate(changes)]
        accepted, refused = [], []
        with self.db.connect(write=True) as conn:
            members = self._member_projects(conn, acct)
            cache: dict[tuple[str, str], Record | None] = {}
            ids = [c["change_id"] for c in changes]
            known: set[str] = set()
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                marks = ",".join("?" * len(part))
                known.update(
                    r[0]
                    for r in conn.all(
                        f"SELECT change_id FROM changes WHERE change_id IN ({marks})", part
                    )
                )
            notes = {
                (f.get("defect_id"), f.get("to_status")): f.get("note") or ""
                for c in changes
                if c["table"] == "defect_events"
                and isinstance(f := c["fields"], dict)
                and all(isinstance(f.get(k, ""), str) for k in ("defect_id", "to_status", "note"))
            }
            for c in changes:
                if c["change_id"] in known:
                    accepted.append(
                        c["change_id"]
                    )  # sent again after a lost answer: once is enough
                    continue
                known.add(c["change_id"])
                key = (c["table"], c["record_id"])
                if key not in cache:
                    cache[key] = self._load(conn, *key)
                current = cache[key]
                reason = self._check(conn, acct, c, current, members, notes, cache)
                if reason:
                    refused.append(
                        {
                            "change_id": c["change_id"],
                            "reason": reason,
                            "state": _state(current),
                            "missing": isinstance(reason, Missing),
                        }
                    )
                    conn.execute(
                        "INSERT INTO refusals (at, account, change_id, table_name, record_id, reason)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        [_now(), acct.name, c["change_id"], c["table"], c["record_id"], reason],
                    )
                    journal.event(
                        "refused change",
                        logging.WARNING,
                        user=acct.name,
                        op=c["op"],
                        table=c["table"],
                        record_id=c["record_id"],
                        reason=reason,
                    )
                    continue
                cache[key] = self._apply(conn, c, current, c.get("base_seq"), cache)
                accepted.append(c["change_id"])
                if c["table"] == "project_members":
                    members = self._member_projects(conn, acct)
        return {"accepted": accepted, "refused": refused}

    def _check(self, conn, acct, c, current, members, notes, cache) -> str | None:
        if c["author"] != acct.id and acct.role != Role.ADMIN:
            return t("变更的作者不是当前用户。", "the change's author is not the signed-in user")
        try:
            check_change(c)
        except WireError as e:
            return str(e)
        if Stamp.parse(c["hlc"]).wall_ms < STAMP_FLOOR_MS:
            return t(
                "该设备的时钟早于 2020 年，请校准时间。",
                "this device's clock is before 2020; set the time right",
            )
        try:
            self.clock.observe(c["hlc"])
        except ClockDriftError:
            return t(
                "该设备的时钟比服务器快一天以上，请校准时间。",
                "this device's clock is more than a day ahead; set the time right",
            )
        cls = BY_TABLE[c["table"]]
        if current is not None and cls.append_only:
            return t(
                "该记录只能追加，不能修改。", f"{c['table']} records cannot change once written"
            )
        if c["op"] == "delete" and cls.append_only:
            return t("该记录不能删除。", f"{c['table']} records cannot be deleted")
        data = {**(current.data if current else {}), **c["fields"], "id": c["record_id"]}
        if current is None and required_fields(c["table"]) - data.keys():
            return Missing(t("服务器上没有这条记录。", "the server does not have this record"))
        try:
            project_id, parent = self._place(conn, c["table"], data, cache)
        except LookupError as e:
            return Missing(str(e))
        if c["table"] == "reports" and c["op"] == "upsert":  # what a paper shows: checked
            reason, missing = issued.refusal(conn, data, project_id)
            if reason:
                return Missing(reason) if missing else reason
        if c["table"] == "conflict_settlements":  # created or changed: still that conflict's
            reason = self._settles_a_conflict(conn, c["record_id"], data)
            if reason:
                return reason
        winning = {
            k: v
            for k, v in c["fields"].items()
            if current is None or c["hlc"] > current.clocks.get(k, "")
        }
        if current is not None:
            winning = {k: v for k, v in winning.items() if current.data.get(k) != v}
        w = Write(
            table=c["table"],
            op=c["op"],
            fields=c["fields"],
            current=current,
            project_id=current.project_id
            if current is not None and c["table"] != "projects"
            else project_id,
            parent=parent,
            reason_note=notes.get((c["record_id"], c["fields"].get("status")), ""),
            member_projects=members,
            new_project_id=project_id,
            cosigner_projects=self._cosigner_projects(conn, acct, c),
        )
        new_template = c["table"] == "templates" and current is None and acct.role != Role.ADMIN
        if new_template and (reason := self._template_refusal(conn, acct, data)):
            return reason
        if c["table"] == "photo_links" and current is None:
            pid = data.get("photo_id") or ""
            w.photo = cache.get(("photos", pid)) or self._load(conn, "photos", pid)
        return refusal(acct, w, winning)

    def _template_refusal(self, conn: Conn, acct: Account, data: dict) -> str | None:
        """A checklist template from anyone but an administrator: its content must be what its
        hash says, and each user's templates are bounded in number and size, so nobody fills
        every laptop with templates (an administrator publishes templates for all)."""
        content = data.get("content") or ""
        if hashlib.sha256(content.encode("utf-8")).hexdigest() != data.get("content_hash"):
            return t(
                "检查表模板的内容与其哈希不符。",
                "the template's content does not match its content_hash",
            )
        count, size = conn.one_row(
            "SELECT count(*), coalesce(sum(length(data)), 0) FROM records"
            " WHERE table_name = 'templates' AND author = ?",
            [acct.id],
        )
        if count >= TEMPLATE_QUOTA[0] or size + len(content) > TEMPLATE_QUOTA[1]:
            return t(
                f"您上传的检查表模板已达上限（{TEMPLATE_QUOTA[0]} 个或 "
                f"{TEMPLATE_QUOTA[1] // 1_000_000} MB），请联系管理员发布。",
                f"you have reached the limit of checklist templates ({TEMPLATE_QUOTA[0]} or "
                f"{TEMPLATE_QUOTA[1] // 1_000_000} MB); an administrator publishes more",
            )
        return None

    def _settles_a_conflict(self, conn: Conn, rid: str, data: dict) -> str | None:
        """A settlement names a conflict this store recorded, on the record and field it says."""
        row = conn.one(
            "SELECT fields FROM changes WHERE table_name = 'conflicts' AND record_id = ?", [rid]
        )
        found = json.loads(row[0]) if row else {}
        if not row or (found.get("table_name"), found.get("record_id"), found.get("field")) != (
            data.get("target_type"),
            data.get("target_id"),
            data.get("field"),
        ):
            return t(
                "服务器上没有这个冲突，无法处理。",
                "the server recorded no such conflict to settle",
            )
        return None

    def _apply(
        self, conn: Conn, c: dict, current: Record | None, base: int | None, cache: dict
    ) -> Record:
        table, rid, stamp, author = c["table"], c["record_id"], c["hlc"], c["author"]
        data = None if current is None else dict(current.data)
        clocks = {} if current is None else dict(current.clocks)
        meta = {} if current is None else {"hlc": current.hlc, "author": current.author}
        m = merge(data, clocks, meta, c["fields"], stamp, author)
        if data is None:  # created by this change
            data = {**record_defaults(table), **c["fields"], "id": rid}
        project_id, parent = self._place(conn, table, data, cache)
        seq = conn.value(
            "INSERT INTO changes (change_id, table_name, record_id, op, fields, hlc, author,"
            " project_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
            [
                c["change_id"],
                table,
                rid,
                c["op"],
                _dumps(c["fields"]),
                stamp,
                author,
                project_id,
                _now(),
            ],
        )
        fmeta = {} if current is None else dict(current.fmeta)
        conflicts = []
        for name, value in m.lost.items():
            conflicts.append((name, value, stamp, author, clocks[name]))
        for name, value in m.won.items():
            if current is not None and name in current.clocks:
                old_stamp = current.clocks[name]
                seen_upto = base if base is not None else 0
                prior = fmeta.get(name, [0, ""])
                if (
                    current.data.get(name) != value
                    and _node(old_stamp) != _node(stamp)
                    and prior[0] > seen_upto
                ):
                    conflicts.append((name, current.data.get(name), old_stamp, prior[1], stamp))
            fmeta[name] = [seq, author]
        rec = Record(
            table,
            rid,
            data,
            clocks,
            fmeta,
            meta["hlc"],
            meta["author"],
            project_id,
            data.get("assignee_org_id") if table == "defects" else None,
            parent.id if parent is not None else None,
        )
        conn.execute(
            "INSERT INTO records (table_name, record_id, data, clocks, fmeta, hlc, author,"
            " project_id, assignee_org_id, parent_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (table_name, record_id) DO UPDATE SET data = excluded.data,"
            " clocks = excluded.clocks, fmeta = excluded.fmeta, hlc = excluded.hlc,"
            " author = excluded.author, project_id = excluded.project_id,"
            " assignee_org_id = excluded.assignee_org_id, parent_id = excluded.parent_id",
            [
                table,
                rid,
                _dumps(data),
                _dumps(clocks),
                _dumps(fmeta),
                rec.hlc,
                rec.author,
                project_id,
                rec.assignee_org_id,
                rec.parent_id,
            ],
        )
        uploads.mark_referenced(conn, table, data)
        for name, value, lhlc, lauthor, whlc in conflicts:
            cid = hashlib.sha256(f"{table}/{rid}/{name}/{lhlc}".encode()).hexdigest()[:32]
            row = {
                "table_name": table,
                "record_id": rid,
                "field": name,
                "value": value if value is None or isinstance(value, str) else _dumps(value),
                "hlc": lhlc,
                "author": lauthor,
                "winner_hlc": whlc,
                "detected_at": _now(),
            }
            conn.execute(
                "INSERT INTO changes (change_id, table_name, record_id, op, fields, hlc, author,"
                " project_id, received_at) VALUES (?, 'conflicts', ?, 'conflict', ?, ?, ?, ?, ?)"
                " ON CONFLICT (change_id) DO NOTHING",
                [f"conflict-{cid}", cid, _dumps(row), lhlc, "server", project_id, _now()],
            )
            log.info("conflict on %s/%s.%s: %s lost to %s", table, rid, name, lhlc, whlc)
        return rec

    # ----- visibility and pull -------------------------------------------------------------

    def _cosigner_projects(self, conn: Conn, acct: Account, c: dict) -> frozenset[str] | None:
        """The projects of the account a signature names, when that is not the pusher."""
        user_id = c["fields"].get("user_id") if c["table"] == "signatures" else None
        if not user_id or user_id == acct.id:
            return None
        row = conn.one("SELECT id, name, role, org_id FROM accounts WHERE id = ?", [user_id])
        if row is None:
            return None
        return self._member_projects(conn, Account(row[0], row[1], Role(row[2]), row[3]))

    def _member_projects(self, conn: Conn, acct: Account) -> frozenset[str]:
        out = set()
        for _, d in self._rows(conn, "project_members"):
            if d.get("deleted"):
                continue
            if d.get("user_id") == acct.id or (
                not d.get("user_id") and d.get("org_id") == acct.org_id
            ):
                out.add(d["project_id"])
        return frozenset(out)

    def _contractor_view(self, conn: Conn, acct: Account) -> set[tuple[str, str]]:
        """Everything a contractor may see: its defects and what hangs off them. Kept until
        the next accepted change (pages of one pull reuse it)."""
        last = conn.value("SELECT max(seq) FROM changes")
        cached = self._views.get(acct.org_id)
        if cached is not None and cached[0] == last:
            return cached[1]
        view = self._build_contractor_view(conn, acct)
        self._views[acct.org_id] = (last, view)
        return view

    def _build_contractor_view(self, conn: Conn, acct: Account) -> set[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        rows = conn.all(
            "SELECT record_id, data FROM records WHERE table_name = 'defects' AND assignee_org_id = ?",
            [acct.org_id],
        )
        defects = {r[0] for r in rows}
        projects, inspections = set(), set()
        for _, data in rows:
            d = json.loads(data)
            projects.add(d.get("project_id"))
            if d.get("inspection_id"):
                inspections.add(d["inspection_id"])
        events = self._children(conn, "defect_events", defects)
        links = self._children(conn, "photo_links", defects | {e for e, _ in events})
        photos = {json.loads(d).get("photo_id") for _, d in links}
        sigs = self._children(conn, "signatures", defects | inspections)
        buildings: set[str] = set()
        marks_src = sorted(p for p in projects if p)
        for i in range(0, len(marks_src), 500):
            part = marks_src[i : i + 500]
            q = f"SELECT record_id FROM records WHERE table_name = 'buildings' AND project_id IN ({','.join('?' * len(part))})"
            buildings.update(r[0] for r in conn.all(q, part))
        notices = {
            rid
            for rid, d in self._rows(conn, "notices")
            if d.get("addressee_org_id") == acct.org_id
        }
        for table, ids in (
            ("notices", notices),
            ("defects", defects),
            ("inspections", inspections),
            ("projects", projects),
            ("defect_events", {e for e, _ in events}),
            ("photo_links", {x for x, _ in links}),
            ("photos", photos),
            ("signatures", {s for s, _ in sigs}),
            ("buildings", buildings),
        ):
            seen.update((table, i) for i in ids if i)
        return seen

    def _children(self, conn: Conn, table: str, parents: set[str]) -> list[tuple[str, str]]:
        out, ids = [], sorted(parents)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            out += conn.all(
                f"SELECT record_id, data FROM records WHERE table_name = ? AND parent_id IN ({','.join('?' * len(part))})",
                [table, *part],
            )
        return out

    def pull(self, acct: Account, cursor: int, scope: str, limit: int = 1000) -> dict:
        """Accepted changes after `cursor` that `acct` may see, in order, one page.

        `scope` names what the client saw last time; when what the user may see has grown
        (a new project, a defect newly assigned) the answer starts again from the beginning,
        so records that became visible arrive too (merging them again changes nothing).
        """
        limit = max(1, min(int(limit), MAX_PAGE))
        with self.db.connect() as conn:
            view = None
            if acct.role == Role.ADMIN:
                fingerprint = "all"
            elif acct.role == Role.CONTRACTOR:
                view = self._contractor_view(conn, acct)
                roots = sorted(
                    f"{a}/{b}" for a, b in view if a in ("defects", "inspections", "photos")
                )
                fingerprint = "c:" + hashlib.sha256("\n".join(roots).encode()).hexdigest()[:32]
            else:
                members = self._member_projects(conn, acct)
                fingerprint = (
                    "p:" + hashlib.sha256("\n".join(sorted(members)).encode()).hexdigest()[:32]
                )
            if scope != fingerprint:
                cursor = 0
            sql = (
                "SELECT seq, change_id, table_name, record_id, op, fields, hlc, author, project_id"
                " FROM changes WHERE seq > ?"
            )
            params: list[Any] = [cursor]
            scan = limit
            if acct.role in (Role.INSPECTOR, Role.SUPERVISOR):
                projects = sorted(members)
                sql += " AND (project_id IS NULL"
                if projects:
                    sql += f" OR project_id IN ({','.join('?' * len(projects))})"
                    params += projects
                sql += ")"
            elif view is not None:
                scan = limit * 4
            rows = conn.all(sql + f" ORDER BY seq LIMIT {scan}", params)
        out = []
        for seq, cid, table, rid, op, fields, hlc, author, _ in rows:
            f = json.loads(fields)
            if view is not None and table not in GLOBAL_TABLES:
                if table == "conflicts":
                    target = (f.get("table_name"), f.get("record_id"))
                elif table == "conflict_settlements" and "target_type" in f:
                    target = (f["target_type"], f["target_id"])  # settled: seen with the conflict
                else:
                    target = (table, rid)
                if target not in view:
                    continue
            out.append(
                {
                    "seq": seq,
                    "change_id": cid,
                    "table": table,
                    "record_id": rid,
                    "op": op,
                    "fields": f,
                    "hlc": hlc,
                    "author": author,
                }
            )
        return {
            "changes": out,
            "cursor": rows[-1][0] if rows else cursor,
            "more": len(rows) == scan,
            "scope": fingerprint,
        }

    def may_read_blob(self, acct: Account, sha: str) -> bool:
        """Whether a record `acct` may see holds this blob in one of its blob fields: a photo
        (in a project of the user's, or without a project: its author's, or linked to a record
        of such a project), a signature's image, a project's site plan."""
        if acct.role == Role.ADMIN:
            return True
        with self.db.connect() as conn:
            rows = [
                (table, rid, project, (json.loads(fmeta).get(BLOB_FIELD[table]) or [0, ""])[1])
                for table, rid, project, fmeta, data in conn.all(
                    "SELECT table_name, record_id, project_id, fmeta, data FROM records"
                    " WHERE table_name IN ('photos', 'signatures', 'projects') AND data LIKE ?",
                    [f"%{sha}%"],
                )
                if json.loads(data).get(BLOB_FIELD[table]) == sha
            ]
            if not rows:
                return False
            if any(r[3] == acct.id for r in rows):  # who took the photo (set its bytes)
                return True
            if acct.role == Role.CONTRACTOR:
                view = self._contractor_view(conn, acct)
                return any((r[0], r[1]) in view for r in rows)
            members = self._member_projects(conn, acct)
            if any(r[2] in members for r in rows if r[2] is not None):
                return True
            for table, rid, project, _ in rows:
                if table == "photos" and project is None:
                    linked = conn.all(
                        "SELECT project_id, data FROM records WHERE table_name = 'photo_links'"
                        " AND data LIKE ?",
                        [f"%{rid}%"],
                    )
                    if any(
                        p in members and json.loads(d).get("photo_id") == rid for p, d in linked
                    ):
                        return True
        return False

    # ----- export --------------------------------------------------------------------------

    def snapshot(self) -> dict[str, list[dict]]:
        """Every record, in the same form as a profile's export (store/export.py)."""
        out = {}
        with self.db.connect() as conn:
            for cls in RECORD_TYPES:
                rows = []
                jf, floats = json_fields(cls), _float_fields(cls)
                for rid, data, hlc, author in conn.all(
                    "SELECT record_id, data, hlc, author FROM records WHERE table_name = ?",
                    [cls.table],
                ):
                    row = {**json.loads(data), "id": rid, "hlc": hlc, "author": author}
                    for k in jf:
                        if isinstance(row.get(k), str):
                            row[k] = json.loads(row[k])
                    for k in floats:
                        if isinstance(row.get(k), int):
                            row[k] = float(row[k])
                    row["deleted"] = bool(row.get("deleted"))
                    rows.append(row)
                out[cls.table] = sorted(rows, key=lambda r: r["id"])
        return out

    def conflicts(self) -> list[dict]:
        with self.db.connect() as conn:
            rows = conn.all("SELECT record_id, fields FROM changes WHERE table_name = 'conflicts'")
        return sorted(({"id": r[0], **json.loads(r[1])} for r in rows), key=lambda r: r["id"])

    def accepted_changes(self) -> list[tuple[str, str, str]]:
        """(table, record id, stamp) of every accepted change: what every history must hold."""
        with self.db.connect() as conn:
            return [
                tuple(r)
                for r in conn.all(
                    "SELECT table_name, record_id, hlc FROM changes WHERE table_name <> 'conflicts'"
                )
            ]

    def refusals(self) -> list[dict]:
        with self.db.connect() as conn:
            rows = conn.all(
                "SELECT at, account, change_id, table_name, record_id, reason FROM refusals ORDER BY id"
            )
        keys = ("at", "account", "change_id", "table", "record_id", "reason")
        return [dict(zip(keys, r, strict=True)) for r in rows]


def _target_table(target_type: str | None) -> str | None:
    """The table a `target_type` names ("defect", "defects", "inspection" …)."""
    if not target_type:
        return None
    if target_type in TARGETS:
        return TARGETS[target_type]
    for name in (target_type, f"{target_type}s"):
        if name in BY_TABLE:
            return name
    return None


def _state(rec: Record | None) -> dict | None:
    if rec is None:
        return None
    return {"data": rec.data, "clocks": rec.clocks, "hlc": rec.hlc, "author": rec.author}


def _float_fields(cls) -> frozenset[str]:
    hints = get_type_hints(cls)
    return frozenset(
        f.name
        for f in dc_fields(cls)
        if f.name not in META_FIELDS and hints[f.name] in (float, float | None)
    )
