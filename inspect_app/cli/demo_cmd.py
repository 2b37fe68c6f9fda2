"""`inspect-app demo`: create a demo profile."""

import time

from .. import demo
from ..core.i18n import t
from ..core.model import NAMES, Project
from ..demo_checklists import DEMO_PASSWORD
from ..errors import ProfileError
from ..store import Store


def register(sub, data_option) -> None:
    p = sub.add_parser("demo", help=t("创建演示数据目录", "create a demo profile"))
    data_option(p)
    p.add_argument(
        "--size",
        choices=("small", "large"),
        default="small",
        help=t("large：100,000 条缺陷，用于性能测试", "large: 100,000 defects, for benchmarks"),
    )
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=run)


def run(args) -> int:
    with Store.open(args.data, create=True) as store:
        if store.count(Project) or store.pending_changes():
            raise ProfileError(
                t(
                    f"{args.data} 已有数据；演示数据只能写入新的空目录。",
                    f"{args.data} already holds data; a demo profile needs a new, empty folder",
                )
            )
        start = time.perf_counter()
        counts = demo.create(store, size=args.size, seed=args.seed)
    took = time.perf_counter() - start
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    users = "、".join(
        f"{login}（{name}，{NAMES[role]['zh']}）" for login, name, role, _ in demo.USERS
    )
    users_en = ", ".join(f"{login} ({NAMES[role]['en']})" for login, name, role, _ in demo.USERS)
    print(
        t(
            f"已创建演示数据：{args.data}（{took:.1f} 秒）\n{summary}\n"
            f"演示用户（密码均为 {DEMO_PASSWORD}）：{users}\n当前登录：zhangwei",
            f"demo profile created in {args.data} ({took:.1f} s)\n{summary}\n"
            f"demo users (every password is {DEMO_PASSWORD}): {users_en}\nsigned in: zhangwei",
        )
    )
    return 0
