"""Printed lifecycle paperwork: the owners' vote tally sheet (计票单) and the stage record
(阶段记录) with every gate and every administrator override and its reason.

Both are printed on the shared page of every report (reports/layout.py: 编号, 第 x 页 共 y 页,
the integrity block and QR code) and issued like every report (build.issue), so `inspect-app
verify` checks them. The bundled WenQuanYi Micro Hei is embedded (subset) and is the canvas's
initial font, so `pdffonts` lists no unembedded font.
"""

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from ..core import lifecycle
from ..core.model import IssuedReport, Project, StageTransition
from ..core.votes import CHOICE_NAMES, BallotRow, Matter, Tally, pct
from ..paths import cjk_font
from ..store import Store
from .context import Ctx
from .layout import esc, signature_block

FONT = "WQY"


def _zh(stage) -> str:
    return lifecycle.stage_zh(stage)


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(cjk_font()), subfontIndex=0))
    return FONT


def _styles():
    f = _font()
    return {
        "title": ParagraphStyle("title", fontName=f, fontSize=16, leading=22, alignment=1),
        "sub": ParagraphStyle("sub", fontName=f, fontSize=9, leading=13, alignment=1),
        "h": ParagraphStyle("h", fontName=f, fontSize=11, leading=16, spaceBefore=6),
        "body": ParagraphStyle("body", fontName=f, fontSize=9, leading=13),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=8.5, leading=11),
    }


def _table(rows, widths, header=True, font_size=8.5) -> Table:
    tbl = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), _font()),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)))
    tbl.setStyle(TableStyle(style))
    return tbl


def tally_sheet(
    store: Store,
    path: Path | str,
    result: Tally,
    matter: Matter,
    rows: list[BallotRow],
    *,
    project: Project,
    title: str = "业主表决计票单",
    community: str = "",
    source: str = "",
    overrides: list[str] | None = None,
    vote_id: str = "",
) -> IssuedReport:
    """The owners' vote tally sheet: result by area and by head, the thresholds and the law
    they come from, and every ballot; issued for the vote (`vote_id`), else for the
    community (a sheet tallied from a file), which places it for sync like every report."""
    from .build import issue, write_document

    ctx = Ctx(store=store, kind="tally", title="业主表决计票单", project=project)
    if vote_id:
        ctx.target_type, ctx.target_id = "votes", vote_id
        ctx.cover("votes", vote_id)
        ctx.add_signatures("votes", vote_id)  # 计票人 and 监票人, when signed in the app
    else:
        ctx.target_type, ctx.target_id = "projects", project.id
    # What the sheet shows is the tally of the rows, not only records: it is what is hashed.
    ctx.facts = {
        "matter": str(matter),
        "result": result.as_dict(),
        "ballots": [[r.unit, r.owner, str(r.area), str(r.choice), str(r.cast)] for r in rows],
    }
    story = _tally_story(ctx, result, matter, rows, title, community, source, overrides)
    return issue(ctx, Path(path), lambda tmp: write_document(ctx, tmp, story))


def _tally_story(ctx, result, matter, rows, title, community, source, overrides):
    def story(width: float) -> list:
        st = _styles()
        th = result.thresholds
        rel = "超过" if th.strict else "不少于"
        matter_zh = (
            "重大事项（民法典第二百七十八条第一款第六至八项）"
            if matter == Matter.MAJOR
            else "一般事项"
        )
        story = [
            Paragraph("业主表决计票单", st["title"]),
            Paragraph(esc(f"{community}　{title if title != '业主表决计票单' else ''}"), st["sub"]),
            Spacer(1, 4 * mm),
            Paragraph(f"表决事项类别：{matter_zh}　　选票来源：{esc(source or '—')}", st["body"]),
            Paragraph(
                f"业主总人数 {result.total_head} 人，专有部分总面积 {float(result.total_area):.2f} ㎡。"
                "弃权的业主计入参与表决，但不计入同意。",
                st["body"],
            ),
            Spacer(1, 3 * mm),
        ]
        check = lambda ok: "达到" if ok else "未达到"  # noqa: E731
        part_area_ok = result.participation_area >= th.quorum_area
        part_head_ok = result.participation_head >= th.quorum_head
        app_area_ok = (result.approval_area > th.approval_area) if th.strict else (result.approval_area >= th.approval_area)  # fmt: skip
        app_head_ok = (result.approval_head > th.approval_head) if th.strict else (result.approval_head >= th.approval_head)  # fmt: skip
        summary = [
            ["项目", "按专有面积", "按业主人数", "要求", "结论"],
            ["参与表决", f"{float(result.part_area):.2f} ㎡ / {pct(result.participation_area)}",
             f"{result.part_head} 人 / {pct(result.participation_head)}",
             f"均不少于 {th.quorum_area}（{pct(th.quorum_area)}）", check(part_area_ok and part_head_ok)],
            ["同意", f"{float(result.yes_area):.2f} ㎡ / {pct(result.approval_area)}",
             f"{result.yes_head} 人 / {pct(result.approval_head)}",
             f"占参与表决的{rel} {th.approval_area}（{pct(th.approval_area)}）", check(app_area_ok and app_head_ok)],
            ["反对", f"{float(result.no_area):.2f} ㎡", f"{result.no_head} 人", "", ""],
            ["弃权", f"{float(result.abstain_area):.2f} ㎡", f"{result.abstain_head} 人", "", ""],
            ["未参与", f"{float(result.total_area - result.part_area):.2f} ㎡",
             f"{result.total_head - result.part_head} 人", "", ""],
        ]  # fmt: skip
        story += [
            _table(summary, [22 * mm, 38 * mm, 30 * mm, 60 * mm, 22 * mm]),
            Spacer(1, 3 * mm),
            Paragraph(
                f"表决结果：<b>{'通过' if result.approved else '未通过'}</b>　　依据：{esc(th.law)}",
                st["h"],
            ),
        ]
        for m in overrides or []:
            story.append(Paragraph(esc(f"管理员强制推进记录：{m}"), st["body"]))
        story += [Spacer(1, 3 * mm), Paragraph("选票明细", st["h"])]
        detail = [["序号", "房号", "业主", "专有面积（㎡）", "表决意见", "方式"]]
        for n, r in enumerate(sorted(rows, key=lambda r: r.unit), start=1):
            detail.append(
                [
                    str(n),
                    r.unit,
                    r.owner,
                    f"{float(r.area):.2f}",
                    CHOICE_NAMES[r.choice][0],
                    "线上" if r.cast == "online" else "书面",
                ]
            )
        story += [
            _table(detail, [12 * mm, 28 * mm, 40 * mm, 30 * mm, 30 * mm, 20 * mm]),
            Spacer(1, 6 * mm),
            Paragraph("计票、监票签字", st["h"]),
            signature_block(ctx, [("计票人", ""), ("监票人", "")], width),
        ]
        return story

    return story


def status_sheet(
    store: Store, path: Path | str, status, actor_names: dict[str, str] | None = None
) -> IssuedReport:
    """The stage record of one community: each gate's conditions and every override; issued
    for the community, covering it and every stage move."""
    from .build import issue, write_document

    p = status.project
    ctx = Ctx(store=store, kind="stage-record", title="老旧小区改造项目阶段记录", project=p)
    ctx.target_type, ctx.target_id = "projects", p.id
    ctx.cover("projects", p.id)
    for tr in store.find(StageTransition, "project_id = ?", [p.id], order_by="at"):
        ctx.cover("stage_transitions", tr.id)
    ctx.add_signatures("projects", p.id)

    def story(width: float) -> list:
        return _status_story(ctx, status, actor_names or {}, width)

    return issue(ctx, Path(path), lambda tmp: write_document(ctx, tmp, story))


def _status_story(ctx: Ctx, status, names: dict[str, str], width: float) -> list:
    st = _styles()
    p = status.project
    story = [
        Paragraph("老旧小区改造项目阶段记录", st["title"]),
        Paragraph(esc(f"{p.name}　{p.address}"), st["sub"]),
        Spacer(1, 4 * mm),
        Paragraph(f"当前阶段：<b>{_zh(p.stage)}</b>", st["h"]),
    ]
    current = lifecycle.ORDER.index(p.stage)
    for g in status.gates:
        idx = lifecycle.ORDER.index(g.to_stage)
        where = "已进入" if idx <= current else ("下一关" if idx == current + 1 else "未到")
        story.append(Paragraph(f"进入“{_zh(g.to_stage)}”（{where}）", st["h"]))
        rows: list[list] = [["", "条件", "情况"]]
        for c in g.conditions:
            ev = "、".join(e.text for e in c.evidence[:4]) + ("等" if len(c.evidence) > 4 else "")
            rows.append(
                [
                    "✓" if c.met else "×",  # WQY Micro Hei has no ✗
                    Paragraph(esc(c.text), st["cell"]),
                    Paragraph(esc(ev if c.met else c.missing), st["cell"]),
                ]
            )
        if len(rows) == 1:
            rows.append(["", Paragraph("无前置条件", st["cell"]), ""])
        story.append(_table(rows, [8 * mm, 80 * mm, 86 * mm]))
    overrides = [tr for tr in status.transitions if tr.override_reason]
    story.append(Paragraph("管理员强制推进记录", st["h"]))
    if overrides:
        rows = [["时间", "阶段", "操作人", "理由", "当时未满足的条件"]]
        for tr in overrides:
            rows.append(
                [
                    Paragraph(ctx.local_time(tr.at), st["cell"]),
                    Paragraph(f"{_zh(tr.from_stage)}→{_zh(tr.to_stage)}", st["cell"]),
                    Paragraph(esc(names.get(tr.actor_id, tr.actor_id)), st["cell"]),
                    Paragraph(esc(tr.override_reason), st["cell"]),
                    Paragraph(esc("\n".join(tr.missing)), st["cell"]),
                ]
            )
        story.append(_table(rows, [24 * mm, 30 * mm, 18 * mm, 50 * mm, 52 * mm]))
    else:
        story.append(Paragraph("无。", st["body"]))
    story += [
        Spacer(1, 3 * mm),
        Paragraph(
            f"未整改的审计、督查问题 {status.open_findings} 项；"
            f"未办结的居民投诉 {status.open_complaints} 件。",
            st["body"],
        ),
    ]
    if ctx.signatures:
        story += [Paragraph("签字", st["h"]), signature_block(ctx, [], width)]
    return story
