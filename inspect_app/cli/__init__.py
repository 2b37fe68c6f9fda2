"""The `inspect-app` command. Each subcommand lives in its own module with a `register()`."""

import argparse
import logging
import sys
import traceback
from pathlib import Path

from .. import __version__, logs
from ..core.i18n import t
from ..errors import InspectError
from ..store.profile import DB_NAME, default_data_dir
from . import (
    app_cmd,
    backup_cmd,
    bundle_cmd,
    conflicts_cmd,
    consent_cmd,
    defect_cmd,
    defects_cmd,
    demo_cmd,
    drainage_cmd,
    export_cmd,
    forms_cmd,
    inspection_cmd,
    login_cmd,
    photos_cmd,
    project_cmd,
    report_cmd,
    server_cmd,
    sync_cmd,
    track_cmd,
    verify_cmd,
)

log = logging.getLogger(__name__)

COMMANDS = [
    forms_cmd,
    demo_cmd,
    login_cmd,
    inspection_cmd,
    export_cmd,
    photos_cmd,
    defects_cmd,
    defect_cmd,
    drainage_cmd,
    project_cmd,
    track_cmd,
    consent_cmd,
    report_cmd,
    verify_cmd,
    server_cmd,
    sync_cmd,
    bundle_cmd,
    backup_cmd,
    conflicts_cmd,
]


def data_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        # On subcommands SUPPRESS keeps a --data given before the subcommand.
        default=None if top else argparse.SUPPRESS,
        help=t(
            "本地数据目录（默认：系统用户数据目录）",
            "the local profile folder (default: the user data folder)",
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspect-app",
        description=t(
            "城镇老旧小区改造 质量安全检查（离线优先）。不带子命令时打开桌面程序。",
            "Quality and safety inspection for old-community renovation. "
            "Without a subcommand, opens the desktop app.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"inspect-app {__version__}")
    data_option(parser, top=True)
    app_cmd.add_app_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub, data_option)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_given = getattr(args, "data", None) is not None
    if not args.data_given:
        args.data = default_data_dir()
    if (Path(args.data) / DB_NAME).is_file():  # a profile: the command logs to its log file
        logs.configure_profile(args.data)
    try:
        handler = getattr(args, "handler", app_cmd.run)
        return handler(args) or 0
    except InspectError as e:
        print(f"inspect-app: {t('错误', 'error')}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"inspect-app: {t('已中断', 'interrupted')}", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: say so plainly and keep the details
        print(
            f"inspect-app: {t('内部错误（程序缺陷）', 'internal error (a bug)')}: {e!r}",
            file=sys.stderr,
        )
        traceback.print_exc()
        log.exception("internal error in `inspect-app %s`", " ".join(argv or sys.argv[1:]))
        return 70
