"""Who may write what on the central store. Reading is in visibility.py.

One function, `refusal()`, answers every write: None when allowed, else the reason in words.
The defect workflow comes from core/workflow.py, the same table the app uses.
"""

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ..core import notice_rules, permissions
from ..core.clock import MAX_DRIFT_MS
from ..core.i18n import t
from ..core.model import DefectStatus, InspectionStatus, Role
from ..core.permissions import check_settle
from ..core.workflow import EVENT_KIND, RAISE_ROLES, TRANSITIONS, check
from ..errors import WorkflowError

GLOBAL_TABLES = frozenset({"organizations", "users", "templates"})
# target_type values seen in photo links and signatures, to the table they point into
TARGETS = {
    "defect": "defects",
    "defects": "defects",
    "inspection": "inspections",
    "inspections": "inspections",
    "defect_event": "defect_events",
    "defect_events": "defect_events",
    "project": "projects",
    "projects": "projects",
    "building": "buildings",
    "buildings": "buildings",
    "photo": "photos",
    "photos": "photos",
}
OFFICE = (Role.SUPERVISOR, Role.ADMIN)
ASSIGNMENT = frozenset({"assignee_org_id", "assignee_user_id", "due_date"})


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    role: Role
    org_id: str


@dataclass
class Record:
    """A record as the central store holds it."""

    table: str
    id: str
    data: dict[str, Any]
    clocks: dict[str, str]
    fmeta: dict[str, list]
    hlc: str
    author: str
    project_id: str | None = None
    assignee_org_id: str | None = None
    parent_id: str | None = None


@dataclass
class Write:
    """One change being checked: the record before it, what it sets, where it belongs."""

    table: str
    op: str
    fields: dict[str, Any]
    current: Record | None
    project_id: str | None
    parent: Record | None = None  # the defect of an event, the target of a link or signature
    reason_note: str = ""  # the note of a workflow event sent with a status change
    member_projects: frozenset[str] = field(default_factory=frozenset)
    new_project_id: str | None = None  # where the record is after this write (project_id: before)
    cosigner_projects: frozenset[str] | None = None  # a co-signer's projects; None: no account
    photo: Record | None = None  # the photo a new photo link attaches


def _no(zh: str, en: str) -> str:
    return t(zh, en)


def _owns_defect(acct: Account, rec: Record | None) -> bool:
    return rec is not None and rec.table == "defects" and rec.assignee_org_id == acct.org_id


def refusal(acct: Account, w: Write, winning: dict[str, Any]) -> str | None:
    """Why `acct` may not make this write, or None. `winning`: the fields that would change."""
    role = acct.role
    cur = w.current
    signed = cur is not None and cur.data.get("status") == InspectionStatus.SIGNED
    if signed and cur is not None and cur.table == "inspections":
        return _no("已签署的检查记录不能再修改。", "a signed inspection cannot be changed")
    moving = cur is not None and w.project_id is not None and w.new_project_id != w.project_id
    if moving and w.table != "projects" and role != Role.ADMIN:
        return _no(
            "只有管理员可以把记录或成员移到另一个项目。",
            "only an admin moves a record or a membership to another project",
        )
    if w.table == "defect_events" and (why := _event_refusal(acct, w)):
        return why
    if w.table == "inspections" and (why := _inspection_refusal(acct, w, winning)):
        return why
    if w.table == "signatures" and cur is None and (why := _signature_refusal(acct, w)):
        return why
    if w.table == "photo_links" and cur is None and role != Role.ADMIN and not _may_link(acct, w):
        return _no(
            "只能关联自己拍摄的或本项目的照片。",
            "only a photo you took or one of your project's may be linked",
        )
    if w.table in ("organizations", "users"):
        if role != Role.ADMIN:
            return _no(
                "只有管理员可以管理单位和用户。", "only an admin manages organizations and users"
            )
        return None
    if w.table == "templates":
        if role == Role.CONTRACTOR:
            return _no("施工单位不能添加检查表。", "a contractor may not add checklist templates")
        return None
    if w.table == "conflict_settlements":
        return _settlement(acct, w)
    if w.table == "notices" and (why := _notice_refusal(w, winning)):
        return why
    if role == Role.ADMIN:
        return _defect_workflow(acct, w, winning)
    if w.table == "projects" and cur is None:
        return _no("只有管理员可以新建项目。", "only an admin creates projects")
    if role == Role.CONTRACTOR:
        return _contractor(acct, w, winning)
    for project in {w.project_id, w.new_project_id}:
        if project is None or project not in w.member_projects:
            return _no("您不是该项目的成员。", "you are not a member of this project")
    if w.table in ("projects", "project_members") and role != Role.SUPERVISOR:
        return _no(
            "只有监理或管理员可以修改项目。", "only a supervisor or an admin edits a project"
        )
    if w.table == "defects":
        if cur is None and w.fields.get("status", DefectStatus.OPEN) != DefectStatus.OPEN:
            return _no("新问题的状态必须是“待处理”。", "a new defect must start open")
        if cur is not None and role not in OFFICE and ASSIGNMENT & winning.keys():
            return _no("只有监理可以下发或改派整改。", "only a supervisor assigns a defect")
        return _defect_workflow(acct, w, winning)
    return None


def _notice_refusal(w: Write, winning: dict[str, Any]) -> str | None:
    """A notice's 编号 is given once, when it is issued, and never changes; its form and the
    engineer who signs it follow GB/T 50319 (core.notice_rules), whoever sends it."""
    cur = w.current
    if cur is not None and cur.data.get("number") and "number" in winning:
        return _no("监理通知的编号签发后不能更改。", "a notice's number never changes once issued")
    data = {**(cur.data if cur else {}), **w.fields}
    form = str(data.get("form") or notice_rules.NOTICE)
    title = str(data.get("signer_title") or "")
    if form not in notice_rules.FORMS:
        return _no(f"未知的通知类型 {form!r}", f"unknown notice form {form!r}")
    if form == notice_rules.STOP and title != notice_rules.CHIEF:
        return _no("工程暂停令只能由总监理工程师签发。", "only the chief engineer may stop works")
    if title and title not in notice_rules.SIGNER_TITLES:
        return _no(
            "签发人须为总监理工程师或专业监理工程师。", "the signer must be a supervising engineer"
        )
    return None


def _settlement(acct: Account, w: Write) -> str | None:
    """Settling a conflict: the office only (core/permissions.py), in its own projects, with a
    decision the rules know. The service checks that the conflict exists."""
    if w.op == "delete" or w.fields.get("deleted"):
        return _no("冲突的处理不能删除。", "a conflict settlement cannot be deleted")
    data = {**(w.current.data if w.current else {}), **w.fields}
    try:
        check_settle(acct.role, str(data.get("decision")))
    except WorkflowError as e:
        return str(e)
    if acct.role != Role.ADMIN and (w.project_id is None or w.project_id not in w.member_projects):
        return _no("您不是该项目的成员。", "you are not a member of this project")
    return None


def _may_link(acct: Account, w: Write) -> bool:
    """A photo may be attached by whoever took it, or, when it belongs to a project, by a
    member of that project (never by a contractor: it attaches only its own)."""
    photo = w.photo
    if photo is None:
        return False
    if (photo.fmeta.get("sha256") or [0, photo.author])[1] == acct.id:  # who took it
        return True
    return (
        acct.role != Role.CONTRACTOR
        and photo.project_id is not None
        and photo.project_id in w.member_projects
    )


def _contractor(acct: Account, w: Write, winning: dict[str, Any]) -> str | None:
    if w.op == "delete" or winning.get("deleted"):
        return _no("施工单位不能删除记录。", "a contractor may not delete records")
    if w.table == "defects":
        if not _owns_defect(acct, w.current):
            return _no("该问题未下发给贵单位。", "this defect is not assigned to your organization")
        if set(winning) - {"status"}:
            return _no(
                "施工单位只能回复整改，不能修改问题内容。",
                "a contractor may only reply to a defect, not edit it",
            )
        return _defect_workflow(acct, w, winning)
    if w.table == "defect_events":
        if _owns_defect(acct, w.parent):
            return None
    elif w.table in ("photo_links", "signatures"):
        parent = w.parent
        if _owns_defect(acct, parent):
            return None
        if parent is not None and parent.table == "defect_events":
            return None if parent.author == acct.id else _not_yours()
    elif w.table == "photos" and (w.current is None or w.current.author == acct.id):
        if w.new_project_id is None or w.new_project_id in w.member_projects:
            return None
        return _no("您不是该项目的成员。", "you are not a member of this project")
    return _not_yours()


def _not_yours() -> str:
    return _no(
        "施工单位只能处理下发给本单位的问题。", "a contractor works only on defects assigned to it"
    )


def _defect_workflow(acct: Account, w: Write, winning: dict[str, Any]) -> str | None:
    """A status change must be a transition the workflow allows this role to take."""
    if w.table != "defects" or w.current is None or "status" not in winning:
        return None
    old, new = w.current.data.get("status"), winning["status"]
    if old == new:
        return None
    for tr in TRANSITIONS:
        if tr.source == old and tr.target == new:
            try:
                check(acct.role, old, tr.action, w.reason_note)
            except WorkflowError as e:
                return str(e)
            return None
    try:
        DefectStatus(new)
    except ValueError:
        return _no(f"未知状态：{new}", f"unknown status: {new}")
    return _no(
        f"问题不能从“{old}”直接变为“{new}”。", f"a defect cannot go from {old} to {new} directly"
    )


# ----- workflow events: what the history says happened --------------------------------------

_ACTION_OF_KIND = {kind: action for action, kind in EVENT_KIND.items()}
# Events that record something beside the status: it stays what it was.
_STILL = frozenset({"comment", "noticed", "item_passes", "item_fails", "carried_over"})
# The field of the defect a transition changes, whose last writer must be the event's actor.
_MOVED = {"assign": "assignee_org_id", "reassign": "assignee_org_id"}
CHINA = timezone(timedelta(hours=8))


def _event_refusal(acct: Account, w: Write) -> str | None:
    """An event must tell the truth: its actor is whoever pushes it, it is not dated ahead of
    the server's clock, and a transition's kind matches the status change its actor made.
    An administrator may record history on others' behalf (an import, the demo), never dated
    ahead."""
    f = w.fields
    if f.get("actor_id", "") != acct.id and acct.role != Role.ADMIN:
        return _no("事件的操作人必须是当前用户。", "an event's actor must be the signed-in user")
    try:
        at = datetime.fromisoformat(f.get("at", ""))
    except ValueError:
        return _no("事件时间格式不对。", "an event's time must be an ISO 8601 date and time")
    if at.tzinfo is None:
        at = at.replace(tzinfo=CHINA)
    if at.timestamp() * 1000 > time.time() * 1000 + MAX_DRIFT_MS:
        return _no("事件时间晚于服务器时间。", "an event cannot be dated in the future")
    if acct.role == Role.ADMIN:
        return None  # records history on others' behalf: imports, a migration, the demo
    kind, old, new = f.get("kind", ""), f.get("from_status", ""), f.get("to_status", "")
    if kind in _STILL:
        if old != new:
            return _no(f"“{kind}”事件不能改变状态。", f"a {kind} event does not change the status")
        return None
    if kind == "created":
        if acct.role not in RAISE_ROLES:
            return _no(
                "只有检查员、监理或管理员可以登记问题。", f"a {acct.role} may not raise a defect"
            )
        if old or new not in ("", DefectStatus.OPEN):
            return _no("“登记”事件的状态必须是待处理。", "a created event starts a defect open")
        return None
    action = _ACTION_OF_KIND.get(kind)
    if action is None:
        return _no(f"未知的事件类型：{kind}", f"unknown event kind: {kind}")
    tr = next(
        (x for x in TRANSITIONS if x.action == action and x.source == old and x.target == new),
        None,
    )
    if tr is None:
        return _no(
            f"事件“{kind}”与状态变化（{old}→{new}）不符。",
            f"a {kind} event does not match the status change {old} → {new}",
        )
    if acct.role not in tr.roles:
        return _no(
            f"{acct.role} 不能记录“{kind}”事件。", f"a {acct.role} may not record a {kind} event"
        )
    defect = w.parent
    moved = _MOVED.get(action, "status")
    if (
        defect is None
        or defect.data.get("status") != new
        or (defect.fmeta.get(moved) or [0, ""])[1] != acct.id
    ):
        return _no(
            f"问题的状态没有被您改为“{new}”，不能记录“{kind}”事件。",
            f"the defect was not moved to {new} by you: a {kind} event needs that status change "
            "pushed first",
        )
    return None


# ----- inspections and signatures: the lifecycle and who signed -------------------------------


def _named(field_name: str, why: str | Exception) -> str:
    return t(f"{field_name}：{why}", f"{field_name}: {why}")


def _not_ahead(at_text: Any) -> str | None:
    try:
        at = datetime.fromisoformat(str(at_text))
    except ValueError:
        return _no("时间格式不对。", "the time must be an ISO 8601 date and time")
    if at.tzinfo is None:
        at = at.replace(tzinfo=CHINA)
    if at.timestamp() * 1000 > time.time() * 1000 + MAX_DRIFT_MS:
        return _no("时间晚于服务器时间。", "it cannot be dated in the future")
    return None


def _inspection_refusal(acct: Account, w: Write, winning: dict[str, Any]) -> str | None:
    """The rules the laptop's store operations follow (core/permissions.py), checked again:
    only the people checking write a checklist; its history (`events`) only grows, each new
    entry by the pusher, not dated ahead, a submit of an editable record or a reopen by the
    office with a reason; the status is what the history says; answers change only while the
    record is editable. An administrator may record history on others' behalf, never ahead."""
    try:
        permissions.check_edit_inspection(acct.role)
    except WorkflowError as e:
        return _named("answers" if "answers" in winning else next(iter(winning), "id"), e)
    cur = w.current
    before = (
        str(cur.data.get("status") or InspectionStatus.DRAFT) if cur else InspectionStatus.DRAFT
    )
    status = before
    if "events" in winning:
        old = _listed(cur.data.get("events")) if cur else []
        new = _listed(winning["events"])
        if not isinstance(new, list) or new[: len(old)] != old:
            return _named(
                "events",
                _no("检查记录的历史只能追加，已有的不能修改。",
                    "an inspection's history only grows; written entries never change"),
            )  # fmt: skip
        for i, entry in enumerate(new[len(old) :], start=len(old)):
            why, status = _lifecycle_entry(acct, entry, status)
            if why:
                return _named(f"events[{i}]", why)
    if acct.role == Role.ADMIN:
        status = winning.get("status", status)
    elif "events" in winning or "status" in winning:
        final = winning.get("status", before)
        if final != status:
            return _named(
                "status",
                _no(f"状态“{final}”与检查记录的历史（“{status}”）不符。",
                    f"the status {final} does not follow the record's history ({status})"),
            )  # fmt: skip
    if "answers" in winning and before not in permissions.EDITABLE:
        try:
            permissions.check_open(status)
        except WorkflowError as e:
            return _named("answers", e)
    return None


def _listed(value: Any) -> Any:
    """A JSON field as the wire carries it (text) or as a list; the schema checked it parses."""
    if isinstance(value, str):
        return json.loads(value) if value.strip() else []
    return value if value is not None else []


def _lifecycle_entry(acct: Account, entry: Any, status: str) -> tuple[str | None, str]:
    """Why one new history entry is refused (or None), and the status after it."""
    if not isinstance(entry, dict):
        return _no("历史记录格式不对。", "a history entry must be an object"), status
    action = entry.get("action")
    if (why := _not_ahead(entry.get("at", ""))) is not None:
        return _named("at", why), status
    after = {"submitted": InspectionStatus.SUBMITTED, "reopened": InspectionStatus.REOPENED}
    if action not in after:
        return _named("action", _no(f"未知的操作：{action}", f"unknown action {action!r}")), status
    if acct.role == Role.ADMIN:
        return None, after[action]
    if entry.get("by") != acct.id:
        return _named(
            "by", _no("操作人必须是当前用户。", "the entry's actor must be the signed-in user")
        ), status
    try:
        if action == "submitted":
            permissions.check_open(status)
        else:
            permissions.check_reopen(acct.role, status, str(entry.get("reason") or ""))
    except WorkflowError as e:
        return str(e), status
    return None, after[action]


def _signature_refusal(acct: Account, w: Write) -> str | None:
    """A signature names as signer the account that pushes it, or, for a guest, no account.
    An administrator records signatures on others' behalf (imports, the demo).

    A co-signer signs on another's laptop, which checked their password (online against this
    store, offline against the hash cached at their last sign-in there). The store cannot see
    that check, so it takes a co-signature only where the laptop's user and the co-signer both
    belong to the signed record's project."""
    user_id = w.fields.get("user_id") or ""
    if w.fields.get("guest"):
        if user_id:
            return _named(
                "user_id",
                _no("访客签字不能对应账户。", "a guest's signature names no account"),
            )
        return None
    project = w.new_project_id
    cosigning = bool(
        user_id
        and project
        and project in w.member_projects
        and w.cosigner_projects is not None
        and project in w.cosigner_projects
    )
    if user_id != acct.id and acct.role != Role.ADMIN and not cosigning:
        return _named(
            "user_id",
            _no("签字人必须是当前登录的用户。", "the signer must be the signed-in user"),
        )
    return None
