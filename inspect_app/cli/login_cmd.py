"""`inspect-app login`: sign a user in on this profile (password from INSPECT_PASSWORD or stdin)."""

from ..core.i18n import t
from ..store import Store
from ..store.identity import login


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "login",
        help=t(
            "登录（密码取自 INSPECT_PASSWORD 或标准输入）",
            "sign in (password from INSPECT_PASSWORD or stdin)",
        ),
    )
    data_option(p)
    p.add_argument("--user", required=True, metavar="NAME", help=t("用户名", "user name"))
    p.set_defaults(handler=run)


def run(args) -> int:
    from .server_cmd import read_password

    with Store.open(args.data) as store:
        who = login(store, args.user, read_password())
    print(t(f"已登录：{who.describe()}", f"signed in: {who.describe()}"))
    return 0
