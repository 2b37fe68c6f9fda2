"""`inspect-app bundle export|import`: sync through a file when there is no network."""

from pathlib import Path

from ..core.i18n import t
from ..store import Store


def register(sub, data_option) -> None:
    p = sub.add_parser("bundle", help=t("离线同步包（U 盘）", "offline sync bundles (USB stick)"))
    bsub = p.add_subparsers(dest="bundle_command", metavar="COMMAND", required=True)
    e = bsub.add_parser(
        "export", help=t("导出待发送的变更和照片", "export pending changes and photos")
    )
    data_option(e)
    e.add_argument("--out", type=Path, required=True, metavar="FILE")
    e.set_defaults(handler=export)
    i = bsub.add_parser(
        "import", help=t("导入办公室生成的回执", "import the reply made at the office")
    )
    data_option(i)
    i.add_argument("file", type=Path, metavar="FILE")
    i.set_defaults(handler=import_)


def export(args) -> int:
    from ..sync.bundle import export_bundle

    with Store.open(args.data) as store:
        n = export_bundle(store, args.out)
    print(
        t(
            f"已导出 {n['changes']} 条变更、{n['photos']} 张照片到 {args.out}",
            f"exported {n['changes']} changes and {n['photos']} photos to {args.out}",
        )
    )
    return 0


def import_(args) -> int:
    from ..sync.bundle import import_reply

    with Store.open(args.data) as store:
        report = import_reply(store, args.file)
    print(report.summary())
    for r in report.refused:
        print(
            t(
                f"被拒：{r['table']}/{r['record_id']}：{r['reason']}",
                f"refused: {r['table']}/{r['record_id']}: {r['reason']}",
            )
        )
    for r in report.rejected:
        print(
            t(
                f"已跳过（无法读取）：{r['table']}/{r['record_id']}：{r['reason']}",
                f"skipped (unreadable): {r['table']}/{r['record_id']}: {r['reason']}",
            )
        )
    return 1 if report.refused or report.rejected else 0
