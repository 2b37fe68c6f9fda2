"""A project's lifecycle in the store: gathering gate evidence, moving stages, votes, warranty,
complaints and audit findings. Every write goes through Store.save, so it is audited and synced.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from .. import standards
from ..core import defect_status, lifecycle, permissions
from ..core.i18n import t
from ..core.lifecycle import Facts, Gate, is_submitted
from ..core.model import (
    LIFECYCLE_NAMES,
    Ballot,
    Complaint,
    Defect,
    DefectEvent,
    DefectStatus,
    Finding,
    HandoverItem,
    Inspection,
    Organization,
    OrgKind,
    Photo,
    PhotoLink,
    Project,
    ProjectMember,
    Severity,
    Signature,
    Stage,
    StageTransition,
    TrackStatus,
    User,
    Vote,
    VotePurpose,
    WarrantyClaim,
    WarrantyItem,
    from_row,
)
from ..core.standards.warranty import is_expired
from ..core.votes import BallotRow, Cast, Choice, Matter, Tally
from ..errors import InspectError, NotFound
from .identity import signed_in
from .signatures import signature_status
from .store import Store, now_iso

# What of a defect the gates look at (core/lifecycle.py): the project page reads only these for
# a community's thousands of open defects, not whole records.
GATE_FIELDS = ("id", "project_id", "title", "severity", "status")


def facts(store: Store, project_id: str, whole_defects: bool = True) -> Facts:
    """Everything the gates of one project look at; `whole_defects=False` reads only
    GATE_FIELDS of its open defects (enough for the gates, not for printing them)."""
    project = store.get(Project, project_id)
    inspections = store.find(Inspection, "project_id = ?", [project_id])
    votes = store.find(Vote, "project_id = ?", [project_id])
    ballots: dict[str, list[Ballot]] = {v.id: [] for v in votes}
    for b in store.find(Ballot, "project_id = ?", [project_id]):
        ballots.setdefault(b.vote_id, []).append(b)
    open_cond, open_params = defect_status.open_sql()
    where, params = f"project_id = ? AND {open_cond} AND deleted = 0", [project_id, *open_params]
    if whole_defects:
        defects = store.find(Defect, where, params)
    else:
        cols = ", ".join(GATE_FIELDS)
        rows = store.db.execute(f"SELECT {cols} FROM defects WHERE {where} ORDER BY id", params)
        defects = [from_row(Defect, dict(zip(GATE_FIELDS, r, strict=True))) for r in rows]
    carried = {
        r[0]
        for r in store.db.execute(
            "SELECT e.defect_id FROM defect_events e JOIN defects d ON d.id = e.defect_id"
            " WHERE d.project_id = ? AND e.kind = 'carried_over' AND e.deleted = 0",
            [project_id],
        ).fetchall()
    }
    items = store.find(HandoverItem, "project_id = ?", [project_id])
    # Signatures on the acceptance and handover records and on handover items; one that no
    # longer matches what it signed (the record changed since) does not count.
    targets = [i.id for i in inspections if i.kind in ("acceptance", "handover")]
    targets += [h.id for h in items]
    signatures: dict[str, list[Signature]] = {}
    for i in range(0, len(targets), 500):
        chunk = targets[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for sig in store.find(Signature, f"target_id IN ({marks})", chunk):
            if sig.target_type in SIGNED_TYPES and _holds(store, sig):
                signatures.setdefault(sig.target_id, []).append(sig)
    # Operators who must sign: those of the handover list, and utilities that are members.
    operator_ids = {h.operator_org_id for h in items if h.operator_org_id}
    operator_ids |= {m.org_id for m in store.find(ProjectMember, "project_id = ?", [project_id])}
    utilities = {
        o.id: o
        for o in store.find(Organization, "kind = ?", [OrgKind.UTILITY.value], order_by="name")
    }
    orgs = {k: o for k, o in utilities.items() if k in operator_ids}
    return Facts(
        project, inspections, votes, ballots, defects, carried, signatures, items, orgs, utilities
    )


# Signature.target_type as the signing dialog writes it (the table) and as older records do.
SIGNED_TYPES = ("inspections", "inspection", "handover_items", "handover_item")


def _holds(store: Store, sig: Signature) -> bool:
    """A signature counts while what it signed is unchanged. Records signed without a content
    hash (imported paper signatures) are taken as they are."""
    return not sig.content_hash or signature_status(store, sig).valid


@dataclass
class Status:
    project: Project
    gates: list[Gate]
    transitions: list[StageTransition]
    open_findings: int
    open_complaints: int

    @property
    def next_gate(self) -> Gate | None:
        nxt = lifecycle.next_stage(self.project.stage)
        return next((g for g in self.gates if g.to_stage == nxt), None)

    def as_dict(self) -> dict:
        return {
            "project": {"id": self.project.id, "name": self.project.name},
            "stage": self.project.stage.value,
            "stage_name": lifecycle.stage_name(self.project.stage),
            "next_stage": nxt.value if (nxt := lifecycle.next_stage(self.project.stage)) else None,
            "gates": [g.as_dict() for g in self.gates],
            "overrides": [
                {
                    "from": tr.from_stage.value,
                    "to": tr.to_stage.value,
                    "at": tr.at,
                    "actor_id": tr.actor_id,
                    "reason": tr.override_reason,
                    "missing": tr.missing,
                }
                for tr in self.transitions
                if tr.override_reason
            ],
            "open_findings": self.open_findings,
            "open_complaints": self.open_complaints,
        }


def status(store: Store, project_id: str) -> Status:
    f = facts(store, project_id, whole_defects=False)
    open_cond, open_params = defect_status.open_sql()
    return Status(
        f.project,
        lifecycle.gates(f),
        transitions(store, project_id),
        store.count(Finding, f"project_id = ? AND {open_cond}", [project_id, *open_params]),
        store.count(Complaint, "project_id = ? AND status != 'closed'", [project_id]),
    )


def transitions(store: Store, project_id: str) -> list[StageTransition]:
    return store.find(StageTransition, "project_id = ?", [project_id], order_by="at, id")


def advance(store: Store, project_id: str, override_reason: str = "", actor: str | None = None):
    """Move the project to its next stage, or refuse naming what is missing.

    An override needs an administrator and a written reason; the transition keeps both and the
    conditions that were missing.
    """
    actor = actor if actor is not None else store.actor
    role = None
    if actor:
        try:
            role = store.get(User, actor).role
        except NotFound:
            role = None
    with store.transaction():
        f = facts(store, project_id)
        g = lifecycle.check_advance(f, role, override_reason)
        project = f.project
        tr = StageTransition(
            project_id=project_id,
            from_stage=project.stage,
            to_stage=g.to_stage,
            at=now_iso(),
            actor_id=actor,
            override_reason="" if g.met else override_reason.strip(),
            missing=[] if g.met else g.missing(),
        )
        store.save(tr, actor=actor)
        project.stage = g.to_stage
        store.save(project, actor=actor)
    return tr


# ----- votes --------------------------------------------------------------------------------


def record_ballots(store: Store, vote: Vote, rows: list[BallotRow]) -> list[Ballot]:
    """Record a vote's ballots, replacing any recorded before for the same units."""
    at = now_iso()
    with store.transaction():
        existing = {b.unit: b for b in store.find(Ballot, "vote_id = ?", [vote.id])}
        out = []
        for r in rows:
            b = existing.get(r.unit) or Ballot(
                vote_id=vote.id,
                project_id=vote.project_id,
                unit=r.unit,
                owner="",
                area="",
                choice="",
            )
            b.owner, b.area, b.choice, b.cast = (
                r.owner,
                _decimal(r.area),
                r.choice.value,
                r.cast.value,
            )
            b.recorded_at = at
            out.append(store.save(b))
    return out  # fmt: skip


def _decimal(x: Fraction) -> str:
    """An exact decimal text for an area that came from decimal text."""
    whole, rest = divmod(x.numerator, x.denominator)
    if rest == 0:
        return str(whole)
    digits = 0
    while (x * 10**digits).denominator != 1:
        digits += 1
        if digits > 12:
            return str(float(x))
    return f"{float(x):.{digits}f}"


def new_vote(
    store: Store,
    project_id: str,
    purpose: VotePurpose | str,
    rows: list[BallotRow],
    matter: str | None = None,
    subject: str = "",
) -> Vote:
    """A vote with its ballots, in one transaction. The plan vote is a major matter by default
    (art. 278 item 7, altering buildings and facilities); the others ordinary."""
    purpose = VotePurpose(purpose)
    store.get(Project, project_id)
    matter = matter or ("major" if purpose == VotePurpose.PLAN else "ordinary")
    vote = Vote(
        project_id=project_id,
        purpose=purpose,
        matter=Matter(matter).value,
        subject=subject or LIFECYCLE_NAMES[purpose]["zh"],
        opened_on=defect_status.local_today().isoformat(),
    )
    with store.transaction():
        store.save(vote)
        record_ballots(store, vote, rows)
    return vote


def ballot_rows(store: Store, vote_id: str) -> list[BallotRow]:
    return [
        BallotRow(b.unit, b.owner, Fraction(b.area), Choice(b.choice), Cast(b.cast or "written"))
        for b in store.find(Ballot, "vote_id = ?", [vote_id], order_by="unit")
    ]


def vote_tally(store: Store, vote_id: str) -> Tally:
    vote = store.get(Vote, vote_id)
    return lifecycle.vote_tally(facts(store, vote.project_id), vote)


# ----- defects carried over, complaints, findings ---------------------------------------------


def carry_over(store: Store, defect_id: str, reason: str) -> DefectEvent:
    """Record that an open rectification notice moves into the warranty period explicitly."""
    permissions.check_track(signed_in(store).role)
    if not reason.strip():
        raise InspectError(t("转入保修需要填写理由。", "carrying a notice over needs a reason"))
    d = store.get(Defect, defect_id)
    return store.save(
        DefectEvent(
            defect_id=d.id,
            kind="carried_over",
            at=now_iso(),
            actor_id=store.actor,
            from_status=d.status.value,
            to_status=d.status.value,
            note=reason.strip(),
        )
    )


def attach_photos(store: Store, target_type: str, target_id: str, photo_ids: list[str]) -> None:
    """Link photos already imported to a complaint, claim or return visit."""
    for pid in photo_ids:
        store.get(Photo, pid)
        store.save(
            PhotoLink(photo_id=pid, target_type=target_type, target_id=target_id, role="evidence")
        )


def file_complaint(
    store: Store,
    complaint: Complaint,
    defect_id: str = "",
    new_defect: bool = False,
    photo_ids: Sequence[str] = (),
):
    """Record a complaint (who, what, where, photos), linked to an existing defect or to a new
    one made from it; the complaint's photos go on the new defect too."""
    permissions.check_track(signed_in(store).role)
    if not complaint.resident.strip() or not complaint.what.strip():
        raise InspectError(t("投诉需要填写投诉人和内容。", "a complaint needs who and what"))
    complaint.received_on = complaint.received_on or defect_status.local_today().isoformat()
    with store.transaction():
        if defect_id:
            store.get(Defect, defect_id)
            complaint.defect_id = defect_id
        elif new_defect:
            d = Defect(
                project_id=complaint.project_id,
                title=complaint.what[:40],
                category=t("居民投诉", "complaint"),
                severity=Severity.MINOR,
                description=complaint.what,
                location_text=complaint.location_text,
                reported_by=store.actor,
                reported_at=now_iso(),
            )
            store.save(d)
            store.save(
                DefectEvent(
                    defect_id=d.id,
                    kind="created",
                    at=d.reported_at,
                    actor_id=store.actor,
                    to_status="open",
                    note=t(f"来自居民投诉（{complaint.resident}）", "from a complaint"),
                )
            )
            complaint.defect_id = d.id
            attach_photos(store, "defect", d.id, list(photo_ids))
        store.save(complaint)
        attach_photos(store, "complaint", complaint.id, list(photo_ids))
    return complaint  # fmt: skip


def reply(store: Store, record, text: str, close: bool = False):
    """Answer a complaint or a warranty claim/return visit."""
    permissions.check_track(signed_in(store).role)
    if not text.strip():
        raise InspectError(t("答复内容不能为空。", "the reply is empty"))
    record.reply = text.strip()
    record.replied_on = defect_status.local_today().isoformat()
    record.status = TrackStatus.CLOSED if close else TrackStatus.REPLIED
    return store.save(record)


def open_findings(store: Store, project_id: str, today: date | None = None) -> dict:
    """How many audit/inspection findings are open, and how many of them are overdue."""
    today = today or defect_status.project_today(store.get(Project, project_id).settings)
    open_cond, open_params = defect_status.open_sql()
    rows = store.find(Finding, f"project_id = ? AND {open_cond}", [project_id, *open_params])
    overdue = [f for f in rows if lifecycle.finding_overdue(f.status, f.deadline, today)]
    return {"open": len(rows), "overdue": len(overdue)}


def record_finding(store: Store, finding: Finding) -> Finding:
    """Record a problem an audit or a higher-level inspection found (审计、督查发现问题)."""
    permissions.check_track(signed_in(store).role)
    if not finding.source.strip() or not finding.title.strip():
        raise InspectError(
            t("审计督查问题需要填写来源和问题。", "a finding needs its source and what it is")
        )
    store.get(Project, finding.project_id)
    if finding.deadline:
        try:
            date.fromisoformat(finding.deadline)
        except ValueError:
            raise InspectError(
                t(
                    f"整改期限不是日期（YYYY-MM-DD）：{finding.deadline}",
                    f"the deadline is not a date (YYYY-MM-DD): {finding.deadline}",
                )
            ) from None
    finding.found_on = finding.found_on or defect_status.local_today().isoformat()
    finding.status = DefectStatus.OPEN
    return store.save(finding)


def move_finding(
    store: Store,
    finding_id: str,
    action: str,
    role=None,
    reason: str = "",
    org_id: str = "",
) -> Finding:
    """Move a finding along the defect workflow (assign, reply, verify, close …). `role` is the
    signed-in user's unless given; a contractor acts only on findings assigned to it; `assign`
    may name the organization (`org_id`)."""
    from ..core import workflow

    f = store.get(Finding, finding_id)
    if role is None:
        who = signed_in(store)
        role = who.role
        workflow.check_party(role, who.org_id, f.assignee_org_id)
    tr = workflow.check(role, f.status, action, reason)
    if action in ("assign", "reassign") and org_id:
        f.assignee_org_id = store.get(Organization, org_id).id
    f.status = tr.target
    f.closed_at = now_iso() if tr.target == DefectStatus.CLOSED else ""
    return store.save(f)


# ----- warranty -----------------------------------------------------------------------------


def acceptance_date(store: Store, project_id: str) -> date | None:
    """The day the completion acceptance passed: the acceptance checklist's date, else the last
    signature on the acceptance record, else the move into handover."""
    f = facts(store, project_id)
    insp = lifecycle.acceptance_inspection(f)
    if insp and is_submitted(insp) and insp.answers.get("accepted_on"):
        return date.fromisoformat(str(insp.answers["accepted_on"])[:10])  # the checklist's date
    sigs = f.signatures.get(insp.id, []) if insp else []
    stamps = [s.signed_at for s in sigs if s.signed_at]
    if stamps:
        return datetime.fromisoformat(max(stamps)).date()
    for tr in reversed(transitions(store, project_id)):
        if tr.to_stage == Stage.HANDOVER:
            return datetime.fromisoformat(tr.at).date()
    return None


def add_warranty_item(
    store: Store, project_id: str, work_type: str, accepted_on: date | None = None, **fields
) -> WarrantyItem:
    """A warranty item whose period runs from the acceptance date (art. 40)."""
    permissions.check_track(signed_in(store).role)
    table = standards.warranty()
    work_type = table.key(work_type) or work_type
    if work_type not in table.classes:
        raise InspectError(
            t(f"未知的保修工程类别 {work_type!r}", f"unknown warranty work type {work_type!r}")
        )
    accepted_on = accepted_on or acceptance_date(store, project_id)
    if accepted_on is None:
        raise InspectError(
            t("项目尚未竣工验收，保修期无法起算。", "the project has not passed acceptance yet")
        )
    project = store.get(Project, project_id)
    end = table.ends_on(work_type, accepted_on, project.settings)
    if end is None:
        raise InspectError(
            t(
                "未设定设计使用年限，结构的保修期无法计算。",
                "no design life is set: the structure's warranty cannot be worked out",
            )
        )
    item = WarrantyItem(
        project_id=project_id,
        work_type=work_type,
        starts_on=accepted_on.isoformat(),
        ends_on=end.isoformat(),
        **fields,
    )
    return store.save(item)


def record_claim(
    store: Store,
    item_id: str,
    reported_on: date,
    description: str,
    kind: str = "claim",
    photo_ids: Sequence[str] = (),
    **fields,
) -> WarrantyClaim:
    """A claim or return visit against a warranty item; flagged when after the period ended."""
    permissions.check_track(signed_in(store).role)
    item = store.get(WarrantyItem, item_id)
    claim = WarrantyClaim(
        project_id=item.project_id,
        warranty_item_id=item.id,
        kind=kind,
        reported_on=reported_on.isoformat(),
        description=description,
        after_expiry=kind == "claim" and is_expired(reported_on, date.fromisoformat(item.ends_on)),
        **fields,
    )
    with store.transaction():
        store.save(claim)
        attach_photos(store, "warranty_claim", claim.id, list(photo_ids))
    return claim  # fmt: skip


def open_defects(store: Store, project_id: str) -> list[Defect]:
    """The community's defects not yet closed (销项), oldest first: what a complaint may be
    linked to or a notice carried over from."""
    return store.find(
        Defect, "project_id = ? AND status != 'closed'", [project_id], order_by="reported_at"
    )


def open_claims(store: Store, project_id: str) -> list[WarrantyClaim]:
    """Warranty claims and return visits still waiting to be closed, oldest first."""
    return store.find(
        WarrantyClaim, "project_id = ? AND status != 'closed'", [project_id], order_by="reported_on"
    )
