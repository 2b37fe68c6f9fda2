"""A small world for workflow tests: one community, a supervisor, an inspector, two contractors."""

from dataclasses import dataclass

from inspect_app.core.model import Organization, OrgKind, Project, Role, User
from inspect_app.store import Store


@dataclass
class World:
    store: Store
    project: Project
    supervisor_org: Organization
    builder: Organization  # 北京城建
    other: Organization  # 中建一局
    inspector: User
    supervisor: User
    contractor: User
    other_contractor: User
    admin: User

    def act(self, user: User) -> Store:
        self.store.set_actor(user.id)
        return self.store


def make_world(store: Store) -> World:
    sup_org = Organization(
        name="北京华建工程监理有限公司", short_name="华建监理", kind=OrgKind.SUPERVISOR
    )
    builder = Organization(
        name="北京城建集团有限责任公司", short_name="北京城建", kind=OrgKind.CONTRACTOR
    )
    other = Organization(
        name="中建一局集团建设发展有限公司", short_name="中建一局", kind=OrgKind.CONTRACTOR
    )
    project = Project(
        name="和平里东街小区",
        settings={"deadline_days": {"major": 3, "serious": 7, "minor": 15}},
    )
    users = [
        User(name="zhangwei", display_name="张伟", role=Role.INSPECTOR, org_id=sup_org.id),
        User(name="wangqiang", display_name="王强", role=Role.SUPERVISOR, org_id=sup_org.id),
        User(name="zhaolei", display_name="赵磊", role=Role.CONTRACTOR, org_id=builder.id),
        User(name="sunli", display_name="孙丽", role=Role.CONTRACTOR, org_id=other.id),
        User(name="liuyang", display_name="刘洋", role=Role.ADMIN, org_id=sup_org.id),
    ]
    store.save_many([sup_org, builder, other, project, *users], actor="setup")
    return World(store, project, sup_org, builder, other, *users)
