"""检查记录: one inspection as filled, rendered from its pinned template: every section and
item with its answer and verdict, the defects it raised, its photos and signatures.

Works for any template: the layout follows the template's sections (repeating ones entry by
entry) and item types. Verdicts, computed values (sample size and the units drawn with their
seed, lot verdicts, JGJ 59 scores and rating) and sub-table scores come from the checklist
engine (`store.inspections.evaluate_inspection`), with the standard each value came from.
"""

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ..core.compute import score_items
from ..core.display import display
from ..core.engine import Evaluation
from ..core.item_path import entry_path
from ..core.model import (
    DefectStatus,
    Inspection,
    InspectionKind,
    InspectionStatus,
    OrgKind,
)
from ..core.standard_names import standard_text
from ..core.templates import FAIL, NA, PASS, Item, Template
from ..errors import InspectError, TemplateError
from ..store import Store
from ..store.inspections import evaluate_inspection, template_for
from .context import Ctx
from .data import INSPECTION_LINKS, find_defects, location, photos_of
from .layout import P, Title, fit_widths, grid, heading, photo_grid, red, signature_block, table


def load_template(store: Store, insp: Inspection) -> Template | None:
    """The template the inspection was started with, as pinned in the store, with its
    standards attached; None when it is missing or no longer parses."""
    try:
        return template_for(store, insp)
    except (InspectError, TemplateError):
        return None


def evaluation(store: Store, insp: Inspection) -> Evaluation | None:
    try:
        return evaluate_inspection(store, insp)
    except (InspectError, TemplateError):
        return None


def story(ctx: Ctx, width: float) -> list:
    insp, p = ctx.inspection, ctx.project
    assert insp is not None  # make_context: an inspection record is made for an inspection
    ctx.cover("inspections", insp.id)
    ctx.add_signatures("inspections", insp.id)
    tpl = load_template(ctx.store, insp)
    building = ctx.buildings.get(insp.building_id)
    tpl_title = _label(ctx, tpl.title) if tpl else insp.template_id
    out: list = [
        Title(ctx.title),
        P(tpl_title, "subtitle"),
        Spacer(1, 4 * mm),
        grid(
            [
                [(ctx.tr("工程名称", "Project"), p.name), (ctx.tr("编号", "No."), ctx.number)],
                [
                    (ctx.tr("检查名称", "Inspection"), insp.title or tpl_title),
                    (ctx.tr("检查类型", "Kind"), ctx.name(insp.kind, InspectionKind)),
                ],
                [
                    (ctx.tr("检查部位", "Where"), building.name if building else p.address),
                    (ctx.tr("状态", "Status"), ctx.name(insp.status, InspectionStatus)),
                ],
                [
                    (ctx.tr("检查人", "Inspector"), ctx.user_name(insp.inspector_id) or "—"),
                    (
                        ctx.tr("检查单位", "Organization"),
                        ctx.user_org(insp.inspector_id) or ctx.party(OrgKind.SUPERVISOR),
                    ),
                ],
                [
                    (ctx.tr("开始时间", "Started"), _time(ctx, insp.started_at)),
                    (ctx.tr("提交时间", "Submitted"), _time(ctx, insp.submitted_at)),
                ],
                [
                    (
                        ctx.tr("检查表", "Checklist"),
                        f"{insp.template_id} v{insp.template_version} · SHA-256 {insp.template_hash[:16]}…",
                    )
                ],
            ],
            width,
        ),
    ]
    if tpl is None:
        out += [
            heading(ctx.tr("检查结果", "Answers")),
            P(
                ctx.tr(
                    "检查表模板缺失，按原始答案列出。",
                    "The checklist template is missing; raw answers follow.",
                )
            ),
            table(
                [ctx.tr("项目", "Item"), ctx.tr("结果", "Answer")],
                [[k, _plain(v)] for k, v in sorted(insp.answers.items())],
                fit_widths([1, 2], width),
            ),
        ]
    else:
        ev = evaluation(ctx.store, insp)
        out += _sections(ctx, tpl, insp.answers, ev, width)
        out += _result(ctx, tpl, ev, width)
    defects = find_defects(ctx, "inspection_id = ?", [insp.id])
    if defects:
        out += [
            heading(ctx.tr(f"发现的问题（{len(defects)} 项）", f"Defects raised ({len(defects)})")),
            table(
                [
                    ctx.tr("序号", "No."),
                    ctx.tr("问题", "Defect"),
                    ctx.tr("等级", "Severity"),
                    ctx.tr("位置", "Location"),
                    ctx.tr("状态", "Status"),
                ],
                [
                    [
                        str(i),
                        d.title,
                        ctx.name(d.severity),
                        location(ctx, d),
                        ctx.name(d.status, DefectStatus),
                    ]
                    for i, d in enumerate(defects, 1)
                ],
                fit_widths([0.6, 3.4, 0.9, 2.2, 1.0], width),
            ),
        ]
    pics = photos_of(ctx.store, INSPECTION_LINKS, [insp.id]).get(insp.id, [])
    if pics:
        out += [
            heading(ctx.tr("现场照片", "Photos")),
            photo_grid(
                ctx,
                [
                    (path, photo.caption or _item_label(ctx, tpl, role))
                    for photo, role, path in pics
                ],
                width,
            ),
        ]
    if insp.notes:
        out += [heading(ctx.tr("备注", "Notes")), P(insp.notes, "body")]
    out += [
        CondPageBreak(50 * mm),
        heading(ctx.tr("签字", "Signatures")),
        signature_block(
            ctx,
            [
                (ctx.tr("检查人", "Inspector"), ctx.user_org(insp.inspector_id)),
                (ctx.tr("被检查单位/住户", "Inspected party"), ""),
            ],
            width,
        ),
    ]
    return out


def _sections(ctx: Ctx, tpl: Template, answers: dict, ev: Evaluation | None, width: float) -> list:
    out, n = [], 0
    header = [
        ctx.tr("序号", "No."),
        ctx.tr("检查项目", "Item"),
        ctx.tr("检查结果", "Answer"),
        ctx.tr("判定", "Verdict"),
        ctx.tr("依据", "Standard"),
    ]
    for s_no, section in enumerate(tpl.sections, 1):
        paths: list[tuple[str, Item, str]] = []
        if section.repeat:
            entries = answers.get(section.id) or []
            for i in range(len(entries) if isinstance(entries, list) else 0):
                paths += [
                    (entry_path(section.id, i, it.id), it, f"[{i + 1}] ") for it in section.items
                ]
        else:
            paths = [(it.id, it, "") for it in section.items]
        rows = []
        for path, item, prefix in paths:
            n += 1
            label = prefix + _label(ctx, item.label)
            if ev is not None and path not in ev.items:
                rows.append(
                    [
                        str(n),
                        label,
                        ctx.tr("不适用（条件不满足）", "n/a (not applicable)"),
                        "—",
                        standard_text(item.standard, ctx.lang),
                    ]
                )
                continue
            if ev is not None:
                result = ev.items[path]
                value, failed = result.value, path in ev.failed
                source = item.standard or ev.sources.get(path, "")
            else:
                value, failed, source = (
                    answers.get(path),
                    item.fails(answers.get(path)),
                    item.standard,
                )
            rows.append(
                [
                    str(n),
                    label,
                    _answer(ctx, item, value),
                    _verdict(ctx, item, value, failed),
                    standard_text(source, ctx.lang),
                ]
            )
        if not rows:
            rows = [["—", ctx.tr("（无记录）", "(no entries)"), "", "", ""]]
        if section.score_table and ev is not None:
            out += _score_section(ctx, f"{s_no}. {_label(ctx, section.title)}", paths, ev, width)
            continue
        out += [
            heading(f"{s_no}. {_label(ctx, section.title)}"),
            table(header, rows, fit_widths([0.5, 3.2, 2.2, 0.9, 1.5], width)),
        ]
    return out


def _score_section(ctx: Ctx, title: str, paths: list, ev: Evaluation, width: float) -> list:
    """A JGJ 59 sub-table as the standard's own sheet: 应得分 / 扣减分 / 实得分 per item; an
    item left blank is marked 未填 and scores nothing (core.standards.safety)."""
    rows: list = []
    scored = []
    for n, (path, item, prefix) in enumerate(paths, 1):
        label = prefix + _label(ctx, item.label)
        cite = standard_text(item.standard, ctx.lang)
        r = ev.items.get(path)
        if r is None:
            rows.append([str(n), label, "", ctx.tr("不适用", "n/a"), "", cite])
            continue
        if item.type != "score":
            rows.append([str(n), label, "", _answer(ctx, item, r.value), "", cite])
            continue
        si = score_items([r])[0]  # 实得分 by the one rule (core.standards.safety)
        scored.append(si)
        deducted: str | Flowable
        if not si.answered:
            deducted = red(ctx.tr("未填", "not answered"))
        elif si.deduction is None:
            deducted = ctx.tr("缺项", "n/a")
        else:
            deducted = _number(si.deduction)
        rows.append([str(n), label, _number(si.full), deducted, _number(si.got), cite])
    if scored:  # 检查项目合计 over the items that apply; none while one is unanswered
        applies = [i for i in scored if i.deduction is not None or not i.answered]  # not 缺项
        complete = all(i.answered for i in scored)
        rows.append(
            [
                "",
                ctx.tr("检查项目合计", "Total of the items"),
                _number(sum(i.full for i in applies)),
                _number(sum(i.deduction or 0.0 for i in applies)),
                _number(sum(i.got or 0.0 for i in applies))
                if complete
                else red(ctx.tr("不完整", "incomplete")),
                "",
            ]
        )
    header = [
        ctx.tr("序号", "No."),
        ctx.tr("检查项目", "Item"),
        ctx.tr("应得分", "Full score"),
        ctx.tr("扣减分", "Deducted"),
        ctx.tr("实得分", "Score"),
        ctx.tr("依据", "Standard"),
    ]
    return [
        heading(title),
        table(header, rows, fit_widths([0.5, 3.4, 0.8, 0.9, 0.8, 1.3], width)),
    ]


RATINGS = {"good": ("优良", "Good"), "pass": ("合格", "Pass"), "fail": ("不合格", "Fail")}


def _result(ctx: Ctx, tpl: Template, ev: Evaluation | None, width: float) -> list:
    if ev is None:
        return [
            heading(ctx.tr("检查结论", "Result")),
            P(ctx.tr("检查表无法评定。", "The checklist could not be evaluated.")),
        ]
    judged = [r for r in ev.items.values() if r.item.type != "computed"]
    rows = [
        [
            (ctx.tr("检查项", "Items shown"), str(len(judged))),
            (ctx.tr("已填写", "Answered"), str(ev.answered)),
        ],
        [
            # a JGJ 59 deduction is not a failure by itself: its sub-table score judges
            (
                ctx.tr("不合格项", "Failed"),
                str(sum(1 for p in ev.failed if ev.items[p].item.type != "score")),
            ),
            (ctx.tr("必填未填", "Required, blank"), str(len(ev.missing))),
        ],
    ]
    # Seeds, computed values (sample, lot verdict, score, rating): the figures a reader checks.
    figures = [
        (_label(ctx, r.item.label), _answer(ctx, r.item, r.value))
        for path, r in ev.items.items()
        if (r.item.type == "computed" or "seed" in r.item.id) and "[" not in path
    ]
    rows += [figures[i : i + 2] for i in range(0, len(figures), 2)]
    out: list[Flowable] = [heading(ctx.tr("检查结论", "Result"))]
    blank = [p for st in ev.tables.values() for p in st.unanswered]
    if blank:
        out.append(
            red(
                ctx.tr(
                    f"不完整：{len(blank)} 个评分项未填，不评分、不评定等级。",
                    f"Incomplete: {len(blank)} scored items unanswered; not scored, not rated.",
                ),
                "body",
            )
        )
    out.append(grid(rows, width, label_w=30 * mm))
    if ev.tables:
        names = tpl.tables.safety.names if tpl.tables is not None else {}
        out += [
            CondPageBreak(40 * mm),
            heading(ctx.tr("分项检查评分", "Sub-table scores")),
            table(
                [
                    ctx.tr("分项检查评分表", "Sub-table"),
                    ctx.tr("应得分", "Full score"),
                    ctx.tr("实得分", "Score"),
                    ctx.tr("保证项目得分", "Guaranteed items"),
                    ctx.tr("说明", "Note"),
                ],
                [
                    [
                        _label(ctx, names.get(key, key)),
                        "100",
                        _number(st.score),
                        _number(st.guaranteed) if st.complete else "—",
                        _table_note(ctx, tpl, st),
                    ]
                    for key, st in ev.tables.items()
                ],
                fit_widths([2.4, 0.8, 0.8, 1.1, 2.7], width),
            ),
        ]
    return out


def _table_note(ctx: Ctx, tpl: Template, st):
    if not st.complete:
        names = "、".join(_item_label(ctx, tpl, path) or path for path in st.unanswered)
        return red(
            ctx.tr(
                f"不完整，未评分：{len(st.unanswered)} 项未填（{names}）",
                f"Incomplete, not scored: {len(st.unanswered)} unanswered ({names})",
            )
        )
    if st.zeroed:
        return red(ctx.tr("保证项目不足，记零分", "zeroed: guaranteed items"))
    if st.score is None:
        return ctx.tr("不适用", "n/a")
    return ""


def _number(x) -> str:
    if x is None:
        return "—"
    return f"{x:g}" if isinstance(x, float) else str(x)


def _label(ctx: Ctx, label) -> str:
    if label is None or isinstance(label, str | int | float):
        return "" if label is None else str(label)
    if isinstance(label, dict):
        return label.get(ctx.lang) or label.get("zh") or ""
    return (getattr(label, ctx.lang, "") or getattr(label, "zh", "")) or str(label)


def _item_label(ctx: Ctx, tpl: Template | None, item_id: str) -> str:
    if tpl is None or not item_id:
        return ""
    try:
        return _label(ctx, tpl.item(item_id).label)
    except KeyError:
        return ""


def _answer(ctx: Ctx, item: Item, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ctx.tr("未填", "blank") if item.type != "computed" else "—"
    if isinstance(value, bool):
        return ctx.tr("是", "yes") if value else ctx.tr("否", "no")
    if item.type == "computed" and isinstance(value, str) and value in RATINGS:
        zh, en = RATINGS[value]
        return ctx.tr(zh, en)
    if item.type == "table" or (item.type == "computed" and not isinstance(value, float)):
        # grades as Ⅰ–Ⅳ, a table's rows as phrases (core.display: the screen reads the same)
        return display(item, value, None, ctx.lang)
    if isinstance(value, float):
        return _number(round(value, 3))
    if item.type == "pass_fail":
        return {
            PASS: ctx.tr("合格", "pass"),
            FAIL: ctx.tr("不合格", "fail"),
            NA: ctx.tr("不适用", "n/a"),
        }.get(value, str(value))
    if item.type == "choice":
        picked = value if isinstance(value, list) else [value]
        names = {o.value: _label(ctx, o.label) for o in item.options}
        return "、".join(names.get(v, str(v)) for v in picked)
    if item.type == "number":
        return display(item, value, None, ctx.lang)
    if item.type == "location" and isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    if item.type in ("photo", "signature"):
        return ctx.tr("见附件", "attached") if value else ctx.tr("无", "none")
    return _plain(value)


def _verdict(ctx: Ctx, item: Item, value: Any, failed: bool):
    if failed:
        return red(ctx.tr("不合格", "Fail"))
    judged = (
        item.type == "pass_fail"
        or (item.type == "choice" and any(o.fails for o in item.options))
        or (item.type == "number" and (item.min is not None or item.max is not None))
    )
    if not judged or value in (None, "", NA, []):
        return "—"
    return ctx.tr("合格", "Pass")


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_plain(v) for v in value)
    return str(value)


def _time(ctx: Ctx, iso: str) -> str:
    return ctx.local_time(iso) or "—"
