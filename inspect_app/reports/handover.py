"""移交清单: the facilities handed to the property manager and the utility operators (水电气热信
产权移交), and the warranty of the works with its statutory period and end date.

Read from the project's handover and warranty records (core/lifecycle.py). A project without
them yet gets the usual scope of a renovation, each facility with the operator of that kind in
the profile, and the art. 40 periods from the acceptance date, so the form can be filled by hand.
"""

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from .. import standards
from ..core.lifecycle import UTILITY_FACILITIES
from ..core.model import HandoverItem, Inspection, InspectionKind, OrgKind, WarrantyItem
from ..store import lifecycle as project_lifecycle
from .context import Ctx
from .layout import P, Title, fit_widths, grid, heading, signature_block, table

# The usual facilities of a renovation when none are recorded: (facility, receiver kind, a
# word of the receiver's name).
DEFAULT_FACILITIES = (
    ("gas", OrgKind.UTILITY, "燃气"),
    ("water", OrgKind.UTILITY, "水"),
    ("power", OrgKind.UTILITY, "电"),
    ("heating", OrgKind.UTILITY, "热"),
    ("property", OrgKind.PROPERTY, ""),
)


def accepted_on(ctx: Ctx, warranty: list[WarrantyItem]) -> date | None:
    """The date the completion acceptance passed: the one date store.lifecycle.acceptance_date
    gives (the acceptance record's), else one set on the project, the start of its
    warranties, or the newest submitted acceptance inspection."""
    one = project_lifecycle.acceptance_date(ctx.store, ctx.project.id)
    if one is not None:
        return one
    text = (ctx.project.settings or {}).get("accepted_on", "")
    if not text and warranty:
        text = (
            min(w.starts_on for w in warranty if w.starts_on)
            if any(w.starts_on for w in warranty)
            else ""
        )
    if not text:
        found = ctx.store.find(
            Inspection,
            "project_id = ? AND kind = ? AND submitted_at != ''",
            [ctx.project.id, InspectionKind.ACCEPTANCE.value],
            order_by="submitted_at DESC",
            limit=1,
        )
        text = found[0].submitted_at if found else ""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _facility(ctx: Ctx, code: str) -> str:
    zh, en = UTILITY_FACILITIES.get(code, (code, code))
    return ctx.tr(zh, en)


def _handover_rows(ctx: Ctx) -> list[list]:
    items = ctx.store.find(
        HandoverItem, "project_id = ?", [ctx.project.id], order_by="facility, name"
    )
    if items:
        for h in items:
            ctx.cover("handover_items", h.id)
            ctx.add_signatures("handover_items", h.id)  # each receiver signs for its facility
        return [
            [
                str(n),
                _facility(ctx, h.facility),
                h.name,
                h.quantity,
                ctx.org_name(h.operator_org_id) or "—",
                h.documents,
                h.handed_over_on or "",
            ]
            for n, h in enumerate(items, 1)
        ]
    rows = []
    for n, (code, kind, word) in enumerate(DEFAULT_FACILITIES, 1):
        orgs = [o for o in ctx.orgs.values() if o.kind == kind and word in o.name]
        receiver = orgs[0].name if orgs else ""
        rows.append([str(n), _facility(ctx, code), "", "", receiver, "", ""])
    return rows


def _warranty_rows(ctx: Ctx, start: date | None) -> list[list]:
    items = ctx.store.find(
        WarrantyItem, "project_id = ?", [ctx.project.id], order_by="starts_on, work_type"
    )
    rows = []
    table = standards.warranty()
    if items:
        for n, w in enumerate(items, 1):
            ctx.cover("warranty_items", w.id)
            p = table.get(w.work_type)
            rows.append(
                [
                    str(n),
                    ctx.tr(p.zh, p.en) if p else w.work_type,
                    w.description,
                    ctx.org_name(w.contractor_org_id) or "—",
                    p.period_text(ctx.lang) if p else "",
                    w.starts_on or "—",
                    w.ends_on or "—",
                ]
            )
        return rows
    contractors = ctx.party(OrgKind.CONTRACTOR)
    for n, p in enumerate(table.classes.values(), 1):
        end = table.ends_on(p.key, start, ctx.project.settings) if start else None
        rows.append(
            [
                str(n),
                ctx.tr(p.zh, p.en),
                "",
                contractors,
                p.period_text(ctx.lang),
                start.isoformat() if start else "",
                end.isoformat() if end else "",
            ]
        )
    return rows


def story(ctx: Ctx, width: float) -> list:
    p = ctx.project
    ctx.cover("projects", p.id)
    ctx.add_signatures("projects", p.id)
    for sheet in ctx.store.find(
        Inspection, "project_id = ? AND kind = ?", [p.id, InspectionKind.HANDOVER.value]
    ):
        ctx.add_signatures("inspections", sheet.id)  # the signed handover checklists
    warranty = ctx.store.find(WarrantyItem, "project_id = ?", [p.id])
    start = accepted_on(ctx, warranty)
    facilities = _handover_rows(ctx)
    receivers = "、".join(
        dict.fromkeys(
            ctx.org_name(h.operator_org_id)
            for h in ctx.store.find(HandoverItem, "project_id = ?", [p.id])
            if h.operator_org_id
        )
    )
    return [
        Title(ctx.title),
        P(
            ctx.tr(
                "城镇老旧小区改造工程 设施移交及保修", "Renovated facilities: handover and warranty"
            ),
            "subtitle",
        ),
        Spacer(1, 4 * mm),
        grid(
            [
                [(ctx.tr("工程名称", "Project"), p.name), (ctx.tr("编号", "No."), ctx.number)],
                [
                    (ctx.tr("工程地点", "Address"), p.address),
                    (
                        ctx.tr("竣工验收日期", "Accepted on"),
                        start.isoformat() if start else ctx.tr("尚未验收", "not yet accepted"),
                    ),
                ],
                [
                    (ctx.tr("移交单位", "Handed over by"), ctx.party(OrgKind.OWNER)),
                    (ctx.tr("施工单位", "Contractors"), ctx.party(OrgKind.CONTRACTOR)),
                ],
            ],
            width,
        ),
        heading(ctx.tr("一、移交设施", "1. Facilities handed over")),
        table(
            [
                ctx.tr("序号", "No."),
                ctx.tr("设施类别", "Facility"),
                ctx.tr("名称", "Name"),
                ctx.tr("规模/数量", "Quantity"),
                ctx.tr("接收单位", "Receiver"),
                ctx.tr("随交资料", "Documents"),
                ctx.tr("移交日期", "Handed over"),
            ],
            facilities,
            fit_widths([0.7, 1.1, 1.9, 1.9, 1.9, 1.6, 1.2], width),
        ),
        heading(ctx.tr("二、保修范围及期限", "2. Warranty")),
        table(
            [
                ctx.tr("序号", "No."),
                ctx.tr("工程类别", "Works"),
                ctx.tr("内容", "What"),
                ctx.tr("保修单位", "Contractor"),
                ctx.tr("保修期限", "Period"),
                ctx.tr("起始日期", "From"),
                ctx.tr("截止日期", "Until"),
            ],
            _warranty_rows(ctx, start),
            fit_widths([0.6, 1.9, 1.6, 1.9, 1.5, 1.2, 1.2], width),
        ),
        P(
            ctx.tr(
                f"注：保修期自竣工验收合格之日起计算，最低保修期限依据{standards.warranty().regulation}。",
                "Warranty runs from the date the completion acceptance passed; minimum periods per "
                "the Regulation on the Quality Management of Construction Projects, art. 40.",
            ),
            "small",
        ),
        CondPageBreak(50 * mm),
        heading(ctx.tr("交接签字", "Signatures")),
        signature_block(
            ctx,
            [
                (ctx.tr("移交单位", "Handed over by"), ctx.party(OrgKind.OWNER)),
                (ctx.tr("施工单位", "Contractor"), ctx.party(OrgKind.CONTRACTOR)),
                (ctx.tr("监理单位", "Supervisor"), ctx.party(OrgKind.SUPERVISOR)),
                (ctx.tr("接收单位（物业）", "Receiver (property)"), _first(ctx, OrgKind.PROPERTY)),
                (ctx.tr("接收单位（专业经营单位）", "Receiver (utilities)"), receivers),
            ],
            width,
        ),
    ]


def _first(ctx: Ctx, kind: OrgKind) -> str:
    return next((o.name for o in ctx.orgs.values() if o.kind == kind), "")
