"""竣工验收记录 as GB 50300-2013 table H.0.1-1 (单位工程质量竣工验收记录): the four inspection
rows (分部工程验收, 质量控制资料核查, 安全和使用功能核查及抽查结果, 观感质量验收) and the 综合验收
结论, worked out from the acceptance checklist's answers (core.acceptance), never a stock
sentence; the parties who sign (建设、监理、施工、设计, 勘察 where one took part, 居民代表 and
街道/社区 as the renovation programme asks, and each utility operator taking facilities over);
the 重大 hazards carried over into the warranty period with their reasons, and the defects still
open. A record not yet submitted prints 草稿 across every page."""

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..core import acceptance as h
from ..core import defect_status
from ..core import lifecycle as rules
from ..core.model import (
    DefectEvent,
    DefectStatus,
    HandoverItem,
    Inspection,
    InspectionKind,
    InspectionStatus,
    OrgKind,
)
from ..store import lifecycle as project_lifecycle
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
    ctx.add_signatures(ttype, tid)
    ctx.draft = insp is None or insp.status in (InspectionStatus.DRAFT, InspectionStatus.REOPENED)
    facts = project_lifecycle.facts(ctx.store, p.id)
    uncarried = rules.open_major_hazards(facts)
    result = h.record(insp.answers if insp else {}, [d.title for d in uncarried], draft=ctx.draft)
    open_cond, open_params = defect_status.open_sql()
    outstanding = find_defects(ctx, f"project_id = ? AND {open_cond}", [p.id, *open_params])
    for d in outstanding:
        ctx.cover("defects", d.id)
    carried = [d for d in outstanding if d.id in facts.carried_over]
    accepted = project_lifecycle.acceptance_date(ctx.store, p.id) if not ctx.draft else None
    out: list = [
        Title(ctx.title),
        P(
            ctx.tr(
                "单位工程质量竣工验收记录（GB 50300-2013 表H.0.1-1）· 城镇老旧小区改造工程",
                "Unit project completion acceptance (GB 50300-2013 table H.0.1-1) · "
                "old-community renovation",
            ),
            "subtitle",
        ),
        Spacer(1, 3 * mm),
        grid(
            [
                [(ctx.tr("工程名称", "Project"), p.name), (ctx.tr("编号", "No."), ctx.number)],
                [
                    (ctx.tr("工程地点", "Address"), p.address),
                    (
                        ctx.tr("验收日期", "Accepted on"),
                        accepted.isoformat()
                        if accepted
                        else ctx.tr("未验收（草稿）", "not accepted (draft)"),
                    ),
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
                [(ctx.tr("施工单位", "Contractors"), ctx.party(OrgKind.CONTRACTOR))],
            ],
            width,
        ),
        Spacer(1, 3 * mm),
        table(
            [
                ctx.tr("序号", "No."),
                ctx.tr("项目", "Item"),
                ctx.tr("验收记录", "Record"),
                ctx.tr("验收结论", "Result"),
            ],
            [
                [
                    str(i),
                    ctx.tr(*r.name),
                    ctx.tr(*r.record),
                    red(ctx.tr(*r.verdict_name))
                    if r.verdict == h.FAILED
                    else ctx.tr(*r.verdict_name),
                ]
                for i, r in enumerate(result.rows, 1)
            ],
            fit_widths([0.5, 2.2, 4.2, 1.3], width),
        ),
        grid([[(ctx.tr("综合验收结论", "Overall conclusion"), _conclusion(ctx, result))]], width),
    ]
    if insp is not None:
        tpl = load_template(ctx.store, insp)
        out.append(
            P(
                ctx.tr("依据检查表：", "Checklist: ")
                + (_label(ctx, tpl.title) if tpl else insp.template_id)
                + f" v{insp.template_version}",
                "small",
            )
        )
    out += [
        heading(ctx.tr("参加验收单位签字", "Signatures of the parties")),
        signature_block(ctx, _parties(ctx, insp), width),
        CondPageBreak(40 * mm),
        heading(
            ctx.tr(
                f"附一：转入保修期的重大隐患（{len(carried)} 项）",
                f"Attached 1: major hazards carried into the warranty period ({len(carried)})",
            )
        ),
        _carried_table(ctx, carried, width) if carried else P(ctx.tr("无", "None")),
        heading(
            ctx.tr(
                f"附二：未销项问题（{len(outstanding)} 项）",
                f"Attached 2: open defects ({len(outstanding)})",
            )
        ),
    ]
    if outstanding:
        out.append(_open_table(ctx, outstanding, width))
    else:
        out.append(P(ctx.tr("无", "None")))
    return out


def _conclusion(ctx: Ctx, result: h.Record) -> object:
    text = ctx.tr(*result.verdict_name)
    if result.reasons:
        text += ctx.tr("：", ": ") + ctx.tr("；", "; ").join(ctx.tr(*r) for r in result.reasons)
    return red(text) if result.verdict != h.PASSED else text


def _parties(ctx: Ctx, insp: Inspection | None) -> list[tuple[str, str]]:
    """Who signs H.0.1-1 here: the four GB 50300 parties, the surveyor when the checklist lists
    one, the residents' representative and the street, and each utility operator taking over."""
    listed = {
        str(e.get("party")): str(e.get("org_name") or "")
        for e in (insp.answers.get("parties") or [] if insp else [])
        if isinstance(e, dict)
    }
    rows = [
        (ctx.tr("建设单位", "Owner"), ctx.party(OrgKind.OWNER)),
        (ctx.tr("监理单位", "Supervisor"), ctx.party(OrgKind.SUPERVISOR)),
        (ctx.tr("施工单位", "Contractor"), ctx.party(OrgKind.CONTRACTOR)),
        (ctx.tr("设计单位", "Designer"), _or(ctx.party(OrgKind.DESIGNER), listed.get("designer"))),
    ]
    if "surveyor" in listed:
        rows.append((ctx.tr("勘察单位", "Surveyor"), listed["surveyor"]))
    rows += [
        (ctx.tr("居民代表", "Residents' representative"), listed.get("residents", "")),
        (
            ctx.tr("街道/社区", "Street / community"),
            _or(ctx.party(OrgKind.STREET), listed.get("street")),
        ),
    ]
    items = ctx.store.find(HandoverItem, "project_id = ?", [ctx.project.id])
    operators = dict.fromkeys(i.operator_org_id for i in items if i.operator_org_id)
    for org_id in operators:
        if ctx.orgs.get(org_id) and ctx.orgs[org_id].kind == OrgKind.UTILITY:
            rows.append((ctx.tr("专业经营单位", "Utility operator"), ctx.org_name(org_id)))
    return rows


def _or(a: str, b: str | None) -> str:
    return a if a and a != "—" else (b or "")


def _carried_table(ctx: Ctx, carried: list, width: float):
    reasons: dict[str, str] = {}
    marks = ",".join("?" * len(carried))
    for e in ctx.store.find(
        DefectEvent, f"kind = 'carried_over' AND defect_id IN ({marks})",
        [d.id for d in carried], order_by="at",
    ):  # fmt: skip
        reasons[e.defect_id] = f"{e.note}（{ctx.local_time(e.at)[:10]}）"
    return table(
        [
            ctx.tr("序号", "No."),
            ctx.tr("重大隐患", "Major hazard"),
            ctx.tr("位置", "Location"),
            ctx.tr("责任单位", "Assignee"),
            ctx.tr("转入理由", "Reason carried over"),
        ],
        [
            [
                str(i),
                d.title,
                location(ctx, d),
                ctx.org_name(d.assignee_org_id) or "—",
                reasons.get(d.id, "—"),
            ]
            for i, d in enumerate(carried, 1)
        ],
        fit_widths([0.5, 2.4, 1.6, 1.5, 3.0], width),
    )


def _open_table(ctx: Ctx, outstanding: list, width: float):
    return table(
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
