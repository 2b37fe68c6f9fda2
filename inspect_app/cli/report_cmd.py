"""`inspect-app report KIND`: print a report to .pdf (or the defect list to .xlsx)."""

from pathlib import Path

from ..core.i18n import t
from ..core.model import DefectStatus, Severity
from ..store import Store


def register(sub, data_option) -> None:
    from ..reports.context import NUMBER_PREFIX as KINDS  # no reportlab at start-up

    p = sub.add_parser(
        "report",
        help=t(
            "出具报告（PDF；缺陷清单也可为 .xlsx）",
            "print a report (PDF; .xlsx for the defect list)",
        ),
    )
    data_option(p)
    p.add_argument("kind", choices=list(KINDS), metavar="KIND", help=" | ".join(KINDS))
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--project", metavar="ID", help=t("小区（项目）ID", "project id"))
    target.add_argument("--inspection", metavar="ID", help=t("检查记录 ID", "inspection id"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    statuses = [s.value for s in DefectStatus]
    severities = [s.value for s in Severity]
    p.add_argument(
        "--status",
        action="append",
        choices=statuses,
        help=t("按状态筛选（可多次）", "filter by status (repeatable)"),
    )
    p.add_argument(
        "--severity",
        action="append",
        choices=severities,
        help=t("按等级筛选（可多次）", "filter by severity (repeatable)"),
    )
    p.add_argument(
        "--assignee",
        default="",
        help=t("责任单位（ID、全称或简称）", "assignee organization (id, name or short name)"),
    )
    p.add_argument("--overdue", action="store_true", help=t("仅逾期问题", "overdue defects only"))
    p.set_defaults(handler=run)


def run(args) -> int:
    from ..reports.build import build_report
    from ..reports.data import Filters

    filters = Filters(args.status, args.severity, args.assignee, args.overdue)
    with Store.open(args.data) as store:
        record = build_report(
            store,
            args.kind,
            args.out,
            project_id=args.project or "",
            inspection_id=args.inspection or "",
            lang=args.lang,
            filters=filters,
        )
    print(
        t(
            f"已出具 {args.out}（编号 {record.number}，报告ID {record.id}，SHA-256 {record.content_hash}）",
            f"wrote {args.out} (No. {record.number}, report id {record.id}, SHA-256 {record.content_hash})",
        )
    )
    return 0
