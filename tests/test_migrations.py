import sqlite3

import pytest
import sqlite_utils

from inspect_app.core.model import Defect
from inspect_app.errors import DatabaseError
from inspect_app.store import Store, migrations
from inspect_app.store.profile import DB_NAME

NAMES = [name for name, _ in migrations.MIGRATIONS]


def test_empty_database_gets_every_migration(tmp_path):
    with Store.open(tmp_path / "p", create=True) as s:
        assert migrations.applied(s.db) == NAMES
        assert "defects_fts" in s.db.table_names()
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("previous", NAMES[:-1])
def test_database_of_an_earlier_schema_is_upgraded_with_its_data(tmp_path, previous):
    """Every step, including from the previous schema to the newest."""
    prof = tmp_path / "p"
    prof.mkdir()
    db = sqlite_utils.Database(sqlite3.connect(prof / DB_NAME, isolation_level=None))
    migrations.migrate(db, upto=previous)
    assert migrations.applied(db) == NAMES[: NAMES.index(previous) + 1]
    # Rows as that version wrote them.
    common = {"hlc": "000000000000001.00000.n", "author": "u", "clocks": "{}"}
    db["projects"].insert({"id": "p1", "name": "和平里东街小区", "stage": "survey", **common})
    db["defects"].insert(
        {
            "id": "d1",
            "project_id": "p1",
            "title": "燃气立管锈蚀",
            "severity": "major",
            "status": "open",
            "location_text": "3号楼",
            "building_id": "b1",
            **common,
        }
    )
    if "defects_fts" in db.table_names():  # that version kept the index itself
        rowid = db.execute("SELECT rowid FROM defects WHERE id = 'd1'").fetchone()[0]
        row = migrations.fts_row(rowid, "燃气立管锈蚀", "", "3号楼", "", "", "", "")
        db.execute(
            "INSERT INTO defects_fts (rowid, title, description, location, category)"
            " VALUES (?, ?, ?, ?, ?)",
            row,
        )
    db.close()

    with Store.open(prof) as s:
        assert migrations.applied(s.db) == NAMES
        assert s.search_defects("燃气") == ["d1"]
        assert s.search_defects("3号楼") == ["d1"]
        assert s.db.execute("SELECT name FROM projects").fetchone()[0] == "和平里东街小区"
        assert s.db.execute("SELECT id FROM defects WHERE building_id = 'b1'").fetchone()[0] == "d1"
        assert s.get(Defect, "d1").major_hazard is False
        assert s.db.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_notices_migration_keeps_defects_and_lists_them_from_the_desk_index(tmp_path):
    prof = tmp_path / "p"
    prof.mkdir()
    db = sqlite_utils.Database(sqlite3.connect(prof / DB_NAME, isolation_level=None))
    migrations.migrate(db, upto="0002_defect_search")
    common = {"hlc": "000000000000001.00000.n", "author": "u", "clocks": "{}"}
    db["defects"].insert(
        {"id": "d1", "project_id": "p1", "title": "排水管道破裂", "severity": "major",
         "status": "assigned", "assignee_org_id": "o1", "due_date": "2026-01-01", **common}
    )  # fmt: skip
    db.close()
    with Store.open(prof) as s:
        assert "notices" in s.db.table_names()
        plan = s.db.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM defects INDEXED BY defects_desk"
            " WHERE deleted = 0 AND status = 'assigned'"
        ).fetchall()
        assert "COVERING INDEX defects_desk" in str(plan)
        assert s.db.execute("SELECT id FROM defects").fetchall() == [("d1",)]


def test_running_migrations_twice_changes_nothing(tmp_path):
    Store.open(tmp_path / "p", create=True).close()
    with Store.open(tmp_path / "p") as s:
        assert migrations.migrate(s.db) == []


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    prof = tmp_path / "p"
    Store.open(prof, create=True).close()
    conn = sqlite3.connect(prof / DB_NAME)
    conn.execute("INSERT INTO _migrations VALUES ('9999_future', 'x')")
    conn.commit()
    conn.close()
    before = (prof / DB_NAME).read_bytes()
    with pytest.raises(DatabaseError, match="newer inspect-app"):
        Store.open(prof)
    assert (prof / DB_NAME).read_bytes() == before
