"""`inspect-app defects`: the filtered defect list the desk shows, as text or JSON."""

import json
import os
import sys

from ..core.i18n import current, t
from ..core.model import NAMES, DefectStatus, Organization, Project, Role, Severity
from ..errors import InspectError, NotFound
from ..store import Store
from ..store import defect_query as dq


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "defects",
        help=t("列出问题（与问题台账相同的筛选）", "list defects, filtered as on the desk"),
    )
    data_option(p)
    p.add_argument(
        "--project", metavar="ID", help=t("小区（编号或名称）", "community (id or name)")
    )
    p.add_argument("--status", choices=[s.value for s in DefectStatus])
    p.add_argument("--severity", choices=[s.value for s in Severity])
    p.add_argument(
        "--assignee",
        metavar="ORG",
        help=t("责任单位（编号、简称或全称）", "organization (id or name)"),
    )
    p.add_argument("--overdue", action="store_true", help=t("只列逾期的", "only overdue ones"))
    p.add_argument(
        "--open", action="store_true", help=t("只列未销项的", "only those not yet closed")
    )
    p.add_argument("--search", metavar="TEXT", help=t("全文搜索", "full-text search"))
    p.add_argument(
        "--sort", choices=list(dq.COLUMNS), default="reported", help=t("排序列", "sort column")
    )
    p.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))
    p.set_defaults(handler=run)


def run(args) -> int:
    with Store.open(args.data) as store:
        flt = dq.DefectFilter(
            project_id=_project(store, args.project) if args.project else "",
            status=args.status or "",
            severity=args.severity or "",
            assignee_org_id=_org(store, args.assignee) if args.assignee else "",
            overdue=args.overdue,
            open_only=args.open,
            search=args.search or "",
            scope_org_id=scope_of(store),
        )
        records = dq.defects(store, flt, dq.Sort(args.sort, args.sort == "reported"))
    try:
        _print(records, args.json)
    except BrokenPipeError:  # `… | head`: the reader has had enough
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
    return 0


def _print(records: list[dict], as_json: bool) -> None:
    if as_json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    lang = current()
    for r in records:
        flag = t(" 逾期", " OVERDUE") if r["overdue"] else ""
        print(
            "\t".join(
                (
                    r["id"],
                    NAMES[Severity(r["severity"])][lang],
                    NAMES[DefectStatus(r["status"])][lang] + flag,
                    r["due"] or "-",
                    r["assignee"] or "-",
                    one_line(r["project"]),
                    one_line(r["title"]),
                )
            )
        )
    print(t(f"共 {len(records)} 条", f"{len(records)} defects"), file=sys.stderr)


def one_line(text: str) -> str:
    """A field in a tab-separated line: its own line breaks and tabs shown as spaces."""
    return " ".join(text.replace("\t", " ").splitlines()) if text else ""


def scope_of(store: Store) -> str:
    """A contractor's profile sees only its own organization's defects, here as on the desk."""
    if not store.actor:
        return ""
    row = store.db.execute("SELECT role, org_id FROM users WHERE id = ?", [store.actor]).fetchone()
    return row[1] if row and row[0] == Role.CONTRACTOR else ""


def _project(store: Store, key: str) -> str:
    return _lookup(store, Project, key, ("id", "name"), t("小区", "community"))


def _org(store: Store, key: str) -> str:
    return _lookup(
        store, Organization, key, ("id", "short_name", "name"), t("单位", "organization")
    )


def _lookup(store, cls, key, columns, what) -> str:
    cond = " OR ".join(f"{c} = ?" for c in columns)
    rows = store.db.execute(
        f"SELECT id FROM {cls.table} WHERE deleted = 0 AND ({cond})", [key] * len(columns)
    ).fetchall()
    if not rows:
        raise NotFound(t(f"找不到{what}：{key}", f"no {what} {key!r}"))
    if len(rows) > 1:
        raise InspectError(t(f"{what}“{key}”不唯一，请用编号。", f"{what} {key!r} is ambiguous"))
    return rows[0][0]
