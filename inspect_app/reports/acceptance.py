"""竣工验收记录: the completion acceptance of a community's works (GB 50300-2013: the owner
organises it; the owner, supervisor, contractor and designer project leads sign), with every
party's signature image, name, role, organization and time, and the defects still open."""

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..core import defect_status
from ..core.model import DefectStatus, Inspection, InspectionKind, OrgKind
from .context import Ctx
from .data import days_overdue, find_defects, location
from .inspection import _label, load_template
from .layout import P, Title, fit_widths, grid, heading, red, signature_block, table


def acceptance_target(ctx: Ctx) -> tuple[str, str, Inspection | None]:
    """The record the parties sign: the inspection asked for, else the project's newest
    acceptance inspection, else the project itself."""
    if ctx.inspection is not None:
        return "inspections", ctx.inspection.id, ctx.inspection
    found = ctx.store.find(
        Inspection,
        "project_id = ? AND kind = ?",
        [ctx.project.id, InspectionKind.ACCEPTANCE.value],
        order_by="started_at DESC",
        limit=1,
    )
    if found:
        return "inspections", found[0].id, found[0]
    return "projects", ctx.project.id, None


def story(ctx: Ctx, width: float) -> list:
    p = ctx.project
    ttype, tid, insp = acceptance_target(ctx)
    ctx.cover(ttype, tid)
    sigs = ctx.add_signatures(ttype, tid)
    open_cond, open_params = defect_status.open_sql()
    outstanding = find_defects(
        ctx,
        f"project_id = ? AND {open_cond}",
        [p.id, *open_params],
    )
    for d in outstanding:
        ctx.cover("defects", d.id)
    accepted = (
        insp.submitted_at[:10]
        if insp and insp.submitted_at
        else (max((s.signed_at for s in sigs), default="")[:10] or "—")
    )
    out: list = [
        Title(ctx.title),
        P(ctx.tr("城镇老旧小区改造工程", "Old-community renovation works"), "subtitle"),
        Spacer(1, 4 * mm),
        grid(
            [
                [(ctx.tr("工程名称", "Project"), p.name), (ctx.tr("编号", "No."), ctx.number)],
                [
                    (ctx.tr("工程地点", "Address"), p.address),
                    (ctx.tr("验收日期", "Accepted on"), accepted),
                ],
                [
                    (
                        ctx.tr("楼栋数", "Buildings"),
                        str(sum(1 for b in ctx.buildings.values() if b.project_id == p.id)),
                    ),
                    (
                        ctx.tr("户数/面积", "Households / area"),
                        f"{p.households} / {p.floor_area_m2:,.0f} m²",
                    ),
                ],
                [(ctx.tr("建设单位", "Owner"), ctx.party(OrgKind.OWNER))],
                [(ctx.tr("监理单位", "Supervisor"), ctx.party(OrgKind.SUPERVISOR))],
                [(ctx.tr("施工单位", "Contractors"), ctx.party(OrgKind.CONTRACTOR))],
                [(ctx.tr("设计单位", "Designer"), ctx.party(OrgKind.DESIGNER))],
            ],
            width,
        ),
        heading(ctx.tr("验收结论", "Conclusion")),
        P(_conclusion(ctx, insp, outstanding), "body"),
    ]
    if insp is not None:
        tpl = load_template(ctx.store, insp)
        out += [
            P(
                ctx.tr("验收依据检查表：", "Checklist: ")
                + (_label(ctx, tpl.title) if tpl else insp.template_id)
                + f" v{insp.template_version}",
                "small",
            )
        ]
    out += [
        heading(ctx.tr("参加验收单位签字", "Signatures of the parties")),
        signature_block(
            ctx,
            [
                (ctx.tr("建设单位", "Owner"), ctx.party(OrgKind.OWNER)),
                (ctx.tr("监理单位", "Supervisor"), ctx.party(OrgKind.SUPERVISOR)),
                (ctx.tr("施工单位", "Contractor"), ctx.party(OrgKind.CONTRACTOR)),
                (ctx.tr("设计单位", "Designer"), ctx.party(OrgKind.DESIGNER)),
            ],
            width,
        ),
        CondPageBreak(40 * mm),
        heading(
            ctx.tr(
                f"附：未销项问题（{len(outstanding)} 项）",
                f"Attached: open defects ({len(outstanding)})",
            )
        ),
    ]
    if outstanding:
        out.append(
            table(
                [
                    ctx.tr("序号", "No."),
                    ctx.tr("问题", "Defect"),
                    ctx.tr("位置", "Location"),
                    ctx.tr("等级", "Severity"),
                    ctx.tr("责任单位", "Assignee"),
                    ctx.tr("期限", "Due"),
                    ctx.tr("状态", "Status"),
                ],
                [
                    [
                        str(i),
                        d.title,
                        location(ctx, d),
                        ctx.name(d.severity),
                        ctx.org_name(d.assignee_org_id) or "—",
                        red(d.due_date) if days_overdue(d, ctx.today) else (d.due_date or "—"),
                        ctx.name(d.status, DefectStatus),
                    ]
                    for i, d in enumerate(outstanding, 1)
                ],
                fit_widths([0.6, 2.9, 1.7, 0.7, 1.5, 1.25, 0.9], width),
            )
        )
    else:
        out.append(P(ctx.tr("无", "None")))
    return out


def _conclusion(ctx: Ctx, insp: Inspection | None, outstanding: list) -> str:
    if insp is not None and insp.notes:
        return insp.notes
    if outstanding:
        return ctx.tr(
            f"工程已按设计和合同约定完成，尚有 {len(outstanding)} 项问题未销项（见附表），施工单位应在保修期内按期整改，整改完成后由监理单位复查销项。",
            f"The works are complete as designed and contracted; {len(outstanding)} defects are still "
            "open (see the attached list) and are to be rectified and re-inspected.",
        )
    return ctx.tr(
        "工程已按设计和合同约定完成，质量控制资料完整，验收合格。",
        "The works are complete as designed and contracted, the quality records are complete, and the works are accepted.",
    )
