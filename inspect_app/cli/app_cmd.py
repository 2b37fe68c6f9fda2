"""Opening the desktop app (the default when no subcommand is given)."""

import shutil
from pathlib import Path

from ..core.i18n import t
from ..errors import ProfileError
from ..store.profile import DB_NAME, default_data_dir


def add_app_options(parser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help=t("在全新的演示数据上打开程序", "open the app on a fresh demo profile"),
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=t(
            "打开主窗口，空闲后退出（0 成功，1 失败）",
            "open the main window, wait until idle, exit 0 (or 1 with the error)",
        ),
    )


def demo_dir() -> Path:
    return default_data_dir().with_name("inspect-app-demo")


def fresh_demo(path: Path) -> None:
    """Replace `path` with a new demo profile; refuse to wipe anything that is not a demo."""
    from .. import demo
    from ..store import Store

    if (path / DB_NAME).exists():
        with Store.open(path) as old:
            is_demo = old.get_meta("demo") == "1"
        if not is_demo:
            raise ProfileError(
                t(
                    f"{path} 存放的是真实数据，不会被演示数据覆盖。",
                    f"{path} holds a real profile; it will not be replaced by a demo",
                )
            )
        shutil.rmtree(path)
    elif path.exists() and any(path.iterdir()):
        raise ProfileError(
            t(
                f"{path} 不是空文件夹，不会被演示数据覆盖。",
                f"{path} is not empty; it will not be replaced by a demo",
            )
        )
    with Store.open(path, create=True) as store:
        demo.create(store)


def run(args) -> int:
    if args.demo:
        if not args.data_given:
            args.data = demo_dir()
        fresh_demo(args.data)
    from ..ui.app import run_app  # Qt is loaded only when a window is wanted

    return run_app(args.data, smoke_test=args.smoke_test)
