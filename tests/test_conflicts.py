"""Conflicts listed and settled on the local store and the command line, synced through a real
central store on 127.0.0.1."""

import json

import pytest
from conflict_world import KEPT, LOST, build, make_description_conflict
from syncutil import PASSWORD, backend_params, start_server

from inspect_app.core.model import ConflictSettlement, Defect
from inspect_app.errors import WorkflowError
from inspect_app.server.access import Account
from inspect_app.store import Store
from inspect_app.store import conflicts as ops


@pytest.fixture(params=backend_params())
def world(request, tmp_path):
    srv = start_server(tmp_path, request.param)
    yield build(tmp_path, srv)
    srv.stop()


def listed(cli, path, *extra):
    code, out, err = cli("conflicts", "--data", path, *extra, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_command_line_lists_restores_and_every_laptop_sees_it_settled(world, cli, monkeypatch):
    make_description_conflict(world)
    world.sync("wang")
    (c,) = listed(cli, world.path("wang"), "--open")
    assert c["title"] == "3号楼燃气立管锈蚀" and c["field"] == "description"
    assert c["field_label"] in ("问题描述", "Description")
    assert (c["kept"]["text"], c["kept"]["by_name"]) == (KEPT, "zhang")
    assert (c["lost"]["text"], c["lost"]["by_name"]) == (LOST, "li")
    assert c["time_zone"] == "Asia/Shanghai" and c["settled"] is None
    assert c["lost"]["at"] <= c["kept"]["at"]
    # li sees it (the losing edit was li's); the contractor's profile does not (not its edit).
    world.sync("li", "zhao")
    assert [x["id"] for x in listed(cli, world.path("li"))] == [c["id"]]
    assert listed(cli, world.path("zhao")) == []
    world.sync("zhang")
    for user, n in (("wang", 1), ("li", 1), ("zhang", 1), ("zhao", 0)):  # zhang: the kept edit
        with Store.open(world.path(user)) as s:
            assert ops.count_open(s) == len(ops.list_conflicts(s, open_only=True)) == n, user
            assert ops.count_open(s, world.project_id) == n and ops.count_open(s, "other") == 0
    code, out, _ = cli("conflicts", "--data", world.path("wang"), "--project", "和平里东街小区")
    (line,) = out.splitlines()
    assert c["id"] in line and "3号楼燃气立管锈蚀" in line and LOST in line and KEPT in line
    # Neither an inspector nor a contractor may settle.
    for who in ("li", "zhao"):
        code, _, err = cli("conflicts", "settle", "--data", world.path(who), "--conflict", c["id"],
                           "--restore")  # fmt: skip
        assert code != 0 and ("只有监理或管理员" in err or "only a supervisor" in err)

    code, out, err = cli("conflicts", "settle", "--data", world.path("wang"), "--conflict",
                         c["id"], "--restore", "--note", "李工的描述更准确", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["settled"]["decision"] == "restore"
    assert listed(cli, world.path("wang"), "--open") == []
    # Synced with the ordinary command; then every laptop holds the value and the settlement.
    monkeypatch.setenv("INSPECT_PASSWORD", PASSWORD)
    for user in ("wang", "zhang", "li"):
        code, out, err = cli("sync", "--data", world.path(user), "--server", world.srv.url,
                             "--user", user)  # fmt: skip
        assert code == 0, out + err
    for user in ("wang", "zhang", "li"):
        with Store.open(world.path(user)) as s:
            assert s.get(Defect, world.defect_id).description == LOST
        (mine,) = listed(cli, world.path(user))
        assert mine["settled"]["decision"] == "restore"
        assert mine["settled"]["note"] == "李工的描述更准确"
        assert mine["settled"]["by_name"] == "wang"
        assert listed(cli, world.path(user), "--open") == []
    # The contractor, whose defect it is, receives the restored value and the settlement.
    world.sync("zhao")
    with Store.open(world.path("zhao")) as s:
        assert s.get(Defect, world.defect_id).description == LOST
        assert s.get(ConflictSettlement, c["id"]).decision == "restore"
    # Audited: the restoring edit and the settlement are in the histories.
    with Store.open(world.path("zhang")) as s:
        actions = [(h["actor"], h["changes"]) for h in s.history("defects", world.defect_id)]
        assert any(a == world.accounts["wang"].id and "description" in ch for a, ch in actions)
        assert s.history("conflict_settlements", c["id"])
    # Settling again is refused in words, naming who settled it.
    code, _, err = cli("conflicts", "settle", "--data", world.path("zhang"), "--conflict", c["id"],
                       "--keep")  # fmt: skip
    assert code != 0


def test_two_supervisors_settling_differently_make_a_conflict_of_their_own(world):
    make_description_conflict(world)
    world.sync("wang", "chen")
    with Store.open(world.path("wang")) as s:
        (c,) = ops.list_conflicts(s)
        ops.settle(s, c["id"], "keep", "现场核实，张工的描述正确")
    with Store.open(world.path("chen")) as s:
        ops.settle(s, c["id"], "restore", "以李工为准")
    world.sync("wang", "chen", "wang", "zhang")
    with Store.open(world.path("zhang")) as s:  # an inspector: not the inspector's edits
        assert all(r["table"] == "defects" for r in ops.list_conflicts(s))
    for user in ("wang", "chen"):
        with Store.open(world.path(user)) as s:
            rows = ops.list_conflicts(s)
            ids = {r["id"] for r in rows}
            assert c["id"] in ids
            (own,) = [r for r in rows if r["table"] == "conflict_settlements"]
            assert own["field"] == "decision" and own["settled"] is None
            assert {own["kept"]["value"], own["lost"]["value"]} == {"keep", "restore"}
            assert own["title"].startswith("3号楼燃气立管锈蚀")
    # wang looks again and puts back the losing settlement: its decision and the value it gave.
    with Store.open(world.path("wang")) as s:
        own = next(r for r in ops.list_conflicts(s) if r["table"] == "conflict_settlements")
        ops.settle(s, own["id"], "restore", "统一意见")
        lost_decision = own["lost"]["value"]
        want = LOST if lost_decision == "restore" else KEPT
        assert s.get(Defect, world.defect_id).description == want
        assert s.get(ConflictSettlement, c["id"]).decision == lost_decision
    world.sync("wang", "chen", "zhang")
    for user in ("wang", "chen", "zhang"):
        with Store.open(world.path(user)) as s:
            assert s.get(Defect, world.defect_id).description == want
            assert ops.count_open(s) == 0


def test_the_central_store_refuses_bad_settlements(world):
    make_description_conflict(world)
    srv = world.srv
    (conflict,) = srv.service.conflicts()
    acc = world.accounts

    def push(user: str, record_id: str, **fields):
        a = acc[user]
        stamp = srv.service.clock.now().replace(".server", f".{user}")
        change = {
            "change_id": f"x-{user}-{len(fields)}-{record_id[:6]}",
            "table": "conflict_settlements",
            "record_id": record_id,
            "op": "upsert",
            "hlc": stamp,
            "author": a.id,
            "fields": {
                "target_type": "defects",
                "target_id": world.defect_id,
                "field": "description",
                "decision": "restore",
                **fields,
            },
        }
        out = srv.service.push(Account(a.id, a.name, a.role, a.org_id), [change])
        return out["refused"][0]["reason"] if out["refused"] else None

    assert "supervisor" in push("li", conflict["id"]) or "监理" in push("li", conflict["id"])
    assert push("zhao", conflict["id"])  # a contractor: refused
    acc["qian"] = srv.add_user("qian", "supervisor", "外区监理")
    assert "member" in push("qian", conflict["id"]) or "成员" in push("qian", conflict["id"])
    assert push("wang", "0" * 32)  # no such conflict
    assert push("wang", conflict["id"], field="title")  # not the conflict's field
    assert push("wang", conflict["id"], decision="ignore")  # not a decision
    assert push("wang", conflict["id"], deleted=1)
    assert push("wang", conflict["id"]) is None  # the real thing passes
    # ... and cannot be moved to another record or field afterwards.
    assert push("wang", conflict["id"], field="title", note="x")
    assert push("chen", conflict["id"], decision="keep", note="y") is None


def test_a_restore_of_a_status_is_refused_in_words(world):
    with Store.open(world.path("wang")) as s:
        s.db.execute(
            "INSERT INTO conflicts VALUES ('c1', 'defects', ?, 'status', 'open',"
            " '000000000000001.00000.n', ?, '000000000000002.00000.m', '2026-11-29', NULL, NULL)",
            [world.defect_id, world.accounts["li"].id],
        )
        with pytest.raises(WorkflowError, match=r"workflow|整改流程"):
            ops.settle(s, "c1", "restore")
        assert ops.count_open(s) == 1
        assert s.get(Defect, world.defect_id).status == "assigned"


def test_the_list_shows_times_in_the_project_time_zone(world):
    make_description_conflict(world)
    world.sync("wang")
    with Store.open(world.path("wang")) as s:
        (c,) = ops.list_conflicts(s)
        p = s.db.execute("SELECT settings FROM projects").fetchone()
        assert c["time_zone"] == "Asia/Shanghai", p
        from inspect_app.core.model import Project

        proj = s.get(Project, world.project_id)
        proj.settings = {**proj.settings, "timezone": "Europe/London"}
        s.save(proj)
        (london,) = ops.list_conflicts(s)
    assert london["time_zone"] == "Europe/London"
    assert london["kept"]["at"] != c["kept"]["at"]  # eight hours apart


def test_a_field_of_a_deleted_record_is_not_restored_but_may_be_kept(world):
    with Store.open(world.path("wang")) as s:
        s.db.execute(
            "INSERT INTO conflicts VALUES ('c2', 'defects', ?, 'title', '旧标题',"
            " '000000000000001.00000.n', ?, '000000000000002.00000.m', '2026-11-29', NULL, NULL)",
            [world.defect_id, world.accounts["li"].id],
        )
        s.delete(Defect, world.defect_id)
        with pytest.raises(WorkflowError, match=r"deleted|删除"):
            ops.settle(s, "c2", "restore")
        assert s.get(Defect, world.defect_id, include_deleted=True).deleted
        ops.settle(s, "c2", "keep", "问题已删除")
        assert ops.count_open(s) == 0
