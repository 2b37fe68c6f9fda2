"""`inspect-app server`: run the central store; `server add-user`: create an account;
`server user disable|enable|revoke|password --name N`: manage one."""

from pathlib import Path

from ..core.i18n import t
from ..core.model import Role
from ..errors import InspectError
from . import backup_cmd
from .password import read_password


def register(sub, data_option) -> None:
    p = sub.add_parser("server", help=t("运行中心服务器", "run the central store"))
    data_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--database", metavar="URL", help="postgresql://… (default: SQLite in DIR)")
    blobs_option(p)
    p.add_argument(
        "--public-url",
        metavar="URL",
        help=t(
            "手机扫码访问本服务器的公开地址（如 https://jc.example.gov.cn），保存后随同步告知各笔记本",
            "the address phones reach this server at (e.g. https://jc.example.gov.cn); kept, "
            "and learnt by laptops when they sync",
        ),
    )
    p.set_defaults(handler=run)
    ssub = p.add_subparsers(dest="server_command", metavar="COMMAND")
    a = ssub.add_parser(
        "add-user",
        help=t(
            "添加账号（密码取自 INSPECT_PASSWORD 或标准输入）",
            "add an account (password from INSPECT_PASSWORD or stdin)",
        ),
    )
    data_option(a)
    a.add_argument("--name", required=True)
    a.add_argument("--role", required=True, choices=[r.value for r in Role])
    a.add_argument("--org", required=True, help=t("单位编号或名称", "organization id or name"))
    a.add_argument("--database", metavar="URL")
    a.set_defaults(handler=add_user)
    b = ssub.add_parser(
        "import-bundle",
        help=t(
            "导入笔记本的离线同步包并生成回执", "apply a laptop's sync bundle and write the reply"
        ),
    )
    data_option(b)
    b.add_argument("file", type=Path, metavar="FILE")
    b.add_argument("--reply", type=Path, required=True, metavar="FILE")
    b.add_argument("--database", metavar="URL")
    blobs_option(b)
    b.set_defaults(handler=import_bundle)
    u = ssub.add_parser(
        "user",
        help=t(
            "管理账号：停用、启用、注销全部登录、重设密码",
            "manage an account: disable, enable, revoke its sign-ins, set its password",
        ),
    )
    data_option(u)
    u.add_argument("action", choices=["disable", "enable", "revoke", "password"])
    u.add_argument("--name", required=True)
    u.add_argument("--database", metavar="URL")
    u.set_defaults(handler=manage_user)
    backup_cmd.register_server(ssub, data_option)


def blobs_option(p) -> None:
    p.add_argument(
        "--blobs",
        metavar="s3://BUCKET",
        help=t(
            "照片存放于 S3 兼容对象存储（地址与密钥取自 AWS_ENDPOINT_URL、AWS_ACCESS_KEY_ID 等环境变量）；默认存于 DIR/blobs",
            "keep photos in an S3-compatible bucket (address and keys from AWS_ENDPOINT_URL, "
            "AWS_ACCESS_KEY_ID, … in the environment); default: DIR/blobs",
        ),
    )


def _data(args) -> Path:
    if not args.data_given:
        raise InspectError(
            t("请用 --data 指定服务器数据目录。", "name the server's folder with --data")
        )
    return args.data


def add_user(args) -> int:
    from ..server import open_service

    service, _ = open_service(_data(args), args.database)
    acct = service.add_user(args.name, args.role, args.org, read_password())
    print(
        t(
            f"已添加用户 {acct.name}（{acct.role}），编号 {acct.id}",
            f"added {acct.name} ({acct.role}), id {acct.id}",
        )
    )
    return 0


def manage_user(args) -> int:
    from ..server import accounts, open_service, setup_logging

    data = _data(args)
    service, _ = open_service(data, args.database)
    setup_logging(data)
    by = "inspect-app server user"
    if args.action == "revoke":
        n = accounts.revoke(service.db, args.name, by=by)
        print(t(f"已注销 {args.name} 的 {n} 个登录。", f"ended {n} sign-ins of {args.name}"))
    elif args.action == "password":
        accounts.set_password(service.db, service.hasher, args.name, read_password(), by=by)
        print(t(f"已为 {args.name} 设置新密码。", f"set a new password for {args.name}"))
    else:
        accounts.set_disabled(service.db, args.name, args.action == "disable", by=by)
        done = {"disable": ("已停用", "disabled"), "enable": ("已启用", "enabled")}[args.action]
        print(t(f"{done[0]}账号 {args.name}。", f"{done[1]} {args.name}"))
    return 0


def import_bundle(args) -> int:
    from ..server import open_service, setup_logging
    from ..server.bundle import answer_bundle

    data = _data(args)
    service, blobs = open_service(data, args.database, blobs=args.blobs)
    setup_logging(data)
    if args.public_url is not None:
        from ..server.verify_page import set_public_url

        set_public_url(service.db, checked_url(args.public_url))
    n = answer_bundle(service, blobs, args.file, args.reply)
    print(
        t(
            f"接收 {n['accepted']} 条，拒绝 {n['refused']} 条；回执含 {n['changes']} 条变更、{n['photos']} 张照片：{args.reply}",
            f"accepted {n['accepted']}, refused {n['refused']}; the reply holds {n['changes']} changes and {n['photos']} photos: {args.reply}",
        )
    )
    return 0


def run(args) -> int:
    import uvicorn

    from ..server import open_service, setup_logging
    from ..server.app import create_app

    data = _data(args)
    service, blobs = open_service(data, args.database, blobs=args.blobs)
    setup_logging(data)
    if args.public_url is not None:
        from ..server.verify_page import set_public_url

        set_public_url(service.db, checked_url(args.public_url))
    uvicorn.run(create_app(service, blobs), host=args.host, port=args.port, log_level="warning")
    return 0


def checked_url(url: str) -> str:
    """A public base URL: http(s)://host[:port][/path], nothing after."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InspectError(
            t(
                f"--public-url 须为 https://主机名[/路径]：{url}",
                f"--public-url must be https://host[/path]: {url}",
            )
        )
    return url.strip().rstrip("/")
