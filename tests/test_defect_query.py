"""Desk queries on the demo profile, checked against a plain Python filter over every defect."""

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_app.core import defect_status
from inspect_app.core.defect_status import local_today
from inspect_app.core.model import Defect, DefectStatus, Role, Severity, User
from inspect_app.store import Store
from inspect_app.store import defect_query as dq

TODAY = local_today()  # what the store's queries take as today


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_profile):
    prof = tmp_path_factory.mktemp("q") / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        yield s


def everything(store):
    return {d.id: d for d in store.find(Defect)}


def expected_ids(store, all_defects, flt: dq.DefectFilter) -> set[str]:
    found = set(store.search_defects(flt.search)) if flt.search else None
    out = set()
    for d in all_defects.values():
        if flt.project_id and d.project_id != flt.project_id:
            continue
        if flt.severity and d.severity != flt.severity:
            continue
        if flt.status and d.status != flt.status:
            continue
        if flt.category and d.category != flt.category:
            continue
        if flt.assignee_org_id and d.assignee_org_id != flt.assignee_org_id:
            continue
        if flt.overdue and not defect_status.is_overdue(d.status, d.due_date, TODAY):
            continue
        if flt.reported_from and d.reported_at[:10] < flt.reported_from:
            continue
        if flt.reported_to and d.reported_at[:10] > flt.reported_to:
            continue
        if found is not None and d.id not in found:
            continue
        out.add(d.id)
    return out


def ids_of(store, rowids) -> list[str]:
    rows = dq.page(store, rowids)
    return [rows[r]["id"] for r in rowids]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_filters_match_a_plain_python_filter(demo, data):
    all_defects = everything(demo)
    projects = sorted({d.project_id for d in all_defects.values()})
    orgs = sorted({d.assignee_org_id for d in all_defects.values() if d.assignee_org_id})
    days = sorted({d.reported_at[:10] for d in all_defects.values()})
    maybe = lambda s: st.one_of(st.just(""), s)  # noqa: E731
    flt = dq.DefectFilter(
        project_id=data.draw(maybe(st.sampled_from(projects))),
        severity=data.draw(maybe(st.sampled_from([s.value for s in Severity]))),
        status=data.draw(maybe(st.sampled_from([s.value for s in DefectStatus]))),
        category=data.draw(maybe(st.sampled_from(["燃气", "排水", "消防"]))),
        assignee_org_id=data.draw(maybe(st.sampled_from(orgs))),
        overdue=data.draw(st.booleans()),
        reported_from=data.draw(maybe(st.sampled_from(days))),
        reported_to=data.draw(maybe(st.sampled_from(days))),
        search=data.draw(maybe(st.sampled_from(["燃气", "管道", "立管 锈蚀", "井盖", "3号楼"]))),
    )
    sort = dq.Sort(data.draw(st.sampled_from(list(dq.COLUMNS))), data.draw(st.booleans()))
    got = dq.rowids(demo, flt, sort, TODAY)
    assert len(got) == len(set(got)) == dq.count(demo, flt, TODAY)
    assert set(ids_of(demo, got)) == expected_ids(demo, all_defects, flt)


@pytest.mark.parametrize("column", list(dq.COLUMNS))
@pytest.mark.parametrize("filtered", [False, True])
def test_every_column_sorts_both_ways(demo, column, filtered):
    flt = dq.DefectFilter(category="燃气") if filtered else dq.DefectFilter()
    names = dq.Names(demo)
    ranks = {
        "severity": {"major": 0, "serious": 1, "minor": 2},
        "status": {s.value: i for i, s in enumerate(DefectStatus)},
    }

    def key(rec):
        raw = {
            "title": rec["title"],
            "project": names.projects.get(rec["project_id"], ""),
            "building": names.buildings.get(rec["building_id"], ""),
            "category": rec["category"],
            "assignee": names.orgs.get(rec["assignee_org_id"], ""),
            "due": rec["due_date"],
            "reported": rec["reported_at"],
        }
        if column in ranks:
            return ranks[column][rec[dq.COLUMNS[column]]]
        if column in ("project", "building", "assignee"):
            return (raw[column] == "", raw[column])  # names; nobody assigned comes last
        return raw[column]

    for descending in (False, True):
        got = dq.rowids(demo, flt, dq.Sort(column, descending), TODAY)
        rows = dq.page(demo, got)
        keys = [key(rows[r]) for r in got]
        assert keys == sorted(keys, reverse=descending), column
        assert len(got) == dq.count(demo, flt, TODAY)


def test_categories_are_the_distinct_values_in_use(demo):
    want = sorted({d.category for d in demo.find(Defect) if d.category})
    assert dq.categories(demo) == want and len(want) > 5


def test_a_search_of_punctuation_finds_nothing_and_does_not_fail(demo):
    assert len(dq.rowids(demo, dq.DefectFilter(search="“”"), dq.Sort())) == 0


def test_two_character_words_are_found_inside_longer_runs(demo):
    got = dq.defects(demo, dq.DefectFilter(search="燃气"))
    texts = [(d := demo.get(Defect, r["id"])).title + d.description + d.category for r in got]
    assert texts and all("燃气" in text for text in texts)
    assert any("燃气" not in r["title"] for r in got)  # found by category or description too
    titles = {r["title"] for r in dq.defects(demo, dq.DefectFilter(search="立管"))}
    assert titles and all("立管" in t for t in titles)


def test_a_contractor_scope_shows_only_its_organization(demo):
    contractor = demo.find(User, "role = ?", [Role.CONTRACTOR.value])[0]
    got = dq.defects(demo, dq.DefectFilter(scope_org_id=contractor.org_id))
    assert got and {r["assignee_org_id"] for r in got} == {contractor.org_id}


# ----- the CLI ----------------------------------------------------------------------------------


def test_cli_json_is_the_desk_list(cli, demo_profile):
    code, out, _ = cli("defects", "--data", demo_profile, "--severity", "major", "--json")
    assert code == 0
    records = json.loads(out)
    with Store.open(demo_profile) as s:
        want = dq.defects(s, dq.DefectFilter(severity="major"))
    assert [r["id"] for r in records] == [r["id"] for r in want]
    assert records and all(r["severity"] == "major" for r in records)
    for key in ("id", "title", "status", "severity", "assignee", "due"):
        assert key in records[0]


def test_cli_filters_by_names_and_overdue(cli, demo_profile):
    code, out, _ = cli(
        "defects", "--data", demo_profile, "--assignee", "北京城建", "--overdue", "--json"
    )
    records = json.loads(out)
    assert code == 0 and records
    assert {r["assignee"] for r in records} == {"北京城建"}
    assert all(
        r["overdue"] and r["status"] == "assigned" and r["due"] < str(TODAY) for r in records
    )
    code, out, err = cli("defects", "--data", demo_profile, "--search", "燃气", "--status", "open")
    lines = out.splitlines()
    assert code == 0 and lines and all("\tOpen\t" in ln for ln in lines)
    assert f"{len(lines)} defects" in err


def test_cli_unknown_names_get_a_clear_message(cli, demo_profile):
    code, _, err = cli("defects", "--data", demo_profile, "--assignee", "不存在的公司")
    assert code == 2 and "no organization '不存在的公司'" in err
    code, _, err = cli("defects", "--data", demo_profile, "--project", "nowhere")
    assert code == 2 and "no community" in err


def test_cli_on_a_contractors_profile_lists_only_its_own(cli, demo_profile, tmp_path):
    prof = tmp_path / "p"
    shutil.copytree(demo_profile, prof)
    with Store.open(prof) as s:
        contractor = s.find(User, "role = ?", [Role.CONTRACTOR.value])[0]
        s.set_actor(contractor.id)
        theirs = s.count(Defect, "assignee_org_id = ?", [contractor.org_id])
    code, out, _ = cli("defects", "--data", prof, "--json")
    records = json.loads(out)
    assert code == 0 and len(records) == theirs > 0
    assert {r["assignee_org_id"] for r in records} == {contractor.org_id}
