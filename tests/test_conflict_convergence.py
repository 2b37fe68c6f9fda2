"""Whatever two supervisors decide and in whatever order the laptops sync, every laptop ends
with the same settlement and the same value, and a disagreement is a listed conflict, never a
silent loss. A real central store on 127.0.0.1 per example."""

import pytest
from conflict_world import KEPT, LOST, build, make_description_conflict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from syncutil import ServerThread

from inspect_app.core.model import ConflictSettlement, Defect
from inspect_app.store import Store
from inspect_app.store import conflicts as ops

LAPTOPS = ("wang", "chen", "zhang")


@pytest.mark.slow
@example(wang="keep", chen="restore", order=("chen", "wang", "zhang"))
@example(wang="restore", chen="keep", order=("zhang", "wang", "chen"))
@example(wang="restore", chen="restore", order=LAPTOPS)
@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    wang=st.sampled_from([None, "keep", "restore"]),
    chen=st.sampled_from([None, "keep", "restore"]),
    order=st.permutations(LAPTOPS),
)
def test_settlements_converge_and_disagreements_are_listed(tmp_path_factory, wang, chen, order):
    root = tmp_path_factory.mktemp("w")
    srv = ServerThread(root / "server")
    try:
        world = build(root, srv)
        make_description_conflict(world)
        world.sync("wang", "chen")
        with Store.open(world.path("wang")) as s:
            (c,) = ops.list_conflicts(s)
        for user, decision in (("wang", wang), ("chen", chen)):
            if decision:
                with Store.open(world.path(user)) as s:
                    ops.settle(s, c["id"], decision, f"{user} 的意见")
        for _ in range(2):
            world.sync(*order)
        seen = []
        for user in LAPTOPS:
            with Store.open(world.path(user)) as s:
                settled = s.find(ConflictSettlement, "id = ?", [c["id"]])
                rows = ops.list_conflicts(s)
                seen.append(
                    (
                        s.get(Defect, world.defect_id).description,
                        [(x.decision, x.value, x.note) for x in settled],
                        sorted((r["id"], r["settled"] is None) for r in rows if user != "zhang"),
                    )
                )
        assert seen[0][:2] == seen[1][:2] == seen[2][:2]  # one value, one settlement everywhere
        assert seen[0][2] == seen[1][2]  # both supervisors see the same list
        description, settlement, _ = seen[0]
        assert description == (LOST if "restore" in (wang, chen) else KEPT)
        assert bool(settlement) == bool(wang or chen)
        with Store.open(world.path("wang")) as s:
            own = [r for r in ops.list_conflicts(s) if r["table"] == "conflict_settlements"]
        if wang and chen and wang != chen:
            (d,) = own
            assert {d["kept"]["value"], d["lost"]["value"]} == {wang, chen}
        else:
            assert own == []
    finally:
        srv.stop()
