"""The password for `sync` and `server add-user`: from INSPECT_PASSWORD, else asked for (or
read from a pipe)."""

import os
import sys

from ..core.i18n import t
from ..errors import InspectError


def read_password() -> str:
    password = os.environ.get("INSPECT_PASSWORD")
    if password is None:
        if sys.stdin.isatty():
            import getpass

            password = getpass.getpass(t("密码：", "Password: "))
        else:
            password = sys.stdin.readline().rstrip("\n")
    if not password:
        raise InspectError(
            t(
                "没有密码：请设置 INSPECT_PASSWORD 或从标准输入提供。",
                "no password: set INSPECT_PASSWORD or give it on stdin",
            )
        )
    return password
