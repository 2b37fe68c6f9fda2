"""`inspect-app verify FILE.pdf`: does a printed report still match the store?"""

from pathlib import Path

from ..core.i18n import t
from ..store import Store


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "verify",
        help=t(
            "核验报告是否与存档记录及签名一致",
            "check a printed report against the records and signatures",
        ),
    )
    data_option(p)
    p.add_argument("file", type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..reports.verify import verify

    with Store.open(args.data) as store:
        v = verify(store, args.file)
    r = v.report
    print(
        t(
            f"报告 {r.number}（{r.kind}，报告ID {r.id}，出具于 {r.created_at}）",
            f"report {r.number} ({r.kind}, id {r.id}, issued {r.created_at})",
        )
    )
    for line in v.notes:
        print(f"  · {line}")
    for line in v.problems:
        print(f"  ✗ {line}")
    if v.ok:
        print(
            t(
                "核验通过：报告与存档记录及签名一致。",
                "OK: the report matches the stored records and signatures.",
            )
        )
        return 0
    print(
        t(
            "核验不通过：报告与当前记录不一致。",
            "FAILED: the report no longer matches the stored records.",
        )
    )
    return 1
