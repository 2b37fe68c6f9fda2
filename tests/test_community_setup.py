"""An empty laptop begun without a central store: the first user, then a community."""

import pytest

from inspect_app.core.model import Building, Project, ProjectMember, Role, User
from inspect_app.errors import WorkflowError
from inspect_app.store import community, identity


def test_a_supervisor_begins_an_empty_profile_and_creates_a_community(store):
    who = community.first_user(store, "liu", "刘工", "华建监理", "supervisor", "secret1")
    assert identity.current(store).id == who.id and who.role == Role.SUPERVISOR
    assert identity.check_password(store, "liu", "secret1").id == who.id  # offline sign-in
    p = community.create_community(store, " 幸福里小区 ", "幸福路1号", "东城区",
                                   ["1号楼", "2号楼", "", "1号楼"])  # fmt: skip
    assert store.get(Project, p.id).name == "幸福里小区" and p.stage == "survey"
    assert [b.name for b in store.find(Building, "project_id = ?", [p.id], order_by="name")] == [
        "1号楼",
        "2号楼",
    ]
    member = store.find(ProjectMember, "project_id = ?", [p.id])[0]
    assert member.org_id == who.org_id
    assert store.pending_changes() > 0  # sent to a central store when one is connected


def test_only_setup_roles_and_only_once(store):
    with pytest.raises(WorkflowError, match="administrator or a supervisor"):
        community.first_user(store, "wang", "", "城建", "inspector", "secret1")
    with pytest.raises(WorkflowError, match="at least 6"):
        community.first_user(store, "wang", "", "城建", "admin", "123")
    assert store.count(User) == 0  # nothing kept from a refusal
    community.first_user(store, "wang", "", "城建", "admin", "secret1")
    with pytest.raises(WorkflowError, match="already has users"):
        community.first_user(store, "li", "", "城建", "admin", "secret1")
    community.create_community(store, "甲小区")
    with pytest.raises(WorkflowError, match="already a community"):
        community.create_community(store, "甲小区")
    with pytest.raises(WorkflowError, match="name"):
        community.create_community(store, "  ")


def test_an_inspector_may_not_create_a_community(demo_profile, tmp_path):
    import shutil

    from inspect_app.store import Store

    shutil.copytree(demo_profile, tmp_path / "p")
    with Store.open(tmp_path / "p") as s:
        assert identity.current(s).role == Role.INSPECTOR
        before = s.count(Project)
        with pytest.raises(WorkflowError, match="administrator or a supervisor"):
            community.create_community(s, "乙小区")
        assert s.count(Project) == before
