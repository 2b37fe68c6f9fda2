"""整改通知单 and 整改回复单: the supervisor's notice to a contractor (defects, deadline,
addressee) and the contractor's reply (what was done, before/after photos, who verified and
when). One notice or reply per addressee, each starting on a new page."""

from collections import defaultdict
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from ..core import defect_status
from ..core.model import Defect, DefectStatus, Notice, OrgKind
from ..errors import NotFound
from .context import Ctx
from .data import DEFECT_LINKS, days_overdue, events_by_defect, find_defects, location, photos_of
from .layout import (
    P,
    Title,
    fit_widths,
    grid,
    heading,
    photo_grid,
    red,
    signature_block,
    table,
    titled,
)

# Without notices on record, the notice lists what waits on each contractor; the reply sheet
# what each has replied to (then verified or closed). Both from core.defect_status.
NOTICE_STATUSES = sorted(defect_status.WAITING_ON_CONTRACTOR)
REPLY_STATUSES = sorted({DefectStatus.RECTIFIED} | defect_status.FIXED)


def _defects(ctx: Ctx, statuses) -> dict[str, list[Defect]]:
    where, params = _scope(ctx)
    spec = ctx.filter_spec
    if not spec.status:
        spec.status = [s.value for s in statuses]
    by_org: dict[str, list[Defect]] = defaultdict(list)
    for d in find_defects(ctx, where, params, spec):
        by_org[d.assignee_org_id].append(d)
        ctx.cover("defects", d.id)
        ctx.add_signatures("defects", d.id)
    return dict(sorted(by_org.items(), key=lambda kv: ctx.org_name(kv[0])))


def _scope(ctx: Ctx) -> tuple[str, list]:
    if ctx.inspection is not None:
        return "inspection_id = ?", [ctx.inspection.id]
    return "project_id = ?", [ctx.project.id]


def _notice_groups(ctx: Ctx) -> list[tuple[str, str, list[Defect], str, str, str]]:
    """(number, addressee org, defects, deadline, issued at, note) per notice: the notices
    issued in the store (store.defects.issue_notices) when there are any, otherwise the
    assigned defects grouped by addressee as a notice to issue."""
    where, params = ("project_id = ?", [ctx.project.id])
    stored = ctx.store.find(Notice, where, params, order_by="issued_at, number")
    if ctx.inspection is not None:
        mine = {d.id for d in ctx.store.find(Defect, "inspection_id = ?", [ctx.inspection.id])}
        stored = [n for n in stored if mine & set(n.defect_ids)]
    if stored:
        out = []
        for n in stored:
            ctx.cover("notices", n.id)
            ctx.add_signatures("notices", n.id)
            defects = []
            for defect_id in n.defect_ids:
                try:
                    defects.append(ctx.store.get(Defect, defect_id))
                except NotFound:
                    continue
                ctx.cover("defects", defect_id)
            out.append((n.number, n.addressee_org_id, defects, n.due_date, n.issued_at, n.note))
        return out
    groups = _defects(ctx, NOTICE_STATUSES)
    events = events_by_defect(ctx.store, [d.id for ds in groups.values() for d in ds])
    out = []
    for i, (org_id, defects) in enumerate(groups.items(), 1):
        deadline = min((d.due_date for d in defects if d.due_date), default="")
        issued = min(
            (e.at for d in defects for e in events.get(d.id, []) if e.kind == "assigned"),
            default="",
        )
        out.append((f"{ctx.number}-{i:02d}", org_id, defects, deadline, issued, ""))
    return out


def notice(ctx: Ctx, width: float) -> list:
    groups = _notice_groups(ctx)
    issuer = ctx.party(OrgKind.SUPERVISOR)
    out: list = []
    if not groups:
        return [
            Title(ctx.title),
            *_head(ctx, "—", "—", width),
            P(ctx.tr("无需整改的问题。", "No defects to rectify."), "body"),
        ]
    for n, (sub, org_id, defects, deadline, issued, note) in enumerate(groups, 1):
        addressee = ctx.org_name(org_id) or ctx.tr("（未指定单位）", "(no organization)")
        if n > 1:
            out.append(PageBreak())
        out += [
            Title(ctx.title),
            *_head(ctx, sub, addressee, width, issuer, issued[:10]),
            Spacer(1, 3 * mm),
            P(ctx.tr(f"{addressee}：", f"To {addressee}:"), "left"),
            P(
                ctx.tr(
                    f"经检查，你单位承建的{ctx.project.name}改造工程存在下列质量安全问题，"
                    f"请立即组织整改，于{deadline or '规定期限'}前整改完毕，并将整改结果以《整改回复单》报我单位复查。"
                    "重大隐患整改前应采取可靠的管控措施。",
                    "The following quality and safety defects were found in your works at "
                    f"{ctx.project.name}. Rectify them by {deadline or 'the deadline'} and report the result "
                    "with a Rectification Reply for re-inspection.",
                ),
                "body",
            ),
            *([P(ctx.tr("整改要求：", "Requirements: ") + note, "body")] if note else []),
            Spacer(1, 3 * mm),
            table(
                [
                    ctx.tr("序号", "No."),
                    ctx.tr("问题及要求", "Defect"),
                    ctx.tr("位置", "Location"),
                    ctx.tr("等级", "Severity"),
                    ctx.tr("整改期限", "Due"),
                    ctx.tr("逾期", "Overdue"),
                ],
                [
                    [
                        str(i),
                        titled(d.title, d.description, width * 3.5 / 8.6),
                        location(ctx, d),
                        red(ctx.name(d.severity))
                        if d.severity == "major"
                        else ctx.name(d.severity),
                        d.due_date or "—",
                        red(ctx.tr(f"{od} 天", f"{od} d"))
                        if (od := days_overdue(d, ctx.today))
                        else "",
                    ]
                    for i, d in enumerate(defects, 1)
                ],
                fit_widths([0.6, 3.5, 1.8, 0.7, 1.2, 0.8], width),
            ),
            CondPageBreak(45 * mm),
            Spacer(1, 4 * mm),
            signature_block(
                ctx,
                [
                    (ctx.tr("签发单位", "Issued by"), issuer),
                    (ctx.tr("签收单位", "Received by"), addressee),
                ],
                width,
                signatures=_signatures_of(ctx, defects, sub),
            ),
            P(
                ctx.tr(f"抄送：{ctx.party(OrgKind.OWNER)}", f"Copy to: {ctx.party(OrgKind.OWNER)}"),
                "small",
            ),
        ]
    return out


def _head(
    ctx: Ctx, number: str, addressee: str, width: float, issuer: str = "—", issued: str = ""
) -> list:
    return [
        grid(
            [
                [
                    (ctx.tr("工程名称", "Project"), ctx.project.name),
                    (ctx.tr("编号", "No."), number),
                ],
                [(ctx.tr("致", "To"), addressee), (ctx.tr("签发单位", "From"), issuer)],
                [
                    (ctx.tr("工程地点", "Address"), ctx.project.address),
                    (ctx.tr("签发日期", "Date"), issued or ctx.printed_local.date().isoformat()),
                ],
            ],
            width,
        )
    ]


def reply(ctx: Ctx, width: float) -> list:
    groups = _defects(ctx, REPLY_STATUSES)
    ids = [d.id for ds in groups.values() for d in ds]
    events = events_by_defect(ctx.store, ids)
    photos = photos_of(ctx.store, DEFECT_LINKS, ids)
    supervisor = ctx.party(OrgKind.SUPERVISOR)
    if not groups:
        return [
            Title(ctx.title),
            *_head(ctx, "—", "—", width),
            P(ctx.tr("没有已回复的整改。", "No rectification has been replied to."), "body"),
        ]
    out: list = []
    for n, (org_id, defects) in enumerate(groups.items(), 1):
        contractor = ctx.org_name(org_id) or "—"
        if n > 1:
            out.append(PageBreak())
        out += [
            Title(ctx.title),
            grid(
                [
                    [
                        (ctx.tr("工程名称", "Project"), ctx.project.name),
                        (ctx.tr("编号", "No."), f"{ctx.number}-{n:02d}"),
                    ],
                    [(ctx.tr("致", "To"), supervisor), (ctx.tr("回复单位", "From"), contractor)],
                ],
                width,
            ),
            Spacer(1, 3 * mm),
            P(ctx.tr(f"{supervisor}：", f"To {supervisor}:"), "left"),
            P(
                ctx.tr(
                    "我单位已按整改通知要求完成下列问题的整改，现报上，请予以复查。",
                    "The defects below were rectified as required; please re-inspect.",
                ),
                "body",
            ),
        ]
        for i, d in enumerate(defects, 1):
            evs = events.get(d.id, [])
            done = _last(evs, "rectified")
            check = _last(evs, "verified") or _last(evs, "rejected")
            pics = photos.get(d.id, [])
            before: list[tuple[Path | str | None, str]] = [
                (path, ctx.tr("整改前", "Before") + " · " + (p.caption or ""))
                for p, role, path in pics
                if role != "after"
            ]
            after: list[tuple[Path | str | None, str]] = [
                (path, ctx.tr("整改后", "After") + " · " + (p.caption or ""))
                for p, role, path in pics
                if role == "after"
            ]
            out.append(
                KeepTogether(
                    [
                        heading(f"{i}. {d.title}"),
                        grid(
                            [
                                [
                                    (ctx.tr("位置", "Location"), location(ctx, d)),
                                    (ctx.tr("整改期限", "Due"), d.due_date or "—"),
                                ],
                                [(ctx.tr("整改情况", "Action taken"), done.note if done else "—")],
                                [
                                    (
                                        ctx.tr("回复人", "Replied by"),
                                        ctx.user_name(done.actor_id) if done else "—",
                                    ),
                                    (ctx.tr("回复时间", "Replied"), _t(ctx, done)),
                                ],
                                [
                                    (
                                        ctx.tr("复查意见", "Re-inspection"),
                                        (check.note if check else ctx.tr("待复查", "pending")),
                                    )
                                ],
                                [
                                    (
                                        ctx.tr("复查人", "Verified by"),
                                        ctx.user_name(check.actor_id) if check else "—",
                                    ),
                                    (ctx.tr("复查时间", "Verified"), _t(ctx, check)),
                                ],
                                [(ctx.tr("当前状态", "Status"), ctx.name(d.status, DefectStatus))],
                            ],
                            width,
                        ),
                        photo_grid(
                            ctx,
                            (before or [("", ctx.tr("整改前：无照片", "Before: none"))])[:2]
                            + (after or [("", ctx.tr("整改后：无照片", "After: none"))])[:2],
                            width,
                        )
                        if pics
                        else P(ctx.tr("（无整改前后照片）", "(no before/after photos)"), "small"),
                    ]
                )
            )
        out += [
            CondPageBreak(45 * mm),
            Spacer(1, 4 * mm),
            signature_block(
                ctx,
                [
                    (ctx.tr("施工单位", "Contractor"), contractor),
                    (ctx.tr("监理单位复查", "Verified by"), supervisor),
                ],
                width,
                signatures=_signatures_of(ctx, defects),
            ),
        ]
    return out


def _signatures_of(ctx: Ctx, defects: list[Defect], number: str = "") -> list:
    """The signatures one notice or one reply holds: on its defects and on the notice."""
    targets = {("defects", d.id) for d in defects}
    if number:
        targets |= {("notices", n.id) for n in ctx.store.find(Notice, "number = ?", [number])}
    return [s for s in ctx.signatures if (s.target_type, s.target_id) in targets]


def _last(events, kind: str):
    found = [e for e in events if e.kind == kind]
    return found[-1] if found else None


def _t(ctx: Ctx, event) -> str:
    return (ctx.local_time(event.at) if event else "") or "—"
