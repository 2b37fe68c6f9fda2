"""`inspect-app export`: every record to .json or .xlsx."""

from pathlib import Path

from ..core.i18n import t
from ..store import Store
from ..store.export import export


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "export", help=t("导出全部记录（.json 或 .xlsx）", "export every record (.json or .xlsx)")
    )
    data_option(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=run)


def run(args) -> int:
    with Store.open(args.data) as store:
        counts = export(store, args.out)
    total = sum(counts.values())
    print(t(f"已导出 {total} 条记录到 {args.out}", f"exported {total} records to {args.out}"))
    return 0
