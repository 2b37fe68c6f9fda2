"""`inspect-app defect`: the rectification loop on the command line, one action per call.

The same store operations (store/defects.py) and role rules (core/workflow.py) as the window,
acting as the profile's signed-in user. Text given on the command line enters through the
text policy (core/text.py), so a refusal names the option.
"""

import json
import sys
from pathlib import Path

from ..core import workflow
from ..core.i18n import current, t
from ..core.model import NAMES, Building, Defect, DefectStatus, Organization, Severity, User
from ..core.text import TextRefused, clean_text
from ..errors import InspectError, NotFound
from ..store import Store
from ..store import defects as ops
from .defects_cmd import _lookup, _org, _project

# action → (help zh, help en)
_ACTIONS = {
    "assign": ("下发整改（或改派）给责任单位", "assign (or reassign) to an organization"),
    "reply": ("施工单位整改回复", "the contractor's rectification reply"),
    "verify": ("复查通过", "verify the rectification"),
    "reject": ("复查不通过，退回整改", "reject the rectification"),
    "close": ("销项", "close"),
    "reopen": ("重新打开", "reopen"),
    "comment": ("添加备注（不改变状态）", "add a comment (the status stays)"),
}


def register(sub, data_option) -> None:
    p = sub.add_parser(
        "defect",
        help=t("问题整改闭环：登记、下发、回复、复查、销项", "the rectification loop, one action"),
    )
    data_option(p)
    cmds = p.add_subparsers(dest="defect_command", metavar="ACTION", required=True)

    rp = cmds.add_parser("raise", help=t("登记问题", "raise a defect"))
    data_option(rp)
    rp.add_argument("--project", metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    rp.add_argument("--title", metavar="TEXT", help=t("问题", "what is wrong"))
    rp.add_argument("--inspection", metavar="ID", help=t("从检查项登记：检查记录编号（与 --item 一起）", "raise from a checklist item: the inspection (with --item)"))  # fmt: skip
    rp.add_argument("--item", metavar="PATH", help=t("检查项（item 或 section[i].item）", "the item (item or section[i].item)"))  # fmt: skip
    rp.add_argument("--description", default="", metavar="TEXT", help=t("描述", "description"))
    rp.add_argument("--severity", choices=[s.value for s in Severity], default=Severity.MINOR.value)
    rp.add_argument("--category", default="", metavar="TEXT", help=t("类别（燃气、排水……）", "category (gas, drainage …)"))  # fmt: skip
    rp.add_argument("--building", metavar="ID", help=t("楼栋（编号或名称）", "building (id or name)"))  # fmt: skip
    rp.add_argument("--location", default="", metavar="TEXT", help=t("部位", "where"))
    _json(rp)
    rp.set_defaults(handler=run_raise)

    for action, (zh, en) in _ACTIONS.items():
        ap = cmds.add_parser(action, help=t(zh, en))
        data_option(ap)
        ap.add_argument(
            "--defect",
            required=True,
            action="append" if action != "comment" else "store",
            metavar="ID",
            help=t("问题编号（可重复，一并处理）", "defect id (repeat for several, all or none)")
            if action != "comment"
            else t("问题编号", "defect id"),
        )
        if action == "assign":
            ap.add_argument("--org", required=True, metavar="ORG", help=t("责任单位（编号、简称或全称）", "organization (id or name)"))  # fmt: skip
            ap.add_argument("--user", default="", metavar="ID", help=t("责任人（编号或姓名）", "person (id or name)"))  # fmt: skip
            ap.add_argument("--due", default="", metavar="YYYY-MM-DD", help=t("整改期限（默认按等级）", "deadline (default: by severity)"))  # fmt: skip
        if action in ("reject", "reopen"):
            ap.add_argument("--reason", required=True, metavar="TEXT", help=t("理由", "reason"))
        if action == "reject":
            ap.add_argument("--due", default="", metavar="YYYY-MM-DD", help=t("新的整改期限", "a new deadline"))  # fmt: skip
        if action in ("reply", "comment"):
            ap.add_argument("--text", required=True, metavar="TEXT", help=t("内容", "text"))
        if action == "reply":
            ap.add_argument("--photo", action="append", default=[], type=Path, metavar="FILE", help=t("整改后照片（可重复）", "photo after the fix (repeatable)"))  # fmt: skip
        if action in ("assign", "verify", "close"):
            ap.add_argument("--note", default="", metavar="TEXT", help=t("说明", "note"))
        _json(ap)
        ap.set_defaults(handler=run_action, action=action)

    np_ = cmds.add_parser(
        "notice",
        help=t(
            "签发监理通知单（或工程暂停令），编号此时给定",
            "issue a supervision notice (or a stop order); its number is given now",
        ),
    )
    data_option(np_)
    np_.add_argument("--defect", required=True, action="append", metavar="ID", help=t("已下发的问题（可重复；按责任单位各出一份）", "assigned defect (repeat; one notice per addressee)"))  # fmt: skip
    np_.add_argument("--subject", default="", metavar="TEXT", help=t("事由", "subject"))
    np_.add_argument("--requirement", default="", metavar="TEXT", help=t("要求", "requirements"))
    np_.add_argument("--signer", choices=("specialist", "chief"), default="specialist", help=t("签发人：专业监理工程师或总监理工程师", "signed by the specialist or the chief engineer"))  # fmt: skip
    np_.add_argument("--stop", action="store_true", help=t("工程暂停令（重大隐患，总监理工程师）", "a works stop order (major hazard, chief engineer)"))  # fmt: skip
    np_.add_argument("--scope", default="", metavar="TEXT", help=t("暂停施工部位", "the part of the works stopped"))  # fmt: skip
    _json(np_)
    np_.set_defaults(handler=run_notice)

    sp = cmds.add_parser("show", help=t("问题详情及处理记录", "a defect with its history"))
    data_option(sp)
    sp.add_argument("--defect", required=True, metavar="ID")
    _json(sp)
    sp.set_defaults(handler=run_show)


def _json(p) -> None:
    p.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))


def _text(value: str, field: str, option: str) -> str:
    """Command-line text under the text policy; a refusal names the option given."""
    try:
        return clean_text(value, field)
    except TextRefused as e:
        raise e.named(option) from None


# ----- raise -----------------------------------------------------------------------------------


def run_raise(args) -> int:
    if args.inspection or args.item:
        return _raise_from_item(args)
    if not args.project or args.title is None:
        raise InspectError(
            t(
                "请给出 --project 和 --title（或从检查项登记：--inspection 和 --item）",
                "give --project and --title (or, from a checklist item, --inspection and --item)",
            )
        )
    with Store.open(args.data) as store:
        project_id = _project(store, args.project)
        d = Defect(
            project_id=project_id,
            title=_text(args.title, "title", "--title"),
            description=_text(args.description, "description", "--description"),
            severity=Severity(args.severity),
            category=_text(args.category, "category", "--category"),
            location_text=_text(args.location, "location_text", "--location"),
            building_id=_building(store, project_id, args.building) if args.building else "",
        )
        ops.raise_defect(store, d)
    if args.json:
        _dump({"id": d.id, "status": str(d.status)})
    else:
        print(d.id)
    return 0


def _raise_from_item(args) -> int:
    """The defect of a checklist item: the one already raised on it, or a new one."""
    if not (args.inspection and args.item) or args.project or args.title:
        raise InspectError(
            t(
                "从检查项登记需要 --inspection 和 --item（问题由检查项给出，不另给 --project/--title）",
                "raising from an item takes --inspection and --item (the item gives the rest, "
                "not --project or --title)",
            )
        )
    from ..store.inspections import raise_from_item

    with Store.open(args.data) as store:
        d, created = raise_from_item(store, args.inspection, args.item)
    if args.json:
        _dump({"id": d.id, "status": str(d.status), "created": created})
    else:
        print(d.id)
    return 0


def _building(store: Store, project_id: str, key: str) -> str:
    rows = store.db.execute(
        "SELECT id FROM buildings WHERE deleted = 0 AND project_id = ? AND (id = ? OR name = ?)",
        [project_id, key, key],
    ).fetchall()
    if len(rows) != 1:
        raise (NotFound if not rows else InspectError)(
            t(f"该小区找不到楼栋：{key}", f"no building {key!r} in that community")
            if not rows
            else t(f"楼栋“{key}”不唯一，请用编号。", f"building {key!r} is ambiguous")
        )
    return rows[0][0]


# ----- notices ---------------------------------------------------------------------------------


def run_notice(args) -> int:
    from ..core import notice_rules

    with Store.open(args.data) as store:
        for i in args.defect:
            store.get(Defect, i)
        notices = ops.issue_notices(
            store,
            args.defect,
            _text(args.requirement, "note", "--requirement"),
            subject=_text(args.subject, "subject", "--subject"),
            signer_title=notice_rules.CHIEF if args.signer == "chief" else notice_rules.SPECIALIST,
            form=notice_rules.STOP if args.stop else notice_rules.NOTICE,
            stop_scope=_text(args.scope, "stop_scope", "--scope"),
        )
    if args.json:
        _dump([{"id": n.id, "number": n.number, "form": n.form} for n in notices])
    else:
        for n in notices:
            print(n.number, n.id)
    return 0


# ----- the loop --------------------------------------------------------------------------------


def run_action(args) -> int:
    action = args.action
    with Store.open(args.data) as store:
        ids = args.defect if isinstance(args.defect, list) else [args.defect]
        for i in ids:
            store.get(Defect, i)  # NotFound in words before anything is done
        event_ids: list[str] = []
        if action == "assign":
            org_id = _org(store, args.org)
            user_id = _user(store, args.user) if args.user else ""
            note = _text(args.note, "note", "--note")
            done = ops.assign(store, ids, org_id, user_id, args.due, note)
        elif action == "reply":
            text = _text(args.text, "note", "--text")
            photos = [
                ops.import_photo(store, f, store.get(Defect, ids[0]).project_id).id
                for f in args.photo
            ]
            done = ops.reply(store, ids, text, photos)
        elif action == "reject":
            done = ops.reject(store, ids, _text(args.reason, "note", "--reason"), args.due)
        elif action == "reopen":
            done = ops.reopen(store, ids, _text(args.reason, "note", "--reason"))
        elif action in ("verify", "close"):
            note = _text(args.note, "note", "--note")
            done = (ops.verify if action == "verify" else ops.close)(store, ids, note)
        else:  # comment
            ev = ops.comment(store, ids[0], _text(args.text, "comment", "--text"))
            done, event_ids = [store.get(Defect, ids[0])], [ev.id]
        if not event_ids:  # the event each defect just got is its newest
            event_ids = [ops.events(store, d.id)[-1].id for d in done]
    result = [{"id": d.id, "status": str(d.status), "event": e} for d, e in zip(done, event_ids, strict=True)]  # fmt: skip
    if args.json:
        _dump(result[0] if len(result) == 1 else {"defects": result})
    else:
        lang = current()
        for r in result:
            print(f"{r['id']}\t{NAMES[DefectStatus(r['status'])][lang]}")
    return 0


def _user(store: Store, key: str) -> str:
    return _lookup(store, User, key, ("id", "name", "display_name"), t("人员", "person"))


# ----- show ------------------------------------------------------------------------------------


def run_show(args) -> int:
    with Store.open(args.data) as store:
        info = details(store, args.defect)
    if args.json:
        _dump(info)
    else:
        print(_show_text(info))
    return 0


def details(store: Store, defect_id: str) -> dict:
    """A defect as stored, with names for its ids, its photos and its history, oldest first."""
    d = store.get(Defect, defect_id)
    names = {u.id: u.display_name or u.name for u in store.find(User, include_deleted=True)}
    orgs = {o.id: o.short_name or o.name for o in store.find(Organization, include_deleted=True)}
    info = {**d.field_values(), "hlc": d.hlc, "author": d.author}
    info["project"] = _name(store, "projects", d.project_id)
    info["building"] = _name(store, Building.table, d.building_id) if d.building_id else ""
    info["assignee"] = orgs.get(d.assignee_org_id, "")
    info["photos"] = [
        {"id": p.id, "sha256": p.sha256, "role": role, "caption": p.caption}
        for p, role in ops.photos_of(store, d.id)
    ]
    info["history"] = [
        {
            "id": e.id,
            "kind": e.kind,
            "at": e.at,
            "actor_id": e.actor_id,
            "actor": names.get(e.actor_id, ""),
            "from_status": e.from_status,
            "to_status": e.to_status,
            "note": e.note,
            "data": e.data,
        }
        for e in ops.events(store, d.id)
    ]
    return info


def _name(store: Store, table: str, record_id: str) -> str:
    row = store.db.execute(f"SELECT name FROM {table} WHERE id = ?", [record_id]).fetchone()
    return row[0] if row else ""


def _show_text(info: dict) -> str:
    lang = current()
    status = NAMES[DefectStatus(info["status"])][lang]
    severity = NAMES[Severity(info["severity"])][lang]
    lines = [
        f"{info['title']}  ({info['id']})",
        t(f"小区：{info['project']}", f"community: {info['project']}"),
        t(f"状态：{status}　等级：{severity}", f"status: {status}   severity: {severity}"),
    ]
    if info["assignee"]:
        lines.append(t(f"责任单位：{info['assignee']}　期限：{info['due_date'] or '-'}", f"assignee: {info['assignee']}   due: {info['due_date'] or '-'}"))  # fmt: skip
    if info["description"]:
        lines.append(t("描述：", "description:") + info["description"])
    lines.append(t("处理记录：", "history:"))
    for e in info["history"]:
        zh, en = workflow.EVENT_NAMES.get(e["kind"], (e["kind"], e["kind"]))
        note = f"  {e['note']}" if e["note"] else ""
        lines.append(f"  {e['at']}  {t(zh, en)}  {e['actor'] or e['actor_id']}{note}")
    return "\n".join(lines)


def _dump(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    print()
