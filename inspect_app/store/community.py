"""Starting work on a laptop without a central store: the first user, then a community.

An empty profile can be begun here by an administrator or a supervisor (the roles that set
communities up); inspectors and contractors get theirs from the central store or the demo.
"""

from collections.abc import Iterable

from ..core.i18n import t
from ..core.model import Building, Organization, OrgKind, Project, ProjectMember, Role, User
from ..errors import WorkflowError
from . import identity
from .store import Store

SETUP_ROLES = (Role.ADMIN, Role.SUPERVISOR)


def creators(store: Store) -> tuple[Role, ...]:
    """Who may create a community here: on a laptop that syncs with a central store, its
    administrator only (the store refuses anyone else's, server/access.py); on a laptop on its
    own, an administrator or a supervisor."""
    return (Role.ADMIN,) if store.get_meta("sync.server") else SETUP_ROLES


def first_user(store: Store, name: str, display_name: str, org_name: str, role: Role | str,
               password: str) -> identity.Who:  # fmt: skip
    """On a profile with no users yet: its first user (an administrator or a supervisor) and
    their organization; they are signed in, their password cached for offline sign-in."""
    role = Role(role)
    if store.count(User):
        raise WorkflowError(t("本机已有用户：请用“切换用户”登录。",
                              "this laptop already has users: sign in with Switch user"))  # fmt: skip
    if role not in SETUP_ROLES:
        raise WorkflowError(t("只有管理员或监理可以在本机建立小区。",
                              "only an administrator or a supervisor can set up a community here"))  # fmt: skip
    name, org_name = name.strip(), org_name.strip()
    if not name or not org_name:
        raise WorkflowError(t("请填写登录名和单位名称。", "enter a user name and an organization"))
    if len(password) < 6:
        raise WorkflowError(t("密码至少 6 位。", "the password needs at least 6 characters"))
    kind = OrgKind.SUPERVISOR if role == Role.SUPERVISOR else OrgKind.OWNER
    with store.transaction():
        org = Organization(name=org_name, kind=kind, short_name=org_name[:8])
        user = User(name=name, role=role, org_id=org.id, display_name=display_name.strip())
        store.save(org, actor=user.id)
        store.save(user, actor=user.id)
        store.set_actor(user.id)
    identity.cache_password(store, user.id, password)
    return identity.signed_in(store)


def create_community(store: Store, name: str, address: str = "", district: str = "",
                     buildings: Iterable[str] = ()) -> Project:  # fmt: skip
    """A new community in its first stage (摸底排查), with its buildings, its creator's
    organization a member. Only an administrator or a supervisor may."""
    who = identity.signed_in(store)
    if who.role not in creators(store):
        raise WorkflowError(
            t("只有管理员或监理可以新建小区。",
              "only an administrator or a supervisor can create a community")
            if len(creators(store)) > 1 else
            t("连接了中心服务器的小区由其管理员新建（服务器不接受其他人新建的小区）。",
              "with a central store, its administrator creates communities (it refuses "
              "anyone else's)"))  # fmt: skip
    name = name.strip()
    if not name:
        raise WorkflowError(t("请填写小区名称。", "enter the community's name"))
    if store.find(Project, "name = ?", [name]):
        raise WorkflowError(
            t(f"已有名为“{name}”的小区。", f"there is already a community {name!r}")
        )
    names = [b.strip() for b in buildings if b.strip()]
    with store.transaction():
        project = store.save(Project(name=name, address=address.strip(), district=district.strip()))
        for b in dict.fromkeys(names):  # each once, in the order given
            store.save(Building(project_id=project.id, name=b))
        store.save(ProjectMember(project_id=project.id, org_id=who.org_id, role=who.role))
    return project
