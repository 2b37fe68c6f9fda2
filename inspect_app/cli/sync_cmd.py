"""`inspect-app sync`: exchange changes and photos with the central store."""

import sys

from ..core.i18n import t
from ..store import Store


def register(sub, data_option) -> None:
    p = sub.add_parser("sync", help=t("与中心服务器同步", "sync with the central store"))
    data_option(p)
    p.add_argument("--server", required=True, metavar="URL", help="http://host:8765")
    p.add_argument("--user", required=True, metavar="NAME")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..sync.client import SyncClient
    from .password import read_password

    def progress(stage: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{stage} {done}/{total or '?'}   ", end="", file=sys.stderr)

    with Store.open(args.data, create=True) as store:
        with SyncClient(store, args.server, args.user, read_password, progress=progress) as client:
            report = client.sync()
        waiting = store.pending_changes()
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
    if report.resent_tables:
        what = ", ".join(f"{table} {n}" for table, n in report.resent_tables.items())
        print(t(f"重新发送：{what}", f"re-sent: {what}"))
    if waiting:
        print(t(f"仍有 {waiting} 条待发送", f"{waiting} changes still waiting"))
    return 1 if report.refused or report.rejected else 0
