"""Schema changes, applied in order, each once, each in its own transaction.

Never edit a migration that has shipped: add a new one. `tests/test_migrations.py` builds a
database with every migration but the newest and checks the upgrade keeps its data.
"""

import re
from collections.abc import Callable

import sqlite_utils

from .search import segment

# Columns every synced record table has besides its own fields.
_META = """
    hlc TEXT NOT NULL,            -- hybrid-clock stamp of the last change
    author TEXT NOT NULL,         -- user id of the last change
    deleted INTEGER NOT NULL DEFAULT 0,  -- tombstone
    clocks TEXT NOT NULL DEFAULT '{}'    -- per-field stamps, for merging by field
"""


def _script(db: sqlite_utils.Database, sql: str) -> None:
    """Run several statements inside the current transaction (executescript would commit it)."""
    sql = re.sub(r"--[^\n]*", "", sql)
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _initial(db: sqlite_utils.Database) -> None:
    _script(
        db,
        f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE organizations (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, short_name TEXT,
            credit_code TEXT, contact TEXT, phone TEXT, {_META});
        CREATE TABLE users (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, org_id TEXT NOT NULL,
            display_name TEXT, phone TEXT, {_META});
        CREATE TABLE projects (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT, district TEXT,
            households INTEGER, floor_area_m2 REAL, year_built INTEGER, stage TEXT NOT NULL,
            site_plan_sha256 TEXT, settings TEXT, {_META});
        CREATE TABLE project_members (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, org_id TEXT NOT NULL, user_id TEXT,
            role TEXT NOT NULL, {_META});
        CREATE TABLE buildings (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL, floors INTEGER,
            units INTEGER, households INTEGER, year_built INTEGER, structure TEXT, {_META});
        CREATE TABLE templates (
            id TEXT PRIMARY KEY, template_id TEXT NOT NULL, version INTEGER NOT NULL,
            content_hash TEXT NOT NULL, content TEXT NOT NULL, {_META});
        CREATE TABLE inspections (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, template_id TEXT NOT NULL,
            template_version INTEGER NOT NULL, template_hash TEXT NOT NULL, kind TEXT NOT NULL,
            title TEXT, building_id TEXT, status TEXT NOT NULL, inspector_id TEXT,
            started_at TEXT, submitted_at TEXT, answers TEXT, notes TEXT, {_META});
        CREATE TABLE defects (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, title TEXT NOT NULL, category TEXT,
            severity TEXT NOT NULL, status TEXT NOT NULL, description TEXT, building_id TEXT,
            unit TEXT, floor TEXT, room TEXT, location_text TEXT, plan_x REAL, plan_y REAL,
            gps_lat REAL, gps_lon REAL, inspection_id TEXT, item_id TEXT, assignee_org_id TEXT,
            assignee_user_id TEXT, due_date TEXT, reported_by TEXT, reported_at TEXT,
            closed_at TEXT, {_META});
        CREATE TABLE defect_events (
            id TEXT PRIMARY KEY, defect_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL,
            actor_id TEXT, from_status TEXT, to_status TEXT, note TEXT, data TEXT, {_META});
        CREATE TABLE photos (
            id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, project_id TEXT, original_name TEXT,
            mime TEXT, bytes INTEGER, width INTEGER, height INTEGER, orientation INTEGER,
            taken_at TEXT, gps_lat REAL, gps_lon REAL, direction REAL, caption TEXT,
            annotations TEXT, {_META});
        CREATE TABLE photo_links (
            id TEXT PRIMARY KEY, photo_id TEXT NOT NULL, target_type TEXT NOT NULL,
            target_id TEXT NOT NULL, item_id TEXT, role TEXT, {_META});
        CREATE TABLE signatures (
            id TEXT PRIMARY KEY, target_type TEXT NOT NULL, target_id TEXT NOT NULL,
            signer_name TEXT NOT NULL, signer_role TEXT NOT NULL, org_id TEXT, user_id TEXT,
            signed_at TEXT, content_hash TEXT, strokes TEXT, image_sha256 TEXT, {_META});

        CREATE INDEX defects_project ON defects (project_id, status);
        CREATE INDEX defects_assignee ON defects (assignee_org_id, status);
        CREATE INDEX defect_events_defect ON defect_events (defect_id, at);
        CREATE INDEX inspections_project ON inspections (project_id);
        CREATE INDEX buildings_project ON buildings (project_id);
        CREATE INDEX photos_sha ON photos (sha256);
        CREATE INDEX photo_links_target ON photo_links (target_type, target_id);
        CREATE INDEX signatures_target ON signatures (target_type, target_id);

        -- Every local change, in the same transaction as the change: what sync pushes.
        -- A row stays after it is sent; only the server's receipt sets acked_at.
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id TEXT NOT NULL UNIQUE,
            table_name TEXT NOT NULL, record_id TEXT NOT NULL,
            op TEXT NOT NULL,             -- upsert | delete
            fields TEXT NOT NULL,         -- JSON of the fields this change set
            hlc TEXT NOT NULL, author TEXT NOT NULL,
            acked_at TEXT);
        CREATE INDEX outbox_pending ON outbox (acked_at, seq);

        -- Append-only who/what/when of every change, local or merged in.
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            hlc TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            table_name TEXT NOT NULL, record_id TEXT NOT NULL, changes TEXT NOT NULL);
        CREATE INDEX audit_record ON audit (table_name, record_id);

        -- A concurrent edit that lost a merge, kept for review, never dropped.
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY, table_name TEXT NOT NULL, record_id TEXT NOT NULL,
            field TEXT NOT NULL, value TEXT, hlc TEXT NOT NULL, author TEXT NOT NULL,
            winner_hlc TEXT NOT NULL, detected_at TEXT NOT NULL,
            resolved_by TEXT, resolved_at TEXT);
        """,
    )


def _defect_search(db: sqlite_utils.Database) -> None:
    """Full-text index of defects; rowid follows defects.rowid. See store/search.py."""
    db.execute(
        "CREATE VIRTUAL TABLE defects_fts USING fts5(title, description, location, category,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows = db.execute(
        "SELECT rowid, title, description, location_text, unit, floor, room, category"
        " FROM defects WHERE deleted = 0"
    ).fetchall()
    db.conn.executemany(
        "INSERT INTO defects_fts (rowid, title, description, location, category)"
        " VALUES (?, ?, ?, ?, ?)",
        [fts_row(*r) for r in rows],
    )


def fts_row(rowid, title, description, location_text, unit, floor, room, category) -> tuple:
    location = " ".join(x for x in (location_text, unit, floor, room) if x)
    return (rowid, segment(title), segment(description), segment(location), segment(category))


def _building_indexes(db: sqlite_utils.Database) -> None:
    """The navigator lists a building's inspections and defects."""
    db.execute("CREATE INDEX defects_building ON defects (building_id)")
    db.execute("CREATE INDEX inspections_building ON inspections (building_id)")


def _notices(db: sqlite_utils.Database) -> None:
    """Rectification notices, and indexes for the defect desk over 100,000 defects."""
    _script(
        db,
        f"""
        CREATE TABLE notices (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, number TEXT NOT NULL,
            addressee_org_id TEXT NOT NULL, defect_ids TEXT, due_date TEXT, issued_by TEXT,
            issued_at TEXT, note TEXT, status TEXT NOT NULL, reply_text TEXT, replied_by TEXT,
            replied_at TEXT, {_META});
        CREATE INDEX notices_addressee ON notices (addressee_org_id, issued_at);
        CREATE INDEX defect_events_kind ON defect_events (kind, at, defect_id);
        CREATE INDEX notices_project ON notices (project_id, issued_at);

        -- One covering index holds every column the desk filters and sorts on, so a filtered
        -- list is read from it without touching the wide defect rows (store/defect_query.py).
        CREATE INDEX defects_desk ON defects (deleted, status, severity, category, project_id,
            building_id, assignee_org_id, due_date, reported_at, title);
        -- Unfiltered lists sorted by these columns come straight out of an index.
        CREATE INDEX defects_by_reported ON defects (deleted, reported_at);
        CREATE INDEX defects_by_due ON defects (deleted, due_date);
        CREATE INDEX defects_by_title ON defects (deleted, title);
        CREATE INDEX defects_by_closed ON defects (deleted, closed_at, reported_at, status);
        CREATE INDEX defects_by_project ON defects (deleted, project_id);
        CREATE INDEX defects_by_building ON defects (deleted, building_id);
        CREATE INDEX defects_by_category ON defects (deleted, category);
        CREATE INDEX defects_by_severity ON defects (deleted, severity);
        CREATE INDEX defects_by_status ON defects (deleted, status);
        CREATE INDEX defects_by_assignee ON defects (deleted, assignee_org_id);
        """,
    )


def _sync(db: sqlite_utils.Database) -> None:
    """Sync bookkeeping: what each outbox change was based on, refusals, changes merged in."""
    _script(
        db,
        """
        -- The server sequence this laptop had pulled up to when the change was made: lets the
        -- central store tell a concurrent edit from one made after seeing the other.
        ALTER TABLE outbox ADD COLUMN base_seq INTEGER;
        -- Why the central store refused the change (acked_at is then the refusal's time).
        ALTER TABLE outbox ADD COLUMN refused TEXT;
        -- Changes from others already merged in, so a page pulled twice is merged once.
        CREATE TABLE sync_inbox (change_id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        -- Blobs the central store is known to hold: never sent again.
        CREATE TABLE sync_blobs (sha256 TEXT PRIMARY KEY, at TEXT NOT NULL);
        """,
    )


def _reports(db: sqlite_utils.Database) -> None:
    """Issued reports: what each printed report showed and the hash it carries."""
    _script(
        db,
        f"""
        CREATE TABLE reports (
            id TEXT PRIMARY KEY, number TEXT NOT NULL, kind TEXT NOT NULL,
            target_type TEXT NOT NULL, target_id TEXT NOT NULL, lang TEXT, created_at TEXT,
            content_hash TEXT, file_sha256 TEXT, contents TEXT, signatures TEXT, filters TEXT,
            {_META});
        CREATE INDEX reports_target ON reports (target_type, target_id);
        """,
    )


def _lifecycle(db: sqlite_utils.Database) -> None:
    """A community's lifecycle: votes and ballots, stage moves, handover, warranty, complaints,
    audit findings (core/lifecycle.py)."""
    _script(
        db,
        f"""
        CREATE TABLE votes (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, purpose TEXT NOT NULL,
            matter TEXT NOT NULL, subject TEXT, opened_on TEXT, closed_on TEXT, {_META});
        CREATE TABLE ballots (
            id TEXT PRIMARY KEY, vote_id TEXT NOT NULL, project_id TEXT NOT NULL,
            unit TEXT NOT NULL, owner TEXT NOT NULL, area TEXT NOT NULL, choice TEXT NOT NULL,
            cast TEXT, recorded_at TEXT, {_META});
        CREATE TABLE stage_transitions (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, from_stage TEXT NOT NULL,
            to_stage TEXT NOT NULL, at TEXT NOT NULL, actor_id TEXT, override_reason TEXT,
            missing TEXT, {_META});
        CREATE TABLE handover_items (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, facility TEXT NOT NULL,
            name TEXT NOT NULL, quantity TEXT, documents TEXT, operator_org_id TEXT,
            inspection_id TEXT, handed_over_on TEXT, {_META});
        CREATE TABLE warranty_items (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, work_type TEXT NOT NULL,
            description TEXT, location_text TEXT, contractor_org_id TEXT, starts_on TEXT,
            ends_on TEXT, {_META});
        CREATE TABLE warranty_claims (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, warranty_item_id TEXT NOT NULL,
            kind TEXT NOT NULL, reported_on TEXT, resident TEXT, description TEXT,
            after_expiry INTEGER, status TEXT NOT NULL, reply TEXT, replied_on TEXT,
            defect_id TEXT, {_META});
        CREATE TABLE complaints (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, resident TEXT NOT NULL,
            what TEXT NOT NULL, location_text TEXT, phone TEXT, received_on TEXT, defect_id TEXT,
            status TEXT NOT NULL, reply TEXT, replied_on TEXT, {_META});
        CREATE TABLE findings (
            id TEXT PRIMARY KEY, project_id TEXT NOT NULL, source TEXT NOT NULL,
            title TEXT NOT NULL, description TEXT, source_ref TEXT, found_on TEXT, deadline TEXT,
            status TEXT NOT NULL, assignee_org_id TEXT, closed_at TEXT, {_META});

        CREATE INDEX votes_project ON votes (project_id);
        CREATE INDEX ballots_vote ON ballots (vote_id);
        CREATE INDEX stage_transitions_project ON stage_transitions (project_id, at);
        CREATE INDEX handover_items_project ON handover_items (project_id);
        CREATE INDEX warranty_items_project ON warranty_items (project_id);
        CREATE INDEX warranty_claims_item ON warranty_claims (warranty_item_id);
        CREATE INDEX complaints_project ON complaints (project_id, status);
        CREATE INDEX findings_project ON findings (project_id, status);
        """,
    )


def _signatures(db: sqlite_utils.Database) -> None:
    """The signed content kept with each signature, so a void one can name what changed."""
    db.execute("ALTER TABLE signatures ADD COLUMN signed_content TEXT NOT NULL DEFAULT '{}'")


def _defect_major_hazard(db: sqlite_utils.Database) -> None:
    """A defect raised by a checklist item that meets a 重大隐患 criterion, and the lookup of
    the auto-defect of an inspection item (one per item)."""
    db.execute("ALTER TABLE defects ADD COLUMN major_hazard INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX defects_inspection_item ON defects (inspection_id, item_id)")


def _signature_items(db: sqlite_utils.Database) -> None:
    """A signature names the checklist item it signs, and whether the signer is a guest; an
    inspection keeps its lifecycle history (submitted, reopened with a reason)."""
    db.execute("ALTER TABLE signatures ADD COLUMN item TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE signatures ADD COLUMN guest INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE inspections ADD COLUMN events TEXT NOT NULL DEFAULT '[]'")


def _credentials(db: sqlite_utils.Database) -> None:
    """Passwords checked offline: an argon2 hash per user, cached at their last successful
    sign-in. Local only: never synced, never the password itself."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS credentials ("
        " user_id TEXT PRIMARY KEY, hash TEXT NOT NULL, cached_at TEXT NOT NULL)"
    )


def _resend(db: sqlite_utils.Database) -> None:
    """When a change was queued again because the central store, restored from a backup,
    no longer held it (sync/recovery.py)."""
    db.execute("ALTER TABLE outbox ADD COLUMN resent_at TEXT")


def _conflict_settlements(db: sqlite_utils.Database) -> None:
    """How conflicts were settled (a synced record, its id the conflict's), and the lookups of
    the conflicts list (store/conflicts.py)."""
    _script(
        db,
        f"""
        CREATE TABLE conflict_settlements (
            id TEXT PRIMARY KEY, target_type TEXT NOT NULL, target_id TEXT NOT NULL,
            field TEXT NOT NULL, decision TEXT NOT NULL, value TEXT, note TEXT, {_META});
        CREATE INDEX conflicts_record ON conflicts (table_name, record_id, hlc);
        -- Who made the value a conflict kept: the audit row of the winning stamp.
        CREATE INDEX IF NOT EXISTS audit_hlc ON audit (hlc);
        """,
    )


def _report_pages(db: sqlite_utils.Database) -> None:
    """What each page of an issued report read and drew, and the lookup of a report by the
    bytes of its file (verify's fast path)."""
    db.execute("ALTER TABLE reports ADD COLUMN pages TEXT NOT NULL DEFAULT '{}'")
    db.execute("CREATE INDEX reports_file ON reports (file_sha256)")


def _notice_forms(db: sqlite_utils.Database) -> None:
    """A notice is a 监理通知单 or a 工程暂停令, with its 事由, the title of the engineer who
    signs it, and (a stop order) the part of the works stopped."""
    for column, default in (
        ("form", "'notice'"),
        ("subject", "''"),
        ("signer_title", "''"),
        ("stop_scope", "''"),
    ):
        db.execute(f"ALTER TABLE notices ADD COLUMN {column} TEXT NOT NULL DEFAULT {default}")


def _defect_pre_existing(db: sqlite_utils.Database) -> None:
    """A hazard that pre-dates the works goes to its utility operator or the street."""
    db.execute("ALTER TABLE defects ADD COLUMN pre_existing INTEGER NOT NULL DEFAULT 0")


def _project_open_defects(db: sqlite_utils.Database) -> None:
    """A community's open defects (the project page's gates at start-up) by one index seek:
    without it the planner walked (deleted, status) over every community's open defects."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS defects_project_open ON defects (project_id, deleted, status)"
    )


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_initial", _initial),
    ("0002_defect_search", _defect_search),
    ("0003_building_indexes", _building_indexes),
    ("0004_notices", _notices),
    ("0005_lifecycle", _lifecycle),
    ("0006_signatures", _signatures),
    ("0007_defect_major_hazard", _defect_major_hazard),
    ("0008_reports", _reports),
    ("0009_sync", _sync),
    ("0020_signature_items", _signature_items),
    ("0021_credentials", _credentials),
    ("0030_report_pages", _report_pages),
    ("0035_resend", _resend),
    ("0050_conflict_settlements", _conflict_settlements),
    ("0060_notice_forms", _notice_forms),
    ("0061_defect_pre_existing", _defect_pre_existing),
    ("0075_project_open_defects", _project_open_defects),
]


def applied(db: sqlite_utils.Database) -> list[str]:
    if "_migrations" not in db.table_names():
        return []
    return [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name").fetchall()]


def migrate(db: sqlite_utils.Database, upto: str | None = None) -> list[str]:
    """Apply pending migrations (up to and including `upto`); return the names applied."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = set(applied(db))
    known = {name for name, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise NewerSchemaError(sorted(unknown))
    ran = []
    for name, step in MIGRATIONS:
        if name not in done:
            with db.atomic():
                step(db)
                db.execute(
                    "INSERT INTO _migrations VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                    [name],
                )
            ran.append(name)
        if name == upto:
            break
    return ran


class NewerSchemaError(Exception):
    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(", ".join(names))
