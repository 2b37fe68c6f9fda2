"""`inspect-app photos`: import photos into a project; sweep blobs nothing refers to."""

import json
import os
import signal
import sys
from pathlib import Path

from ..core.i18n import t
from ..errors import InspectError
from ..store import Store


def register(sub, data_option) -> None:
    p = sub.add_parser("photos", help=t("照片：导入、清理", "photos: import, sweep"))
    psub = p.add_subparsers(dest="photos_command", metavar="ACTION", required=True)

    imp = psub.add_parser(
        "import", help=t("导入照片文件或文件夹", "import photo files and folders")
    )
    data_option(imp)
    imp.add_argument(
        "--project", required=True, metavar="ID", help=t("项目（小区）id", "project id")
    )
    imp.add_argument(
        "--json", action="store_true", help=t("每个文件输出一行 JSON", "one JSON line per file")
    )
    imp.add_argument(
        "--max-side",
        type=int,
        metavar="PX",
        help=t("显示副本最长边（默认 2048）", "longest side of display copies (default 2048)"),
    )
    imp.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help=t("解码进程数（默认：CPU 核数）", "decoding processes (default: CPU cores)"),
    )
    imp.add_argument(
        "--link",
        metavar="TYPE:ID[:ITEM]",
        help=t(
            "把导入的照片关联到记录，如 defect:<id> 或 inspection:<id>:<检查项>",
            "link the imported photos to a record, e.g. defect:<id> or inspection:<id>:<item>",
        ),
    )
    imp.add_argument(
        "--nice",
        type=int,
        default=0,
        metavar="N",
        help=t(
            "以较低优先级运行（桌面程序导入时用 10，界面保持流畅）",
            "run at a lower priority (the desktop app uses 10, so its window stays responsive)",
        ),
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.set_defaults(handler=run_import)

    sw = psub.add_parser(
        "sweep", help=t("删除没有任何记录引用的照片文件", "remove photo files nothing refers to")
    )
    data_option(sw)
    sw.add_argument("--dry-run", action="store_true")
    sw.add_argument("--grace-hours", type=float, default=24.0, metavar="H")
    sw.set_defaults(handler=run_sweep)


def run_import(args) -> int:
    from ..photos.importer import Importer, settings_for

    # The app cancels an import by interrupting it (SIGINT). A parent started in the
    # background (`inspect-app &`, a launcher) hands its children SIGINT ignored, which would
    # make the import uncancellable: take the default back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if args.nice > 0 and hasattr(os, "nice"):
        os.nice(args.nice)  # the decoding processes started below inherit it
    refused = done = 0
    with Store.open(args.data) as store:
        settings = settings_for(store, display_max_side=args.max_side)
        link = None
        if args.link:
            kind, _, rest = args.link.partition(":")
            target, _, item = rest.partition(":")
            if not kind or not target:
                raise InspectError(
                    t(
                        f"--link 格式应为 TYPE:ID[:ITEM]：{args.link}",
                        f"--link must be TYPE:ID[:ITEM]: {args.link}",
                    )
                )
            link = {"target_type": kind, "target_id": target, "item_id": item}
        with Importer(store, args.project, settings, workers=args.workers, link=link) as imp:
            results = imp.run(args.paths)
            for r in results:
                refused += not r.ok
                done += r.ok
                if args.json:
                    print(json.dumps(r.as_json(), ensure_ascii=False), flush=True)
                elif r.ok:
                    note = t("（已存在）", " (already there)") if r.duplicate else ""
                    print(f"{r.shown_file}: {r.width}×{r.height} {r.taken_at}{note}", flush=True)
                else:
                    print(f"{r.shown_file}: {t('已拒绝', 'refused')}: {r.error}", file=sys.stderr)
    if not args.json:
        print(
            t(f"已导入 {done} 张，拒绝 {refused} 个文件", f"{done} imported, {refused} refused"),
            file=sys.stderr,
        )
    return 1 if refused else 0


def run_sweep(args) -> int:
    from ..photos.sweep import sweep

    with Store.open(args.data) as store:
        rep = sweep(store, grace_seconds=args.grace_hours * 3600, dry_run=args.dry_run)
    verb = t("可删除", "would remove") if args.dry_run else t("已删除", "removed")
    print(
        t(
            f"{verb} {len(rep.removed_blobs)} 个无引用文件（{rep.freed_bytes / 1e6:.1f} MB），保留 {rep.kept} 个",
            f"{verb} {len(rep.removed_blobs)} unreferenced files ({rep.freed_bytes / 1e6:.1f} MB), kept {rep.kept}",
        )
    )
    return 0
