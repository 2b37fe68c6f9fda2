"""Managing accounts on the central store: sign out, revoke every sign-in of an account,
disable and enable it, change its password. Each is one short write, logged as a JSON line.

A disabled account cannot sign in and its tokens stop working at once; enabling it again
does not bring old tokens back. A new password revokes every token of the account.
"""

import hashlib
from datetime import UTC, datetime

from ..core.i18n import t
from ..errors import InspectError
from . import journal
from .access import Account
from .db import Database

MIN_PASSWORD = 8


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_disabled(conn, account_id: str) -> bool:
    row = conn.one("SELECT disabled FROM account_flags WHERE account_id = ?", [account_id])
    return bool(row and row[0])


def find(db: Database, name: str) -> tuple[str, str]:
    """(id, password hash) of the account called `name`."""
    with db.connect() as conn:
        row = conn.one("SELECT id, password_hash FROM accounts WHERE name = ?", [name])
    if row is None:
        raise InspectError(t(f"没有用户 {name}。", f"no user {name} on this server"))
    return row[0], row[1]


def logout(db: Database, acct: Account, token: str) -> None:
    with db.connect(write=True) as conn:
        conn.execute(
            "DELETE FROM tokens WHERE token_hash = ?", [hashlib.sha256(token.encode()).hexdigest()]
        )
    journal.event("logout", user=acct.name)


def revoke(db: Database, name: str, by: str = "") -> int:
    """Sign `name` out everywhere; how many sign-ins ended."""
    account_id, _ = find(db, name)
    with db.connect(write=True) as conn:
        n = conn.execute("DELETE FROM tokens WHERE account_id = ?", [account_id]).rowcount
    journal.event("tokens revoked", user=name, by=by, tokens=n)
    return n


def set_disabled(db: Database, name: str, disabled: bool, by: str = "") -> None:
    account_id, _ = find(db, name)
    with db.connect(write=True) as conn:
        conn.execute(
            "INSERT INTO account_flags (account_id, disabled, at) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE SET disabled = excluded.disabled, at = excluded.at",
            [account_id, int(disabled), _now()],
        )
        if disabled:
            conn.execute("DELETE FROM tokens WHERE account_id = ?", [account_id])
    journal.event("account disabled" if disabled else "account enabled", user=name, by=by)


def set_password(db: Database, hasher, name: str, new: str, by: str = "") -> None:
    """A new password for `name`; every sign-in of the account ends."""
    if len(new) < MIN_PASSWORD:
        raise InspectError(
            t(
                f"密码至少 {MIN_PASSWORD} 个字符。",
                f"the password needs at least {MIN_PASSWORD} characters",
            )
        )
    account_id, _ = find(db, name)
    digest = hasher.hash(new)  # outside the write lock: argon2 is slow on purpose
    with db.connect(write=True) as conn:
        conn.execute("UPDATE accounts SET password_hash = ? WHERE id = ?", [digest, account_id])
        conn.execute("DELETE FROM tokens WHERE account_id = ?", [account_id])
    journal.event("password changed", user=name, by=by)
