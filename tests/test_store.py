import json
import os
import sqlite3

import pytest

from inspect_app.core.model import (
    Defect,
    DefectEvent,
    DefectStatus,
    Organization,
    OrgKind,
    Project,
    Severity,
)
from inspect_app.errors import DatabaseError, InspectError, NotFound, ProfileError
from inspect_app.store import Store
from inspect_app.store.export import snapshot, to_json
from inspect_app.store.profile import DB_NAME


def outbox(store):
    return list(store.db.query("SELECT table_name, record_id, op, fields FROM outbox ORDER BY seq"))


def test_save_writes_record_audit_and_outbox_together(store):
    store.set_actor("u1")
    p = store.save(Project(name="和平里东街小区"))
    assert p.hlc and p.author == "u1"
    assert store.get(Project, p.id).name == "和平里东街小区"
    (entry,) = outbox(store)
    assert entry["op"] == "upsert" and json.loads(entry["fields"])["name"] == "和平里东街小区"
    (event,) = store.history("projects", p.id)
    assert event["action"] == "create" and event["actor"] == "u1"


def test_update_sends_only_changed_fields_and_stamps_them(store):
    p = store.save(Project(name="A", address="x"))
    first = p.hlc
    p.address = "y"
    store.save(p)
    assert p.hlc > first
    last = outbox(store)[-1]
    assert json.loads(last["fields"]) == {"address": "y"}
    clocks = json.loads(store.db.execute("SELECT clocks FROM projects").fetchone()[0])
    assert clocks["address"] == p.hlc and clocks["name"] == first
    assert store.history("projects", p.id)[-1]["changes"] == {"address": ["x", "y"]}


def test_saving_unchanged_record_writes_nothing(store):
    p = store.save(Project(name="A"))
    before = store.pending_changes()
    store.save(p)
    assert store.pending_changes() == before


def test_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.save(Project(name="A"))
        raise RuntimeError("power cut")
    assert store.count(Project) == 0 and store.pending_changes() == 0
    assert store.db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_append_only_records_cannot_change(store):
    ev = store.save(DefectEvent(defect_id="d", kind="comment", at="2026-11-01T10:00:00+08:00"))
    ev.note = "changed"
    with pytest.raises(InspectError):
        store.save(ev)
    with pytest.raises(InspectError):
        store.delete(DefectEvent, ev.id)


def test_delete_is_a_tombstone_that_syncs(store):
    org = store.save(Organization(name="北京城建", kind=OrgKind.CONTRACTOR))
    store.delete(Organization, org.id)
    with pytest.raises(NotFound):
        store.get(Organization, org.id)
    assert store.get(Organization, org.id, include_deleted=True).deleted
    assert outbox(store)[-1]["op"] == "delete"


def test_chinese_search_finds_two_character_words(store):
    p = store.save(Project(name="A"))
    gas = store.save(Defect(project_id=p.id, title="3号楼燃气立管锈蚀", category="燃气"))
    pipe = store.save(Defect(project_id=p.id, title="排水管道破裂", description="W3—W4井段 PL 3级"))
    assert store.search_defects("燃气") == [gas.id]
    assert store.search_defects("管") == sorted([gas.id, pipe.id])
    assert store.search_defects("立管锈蚀") == [gas.id]
    assert store.search_defects("锈蚀 燃气") == [gas.id]
    assert store.search_defects("燃管") == []  # characters must stand together
    assert store.search_defects("pl") == [pipe.id]
    assert store.search_defects('"; DROP TABLE defects; --') == []
    gas.title, gas.category = "3号楼排水立管渗漏", "排水"
    store.save(gas)
    assert store.search_defects("燃气") == []
    store.delete(Defect, pipe.id)
    assert store.search_defects("破裂") == []


def test_save_many_is_audited_and_searchable(store):
    p = Project(name="A")
    ds = [
        Defect(project_id=p.id, title=f"燃气表超期使用 {i}", severity=Severity.MINOR)
        for i in range(1200)
    ]
    assert store.save_many([p, *ds], actor="admin") == 1201
    assert store.pending_changes() == 1201
    assert len(store.search_defects("燃气表")) == 1200
    assert store.find(Defect, "status = ?", [DefectStatus.OPEN], limit=3)[0].author == "admin"


def test_export_is_canonical_whatever_the_insertion_order(tmp_path):
    records = [Project(name=f"小区{i}", hlc="") for i in range(5)]
    records += [Defect(project_id=records[0].id, title=f"问题{i}") for i in range(5)]
    exports = []
    for name, order in (("a", records), ("b", list(reversed(records)))):
        with Store.open(tmp_path / name, create=True) as s:
            for r in order:
                s.save(r, actor="u")
            # Same data: same stamps, as two profiles would hold after a sync.
            s.db.execute("UPDATE projects SET hlc = 'h', clocks = '{}'")
            s.db.execute("UPDATE defects SET hlc = 'h', clocks = '{}'")
            exports.append(to_json(snapshot(s)))
    assert exports[0] == exports[1]


def test_missing_profile_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ProfileError, match="no profile at"):
        Store.open(tmp_path / "nowhere")


def test_folder_without_database_is_not_a_profile(tmp_path):
    with pytest.raises(InspectError, match="not an inspect-app profile"):
        Store.open(tmp_path)


def test_corrupt_database_is_reported_and_left_untouched(tmp_path):
    prof = tmp_path / "p"
    prof.mkdir()
    garbage = os.urandom(8192)
    (prof / DB_NAME).write_bytes(garbage)
    with pytest.raises(DatabaseError, match="damaged"):
        Store.open(prof)
    assert (prof / DB_NAME).read_bytes() == garbage


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_profile_is_reported(tmp_path):
    prof = tmp_path / "p"
    Store.open(prof, create=True).close()
    prof.chmod(0o500)
    try:
        with pytest.raises(ProfileError, match="read-only"):
            Store.open(prof)
    finally:
        prof.chmod(0o700)


def test_disk_full_is_reported_and_earlier_data_kept(store):
    p = store.save(Project(name="已保存"))
    store.db.execute(
        f"PRAGMA max_page_count = {store.db.execute('PRAGMA page_count').fetchone()[0]}"
    )
    with pytest.raises(DatabaseError, match="disk is full"):
        store.save_many(
            [Defect(project_id=p.id, title="x", description="x" * 2000) for _ in range(200)]
        )
    assert store.get(Project, p.id).name == "已保存"
    assert store.count(Defect) == 0


def test_locked_database_is_reported(tmp_path):
    prof = tmp_path / "p"
    with Store.open(prof, create=True) as a:
        other = sqlite3.connect(prof / DB_NAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        a.db.conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(DatabaseError, match="in use"):
            a.save(Project(name="A"))
        other.execute("ROLLBACK")
        other.close()
