"""The supervision forms of GB/T 50319-2013: 监理通知单 (A.0.3), 工程暂停令 (A.0.5) and
监理通知回复单 (B.0.9), one form per notice issued in the store, each from a new page.

A form prints only what was issued (store.defects.issue_notices): its 编号, issue date, 事由,
the items with their own deadlines and the engineer who signs it. Nothing is numbered or dated
at print time: without an issued notice the report is an unnumbered 草稿 listing what waits to
be issued. A reply cites its notice's 编号; its own number is the notice's with the HF prefix,
so every print, in either language, shows the same numbers. Times read in the project's zone.
"""

from collections import defaultdict
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from ..core import defect_status, notice_rules
from ..core.model import Defect, DefectStatus, Notice, OrgKind
from ..errors import NotFound
from .context import Ctx
from .data import DEFECT_LINKS, days_overdue, events_by_defect, find_defects, location, photos_of
from .layout import (
    FormMark,
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

# An unissued draft lists what waits on each contractor (core.defect_status).
NOTICE_STATUSES = sorted(defect_status.WAITING_ON_CONTRACTOR)
FORM_TITLES = {
    notice_rules.NOTICE: ("监理通知单", "Supervision Notice"),
    notice_rules.STOP: ("工程暂停令", "Works Stop Order"),
}
# The report kinds whose pages carry a form's own 编号 rather than the print's.
FORM_KINDS = frozenset({"rectification-notice", "rectification-reply", "stop-order"})
DRAFT_NUMBER = ("草稿（未签发，无编号）", "DRAFT (not issued, no number)")


def reply_number(notice_number: str) -> str:
    """The reply's 编号: its notice's, under the reply prefix (ZG-20261125-001 → HF-…)."""
    return "HF-" + notice_number.split("-", 1)[-1]


def _issued(ctx: Ctx, form: str) -> list[tuple[Notice, list[Defect]]]:
    """The notices of this form issued for the project (or the inspection's defects)."""
    stored = ctx.store.find(
        Notice, "project_id = ? AND form = ?", [ctx.project.id, form], order_by="issued_at, number"
    )
    if ctx.inspection is not None:
        mine = {d.id for d in ctx.store.find(Defect, "inspection_id = ?", [ctx.inspection.id])}
        stored = [n for n in stored if mine & set(n.defect_ids)]
    if one := (ctx.filter_spec.notice if ctx.filter_spec else ""):
        stored = [n for n in stored if one in (n.id, n.number)]
    if who := (ctx.filter_spec.assignee if ctx.filter_spec else ""):  # one addressee's notices
        stored = [
            n for n in stored if who in (n.addressee_org_id, *_names(ctx, n.addressee_org_id))
        ]
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
            ctx.add_signatures("defects", defect_id)
        out.append((n, defects))
    return out


def _names(ctx: Ctx, org_id: str) -> tuple[str, ...]:
    org = ctx.orgs.get(org_id)
    return (org.name, org.short_name) if org else ()


def _waiting(ctx: Ctx) -> dict[str, list[Defect]]:
    """Assigned defects on no issued notice, by addressee: what a draft shows."""
    noticed = {
        i for n in ctx.store.find(Notice, "project_id = ?", [ctx.project.id]) for i in n.defect_ids
    }
    where, params = (
        ("inspection_id = ?", [ctx.inspection.id])
        if ctx.inspection is not None
        else ("project_id = ?", [ctx.project.id])
    )
    spec = ctx.filter_spec
    if not spec.status:
        spec.status = [s.value for s in NOTICE_STATUSES]
    by_org: dict[str, list[Defect]] = defaultdict(list)
    for d in find_defects(ctx, where, params, spec):
        if d.id not in noticed:
            by_org[d.assignee_org_id].append(d)
            ctx.cover("defects", d.id)
    return dict(sorted(by_org.items(), key=lambda kv: ctx.org_name(kv[0])))


def notice(ctx: Ctx, width: float) -> list:
    return _forms(ctx, width, notice_rules.NOTICE)


def stop_order(ctx: Ctx, width: float) -> list:
    return _forms(ctx, width, notice_rules.STOP)


def _forms(ctx: Ctx, width: float, form: str) -> list:
    issued = _issued(ctx, form)
    if not issued:
        return _draft(ctx, width, form)
    out: list = []
    for i, (n, defects) in enumerate(issued):
        if i:
            out.append(PageBreak())
        out += (
            _stop(ctx, width, n, defects)
            if form == notice_rules.STOP
            else _notice(ctx, width, n, defects)
        )
    return out


def _form_head(ctx: Ctx, form: str, number: str, draft: bool = False) -> list:
    zh, en = FORM_TITLES.get(form, FORM_TITLES[notice_rules.NOTICE])
    return [FormMark(ctx, number, draft), Title(ctx.tr(zh, en))]


def _addressee(ctx: Ctx, org_id: str) -> str:
    return ctx.org_name(org_id) or ctx.tr("（未指定单位）", "(no organization)")


def _items(ctx: Ctx, defects: list[Defect], width: float) -> object:
    """内容: each item with its own deadline."""
    return table(
        [
            ctx.tr("序号", "No."),
            ctx.tr("问题及部位", "Defect"),
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
                red(ctx.name(d.severity)) if d.severity == "major" else ctx.name(d.severity),
                d.due_date or "—",
                red(ctx.tr(f"{od} 天", f"{od} d")) if (od := days_overdue(d, ctx.today)) else "",
            ]
            for i, d in enumerate(defects, 1)
        ],
        fit_widths([0.6, 3.3, 1.7, 0.95, 1.2, 0.85], width),
    )


def _signer(ctx: Ctx, n: Notice) -> str:
    return notice_rules.signer_title_name(n.signer_title or notice_rules.SPECIALIST, ctx.lang)


def _notice(ctx: Ctx, width: float, n: Notice, defects: list[Defect]) -> list:
    addressee = _addressee(ctx, n.addressee_org_id)
    supervisor = ctx.party(OrgKind.SUPERVISOR)
    requirement = n.note or ctx.tr(
        "请按上列各项的整改期限整改完毕，重大隐患整改前应采取可靠的管控措施；"
        "整改完成后以《监理通知回复单》（附整改后照片）报项目监理机构复查。",
        "Rectify each item by its own deadline (control any major hazard until it is fixed) "
        "and report with a Reply to Supervision Notice, with after-photos, for re-inspection.",
    )
    return [
        *_form_head(ctx, n.form, n.number),
        grid(
            [
                [
                    (ctx.tr("工程名称", "Project"), ctx.project.name),
                    (ctx.tr("编号", "No."), n.number),
                ],
                [
                    (ctx.tr("致", "To"), addressee),
                    (ctx.tr("签发日期", "Issued"), _date(ctx, n.issued_at)),
                ],
                [
                    (
                        ctx.tr("事由", "Subject"),
                        n.subject or ctx.tr("质量安全问题整改", "Rectification of defects"),
                    )
                ],
            ],
            width,
        ),
        Spacer(1, 3 * mm),
        heading(ctx.tr("内容", "Content")),
        _items(ctx, defects, width),
        heading(ctx.tr("要求", "Requirements")),
        P(requirement, "body"),
        CondPageBreak(45 * mm),
        grid(
            [
                [(ctx.tr("项目监理机构", "Supervision team"), supervisor)],
                [
                    (
                        ctx.tr("签发人", "Signed by"),
                        _signer(ctx, n) + " " + ctx.user_name(n.issued_by),
                    )
                ],
            ],
            width,
        ),
        Spacer(1, 2 * mm),
        signature_block(
            ctx,
            [(_signer(ctx, n), supervisor), (ctx.tr("签收人", "Received by"), addressee)],
            width,
            signatures=_signatures_of(ctx, defects, n),
        ),
        P(
            ctx.tr(f"抄送：{ctx.party(OrgKind.OWNER)}", f"Copy to: {ctx.party(OrgKind.OWNER)}"),
            "small",
        ),
    ]


def _stop(ctx: Ctx, width: float, n: Notice, defects: list[Defect]) -> list:
    addressee = _addressee(ctx, n.addressee_org_id)
    supervisor = ctx.party(OrgKind.SUPERVISOR)
    when = ctx.local_time(n.issued_at)
    scope = n.stop_scope or ctx.tr("下列隐患所在部位", "the parts named below")
    reason = n.subject or "、".join(d.title for d in defects)
    return [
        *_form_head(ctx, n.form, n.number),
        grid(
            [
                [
                    (ctx.tr("工程名称", "Project"), ctx.project.name),
                    (ctx.tr("编号", "No."), n.number),
                ],
                [(ctx.tr("致", "To"), addressee), (ctx.tr("签发时间", "Issued"), when)],
                [(ctx.tr("暂停施工部位", "Works stopped"), scope)],
            ],
            width,
        ),
        Spacer(1, 3 * mm),
        P(
            ctx.tr(
                f"由于{reason}原因，现通知你方于{when}起，暂停{scope}施工，并按下述要求做好后续工作。",
                f"Because of {reason}, stop the works at {scope} from {when} and act as required below.",
            ),
            "body",
        ),
        heading(ctx.tr("重大隐患", "Major hazards")),
        _items(ctx, defects, width),
        heading(ctx.tr("要求", "Requirements")),
        P(
            n.note
            or ctx.tr(
                "立即撤离危险区域作业人员，设置警戒，采取管控措施；整改完成并经项目监理机构复查合格、签发工程复工令后方可复工。",
                "Withdraw workers from the danger zone, cordon it off and control the hazard; "
                "resume only after re-inspection and a resumption order.",
            ),
            "body",
        ),
        CondPageBreak(45 * mm),
        grid([[(ctx.tr("项目监理机构", "Supervision team"), supervisor)]], width),
        Spacer(1, 2 * mm),
        signature_block(
            ctx,
            [(_signer(ctx, n), supervisor), (ctx.tr("签收人", "Received by"), addressee)],
            width,
            signatures=_signatures_of(ctx, defects, n),
        ),
        P(
            ctx.tr(f"抄送：{ctx.party(OrgKind.OWNER)}", f"Copy to: {ctx.party(OrgKind.OWNER)}"),
            "small",
        ),
    ]


def _draft(ctx: Ctx, width: float, form: str) -> list:
    """Nothing issued: an unnumbered, undated 草稿 of what waits to be issued."""
    waiting = _waiting(ctx) if form == notice_rules.NOTICE else {}
    number = ctx.tr(*DRAFT_NUMBER)
    out: list = [
        *_form_head(ctx, form, number, draft=True),
        grid(
            [
                [
                    (ctx.tr("工程名称", "Project"), ctx.project.name),
                    (ctx.tr("编号", "No."), number),
                ],
                [(ctx.tr("签发日期", "Issued"), ctx.tr("未签发", "not issued"))],
            ],
            width,
        ),
        Spacer(1, 3 * mm),
        P(
            ctx.tr(
                "本通知尚未签发，不是有效文件：签发（编号、日期）由监理在整改台账中完成。",
                "Not issued, so not valid: the supervisor issues it (number and date) from the defect desk.",
            ),
            "body",
        ),
    ]
    if not waiting:
        return [*out, P(ctx.tr("没有待签发的问题。", "Nothing waits to be issued."), "body")]
    for org_id, defects in waiting.items():
        out += [
            heading(ctx.tr("致：", "To: ") + _addressee(ctx, org_id)),
            _items(ctx, defects, width),
        ]
    return out


# ----- 监理通知回复单 ----------------------------------------------------------------------------


def reply(ctx: Ctx, width: float) -> list:
    issued = [
        (n, ds)
        for form in notice_rules.FORMS
        for n, ds in _issued(ctx, form)
        if n.status == "replied" or any(d.status != DefectStatus.ASSIGNED for d in ds)
    ]
    if not issued:
        number = ctx.tr(*DRAFT_NUMBER)
        return [
            FormMark(ctx, number, True),
            Title(ctx.title),
            grid(
                [
                    [
                        (ctx.tr("工程名称", "Project"), ctx.project.name),
                        (ctx.tr("编号", "No."), number),
                    ]
                ],
                width,
            ),
            P(
                ctx.tr("没有已回复的监理通知。", "No supervision notice has been replied to."),
                "body",
            ),
        ]
    ids = [d.id for _, ds in issued for d in ds]
    events = events_by_defect(ctx.store, ids)
    photos = photos_of(ctx.store, DEFECT_LINKS, ids)
    supervisor = ctx.party(OrgKind.SUPERVISOR)
    out: list = []
    for k, (n, defects) in enumerate(issued):
        contractor = ctx.org_name(n.addressee_org_id) or "—"
        number = reply_number(n.number)
        if k:
            out.append(PageBreak())
        out += [
            FormMark(ctx, number),
            Title(ctx.title),
            grid(
                [
                    [
                        (ctx.tr("工程名称", "Project"), ctx.project.name),
                        (ctx.tr("编号", "No."), number),
                    ],
                    [(ctx.tr("致", "To"), supervisor), (ctx.tr("回复单位", "From"), contractor)],
                    [
                        (ctx.tr("监理通知单编号", "Notice No."), n.number),
                        (ctx.tr("回复时间", "Replied"), ctx.local_time(n.replied_at) or "—"),
                    ],
                ],
                width,
            ),
            Spacer(1, 3 * mm),
            P(
                ctx.tr(
                    f"我方接到编号为 {n.number} 的监理通知单后，已按要求完成相关工作，请予以复查。",
                    f"Having received Supervision Notice No. {n.number}, we have done the work required; "
                    "please re-inspect.",
                ),
                "body",
            ),
        ]
        if n.reply_text:
            out.append(P(ctx.tr("回复说明：", "Reply: ") + n.reply_text, "body"))
        for i, d in enumerate(defects, 1):
            out.append(_reply_item(ctx, width, i, d, events.get(d.id, []), photos.get(d.id, [])))
        out += [
            CondPageBreak(45 * mm),
            Spacer(1, 4 * mm),
            grid(
                [
                    [(ctx.tr("施工项目经理部", "Contractor's site team"), contractor)],
                    [(ctx.tr("项目监理机构", "Supervision team"), supervisor)],
                ],
                width,
            ),
            Spacer(1, 2 * mm),
            signature_block(
                ctx,
                [
                    (ctx.tr("项目经理", "Project manager"), contractor),
                    (ctx.tr("复查人", "Re-inspected by") + " " + _signer(ctx, n), supervisor),
                ],
                width,
                signatures=_signatures_of(ctx, defects, n),
            ),
        ]
    return out


def _reply_item(ctx: Ctx, width: float, i: int, d: Defect, evs: list, pics: list) -> KeepTogether:
    done = _last(evs, "rectified")
    check = _last(evs, "verified") or _last(evs, "rejected")
    after: list[tuple[Path | str | None, str]] = [
        (path, ctx.tr("整改后", "After") + " · " + (p.caption or ""))
        for p, role, path in pics
        if role == "after"
    ]
    before: list[tuple[Path | str | None, str]] = [
        (path, ctx.tr("整改前", "Before") + " · " + (p.caption or ""))
        for p, role, path in pics
        if role != "after"
    ]
    verdict = (
        ctx.tr("复查合格", "passed")
        if check and check.kind == "verified"
        else ctx.tr("复查不合格", "failed")
    )
    return KeepTogether(
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
                            (
                                check.note
                                if check.note.startswith(verdict)
                                else verdict + ctx.tr("：", ": ") + check.note
                                if check.note
                                else verdict
                            )
                            if check
                            else ctx.tr("待复查", "pending"),
                        )
                    ],
                    [
                        (
                            ctx.tr("复查人", "Re-inspected by"),
                            ctx.user_name(check.actor_id) if check else "—",
                        ),
                        (ctx.tr("复查时间", "Re-inspected"), _t(ctx, check)),
                    ],
                    [(ctx.tr("当前状态", "Status"), ctx.name(d.status, DefectStatus))],
                ],
                width,
            ),
            photo_grid(ctx, (before[:1] or []) + after[:3], width)
            if after
            else red(
                ctx.tr("无整改后照片：不能复查销项", "No after-photo: cannot be verified"), "small"
            ),
        ]
    )


def _signatures_of(ctx: Ctx, defects: list[Defect], n: Notice) -> list:
    """The signatures one form holds: on the notice and on its defects."""
    targets = {("defects", d.id) for d in defects} | {("notices", n.id)}
    return [s for s in ctx.signatures if (s.target_type, s.target_id) in targets]


def _last(events, kind: str):
    found = [e for e in events if e.kind == kind]
    return found[-1] if found else None


def _t(ctx: Ctx, event) -> str:
    return (ctx.local_time(event.at) if event else "") or "—"


def _date(ctx: Ctx, stamp: str) -> str:
    return (ctx.local_time(stamp) or "—")[:10]
