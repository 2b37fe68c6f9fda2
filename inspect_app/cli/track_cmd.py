"""`inspect-app complaint|finding|warranty`: residents' complaints, audit findings, warranty
items and claims, and carrying a notice over into warranty, on the command line.

The same store operations (store/lifecycle.py) and role rules (core/permissions.check_track,
core/workflow for findings) as the project page, acting as the profile's signed-in user
(`inspect-app login`). Text goes through the text policy, so a refusal names the option.
"""

import json
import sys
from datetime import date
from pathlib import Path

from ..core import defect_status
from ..core.i18n import current, t
from ..core.lifecycle import finding_overdue
from ..core.model import (
    NAMES,
    Complaint,
    Defect,
    DefectStatus,
    Finding,
    Organization,
    TrackStatus,
    WarrantyClaim,
    WarrantyItem,
)
from ..errors import InspectError
from ..store import Store, lifecycle
from ..store import defects as ops
from .defect_cmd import _text
from .defects_cmd import _org, _project

TRACK_NAMES = {
    TrackStatus.OPEN: ("待答复", "open"),
    TrackStatus.REPLIED: ("已答复", "replied"),
    TrackStatus.CLOSED: ("已办结", "closed"),
}
FINDING_ACTIONS = {
    "assign": ("下发整改给责任单位", "assign to an organization"),
    "reply": ("整改回复", "reply: rectified"),
    "verify": ("复查通过", "verify"),
    "reject": ("复查不通过", "reject"),
    "close": ("销项", "close"),
    "reopen": ("重新打开", "reopen"),
}


def register(sub, data_option) -> None:
    _complaint(sub, data_option)
    _finding(sub, data_option)
    _warranty(sub, data_option)


def _json(p) -> None:
    p.add_argument("--json", action="store_true", help=t("输出 JSON", "print JSON"))


def _cmd(cmds, data_option, name, zh, en, handler):
    p = cmds.add_parser(name, help=t(zh, en))
    data_option(p)
    _json(p)
    p.set_defaults(handler=handler)
    return p


def _complaint(sub, data_option) -> None:
    p = sub.add_parser("complaint", help=t("居民投诉：登记、答复", "residents' complaints"))
    data_option(p)
    cmds = p.add_subparsers(dest="complaint_command", metavar="ACTION", required=True)
    lp = _cmd(cmds, data_option, "list", "列出投诉", "list complaints", run_complaint_list)
    lp.add_argument("--project", required=True, metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    ap = _cmd(cmds, data_option, "add", "登记投诉", "record a complaint", run_complaint_add)
    ap.add_argument("--project", required=True, metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    ap.add_argument("--resident", required=True, metavar="NAME", help=t("投诉人", "who complains"))  # fmt: skip
    ap.add_argument("--what", required=True, metavar="TEXT", help=t("投诉内容", "what about"))
    ap.add_argument("--location", default="", metavar="TEXT", help=t("位置", "where"))
    ap.add_argument("--phone", default="", metavar="TEXT", help=t("电话", "phone"))
    ap.add_argument("--received-on", default="", metavar="YYYY-MM-DD", help=t("收到日期（默认今天）", "received (default today)"))  # fmt: skip
    link = ap.add_mutually_exclusive_group()
    link.add_argument("--defect", default="", metavar="ID", help=t("关联已有问题", "link to an existing defect"))  # fmt: skip
    link.add_argument("--new-defect", action="store_true", help=t("据此登记新问题", "raise a new defect from it"))  # fmt: skip
    ap.add_argument("--photo", action="append", default=[], type=Path, metavar="FILE", help=t("照片（可重复）", "photo (repeatable)"))  # fmt: skip
    rp = _cmd(cmds, data_option, "reply", "答复投诉", "answer a complaint", run_complaint_reply)
    rp.add_argument("--complaint", required=True, metavar="ID")
    rp.add_argument("--text", required=True, metavar="TEXT", help=t("答复内容", "the answer"))
    rp.add_argument("--close", action="store_true", help=t("答复并办结", "answer and close"))


def _finding(sub, data_option) -> None:
    p = sub.add_parser("finding", help=t("审计、督查发现问题：登记、整改、销项", "audit findings"))
    data_option(p)
    cmds = p.add_subparsers(dest="finding_command", metavar="ACTION", required=True)
    lp = _cmd(cmds, data_option, "list", "列出审计督查问题", "list findings", run_finding_list)
    lp.add_argument("--project", required=True, metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    ap = _cmd(cmds, data_option, "add", "登记审计督查问题", "record a finding", run_finding_add)
    ap.add_argument("--project", required=True, metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    ap.add_argument("--source", required=True, metavar="TEXT", help=t("来源（如 区审计局）", "who found it (e.g. the district audit office)"))  # fmt: skip
    ap.add_argument("--title", required=True, metavar="TEXT", help=t("问题", "what was found"))
    ap.add_argument("--description", default="", metavar="TEXT")
    ap.add_argument("--ref", default="", metavar="TEXT", help=t("文号", "report or letter number"))  # fmt: skip
    ap.add_argument("--found-on", default="", metavar="YYYY-MM-DD")
    ap.add_argument("--deadline", default="", metavar="YYYY-MM-DD", help=t("整改期限", "deadline"))  # fmt: skip
    for action, (zh, en) in FINDING_ACTIONS.items():
        mp = _cmd(cmds, data_option, action, zh, en, run_finding_move)
        mp.set_defaults(action=action)
        mp.add_argument("--finding", required=True, metavar="ID")
        if action == "assign":
            mp.add_argument("--org", required=True, metavar="ORG", help=t("责任单位（编号、简称或全称）", "organization (id or name)"))  # fmt: skip
        if action in ("reject", "reopen"):
            mp.add_argument("--reason", required=True, metavar="TEXT", help=t("理由", "reason"))


def _warranty(sub, data_option) -> None:
    p = sub.add_parser("warranty", help=t("保修：保修项、报修与回访、转入保修", "warranty"))
    data_option(p)
    cmds = p.add_subparsers(dest="warranty_command", metavar="ACTION", required=True)
    lp = _cmd(cmds, data_option, "list", "列出保修项及报修", "list warranty items and claims", run_warranty_list)  # fmt: skip
    lp.add_argument("--project", required=True, metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    ap = _cmd(cmds, data_option, "add", "登记保修项", "add a warranty item", run_warranty_add)
    ap.add_argument("--project", required=True, metavar="ID", help=t("小区（编号或名称）", "community (id or name)"))  # fmt: skip
    ap.add_argument("--work-type", required=True, metavar="TYPE", help=t("工程类别（如 roof_waterproofing、electrical）", "work type (e.g. roof_waterproofing, electrical)"))  # fmt: skip
    ap.add_argument("--description", default="", metavar="TEXT")
    ap.add_argument("--location", default="", metavar="TEXT")
    ap.add_argument("--contractor", default="", metavar="ORG", help=t("施工单位", "the contractor"))  # fmt: skip
    ap.add_argument("--accepted-on", default="", metavar="YYYY-MM-DD", help=t("竣工验收日期（默认按验收记录）", "acceptance date (default: from the acceptance record)"))  # fmt: skip
    cp = _cmd(cmds, data_option, "claim", "登记报修或回访", "record a claim or return visit", run_warranty_claim)  # fmt: skip
    cp.add_argument("--item", required=True, metavar="ID", help=t("保修项编号", "warranty item id"))  # fmt: skip
    cp.add_argument("--description", required=True, metavar="TEXT")
    cp.add_argument("--reported-on", default="", metavar="YYYY-MM-DD", help=t("报修日期（默认今天）", "reported (default today)"))  # fmt: skip
    cp.add_argument("--resident", default="", metavar="NAME")
    cp.add_argument("--visit", action="store_true", help=t("回访（而非报修）", "a return visit, not a claim"))  # fmt: skip
    cp.add_argument("--photo", action="append", default=[], type=Path, metavar="FILE")
    rp = _cmd(cmds, data_option, "reply", "答复报修或回访", "answer a claim", run_warranty_reply)
    rp.add_argument("--claim", required=True, metavar="ID")
    rp.add_argument("--text", required=True, metavar="TEXT")
    rp.add_argument("--close", action="store_true", help=t("答复并办结", "answer and close"))
    op = _cmd(cmds, data_option, "carry-over", "整改通知转入保修期跟踪", "carry a defect over into warranty", run_carry_over)  # fmt: skip
    op.add_argument("--defect", required=True, metavar="ID")
    op.add_argument("--reason", required=True, metavar="TEXT", help=t("理由", "reason"))


# ----- helpers ---------------------------------------------------------------------------------


def _dump(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    print()


def _date(value: str, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InspectError(
            t(
                f"{option} 不是日期（YYYY-MM-DD）：{value}",
                f"{option} is not a date (YYYY-MM-DD): {value}",
            )
        ) from None


def _photos(store: Store, files: list[Path], project_id: str) -> list[str]:
    """Every file checked as import checks it, before anything is recorded: one refused file
    refuses the command, naming the file and why."""
    return [ops.import_photo(store, f, project_id).id for f in files]


def _track(status) -> str:
    zh, en = TRACK_NAMES[TrackStatus(status)]
    return t(zh, en)


def _out(args, record, line: str) -> int:
    if args.json:
        _dump({"id": record.id, **record.field_values()})
    else:
        print(line)
    return 0


# ----- complaints ------------------------------------------------------------------------------


def run_complaint_list(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project)
        rows = store.find(Complaint, "project_id = ?", [pid], order_by="received_on, id")
    if args.json:
        _dump([{"id": c.id, **c.field_values()} for c in rows])
        return 0
    if not rows:
        print(t("该小区没有投诉。", "no complaints in that community"))
    for c in rows:
        print(f"{c.id}\t{c.received_on}\t{_track(c.status)}\t{c.resident}\t{c.what}")
    return 0


def run_complaint_add(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project)
        c = Complaint(
            project_id=pid,
            resident=_text(args.resident, "resident", "--resident"),
            what=_text(args.what, "what", "--what"),
            location_text=_text(args.location, "location_text", "--location"),
            phone=_text(args.phone, "note", "--phone"),
            received_on=(d.isoformat() if (d := _date(args.received_on, "--received-on")) else ""),
        )
        if args.defect:
            store.get(Defect, args.defect)
        photos = _photos(store, args.photo, pid)
        c = lifecycle.file_complaint(store, c, args.defect, args.new_defect, photos)
    return _out(args, c, f"{c.id}\t{_track(c.status)}" + (f"\t{c.defect_id}" if c.defect_id else ""))  # fmt: skip


def run_complaint_reply(args) -> int:
    return _reply(args, Complaint, args.complaint)


def _reply(args, cls: type[Complaint] | type[WarrantyClaim], record_id: str) -> int:
    """A complaint's or a claim's answer: the same store operation for both."""
    with Store.open(args.data) as store:
        c = store.get(cls, record_id)
        c = lifecycle.reply(store, c, _text(args.text, "reply", "--text"), args.close)
    return _out(args, c, f"{c.id}\t{_track(c.status)}")


# ----- findings --------------------------------------------------------------------------------


def run_finding_list(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project)
        rows = store.find(Finding, "project_id = ?", [pid], order_by="found_on, id")
        today = defect_status.local_today()
        counts = lifecycle.open_findings(store, pid)
        orgs = {o.id: o.short_name or o.name for o in store.find(Organization)}
    out = [
        {
            "id": f.id,
            **f.field_values(),
            "assignee": orgs.get(f.assignee_org_id, ""),
            "overdue": finding_overdue(f.status, f.deadline, today),
        }
        for f in rows
    ]
    if args.json:
        _dump({"findings": out, **counts})
        return 0
    lang = current()
    for f in out:
        late = t(" 逾期", " overdue") if f["overdue"] else ""
        status = NAMES[DefectStatus(f["status"])][lang]
        print(f"{f['id']}\t{f['deadline'] or '—'}\t{status}{late}\t{f['source']}\t{f['title']}")
    print(t(f"未销项 {counts['open']}，逾期 {counts['overdue']}", f"open {counts['open']}, overdue {counts['overdue']}"))  # fmt: skip
    return 0


def run_finding_add(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project)
        f = lifecycle.record_finding(
            store,
            Finding(
                project_id=pid,
                source=_text(args.source, "name", "--source"),
                title=_text(args.title, "title", "--title"),
                description=_text(args.description, "description", "--description"),
                source_ref=_text(args.ref, "note", "--ref"),
                found_on=(d.isoformat() if (d := _date(args.found_on, "--found-on")) else ""),
                deadline=(d.isoformat() if (d := _date(args.deadline, "--deadline")) else ""),
            ),
        )
    return _out(args, f, f"{f.id}\t{NAMES[DefectStatus(f.status)][current()]}")


def run_finding_move(args) -> int:
    with Store.open(args.data) as store:
        org_id = _org(store, args.org) if getattr(args, "org", "") else ""
        reason = _text(getattr(args, "reason", "") or "", "note", "--reason")
        f = lifecycle.move_finding(store, args.finding, args.action, reason=reason, org_id=org_id)
    return _out(args, f, f"{f.id}\t{NAMES[DefectStatus(f.status)][current()]}")


# ----- warranty --------------------------------------------------------------------------------


def run_warranty_list(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project)
        items = store.find(WarrantyItem, "project_id = ?", [pid], order_by="ends_on, id")
        claims = store.find(WarrantyClaim, "project_id = ?", [pid], order_by="reported_on, id")
    out = [
        {
            "id": i.id,
            **i.field_values(),
            "claims": [
                {"id": c.id, **c.field_values()} for c in claims if c.warranty_item_id == i.id
            ],
        }
        for i in items
    ]
    if args.json:
        _dump(out)
        return 0
    if not out:
        print(t("该小区没有保修项。", "no warranty items in that community"))
    for i in out:
        print(f"{i['id']}\t{i['work_type']}\t{i['starts_on']} — {i['ends_on']}\t{i['description']}")  # fmt: skip
        for c in i["claims"]:
            kind = t("回访", "visit") if c["kind"] == "return_visit" else t("报修", "claim")
            late = t(" 已过保修期", " after expiry") if c["after_expiry"] else ""
            print(f"  {c['id']}\t{c['reported_on']}\t{kind}{late}\t{_track(c['status'])}\t{c['description']}")  # fmt: skip
    return 0


def run_warranty_add(args) -> int:
    with Store.open(args.data) as store:
        pid = _project(store, args.project)
        item = lifecycle.add_warranty_item(
            store,
            pid,
            args.work_type,
            _date(args.accepted_on, "--accepted-on"),
            description=_text(args.description, "description", "--description"),
            location_text=_text(args.location, "location_text", "--location"),
            contractor_org_id=_org(store, args.contractor) if args.contractor else "",
        )
    return _out(args, item, f"{item.id}\t{item.work_type}\t{item.starts_on} — {item.ends_on}")


def run_warranty_claim(args) -> int:
    with Store.open(args.data) as store:
        item = store.get(WarrantyItem, args.item)
        photos = _photos(store, args.photo, item.project_id)
        claim = lifecycle.record_claim(
            store,
            item.id,
            _date(args.reported_on, "--reported-on") or defect_status.local_today(),
            _text(args.description, "description", "--description"),
            kind="return_visit" if args.visit else "claim",
            photo_ids=photos,
            resident=_text(args.resident, "resident", "--resident"),
        )
    late = t("\t已过保修期", "\tafter expiry") if claim.after_expiry else ""
    return _out(args, claim, f"{claim.id}\t{_track(claim.status)}{late}")


def run_warranty_reply(args) -> int:
    return _reply(args, WarrantyClaim, args.claim)


def run_carry_over(args) -> int:
    with Store.open(args.data) as store:
        ev = lifecycle.carry_over(store, args.defect, _text(args.reason, "note", "--reason"))
    if args.json:
        _dump({"id": ev.id, **ev.field_values()})
    else:
        print(f"{ev.defect_id}\t{t('已转入保修期跟踪', 'carried over into warranty')}")
    return 0
