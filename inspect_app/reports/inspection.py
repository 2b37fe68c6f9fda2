"""检查记录: one inspection as filled, rendered from its pinned template: every section and
item with its answer and verdict, the defects it raised, its photos and signatures.

Works for any template: the layout follows the template's sections and item types. When the
core has an evaluation engine (`evaluate(template, answers)`), its computed values, sample and
seed, score and rating are printed as well.
"""

import dataclasses
import importlib
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from ..core.model import (
    DefectStatus,
    Inspection,
    InspectionKind,
    InspectionStatus,
    OrgKind,
    TemplateSnapshot,
)
from ..core.templates import FAIL, NA, PASS, Item, Template, parse_template
from ..errors import TemplateError
from ..store import Store
from .context import Ctx
from .data import INSPECTION_LINKS, find_defects, location, photos_of
from .layout import P, Title, fit_widths, grid, heading, photo_grid, red, signature_block, table


def load_template(store: Store, insp: Inspection) -> Template | None:
    """The template the inspection was started with, as pinned in the store."""
    snaps = store.find(
        TemplateSnapshot,
        "template_id = ? AND version = ? AND content_hash = ?",
        [insp.template_id, insp.template_version, insp.template_hash],
    )
    if not snaps:
        return None
    try:
        return parse_template(snaps[0].content, f"{insp.template_id} v{insp.template_version}")
    except TemplateError:
        return None


def evaluation(template: Template, answers: dict) -> dict[str, Any]:
    """The core engine's evaluation as a dict, or {} while the core has none."""
    for module in (
        "inspect_app.core.evaluate",
        "inspect_app.core.templates",
        "inspect_app.core.scoring",
    ):
        try:
            fn = getattr(importlib.import_module(module), "evaluate", None)
        except ImportError:
            continue
        if callable(fn):
            result = fn(template, answers)
            if hasattr(result, "model_dump"):
                return result.model_dump()
            if dataclasses.is_dataclass(result):
                return dataclasses.asdict(result)
            return dict(result) if isinstance(result, dict) else {}
    return {}


def story(ctx: Ctx, width: float) -> list:
    insp, p = ctx.inspection, ctx.project
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
                    (ctx.tr("开始时间", "Started"), _time(insp.started_at)),
                    (ctx.tr("提交时间", "Submitted"), _time(insp.submitted_at)),
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
        evaluated = evaluation(tpl, insp.answers)
        out += _sections(ctx, tpl, insp.answers, evaluated, width)
        out += _result(ctx, tpl, insp.answers, evaluated, width)
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
            ctx.valid_signatures(),
        ),
    ]
    return out


def _sections(ctx: Ctx, tpl: Template, answers: dict, evaluated: dict, width: float) -> list:
    computed = evaluated.get("computed") or evaluated.get("values") or {}
    visible = {i.id for i in tpl.visible_items(answers)}
    out, n = [], 0
    header = [
        ctx.tr("序号", "No."),
        ctx.tr("检查项目", "Item"),
        ctx.tr("检查结果", "Answer"),
        ctx.tr("判定", "Verdict"),
        ctx.tr("依据", "Standard"),
    ]
    for s_no, section in enumerate(tpl.sections, 1):
        rows = []
        for item in section.items:
            n += 1
            if item.id not in visible:
                rows.append(
                    [
                        str(n),
                        _label(ctx, item.label),
                        ctx.tr("不适用（条件不满足）", "n/a (not applicable)"),
                        "—",
                        item.standard,
                    ]
                )
                continue
            value = computed.get(item.id, answers.get(item.id))
            rows.append(
                [
                    str(n),
                    _label(ctx, item.label),
                    _answer(ctx, item, value),
                    _verdict(ctx, item, value),
                    item.standard,
                ]
            )
        out += [
            heading(f"{s_no}. {_label(ctx, section.title)}"),
            table(header, rows, fit_widths([0.5, 3.2, 2.2, 0.9, 1.5], width)),
        ]
    return out


def _result(ctx: Ctx, tpl: Template, answers: dict, evaluated: dict, width: float) -> list:
    visible = tpl.visible_items(answers)
    judged = [i for i in visible if i.type in ("pass_fail", "choice", "number", "computed")]
    answered = [i for i in judged if answers.get(i.id) not in (None, "", NA)]
    failed = [i for i in answered if i.fails(answers.get(i.id))]
    rows = [
        [
            (ctx.tr("判定项", "Judged items"), str(len(judged))),
            (ctx.tr("已检查", "Checked"), str(len(answered))),
        ],
        [
            (ctx.tr("合格", "Passed"), str(len(answered) - len(failed))),
            (ctx.tr("不合格", "Failed"), str(len(failed))),
        ],
    ]
    extra = []
    for key, zh, en in (
        ("score", "得分", "Score"),
        ("max_score", "满分", "Out of"),
        ("rating", "评定等级", "Rating"),
        ("seed", "抽样种子", "Sample seed"),
    ):
        if evaluated.get(key) not in (None, ""):
            extra.append((ctx.tr(zh, en), _plain(_label(ctx, evaluated[key]))))
    sample = evaluated.get("sample")
    if sample:
        extra.append((ctx.tr("抽取样本", "Sample drawn"), _plain(sample)))
    rows += [extra[i : i + 2] for i in range(0, len(extra), 2)]
    return [heading(ctx.tr("检查结论", "Result")), grid(rows, width)]


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
    if value in (None, ""):
        return ctx.tr("未填", "blank")
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
        return f"{value} {item.unit}".strip()
    if item.type == "location" and isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    if item.type in ("photo", "signature"):
        return ctx.tr("见附件", "attached") if value else ctx.tr("无", "none")
    return _plain(value)


def _verdict(ctx: Ctx, item: Item, value: Any):
    if item.type not in ("pass_fail", "choice", "number", "computed") or value in (None, "", NA):
        return "—"
    if item.fails(value):
        return red(ctx.tr("不合格", "Fail"))
    return ctx.tr("合格", "Pass")


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_plain(v) for v in value)
    return str(value)


def _time(iso: str) -> str:
    return iso[:16].replace("T", " ") if iso else "—"
