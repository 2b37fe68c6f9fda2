"""移交清单: the works handed to the property manager and the utility operators (水电气热信
产权移交), each with its statutory warranty period and the date it ends.

The list is the project's `settings["handover"]` when set (a list of {"item", "warranty"
(a data.WARRANTY key), "receiver" (organization id, name or short name), "scope",
"documents"}); otherwise the usual scope of a renovation, each item handed to the
organization of the matching kind in the profile.
"""

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..core.model import Inspection, InspectionKind, OrgKind
from .context import Ctx
from .data import WARRANTY, WARRANTY_SOURCE, warranty_end
from .layout import P, Title, fit_widths, grid, heading, signature_block, table

# (item zh, item en, warranty key, receiver kind, a word of the receiver's name, documents)
DEFAULT_ITEMS = (
    (
        "户内外燃气管道及设施",
        "Gas pipes and fittings",
        "installation",
        OrgKind.UTILITY,
        "燃气",
        "竣工图、压力试验记录",
    ),
    (
        "供水管道及二次供水设施",
        "Water supply pipes and tanks",
        "installation",
        OrgKind.UTILITY,
        "水",
        "竣工图、水质检测报告",
    ),
    (
        "排水管道及检查井",
        "Drainage pipes and manholes",
        "installation",
        OrgKind.PROPERTY,
        "",
        "竣工图、CCTV检测报告",
    ),
    (
        "供电线路及配电设施",
        "Power lines and distribution",
        "installation",
        OrgKind.UTILITY,
        "电",
        "竣工图、电气试验记录",
    ),
    (
        "供热管道及散热设施",
        "Heating pipes and radiators",
        "heating",
        OrgKind.UTILITY,
        "热",
        "竣工图、试压冲洗记录",
    ),
    (
        "屋面防水及外墙防渗漏",
        "Roof and external wall waterproofing",
        "waterproofing",
        OrgKind.PROPERTY,
        "",
        "淋水/蓄水试验记录",
    ),
    (
        "楼体加固及结构构件",
        "Structural strengthening",
        "structure",
        OrgKind.PROPERTY,
        "",
        "结构检测、验收记录",
    ),
    (
        "道路、绿化、照明及公共设施",
        "Roads, greenery, lighting, amenities",
        "installation",
        OrgKind.PROPERTY,
        "",
        "竣工图、设施清单",
    ),
)


def accepted_on(ctx: Ctx) -> date | None:
    """The date the completion acceptance passed: set on the project, or the newest submitted
    acceptance inspection."""
    text = (ctx.project.settings or {}).get("accepted_on", "")
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


def items(ctx: Ctx) -> list[dict]:
    custom = (ctx.project.settings or {}).get("handover")
    if isinstance(custom, list) and custom:
        return [
            {
                "item": str(i.get("item", "")),
                "warranty": i.get("warranty") if i.get("warranty") in WARRANTY else "installation",
                "receiver": _receiver(ctx, str(i.get("receiver", ""))),
                "scope": str(i.get("scope", "")),
                "documents": str(i.get("documents", "")),
            }
            for i in custom
            if isinstance(i, dict)
        ]
    out = []
    for zh, en, key, kind, word, docs in DEFAULT_ITEMS:
        orgs = [o for o in ctx.orgs.values() if o.kind == kind and word in o.name]
        out.append(
            {
                "item": ctx.tr(zh, en),
                "warranty": key,
                "receiver": orgs[0].name
                if orgs
                else ctx.tr(f"（{ctx.name(kind)}）", f"({ctx.name(kind)})"),
                "scope": ctx.tr("全小区", "whole community"),
                "documents": docs if ctx.lang == "zh" else "",
            }
        )
    return out


def _receiver(ctx: Ctx, key: str) -> str:
    for o in ctx.orgs.values():
        if key in (o.id, o.name, o.short_name):
            return o.name
    return key


def story(ctx: Ctx, width: float) -> list:
    p = ctx.project
    ctx.cover("projects", p.id)
    ctx.add_signatures("projects", p.id)
    start = accepted_on(ctx)
    rows = []
    for n, it in enumerate(items(ctx), 1):
        zh, en, period = WARRANTY[it["warranty"]]
        if period is None:
            term = ctx.tr("设计文件规定的合理使用年限", "design service life")
        elif period == "seasons":
            term = ctx.tr("2个采暖期、供冷期", "2 heating/cooling seasons")
        else:
            term = ctx.tr(f"{period} 年", f"{period} years")
        end = warranty_end(it["warranty"], start, p.settings)
        rows.append(
            [
                str(n),
                it["item"],
                it["receiver"],
                it["scope"],
                P(f"{term}\n{ctx.tr(zh, en)}", "small"),
                start.isoformat() if start else "—",
                end.isoformat() if end else ("—" if period is None or start is None else ""),
                it["documents"],
            ]
        )
    out: list = [
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
        heading(ctx.tr("移交内容及保修期限", "Items handed over and their warranty")),
        table(
            [
                ctx.tr("序号", "No."),
                ctx.tr("移交内容", "Item"),
                ctx.tr("接收单位", "Receiver"),
                ctx.tr("范围", "Scope"),
                ctx.tr("保修期限", "Warranty"),
                ctx.tr("起始日期", "From"),
                ctx.tr("截止日期", "Until"),
                ctx.tr("随交资料", "Documents"),
            ],
            rows,
            fit_widths([0.45, 1.9, 1.8, 0.9, 2.0, 1.1, 1.1, 1.5], width),
        ),
        P(
            ctx.tr(
                f"注：保修期自竣工验收合格之日起计算，最低保修期限依据{WARRANTY_SOURCE[0]}。",
                f"Warranty runs from the date the completion acceptance passed; minimum periods per the {WARRANTY_SOURCE[1]}.",
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
                (ctx.tr("接收单位（专业经营单位）", "Receiver (utilities)"), ""),
            ],
            width,
            ctx.valid_signatures(),
        ),
    ]
    return out


def _first(ctx: Ctx, kind: OrgKind) -> str:
    return next((o.name for o in ctx.orgs.values() if o.kind == kind), "")
