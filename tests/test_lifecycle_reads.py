"""The project page's gates read only what they look at of a community's open defects: the same
gates as from whole records, on every community of the demo (which has open 重大 hazards,
carried-over defects and open notices)."""

from inspect_app.core import lifecycle
from inspect_app.core.model import Project
from inspect_app.store import Store
from inspect_app.store import lifecycle as lc


def test_gates_from_the_narrow_read_are_the_gates_from_whole_records(demo_profile):
    with Store.open(demo_profile) as s:
        projects = s.find(Project)
        assert projects
        blocked = 0
        for p in projects:
            whole = lifecycle.gates(lc.facts(s, p.id))
            narrow = lifecycle.gates(lc.facts(s, p.id, whole_defects=False))
            assert narrow == whole
            assert lc.status(s, p.id).gates == whole
            blocked += sum(
                bool(c.evidence) and c.key in ("no_open_major_hazard", "notices_closed")
                for g in whole
                for c in g.conditions
            )
        assert blocked  # the comparison covered gates that list defects
