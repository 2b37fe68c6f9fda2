"""`inspect-app conflicts`: edits that lost a merge, and settling them (store/conflicts.py)."""

import json
import sys

from ..core.i18n import t
from ..store import Store
from ..store import conflicts as ops
from .defects_cmd import _project


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "conflicts",
        help=t(
            "列出同步冲突（被覆盖的修改）并处理", "list sync conflicts (overwritten edits), settle"
        ),
    )
    data_option(p)
    p.add_argument(
        "--project", metavar="ID", help=t("小区（编号或名称）", "community (id or name)")
    )
    p.add_argument("--open", action="store_true", help=t("只列未处理的", "only unsettled ones"))
    p.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))
    p.set_defaults(handler=run)
    actions = p.add_subparsers(dest="conflicts_action", metavar="ACTION")
    s = actions.add_parser(
        "settle",
        help=t("处理一个冲突：保留现值或恢复被覆盖的值", "settle a conflict: keep or restore"),
    )
    data_option(s)
    s.add_argument("--conflict", required=True, metavar="ID", help=t("冲突编号", "conflict id"))
    how = s.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", action="store_true", help=t("保留现值", "keep the current value"))
    how.add_argument(
        "--restore", action="store_true", help=t("恢复被覆盖的值", "restore the losing value")
    )
    s.add_argument("--note", default="", metavar="TEXT", help=t("处理说明", "the reason"))
    s.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))
    s.set_defaults(handler=run_settle)


def run(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project) if args.project else ""
        rows = ops.list_conflicts(store, pid, open_only=args.open)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for r in rows:
        state = (
            t("未处理", "open")
            if r["settled"] is None
            else f"{r['settled']['decision_label']} ({r['settled']['by_name']} {r['settled']['at']})"
        )
        print(
            "\t".join(
                (
                    r["id"],
                    r["title"],
                    r["field_label"],
                    f"{r['kept']['text']} ({r['kept']['by_name']} {r['kept']['at']})",
                    f"{r['lost']['text']} ({r['lost']['by_name']} {r['lost']['at']})",
                    state,
                )
            )
        )
    print(t(f"共 {len(rows)} 条", f"{len(rows)} conflicts"), file=sys.stderr)
    return 0


def run_settle(args) -> int:
    decision = "restore" if args.restore else "keep"
    with Store.open(args.data) as store:
        ops.settle(store, args.conflict, decision, args.note)
        row = next(r for r in ops.list_conflicts(store) if r["id"] == args.conflict)
    if args.json:
        json.dump(row, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(
            t(
                f"已处理：{row['title']} · {row['field_label']} → {row['settled']['decision_label']}",
                f"settled: {row['title']} · {row['field_label']} → {row['settled']['decision_label']}",
            )
        )
    return 0
