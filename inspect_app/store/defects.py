"""The rectification loop on the local store: raise, assign, reply, verify, reject, close, reopen.

Each operation is one transaction that writes the defect and appends a DefectEvent saying who,
when and why, after `core.workflow` has checked that the acting user's role may take it (and, for
a contractor, that the defect is its own organization's). The central store runs the same checks.
The acting user is `store.actor`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..core import defect_status, notice_rules, permissions, workflow
from ..core.i18n import t
from ..core.model import (
    Defect,
    DefectEvent,
    DefectStatus,
    Notice,
    Organization,
    Photo,
    PhotoLink,
    Project,
    Role,
    Severity,
    User,
)
from ..core.text import file_name
from ..errors import InspectError, NotFound, WorkflowError
from .identity import signed_in
from .store import Store, now_iso


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: Role
    org_id: str


def actor(store: Store) -> Actor:
    """The signed-in user of this profile (store/identity.py), with role and organization."""
    who = signed_in(store)
    return Actor(who.id, who.role, who.org_id)


def today() -> date:
    return defect_status.local_today()


# ----- the loop --------------------------------------------------------------------------------


def raise_defect(store: Store, defect: Defect, note: str = "", data: dict | None = None) -> Defect:
    """Record a new defect (status open) with its `created` event, as the signed-in user."""
    who = actor(store)
    workflow.check_raise(who.role)
    if not defect.title.strip():
        raise WorkflowError(t("请填写问题（标题不能为空）。", "a defect needs a title"))
    with store.transaction():
        return record_raised(store, defect, who.user_id, note, data)


def edit_defect(store: Store, defect: Defect) -> Defect:
    """Save a change to a defect's own fields (title, category, severity, where, description) as
    the signed-in user: the office and inspectors may; a contractor never (it replies through the
    workflow), and never to another organization's defect. The status only moves by the
    workflow's actions, so a status sent here is put back as stored."""
    who = actor(store)
    stored = store.get(Defect, defect.id)
    permissions.check_edit_defect(who.role, who.org_id, stored.assignee_org_id)
    defect.status = stored.status
    return store.save(defect)


def record_raised(
    store: Store, defect: Defect, actor_id: str, note: str = "", data: dict | None = None
) -> Defect:
    """Write a new defect (status open) and its `created` event: how every defect comes into
    being, by hand (raise_defect) or from a failed checklist item (store.inspections). The
    caller holds the transaction and has checked who may raise it."""
    at = now_iso()
    defect.status = DefectStatus.OPEN
    defect.reported_by = defect.reported_by or actor_id
    defect.reported_at = defect.reported_at or at
    store.save(defect)
    store.save(
        DefectEvent(
            defect_id=defect.id,
            kind="created",
            at=at,
            actor_id=actor_id,
            from_status="",
            to_status=DefectStatus.OPEN.value,
            note=note or defect.description,
            data=data or {},
        )
    )
    return defect


def assign(
    store: Store,
    defect_ids: Sequence[str],
    org_id: str,
    user_id: str = "",
    due_date: str = "",
    note: str = "",
) -> list[Defect]:
    """Hand defects to a contractor (整改通知) with a deadline; by default the project's
    deadline for the defect's severity, counted from today. Open defects are assigned, assigned
    ones reassigned. All or none."""
    org = store.get(Organization, org_id)
    if user_id and store.get(User, user_id).org_id != org.id:
        raise WorkflowError(
            t("责任人不属于所选单位。", "the person does not belong to that organization")
        )
    if due_date:
        _check_date(due_date)
    settings: dict[str, dict] = {}  # per project, read once per call

    def step(d: Defect, who: Actor, at: str) -> tuple[workflow.Transition, str, dict]:
        action = "reassign" if d.status == DefectStatus.ASSIGNED else "assign"
        tr = workflow.check(who.role, d.status, action)
        d.assignee_org_id, d.assignee_user_id = org.id, user_id
        if d.project_id not in settings:
            settings[d.project_id] = project_settings(store, d.project_id)
        d.due_date = due_date or workflow.default_due_date(
            d.severity, settings[d.project_id], defect_status.project_today(settings[d.project_id])
        )
        data = {"org_id": org.id, "user_id": user_id, "due_date": d.due_date}
        return tr, note, data

    return _apply(store, defect_ids, step)


def reply(
    store: Store, defect_ids: Sequence[str], text: str, photo_ids: Iterable[str] = ()
) -> list[Defect]:
    """The contractor's rectification reply (整改回复): text and evidence photos."""
    if not text.strip():
        raise WorkflowError(t("整改回复需要填写整改情况。", "a reply needs a text"))
    photo_ids = list(photo_ids)

    def step(d: Defect, who: Actor, at: str) -> tuple[workflow.Transition, str, dict]:
        tr = workflow.check(who.role, d.status, "reply")
        workflow.check_party(who.role, who.org_id, d.assignee_org_id)
        for pid in photo_ids:
            store.save(PhotoLink(photo_id=pid, target_type="defect", target_id=d.id, role="after"))
        return tr, text, {"photo_ids": photo_ids}

    return _apply(store, defect_ids, step)


def verify(store: Store, defect_ids: Sequence[str], note: str = "") -> list[Defect]:
    """复查通过."""
    return _simple(store, defect_ids, "verify", note)


def reject(
    store: Store, defect_ids: Sequence[str], reason: str, due_date: str = ""
) -> list[Defect]:
    """复查不通过: back to the contractor with a reason (and, if given, a new deadline)."""
    if due_date:
        _check_date(due_date)

    def step(d: Defect, who: Actor, at: str) -> tuple[workflow.Transition, str, dict]:
        tr = workflow.check(who.role, d.status, "reject", reason)
        if due_date:
            d.due_date = due_date
        return tr, reason, {"due_date": d.due_date}

    return _apply(store, defect_ids, step)


def close(store: Store, defect_ids: Sequence[str], note: str = "") -> list[Defect]:
    """销项."""
    return _simple(store, defect_ids, "close", note)


def reopen(store: Store, defect_ids: Sequence[str], reason: str) -> list[Defect]:
    """A supervisor reopens a verified or closed defect, with a reason."""

    def step(d: Defect, who: Actor, at: str) -> tuple[workflow.Transition, str, dict]:
        tr = workflow.check(who.role, d.status, "reopen", reason)
        d.closed_at = ""
        return tr, reason, {}

    return _apply(store, defect_ids, step)


def comment(store: Store, defect_id: str, text: str) -> DefectEvent:
    """A remark on a defect; it does not change the status."""
    if not text.strip():
        raise WorkflowError(t("备注不能为空。", "a comment needs a text"))
    who = actor(store)
    d = store.get(Defect, defect_id)
    if who.role == Role.CONTRACTOR:
        workflow.check_party(who.role, who.org_id, d.assignee_org_id)
    with store.transaction():
        return _event(store, d, "comment", now_iso(), who, d.status, d.status, text)


def events(store: Store, defect_id: str) -> list[DefectEvent]:
    """A defect's history, oldest first."""
    return store.find(DefectEvent, "defect_id = ?", [defect_id], order_by="at, id")


def _simple(store: Store, defect_ids: Sequence[str], action: str, note: str) -> list[Defect]:
    def step(d: Defect, who: Actor, at: str) -> tuple[workflow.Transition, str, dict]:
        tr = workflow.check(who.role, d.status, action, note)
        if action == "close":
            d.closed_at = at
        return tr, note, {}

    return _apply(store, defect_ids, step)


def _apply(store: Store, defect_ids: Sequence[str], step) -> list[Defect]:
    """Run `step` on each defect and save it with its event, all in one transaction."""
    if isinstance(defect_ids, str):
        defect_ids = [defect_ids]
    who = actor(store)
    at = now_iso()
    done = []
    with store.transaction():
        for defect_id in dict.fromkeys(defect_ids):
            d = store.get(Defect, defect_id)
            before = d.status
            tr, note, data = step(d, who, at)
            d.status = tr.target
            store.save(d)
            _event(store, d, workflow.EVENT_KIND[tr.action], at, who, before, d.status, note, data)
            done.append(d)
    return done


def _event(store, d, kind, at, who, before, after, note, data=None) -> DefectEvent:
    return store.save(
        DefectEvent(
            defect_id=d.id,
            kind=kind,
            at=at,
            actor_id=who.user_id,
            from_status=str(before),
            to_status=str(after),
            note=note,
            data=data or {},
        )
    )


def project_settings(store: Store, project_id: str) -> dict:
    """A project's settings (deadline days …)."""
    return store.get(Project, project_id).settings


def _check_date(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise WorkflowError(
            t(f"期限日期无效：{value}（应为 YYYY-MM-DD）", f"not a date: {value} (YYYY-MM-DD)")
        ) from None


# ----- deadlines ---------------------------------------------------------------------------------


def escalations(store: Store, on: date | None = None) -> list[Defect]:
    """Overdue major hazards (重大隐患逾期未整改), the longest overdue first: the list that goes
    up to the owner and the street."""
    cond, params = defect_status.overdue_sql(on or today())
    return store.find(
        Defect, f"severity = ? AND {cond}", [Severity.MAJOR.value, *params], order_by="due_date, id"
    )


# ----- rectification notices -------------------------------------------------------------------


def issue_notices(
    store: Store,
    defect_ids: Sequence[str],
    note: str = "",
    *,
    subject: str = "",
    signer_title: str = notice_rules.SPECIALIST,
    form: str = notice_rules.NOTICE,
    stop_scope: str = "",
    now: datetime | None = None,
) -> list[Notice]:
    """Issue 监理通知单 (or a 工程暂停令) for assigned defects, one per project and addressee.

    The 编号 is given here, once: the form's prefix, the issue date on the site's calendar and
    a sequence (ZG-20261125-001); printing never makes or changes one. The issue time is the
    clock's (`now` is for tests; no earlier date can be asked for). Each defect keeps its own
    deadline; the notice's `due_date` is the earliest. A hazard that pre-dates the works goes to
    its utility operator or the street (core.notice_rules)."""
    who = actor(store)
    if who.role not in workflow.OFFICE:
        raise WorkflowError(
            t("只有监理或管理员可以签发整改通知。", "only a supervisor may issue notices")
        )
    groups: dict[tuple[str, str], list[Defect]] = {}
    for defect_id in dict.fromkeys(defect_ids):
        d = store.get(Defect, defect_id)
        if d.status != DefectStatus.ASSIGNED or not d.assignee_org_id:
            raise WorkflowError(
                t(
                    f"“{d.title}”尚未下发整改，不能列入整改通知。",
                    f"“{d.title}” is not assigned, so it cannot go on a notice",
                )
            )
        org = store.get(Organization, d.assignee_org_id)
        if problem := notice_rules.addressee_problem(d.title, d.pre_existing, org.kind):
            raise WorkflowError(problem)
        groups.setdefault((d.project_id, d.assignee_org_id), []).append(d)
    for defects in groups.values():
        if problem := notice_rules.form_problem(form, signer_title, [d.severity for d in defects]):
            raise WorkflowError(problem)
    moment = (now or datetime.now(UTC)).astimezone()  # the laptop's offset, as now_iso writes
    at = moment.isoformat(timespec="seconds")
    with store.transaction():
        notices = []
        for (project_id, org_id), defects in groups.items():
            settings = store.get(Project, project_id).settings
            day = moment.astimezone(defect_status.project_zone(settings)).date()
            prefix = f"{notice_rules.NUMBER_PREFIX[form]}-{day:%Y%m%d}-"
            seq = store.count(Notice, "number LIKE ?", [prefix + "%"]) + 1
            n = Notice(
                project_id=project_id,
                number=f"{prefix}{seq:03d}",
                addressee_org_id=org_id,
                defect_ids=[d.id for d in defects],
                due_date=min((d.due_date for d in defects if d.due_date), default=""),
                issued_by=who.user_id,
                issued_at=at,
                note=note,
                form=form,
                subject=subject,
                signer_title=signer_title,
                stop_scope=stop_scope,
            )
            store.save(n)
            for d in defects:
                _event(store, d, "noticed", at, who, d.status, d.status, n.number, {"notice": n.id})
            notices.append(n)
    return notices


def notices_for(store: Store, org_id: str = "") -> list[Notice]:
    """Notices, newest first; for a contractor only those addressed to it."""
    if org_id:
        return store.find(Notice, "addressee_org_id = ?", [org_id], order_by="issued_at DESC")
    return store.find(Notice, order_by="issued_at DESC")


def reply_notice(
    store: Store, notice_id: str, text: str, photo_ids: Iterable[str] = ()
) -> list[Defect]:
    """Reply to a notice (整改回复单): every defect on it still waiting is replied to, in one
    transaction with the notice itself."""
    who = actor(store)
    n = store.get(Notice, notice_id)
    workflow.check_party(who.role, who.org_id, n.addressee_org_id)
    waiting = [i for i in n.defect_ids if store.get(Defect, i).status == DefectStatus.ASSIGNED]
    if not waiting:
        raise WorkflowError(
            t("该通知单上没有待整改的问题。", "no defect on this notice is waiting for a reply")
        )
    with store.transaction():
        replied = reply(store, waiting, text, photo_ids)
        n.status, n.reply_text, n.replied_by, n.replied_at = "replied", text, who.user_id, now_iso()
        store.save(n)
    return replied


# ----- evidence photos ---------------------------------------------------------------------------


def import_photo(store: Store, path, project_id: str = "", caption: str = "") -> Photo:
    """Keep a photo file as evidence: its bytes as a blob, its size read by Pillow. A file that
    is not a photo import takes (photos.decode: JPEG, PNG, HEIC/HEIF, WebP) is refused with the
    reason in words before anything is stored."""
    from ..photos.decode import check_file  # photos builds on the store, not the other way

    path = Path(path)
    try:
        _data, img = check_file(path)
        width, height = img.size
        img.close()
    except InspectError as e:
        raise InspectError(t(f"{path.name}：{e}", f"{path.name}: {e}")) from None
    sha = store.require_blobs().put_file(path)
    photo = Photo(
        sha256=sha,
        project_id=project_id,
        original_name=file_name(path.name),
        bytes=path.stat().st_size,
        width=width,
        height=height,
        caption=caption,
    )
    return store.save(photo)


def photos_of(store: Store, defect_id: str) -> list[tuple[Photo, str]]:
    """The defect's photos with their role (before / after), in the order they were linked."""
    links = store.find(PhotoLink, "target_type = 'defect' AND target_id = ?", [defect_id])
    out = []
    for link in links:
        try:
            out.append((store.get(Photo, link.photo_id), link.role))
        except NotFound:
            continue
    return out
