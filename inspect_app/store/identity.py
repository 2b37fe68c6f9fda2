"""Who is signed in on this profile, and checking a user's password.

A profile has one signed-in user (meta `user_id`, `store.actor`); every write records them as
its author and the store operations check their role. A password is checked against the
central store when one is configured and reachable; otherwise against the argon2 hash cached
here at that user's last successful sign-in (the password itself is never kept). A demo
profile caches the hash of `demo` for every demo user.
"""

from dataclasses import dataclass

import argon2

from ..core.i18n import t
from ..core.model import NAMES, Organization, Role, User
from ..errors import InspectError, NotFound, WorkflowError
from .store import Store, now_iso

# Fast enough to hash every demo user at creation; still a memory-hard argon2id hash.
_HASHER = argon2.PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
REMOTE_TIMEOUT = 3.0


class AuthError(InspectError):
    """A wrong password or an unknown user."""


@dataclass(frozen=True)
class Who:
    """The signed-in user with what the rules need: role and organization."""

    user: User
    org: Organization | None

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def org_id(self) -> str:
        return self.user.org_id

    @property
    def display_name(self) -> str:
        return self.user.display_name or self.user.name

    def describe(self) -> str:
        """张伟（检查员 · 华建监理）"""
        role = t(NAMES[self.role]["zh"], NAMES[self.role]["en"])
        org = (self.org.short_name or self.org.name) if self.org else ""
        return f"{self.display_name}（{role}{' · ' + org if org else ''}）"


def signed_in(store: Store) -> Who:
    """The signed-in user, or WorkflowError when nobody is."""
    if not store.actor:
        raise WorkflowError(
            t(
                "尚未登录：请先用 inspect-app login 登录。",
                "nobody is signed in: sign in with inspect-app login first",
            )
        )
    try:
        user = store.get(User, store.actor)
    except NotFound:
        raise WorkflowError(
            t(f"找不到当前用户 {store.actor}。", f"the signed-in user {store.actor} is unknown")
        ) from None
    return Who(user, _org(store, user.org_id))


def current(store: Store) -> Who | None:
    try:
        return signed_in(store)
    except WorkflowError:
        return None


def user_named(store: Store, name: str) -> User:
    """A user by login name (or, failing that, by display name)."""
    name = name.strip()
    users = store.find(User, "name = ?", [name]) or store.find(User, "display_name = ?", [name])
    if len(users) != 1:
        raise AuthError(t(f"没有用户“{name}”。", f"there is no user {name!r}"))
    return users[0]


def check_password(store: Store, name: str, password: str) -> User:
    """The user `name` if `password` is theirs; AuthError (nothing changed) if not."""
    user = user_named(store, name)
    if not password:
        raise AuthError(t("请输入密码。", "the password is missing"))
    remote = _check_remote(store, user.name, password)
    if remote is False:
        raise AuthError(t("用户名或密码错误。", "wrong user name or password"))
    if remote is True:
        cache_password(store, user.id, password)
        return user
    row = store.db.execute("SELECT hash FROM credentials WHERE user_id = ?", [user.id]).fetchone()
    if row is None:
        raise AuthError(
            t(
                f"用户“{user.name}”尚未在本机登录过，且连接不到中心服务器，无法核对密码。",
                f"{user.name} has never signed in on this laptop and the central store "
                "cannot be reached to check the password",
            )
        )
    try:
        _HASHER.verify(row[0], password)
    except argon2.exceptions.VerificationError:
        raise AuthError(t("用户名或密码错误。", "wrong user name or password")) from None
    return user


def login(store: Store, name: str, password: str) -> Who:
    """Sign `name` in on this profile after checking the password."""
    user = check_password(store, name, password)
    store.set_actor(user.id)
    return signed_in(store)


def cache_password(store: Store, user_id: str, password: str) -> None:
    """Keep an argon2 hash of a password that was just accepted, for offline checks."""
    with store.transaction():
        store.db.execute(
            "INSERT INTO credentials VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET"
            " hash = excluded.hash, cached_at = excluded.cached_at",
            [user_id, _HASHER.hash(password), now_iso()],
        )


def _check_remote(store: Store, name: str, password: str) -> bool | None:
    """True/False from the central store; None when none is configured or it cannot be reached."""
    server = store.get_meta("sync.server")
    if not server:
        return None
    import httpx

    try:
        r = httpx.post(
            f"{server.rstrip('/')}/v1/login",
            json={"name": name, "password": password},
            timeout=REMOTE_TIMEOUT,
        )
    except httpx.HTTPError:
        return None
    if r.status_code == 200:
        return True
    if r.status_code in (401, 403, 422):
        return False
    return None  # the server is in trouble: fall back to the cached hash


def _org(store: Store, org_id: str) -> Organization | None:
    rows = store.find(Organization, "id = ?", [org_id]) if org_id else []
    return rows[0] if rows else None
