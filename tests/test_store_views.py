"""The store functions the window reads through (ui/ holds no SQL): the navigator's rows, a
place's figures, the plan's pins, the outbox list, a defect's place in the desk's list."""

from workflow_world import make_world

from inspect_app.core.model import Building, Defect, DefectStatus, Inspection, Project
from inspect_app.store import defect_query as dq
from inspect_app.store import navigation, outbox


def test_navigator_rows_follow_the_records(store):
    w = make_world(store)
    other = store.save(Project(name="安贞里小区"))
    b2, b10 = (store.save(Building(project_id=w.project.id, name=n)) for n in ("2号楼", "10号楼"))
    on_site = store.save(Defect(project_id=w.project.id, title="主入口消防通道占用"))
    in_b2 = store.save(Defect(project_id=w.project.id, building_id=b2.id, title="立管锈蚀"))
    store.save(Defect(project_id=w.project.id, title="已销项", status=DefectStatus.CLOSED))
    insp = store.save(
        Inspection(
            project_id=w.project.id,
            building_id=b2.id,
            title="燃气排查",
            template_id="gas-household",
            template_version=1,
            template_hash="0" * 64,
            kind="survey",
        )
    )

    # By name; open means not yet 销项.
    assert [(r.title, r.open_defects) for r in navigation.communities(store)] == sorted(
        [(other.name, 0), (w.project.name, 2)]
    )
    kids = navigation.children(store, "project", w.project.id)
    # Buildings in natural order (2 before 10), then what hangs on the community itself.
    assert [(r.kind, r.title) for r in kids[:2]] == [("building", "2号楼"), ("building", "10号楼")]
    assert {r.id for r in kids[2:]} >= {on_site.id} and in_b2.id not in {r.id for r in kids}
    assert [(r.kind, r.id) for r in navigation.children(store, "building", b2.id)] == [
        ("inspection", insp.id),
        ("defect", in_b2.id),
    ]
    assert navigation.children(store, "building", b10.id) == []
    row = navigation.row(store, "defect", in_b2.id)
    assert (row.title, row.status, row.building_id, row.deleted) == (
        "立管锈蚀",
        "open",
        b2.id,
        False,
    )
    store.delete(Defect, in_b2.id)
    assert navigation.row(store, "defect", in_b2.id).deleted
    assert navigation.row(store, "defect", "no-such-id") is None
    assert navigation.row(store, "project", w.project.id) is None


def test_plan_pins_hide_closed_ones_when_asked(store):
    w = make_world(store)
    pid = w.project.id
    store.save(Defect(project_id=pid, title="开着", plan_x=0.25, plan_y=0.5))
    store.save(
        Defect(project_id=pid, title="销项", plan_x=0.5, plan_y=0.5, status=DefectStatus.CLOSED)
    )
    store.save(Defect(project_id=pid, title="没放在图上"))
    pins = navigation.plan_pins(store, pid)
    assert sorted(p.title for p in pins) == ["开着", "销项"]
    (pin,) = navigation.plan_pins(store, pid, with_closed=False)
    assert (pin.title, pin.x, pin.y) == ("开着", 0.25, 0.5)


def test_outbox_lists_waiting_changes_by_name_with_their_fields(store):
    w = make_world(store)
    d = store.save(Defect(project_id=w.project.id, title="5号楼排水管堵塞"))
    entries = outbox.unsent(store)
    mine = [e for e in entries if e.record_id == d.id]
    assert len(mine) == 1 and mine[0].label == "5号楼排水管堵塞" and not mine[0].refused
    assert "title" in mine[0].fields and mine[0].op == "upsert"
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)
    # A record without a name column is shown by the start of its id.
    assert outbox.label(store, "photo_links", "0192abcd-ef01-7000-8000-000000000000") == (
        "0192abcd-ef01"
    )


def test_rowid_of_finds_a_defect_in_the_list(store):
    w = make_world(store)
    d = store.save(Defect(project_id=w.project.id, title="立管锈蚀"))
    rowid = dq.rowid_of(store, d.id)
    assert rowid in dq.rowids(store, dq.DefectFilter(), dq.Sort())
    assert dq.rowid_of(store, "no-such-id") is None


def test_find_by_matches_fields_and_refuses_what_is_not_a_field(store):
    import pytest

    from inspect_app.core.model import Organization, OrgKind

    w = make_world(store)
    names = [
        o.short_name
        for o in store.find_by(Organization, kind=OrgKind.CONTRACTOR, order_by="short_name")
    ]
    assert names == sorted(["北京城建", "中建一局"])
    a = store.save(Defect(project_id=w.project.id, title="甲"))
    b = store.save(Defect(project_id=w.project.id, title="乙"))
    assert {d.id for d in store.find_by(Defect, id=[a.id, b.id])} == {a.id, b.id}
    assert store.find_by(Defect, id=[]) == []
    store.delete(Defect, a.id)
    assert [d.id for d in store.find_by(Defect, id=[a.id, b.id])] == [b.id]
    assert len(store.find_by(Defect, id=(a.id, b.id), include_deleted=True)) == 2
    with pytest.raises(ValueError):
        store.find_by(Defect, **{"1=1; --": "x"})
    with pytest.raises(ValueError):
        store.find_by(Defect, order_by="(SELECT 1)")
    # Buildings come in the order people count them.
    for name in ("10号楼", "2号楼", "1号楼"):
        store.save(Building(project_id=w.project.id, name=name))
    assert [x.name for x in navigation.buildings(store, w.project.id)] == [
        "1号楼",
        "2号楼",
        "10号楼",
    ]
