"""隐患排查报告: the hazard survey of one community. Summary by category and severity (major
hazards first), the register, then one block per hazard with its location and photos."""

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from ..core.categories import category_name
from ..core.i18n import pick
from ..core.model import Defect, DefectStatus, Inspection, InspectionKind, OrgKind, Severity
from .context import Ctx
from .data import DEFECT_LINKS, find_defects, location, photos_of
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
)
from .segments import segment_section

SEVERITIES = (Severity.MAJOR, Severity.SERIOUS, Severity.MINOR)


def story(ctx: Ctx, width: float) -> list:
    p = ctx.project
    surveys = ctx.store.find(
        Inspection, "project_id = ? AND kind = ?", [p.id, InspectionKind.SURVEY.value], "started_at"
    )
    hazards = survey_hazards(ctx, surveys)
    for d in hazards:
        ctx.cover("defects", d.id)
    ctx.cover("projects", p.id)
    for insp in surveys:
        ctx.add_signatures("inspections", insp.id)
    ctx.add_signatures("projects", p.id)

    dates = sorted(d.reported_at[:10] for d in hazards if d.reported_at)
    period = f"{dates[0]} — {dates[-1]}" if dates else "—"
    out: list = [
        Title(ctx.title),
        P(
            ctx.tr(
                "城镇老旧小区改造 燃气、排水等管线及设施安全隐患",
                "Old-community renovation: gas, drainage and other hazards",
            ),
            "subtitle",
        ),
        Spacer(1, 4 * mm),
        grid(
            [
                [(ctx.tr("工程名称", "Project"), p.name), (ctx.tr("编号", "No."), ctx.number)],
                [
                    (ctx.tr("工程地点", "Address"), p.address),
                    (ctx.tr("所属街道", "Street"), p.district),
                ],
                [
                    (ctx.tr("建成年代", "Built"), str(p.year_built or "—")),
                    (
                        ctx.tr("户数/面积", "Households / area"),
                        f"{p.households} / {p.floor_area_m2:,.0f} m²",
                    ),
                ],
                [
                    (ctx.tr("建设单位", "Owner"), ctx.party(OrgKind.OWNER)),
                    (ctx.tr("排查时间", "Surveyed"), period),
                ],
                [(ctx.tr("监理单位", "Supervisor"), ctx.party(OrgKind.SUPERVISOR))],
                [(ctx.tr("施工单位", "Contractors"), ctx.party(OrgKind.CONTRACTOR))],
            ],
            width,
        ),
        heading(ctx.tr("一、隐患汇总", "1. Summary")),
        _summary(ctx, hazards, width),
    ]
    majors = [d for d in hazards if d.severity == Severity.MAJOR]
    out += [
        heading(ctx.tr(f"二、重大隐患（{len(majors)} 项）", f"2. Major hazards ({len(majors)})")),
        _register(ctx, majors, width) if majors else P(ctx.tr("无", "None")),
        heading(ctx.tr(f"三、隐患清单（{len(hazards)} 项）", f"3. Register ({len(hazards)})")),
        _register(ctx, hazards, width),
    ]
    segments = segment_section(ctx, surveys, width)
    if segments:
        out += [heading(ctx.tr("四、排水管道检测评估", "4. Drainage pipe assessment")), *segments]
    out += [PageBreak(), heading(ctx.tr("隐患详情", "Hazard details"))]
    out += _details(ctx, hazards, width)
    out += [
        CondPageBreak(60 * mm),
        heading(ctx.tr("排查结论与签字", "Conclusion and signatures")),
        P(
            ctx.tr(
                f"本次共排查出隐患 {len(hazards)} 项，其中重大隐患 {len(majors)} 项。重大隐患应立即采取管控措施，并纳入改造方案优先整治。",
                f"{len(hazards)} hazards were found, {len(majors)} of them major. Major hazards need "
                "immediate control and come first in the renovation plan.",
            ),
            "body",
        ),
        Spacer(1, 3 * mm),
        signature_block(
            ctx,
            [
                (ctx.tr("排查单位", "Surveyed by"), _surveyors(ctx, surveys)),
                (ctx.tr("建设单位", "Owner"), ctx.party(OrgKind.OWNER)),
            ],
            width,
        ),
    ]
    return out


def survey_hazards(ctx: Ctx, surveys: list[Inspection]) -> list[Defect]:
    """The hazards the survey found: raised by a survey inspection, or recorded by hand as
    pre-existing; never a construction-stage defect (scaffolding, temporary power)."""
    ids = [i.id for i in surveys]
    marks = ",".join("?" * len(ids))
    where = "project_id = ? AND (pre_existing = 1" + (
        f" OR inspection_id IN ({marks}))" if ids else ")"
    )
    return find_defects(ctx, where, [ctx.project.id, *ids])


def _surveyors(ctx: Ctx, surveys: list[Inspection]) -> str:
    """The organizations that did the survey: the inspectors' and any named survey company."""
    names: list[str] = []
    for insp in surveys:
        for name in (ctx.user_org(insp.inspector_id), insp.answers.get("operator")):
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(name.strip())
    return "、".join(names) or ctx.party(OrgKind.SUPERVISOR)


def _summary(ctx: Ctx, hazards: list[Defect], width: float):
    by = Counter((category_name(d.category, ctx.lang), d.severity) for d in hazards)
    cats = sorted(
        {c for c, _ in by},
        key=lambda c: tuple(-by[(c, s)] for s in SEVERITIES),
    )
    rows = []
    for c in cats:
        counts = [by[(c, s)] for s in SEVERITIES]
        rows.append(
            [c, *(_n(n, s) for n, s in zip(counts, SEVERITIES, strict=True)), str(sum(counts))]
        )
    totals = [sum(by[(c, s)] for c in cats) for s in SEVERITIES]
    rows.append([ctx.tr("合计", "Total"), *(str(n) for n in totals), str(sum(totals))])
    header = [
        ctx.tr("类别", "Category"),
        *(ctx.name(s) for s in SEVERITIES),
        ctx.tr("合计", "Total"),
    ]
    return table(header, rows, fit_widths([2, 1, 1, 1, 1], width))


def _n(n: int, severity: Severity):
    return red(str(n)) if n and severity == Severity.MAJOR else str(n)


def _register(ctx: Ctx, defects: list[Defect], width: float):
    rows = [
        [
            str(i),
            category_name(d.category, ctx.lang),
            red(ctx.name(d.severity)) if d.severity == Severity.MAJOR else ctx.name(d.severity),
            d.title,
            location(ctx, d),
            d.reported_at[:10],
            ctx.name(d.status, DefectStatus),
        ]
        for i, d in enumerate(defects, 1)
    ]
    header = [
        ctx.tr("序号", "No."),
        ctx.tr("类别", "Category"),
        ctx.tr("等级", "Severity"),
        ctx.tr("隐患名称", "Hazard"),
        ctx.tr("位置", "Location"),
        ctx.tr("发现日期", "Found"),
        ctx.tr("状态", "Status"),
    ]
    return table(header, rows, fit_widths([0.6, 1.1, 0.9, 3.0, 2.0, 1.3, 1.1], width))


def _details(ctx: Ctx, hazards: list[Defect], width: float) -> list:
    ids = [d.id for d in hazards]
    photos = photos_of(ctx.store, DEFECT_LINKS, ids)
    out = []
    for i, d in enumerate(hazards, 1):
        pics = photos.get(d.id, [])
        gps = (
            f"{d.gps_lat:.6f}, {d.gps_lon:.6f}"
            if d.gps_lat is not None and d.gps_lon is not None
            else "—"
        )
        reporter = ctx.user_name(d.reported_by) or "—"
        block = [
            grid(
                [
                    [(ctx.tr("序号", "No."), str(i)), (ctx.tr("隐患名称", "Hazard"), d.title)],
                    [
                        (ctx.tr("类别", "Category"), category_name(d.category, ctx.lang)),
                        (ctx.tr("等级", "Severity"), ctx.name(d.severity)),
                    ],
                    [(ctx.tr("位置", "Location"), location(ctx, d)), (ctx.tr("坐标", "GPS"), gps)],
                    [
                        (ctx.tr("发现人", "Found by"), reporter),
                        (ctx.tr("发现时间", "Found at"), ctx.local_time(d.reported_at)),
                    ],
                    [
                        (ctx.tr("状态", "Status"), ctx.name(d.status, DefectStatus)),
                        (ctx.tr("整改单位", "Assignee"), ctx.org_name(d.assignee_org_id) or "—"),
                    ],
                    [(ctx.tr("隐患描述", "Description"), d.description or "—")],
                ],
                width,
                label_w=pick(20, 26, ctx.lang) * mm,  # "Description" on one line
            ),
            photo_grid(
                ctx,
                [(path, _caption(ctx, p, role)) for p, role, path in pics],
                width,
            ),
            Spacer(1, 5 * mm),
        ]
        out.append(KeepTogether(block))
    return out


def _caption(ctx: Ctx, photo, role: str) -> str:
    roles = {"before": ctx.tr("整改前", "before"), "after": ctx.tr("整改后", "after")}
    parts = [roles.get(role, ""), photo.caption, photo.taken_at[:16].replace("T", " ")]
    return " · ".join(p for p in parts if p)
