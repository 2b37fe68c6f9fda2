"""`inspect-app backup` / `restore` (a profile) and `server backup` / `server restore`."""

from pathlib import Path

from ..core.i18n import t
from ..errors import InspectError


def register(sub, data_option) -> None:
    b = sub.add_parser(
        "backup", help=t("备份本机数据（数据库与照片）", "back up a profile (database and photos)")
    )
    data_option(b)
    b.add_argument("--out", type=Path, required=True, metavar="FILE")
    b.set_defaults(handler=backup)
    r = sub.add_parser("restore", help=t("从备份恢复本机数据", "restore a profile from a backup"))
    data_option(r)
    r.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")
    r.add_argument(
        "--force",
        action="store_true",
        help=t("替换已有数据（旧数据保留在旁）", "replace a profile already there (kept beside)"),
    )
    r.set_defaults(handler=restore)


def register_server(ssub, data_option) -> None:
    """`server backup` and `server restore`, under `inspect-app server`."""
    b = ssub.add_parser(
        "backup",
        help=t(
            "备份中心服务器（SQLite 在线备份或 pg_dump，含照片）",
            "back up the central store (SQLite online backup or pg_dump, with photos)",
        ),
    )
    data_option(b)
    b.add_argument("--out", type=Path, required=True, metavar="FILE")
    b.add_argument("--database", metavar="URL")
    b.add_argument(
        "--no-photos",
        action="store_true",
        help=t("只列出照片，不放入备份", "list the photos instead of including them"),
    )
    b.set_defaults(handler=server_backup)
    r = ssub.add_parser(
        "restore",
        help=t(
            "从备份恢复中心服务器（请先停止服务器）",
            "restore the central store from a backup (stop the server first)",
        ),
    )
    data_option(r)
    r.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")
    r.add_argument("--database", metavar="URL")
    r.add_argument(
        "--force",
        action="store_true",
        help=t("替换已有的服务器数据", "replace the central store's current data"),
    )
    r.set_defaults(handler=server_restore)


def _server_data(args) -> Path:
    if not args.data_given:
        raise InspectError(
            t("请用 --data 指定服务器数据目录。", "name the server's folder with --data")
        )
    return args.data


def _counts(manifest: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in manifest["counts"].items() if v)


def backup(args) -> int:
    from ..store.backup import backup_profile

    m = backup_profile(args.data, args.out)
    print(
        t(
            f"已备份并核对：{args.out}（{_counts(m)}；照片 {len(m['photos'])} 张）",
            f"backed up and checked: {args.out} ({_counts(m)}; {len(m['photos'])} photos)",
        )
    )
    if m["photos_missing"]:
        print(
            t(
                f"注意：{len(m['photos_missing'])} 张引用的照片本机没有（尚未下载），未能备份",
                f"note: {len(m['photos_missing'])} referenced photos are not on this laptop "
                "(not downloaded yet) and are not in the backup",
            )
        )
    return 0


def restore(args) -> int:
    from ..store.backup import restore_profile

    m = restore_profile(args.source, args.data, args.force)
    print(
        t(
            f"已从 {args.source}（{m['created_at']}）恢复到 {args.data}：{_counts(m)}；照片 {m['photos_restored']} 张",
            f"restored {args.source} ({m['created_at']}) into {args.data}: {_counts(m)}; "
            f"{m['photos_restored']} photos",
        )
    )
    for p in m["replaced"]:
        print(t(f"原有数据保留为 {p}", f"the previous data is kept as {p}"))
    print(
        t(
            "下次同步会重新登录，并从服务器取回备份之后的修改。",
            "the next sync signs in again and fetches what changed on the server since the backup",
        )
    )
    return 0


def server_backup(args) -> int:
    from ..server.backup import backup_server

    m = backup_server(_server_data(args), args.out, args.database, photos=not args.no_photos)
    photos = (
        t(f"照片 {len(m['photos'])} 张", f"{len(m['photos'])} photos")
        if m["photos"] or not m["photos_listed"]
        else t(
            f"照片 {len(m['photos_listed'])} 张仅列出", f"{len(m['photos_listed'])} photos listed"
        )
    )
    print(
        t(
            f"已备份并核对：{args.out}（{m['backend']}，至第 {m['last_seq']} 条变更；{_counts(m)}；{photos}）",
            f"backed up and checked: {args.out} ({m['backend']}, up to change {m['last_seq']}; "
            f"{_counts(m)}; {photos})",
        )
    )
    return 0


def server_restore(args) -> int:
    from ..server.backup import restore_server

    m = restore_server(args.source, _server_data(args), args.database, args.force)
    print(
        t(
            f"已恢复 {args.source}（{m['created_at']}，至第 {m['last_seq']} 条变更）；新的服务器代号 {m['new_generation']}",
            f"restored {args.source} ({m['created_at']}, up to change {m['last_seq']}); "
            f"new generation {m['new_generation']}",
        )
    )
    for p in m.get("replaced", []):
        print(t(f"原有数据库保留为 {p}", f"the previous database is kept as {p}"))
    print(
        t(
            "各笔记本下次同步时会发现恢复，并重新发送服务器缺少的修改。",
            "each laptop notices the restore at its next sync and re-sends what the server lacks",
        )
    )
    return 0
