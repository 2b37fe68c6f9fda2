"""`inspect-app project`: a community's stage, its gates, and moving it on."""

import json
import sys
from pathlib import Path

from ..core import lifecycle
from ..core.i18n import t
from ..core.model import User
from ..errors import NotFound
from ..store import Store
from ..store import lifecycle as lc


def register(sub, data_option) -> None:
    p = sub.add_parser("project", help=t("项目（小区）阶段与关口", "a community's stage and gates"))
    data_option(p)
    cmds = p.add_subparsers(dest="project_command", metavar="ACTION", required=True)

    sp = cmds.add_parser(
        "status", help=t("当前阶段与各关口条件", "stage and each gate's conditions")
    )
    data_option(sp)
    sp.add_argument("--project", required=True, metavar="ID")
    sp.add_argument("--json", action="store_true")
    sp.add_argument(
        "--pdf", type=Path, metavar="OUT", help=t("打印阶段记录", "print the status sheet")
    )
    sp.set_defaults(handler=run_status)

    ap = cmds.add_parser("advance", help=t("推进到下一阶段", "move to the next stage"))
    data_option(ap)
    ap.add_argument("--project", required=True, metavar="ID")
    ap.add_argument(
        "--override-reason",
        default="",
        metavar="TEXT",
        help=t(
            "管理员强制推进的书面理由（记录并打印）",
            "an administrator's written reason to override (logged and printed)",
        ),
    )
    ap.add_argument("--user", metavar="NAME|ID", help=t("以该用户身份操作", "act as this user"))
    ap.set_defaults(handler=run_advance)  # fmt: skip


def run_status(args) -> int:
    record = None
    with Store.open(args.data) as store:
        st = lc.status(store, args.project)
        if args.pdf:
            from ..reports.tally import status_sheet

            record = status_sheet(store, args.pdf, st, actor_names(store))
    if args.json:
        print(json.dumps(st.as_dict(), ensure_ascii=False, indent=1))
    else:
        print(status_text(st))
    if record is not None:
        note = t(
            f"阶段记录已保存：{args.pdf}（编号 {record.number}，报告ID {record.id}）",
            f"status sheet written to {args.pdf} (No. {record.number}, report id {record.id})",
        )
        print(note, file=sys.stderr if args.json else sys.stdout)
    return 0


def actor_names(store: Store) -> dict[str, str]:
    return {u.id: u.display_name or u.name for u in store.find(User)}


def status_text(st: lc.Status) -> str:
    p = st.project
    lines = [
        f"{p.name}  ({p.id})",
        t(f"当前阶段：{lifecycle.stage_name(p.stage)}", f"stage: {lifecycle.stage_name(p.stage)}"),
    ]
    current = lifecycle.ORDER.index(p.stage)
    for g in st.gates:
        idx = lifecycle.ORDER.index(g.to_stage)
        where = t("已进入", "entered") if idx <= current else (t("下一关", "next") if idx == current + 1 else t("未到", "ahead"))  # fmt: skip
        # Conditions of gates already passed are shown as they stand now, for the record.
        mark = "●" if idx <= current else ("✓" if g.met else "✗") if idx == current + 1 else "○"
        lines.append(f"{mark} → {lifecycle.stage_name(g.to_stage)} [{where}]")
        for c in g.conditions:
            ev = "、".join(e.text for e in c.evidence[:3]) + ("…" if len(c.evidence) > 3 else "")
            detail = c.missing if not c.met else ev
            lines.append(
                f"    {'✓' if c.met else '✗'} {c.text}" + (f" — {detail}" if detail else "")
            )
        if not g.conditions:
            lines.append(t("    （无条件）", "    (no conditions)"))
    for tr in st.transitions:
        if tr.override_reason:
            lines.append(
                t(
                    f"强制推进 {lifecycle.stage_name(tr.from_stage)} → {lifecycle.stage_name(tr.to_stage)}（{tr.at}）：{tr.override_reason}",
                    f"override {tr.from_stage.value} → {tr.to_stage.value} ({tr.at}): {tr.override_reason}",
                )
            )
    lines.append(t(f"未整改的审计、督查问题：{st.open_findings} 项", f"open audit/inspection findings: {st.open_findings}"))  # fmt: skip
    lines.append(t(f"未办结的居民投诉：{st.open_complaints} 件", f"open complaints: {st.open_complaints}"))  # fmt: skip
    return "\n".join(lines)


def run_advance(args) -> int:
    with Store.open(args.data) as store:
        actor = _user(store, args.user) if args.user else None
        tr = lc.advance(store, args.project, args.override_reason, actor=actor)
    name = lifecycle.stage_name(tr.to_stage)
    if tr.override_reason:
        print(t(f"已强制推进到“{name}”，理由已记录：{tr.override_reason}", f"moved to {name} by override; reason logged: {tr.override_reason}"))  # fmt: skip
    else:
        print(t(f"已推进到“{name}”", f"moved to {name}"))
    return 0


def _user(store: Store, key: str) -> str:
    for u in store.find(User, "id = ? OR name = ?", [key, key]):
        return u.id
    raise NotFound(t(f"找不到用户 {key}", f"no user {key}"))
