"""A community where two inspectors edit the same defect field offline: the central store keeps
the later edit and records the other as a conflict. Shared by the store, CLI and window tests."""

from dataclasses import dataclass
from pathlib import Path

from syncutil import ServerThread, sync

from inspect_app.core.model import Defect, DefectStatus, Project, ProjectMember, Role
from inspect_app.store import Store

KEPT, LOST = "立管锈蚀约30厘米，需更换", "立管锈蚀，距地面1.2米，阀门漏气"


@dataclass
class World:
    srv: ServerThread
    root: Path
    project_id: str
    defect_id: str
    accounts: dict

    def path(self, user: str) -> Path:
        return self.root / user

    def sync(self, *users: str) -> None:
        for user in users:
            report = sync(self.path(user), self.srv, user)
            assert not report.refused, report.refused


def build(root: Path, srv: ServerThread) -> World:
    acc = {
        "admin": srv.add_user("admin", "admin", "东城区住建委"),
        "zhang": srv.add_user("zhang", "inspector", "华建监理"),
        "li": srv.add_user("li", "inspector", "华建监理"),
        "wang": srv.add_user("wang", "supervisor", "华建监理"),
        "chen": srv.add_user("chen", "supervisor", "华建监理"),
        "zhao": srv.add_user("zhao", "contractor", "北京城建"),
    }
    sync(root / "admin", srv, "admin")
    with Store.open(root / "admin") as s:
        pid = s.save(Project(name="和平里东街小区", district="东城区")).id
        for org, role in (
            (acc["zhang"].org_id, Role.INSPECTOR),
            (acc["zhao"].org_id, Role.CONTRACTOR),
        ):
            s.save(ProjectMember(project_id=pid, org_id=org, role=role))
    world = World(srv, root, pid, "", acc)
    world.sync("admin", "zhang")
    with Store.open(world.path("zhang")) as s:
        d = s.save(Defect(project_id=pid, title="3号楼燃气立管锈蚀", category="燃气"))
    world.defect_id = d.id
    world.sync("zhang", "wang")
    with Store.open(world.path("wang")) as s:  # assigned to the contractor, who sees it too
        x = s.get(Defect, d.id)
        x.status, x.assignee_org_id, x.due_date = (
            DefectStatus.ASSIGNED,
            acc["zhao"].org_id,
            "2026-12-01",
        )
        s.save(x)
    world.sync("wang", "zhang", "li", "chen", "zhao")
    return world


def edit_offline(world: World, user: str, **fields) -> None:
    with Store.open(world.path(user)) as s:
        x = s.get(Defect, world.defect_id)
        for k, v in fields.items():
            setattr(x, k, v)
        s.save(x)


def make_description_conflict(world: World) -> None:
    """li describes the defect offline, zhang later offline; both sync: zhang's stands."""
    edit_offline(world, "li", description=LOST)
    edit_offline(world, "zhang", description=KEPT)
    world.sync("li", "zhang")
