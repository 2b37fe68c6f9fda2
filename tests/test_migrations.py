import sqlite3

import pytest
import sqlite_utils

from inspect_app.errors import DatabaseError
from inspect_app.store import Store, migrations
from inspect_app.store.profile import DB_NAME

NAMES = [name for name, _ in migrations.MIGRATIONS]


def test_empty_database_gets_every_migration(tmp_path):
    with Store.open(tmp_path / "p", create=True) as s:
        assert migrations.applied(s.db) == NAMES
        assert "defects_fts" in s.db.table_names()
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_database_of_the_previous_schema_is_upgraded_with_its_data(tmp_path):
    prof = tmp_path / "p"
    prof.mkdir()
    db = sqlite_utils.Database(sqlite3.connect(prof / DB_NAME, isolation_level=None))
    # From the first schema on, so every later migration (search index, sync) runs on old rows.
    migrations.migrate(db, upto=NAMES[0])
    assert migrations.applied(db) == NAMES[:1]
    # Rows as the previous version wrote them.
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
            **common,
        }
    )
    db.close()

    with Store.open(prof) as s:
        assert migrations.applied(s.db) == NAMES
        assert s.search_defects("燃气") == ["d1"]
        assert s.search_defects("3号楼") == ["d1"]
        assert s.db.execute("SELECT name FROM projects").fetchone()[0] == "和平里东街小区"


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
