"""A community's renovation as stages with gates (no Qt, no I/O).

摸底排查 → 纳入计划 → 方案表决 → 施工 → 竣工验收 → 移交 → 保修. A project moves one stage at a
time; the gate into the next stage lists its conditions, each met or missing, with the records
that prove it. A gate that is not met blocks the move; an administrator may override it with a
written reason, which is kept (StageTransition) and printed.

The store gathers `Facts` (what exists for one project); this module judges them.

How evidence is recognised (documented in docs/architecture.md, "Lifecycle"):
- surveys: Inspections of kind survey, submitted or signed, whose template id starts with one of
  the prefixes in SURVEYS (project setting "survey_templates" may replace them);
- votes: the latest Vote of each purpose, tallied under core.votes with the project's thresholds;
- open major hazards: Defects of severity major not closed and not carried over (a
  "carried_over" DefectEvent with its reason); checked entering acceptance and again when it
  passes (into handover): acceptance with one left is refused;
- rectification notices: defects assigned to a contractor (assigned/rectified/verified) are open
  notices unless a "carried_over" DefectEvent records that they move to the warranty period;
- acceptance: Signatures on the latest acceptance Inspection, one per party (signer_role names
  the party, by code or Chinese name; project setting "acceptance_parties" may replace them);
- handover: every utility operator (operators of HandoverItems, and utility organisations that
  are project members) has signed a handover Inspection of the project.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from ..errors import InspectError
from . import defect_status
from .i18n import t
from .model import (
    LIFECYCLE_NAMES,
    Ballot,
    Defect,
    DefectStatus,
    HandoverItem,
    Inspection,
    InspectionStatus,
    Organization,
    Project,
    Role,
    Severity,
    Signature,
    Stage,
    Vote,
    VotePurpose,
)
from .votes import BallotRow, Cast, Choice, Tally, tally, thresholds

ORDER: tuple[Stage, ...] = tuple(Stage)

# Survey kinds the plan needs, matched by template id prefix.
SURVEYS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # the community's survey (gas-survey), never a household check (gas-household): one
    # household's meter and hose say nothing of the mains, risers and regulators
    "gas": (("gas-survey",), "燃气隐患排查", "gas hazard survey"),
    "drainage": (("drainage",), "排水管道隐患排查", "drainage hazard survey"),
    "facilities": (("facilities", "community"), "小区配套设施摸底", "community facilities survey"),
}

# Parties who sign the completion acceptance record (GB 50300 unit-project acceptance, plus
# residents' representatives and the street/community in this programme).
ACCEPTANCE_PARTIES: dict[str, tuple[str, ...]] = {
    "owner": ("建设单位", "Owner"),
    "supervisor": ("监理单位", "Supervisor"),
    "contractor": ("施工单位", "Contractor"),
    "designer": ("设计单位", "Designer"),
    "residents": ("居民代表", "Residents' representative"),
    "street": ("街道社区", "Street / community", "街道", "社区", "街道/社区"),
}

UTILITY_FACILITIES: dict[str, tuple[str, str]] = {
    "water": ("供水设施", "Water supply"),
    "power": ("供电设施", "Power supply"),
    "gas": ("燃气设施", "Gas"),
    "heating": ("供热设施", "Heating"),
    "telecom": ("通信设施", "Telecom"),
    "property": ("物业共用设施", "Common facilities (property manager)"),
}

UTILITY_KINDS = ("water", "power", "gas", "heating", "telecom")  # the handover sheet's receivers

# Handed to a contractor on a notice and not yet 销项.
NOTICE_OPEN = defect_status.OPEN - {DefectStatus.OPEN}


def finding_overdue(status: DefectStatus | str, deadline: str, today: date) -> bool:
    """An audit or inspection finding past the deadline its auditor set, not yet 销项. Unlike a
    defect's (core.defect_status.is_overdue), the deadline binds the community whoever holds
    the finding, so it runs on until 销项, not only while a contractor has it."""
    return bool(deadline) and defect_status.is_open(status) and deadline < today.isoformat()


@dataclass
class Facts:
    """Everything one project's gates look at, gathered by the store."""

    project: Project
    inspections: list[Inspection] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    ballots: dict[str, list[Ballot]] = field(default_factory=dict)  # vote id -> ballots
    defects: list[Defect] = field(default_factory=list)  # not closed
    carried_over: set[str] = field(default_factory=set)  # defect ids carried to warranty
    # Valid signatures by the id of what they sign (inspections, handover items).
    signatures: dict[str, list[Signature]] = field(default_factory=dict)
    handover_items: list[HandoverItem] = field(default_factory=list)
    utility_orgs: dict[str, Organization] = field(default_factory=dict)  # operators to sign
    utility_directory: dict[str, Organization] = field(default_factory=dict)  # every utility org


@dataclass(frozen=True)
class Evidence:
    table: str
    id: str
    text: str


@dataclass
class Condition:
    key: str
    text: str
    met: bool
    evidence: list[Evidence] = field(default_factory=list)
    missing: str = ""  # why it is not met, in words

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "text": self.text,
            "met": self.met,
            "missing": self.missing,
            "evidence": [{"table": e.table, "id": e.id, "text": e.text} for e in self.evidence],
        }


@dataclass
class Gate:
    to_stage: Stage
    conditions: list[Condition]

    @property
    def met(self) -> bool:
        return all(c.met for c in self.conditions)

    def missing(self) -> list[str]:
        sep = t("：", ": ")
        return [
            f"{c.text}{sep}{c.missing}" if c.missing else c.text
            for c in self.conditions
            if not c.met
        ]

    def as_dict(self) -> dict:
        return {
            "to_stage": self.to_stage.value,
            "name": stage_name(self.to_stage),
            "met": self.met,
            "conditions": [c.as_dict() for c in self.conditions],
        }


# Stage names as the renovation notice uses them. (model.NAMES is keyed by value, and
# "survey", "acceptance", "handover" there also name inspection kinds.)
STAGE_NAMES: dict[Stage, tuple[str, str]] = {
    Stage.SURVEY: ("摸底排查", "Survey"),
    Stage.PLANNED: ("纳入计划", "In plan"),
    Stage.VOTING: ("方案表决", "Plan vote"),
    Stage.CONSTRUCTION: ("施工", "Construction"),
    Stage.ACCEPTANCE: ("竣工验收", "Acceptance"),
    Stage.HANDOVER: ("移交", "Handover"),
    Stage.WARRANTY: ("保修", "Warranty"),
}


def stage_name(stage: Stage) -> str:
    return t(*STAGE_NAMES[Stage(stage)])


def stage_zh(stage: Stage) -> str:
    return STAGE_NAMES[Stage(stage)][0]


def next_stage(stage: Stage) -> Stage | None:
    i = ORDER.index(Stage(stage))
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


# ----- conditions ---------------------------------------------------------------------------


def _surveys(facts: Facts) -> list[Condition]:
    prefixes = facts.project.settings.get("survey_templates") or {}
    out = []
    for key, (default, zh, en) in SURVEYS.items():
        wanted = tuple(prefixes.get(key) or default)
        done = [
            i
            for i in facts.inspections
            if i.kind == "survey"
            and i.status in (InspectionStatus.SUBMITTED, InspectionStatus.SIGNED)
            and i.template_id.startswith(wanted)
        ]
        drafts = [
            i
            for i in facts.inspections
            if i.kind == "survey" and i.template_id.startswith(wanted) and i not in done
        ]
        missing = ""
        if not done:
            missing = (
                t(f"{len(drafts)} 份仍是草稿，未提交", f"{len(drafts)} still drafts, not submitted")
                if drafts
                else t("没有已提交的排查记录", "no submitted survey")
            )
        out.append(
            Condition(
                f"survey_{key}",
                t(f"已完成{zh}", f"{en} done"),
                bool(done),
                [Evidence("inspections", i.id, i.title or i.template_id) for i in done],
                missing,
            )
        )
    return out


def vote_tally(facts: Facts, vote: Vote) -> Tally:
    rows = [
        BallotRow(b.unit, b.owner, _area(b.area), Choice(b.choice), Cast(b.cast or "written"))
        for b in facts.ballots.get(vote.id, [])
    ]
    return tally(rows, thresholds(vote.matter, facts.project.settings, vote.purpose))


def _area(text: str) -> Fraction:
    return Fraction(str(text))


def latest_vote(facts: Facts, purpose: VotePurpose) -> Vote | None:
    votes = [v for v in facts.votes if v.purpose == purpose]
    return max(votes, key=lambda v: (v.opened_on, v.id)) if votes else None


def _vote(purpose: VotePurpose, zh: str, en: str) -> Callable[[Facts], list[Condition]]:
    def judge(facts: Facts) -> list[Condition]:
        vote = latest_vote(facts, purpose)
        if vote is None:
            return [
                Condition(
                    f"vote_{purpose.value}", t(zh, en), False, [], t("尚未表决", "no vote yet")
                )
            ]
        result = vote_tally(facts, vote)
        ev = Evidence("votes", vote.id, vote.subject or LIFECYCLE_NAMES[purpose]["zh"])
        missing = t("；", "; ").join(result.missing())
        if not result.total_head:
            missing = t("没有选票", "no ballots")
        return [Condition(f"vote_{purpose.value}", t(zh, en), result.approved, [ev], missing)]

    return judge


def open_major_hazards(facts: Facts) -> list[Defect]:
    """Open 重大 hazards not carried over into the warranty period with a reason: while any is
    left, acceptance is refused."""
    return [
        d
        for d in facts.defects
        if d.severity == Severity.MAJOR
        and defect_status.is_open(d.status)
        and d.id not in facts.carried_over
    ]


def _hazards(facts: Facts) -> list[Condition]:
    major = open_major_hazards(facts)
    return [
        Condition(
            "no_open_major_hazard",
            t("无未销项（且未转入保修）的重大隐患", "no open major hazard left uncarried"),
            not major,
            [Evidence("defects", d.id, d.title) for d in major],
            t(f"{len(major)} 项重大隐患未销项", f"{len(major)} major hazards still open") if major else "",
        )
    ]  # fmt: skip


def _notices(facts: Facts) -> list[Condition]:
    open_ = [d for d in facts.defects if d.status in NOTICE_OPEN and d.id not in facts.carried_over]
    carried = [
        d for d in facts.defects if d.id in facts.carried_over and defect_status.is_open(d.status)
    ]
    return [
        Condition(
            "notices_closed",
            t("整改通知均已销项或明确转入保修", "all rectification notices closed or carried over"),
            not open_,
            [Evidence("defects", d.id, d.title) for d in open_ or carried],
            t(f"{len(open_)} 份整改通知未销项", f"{len(open_)} rectification notices open") if open_ else "",
        )
    ]  # fmt: skip


def party_key(role: str) -> str | None:
    """The acceptance party a signer_role names, by code or by name."""
    norm = "".join(role.split()).casefold()
    for key, names in ACCEPTANCE_PARTIES.items():
        if norm == key or norm in ("".join(n.split()).casefold() for n in names):
            return key
    return None


def acceptance_inspection(facts: Facts) -> Inspection | None:
    """The acceptance record the gate reads: the latest one submitted or signed, else the
    latest draft."""
    acc = [i for i in facts.inspections if i.kind == "acceptance"]
    return max(acc, key=lambda i: (is_submitted(i), i.started_at, i.id)) if acc else None


def is_submitted(insp: Inspection) -> bool:
    """Submitted (or signed) and not sent back: a draft or a reopened record is still being
    filled in."""
    return insp.status in ("submitted", "signed")


def signed_parties(facts: Facts, insp: Inspection) -> dict[str, list[Evidence]]:
    """Who signed an acceptance record: its Signature records, each counted for the party of the
    checklist row it signs (`parties[i].signature`), else for the party its role names. An
    answer inside the checklist is never a signature."""
    out: dict[str, list[Evidence]] = {}
    rows = insp.answers.get("parties") or []
    for s in facts.signatures.get(insp.id, []):
        key = None
        m = re.match(r"^parties\[(\d+)\]\.signature$", s.item or "")
        if m and int(m.group(1)) < len(rows) and isinstance(rows[int(m.group(1))], dict):
            key = party_key(str(rows[int(m.group(1))].get("party") or ""))
        key = key or party_key(s.signer_role)
        if key:
            out.setdefault(key, []).append(Evidence("signatures", s.id, s.signer_name))
    return out


def _acceptance(facts: Facts) -> list[Condition]:
    parties = facts.project.settings.get("acceptance_parties") or list(ACCEPTANCE_PARTIES)
    insp = acceptance_inspection(facts)
    signed = signed_parties(facts, insp) if insp else {}
    out = []
    for key in parties:
        names = ACCEPTANCE_PARTIES.get(key, (key, key))
        ev = signed.get(key, [])
        missing = ""
        if insp is None:
            missing = t("没有竣工验收记录", "no acceptance record")
        elif not ev and not is_submitted(insp):
            missing = t("未签字（验收记录仍是草稿）", "not signed (the record is still a draft)")
        elif not ev:
            missing = t("未签字", "not signed")
        out.append(
            Condition(
                f"acceptance_signed_{key}",
                t(f"竣工验收记录：{names[0]}已签字", f"acceptance record signed by {names[1]}"),
                bool(ev),
                ev,
                missing,
            )
        )
    return out


def _same_org(name: str, org: Organization) -> bool:
    norm = "".join(name.split())
    return bool(norm) and norm in ("".join(org.name.split()), "".join(org.short_name.split()))


def _handover(facts: Facts) -> list[Condition]:
    """Each utility operator has signed for its facilities: a Signature of the operator on a
    handover inspection, Signatures on every handover item of the operator, or a submitted
    handover checklist naming the operator as receiver with the receiver's signature."""
    handovers = [i for i in facts.inspections if i.kind == "handover"]
    sheets = [
        i for i in handovers
        if is_submitted(i) and i.answers.get("receiver_kind") in UTILITY_KINDS
    ]  # fmt: skip
    operators: dict[str, tuple[str, Organization | None]] = {
        o.id: (o.short_name or o.name, o) for o in facts.utility_orgs.values()
    }
    for sheet in sheets:  # operators named only on a handover sheet must sign too
        name = str(sheet.answers.get("receiver_org") or "")
        org = next((o for o in facts.utility_directory.values() if _same_org(name, o)), None)
        if org is not None:
            operators.setdefault(org.id, (org.short_name or org.name, org))
        elif name:
            operators.setdefault(f"name:{name}", (name, None))
    if not operators:
        return [
            Condition(
                "handover_listed",
                t("水电气热信设施移交清单", "utility facilities listed for handover"),
                False,
                [],
                t("没有列出要移交的专业经营单位", "no utility operator listed"),
            )
        ]
    inspection_sigs = [s for i in handovers for s in facts.signatures.get(i.id, [])]
    inspection_sigs += [
        s for h in facts.handover_items if h.inspection_id
        for s in facts.signatures.get(h.inspection_id, [])
    ]  # fmt: skip
    out = []
    for key, (who, org) in operators.items():
        items = [h for h in facts.handover_items if org is not None and h.operator_org_id == org.id]
        ev = [
            Evidence("signatures", s.id, s.signer_name)
            for s in inspection_sigs
            if org and s.org_id == org.id
        ]
        item_sigs = [facts.signatures.get(h.id, []) for h in items]
        if items and all(item_sigs):
            ev += [Evidence("signatures", sig[0].id, sig[0].signer_name) for sig in item_sigs]
        for sheet in sheets:
            name = str(sheet.answers.get("receiver_org") or "")
            signed = any(x.item == "receiver_signature" for x in facts.signatures.get(sheet.id, []))
            if signed and (_same_org(name, org) if org else name == who):
                ev.append(Evidence("inspections", sheet.id, sheet.title or name))
        ev = list(dict.fromkeys(ev))
        what = "、".join(
            dict.fromkeys(UTILITY_FACILITIES.get(h.facility, (h.facility,))[0] for h in items)
        )
        out.append(
            Condition(
                f"handover_{key}",
                t(f"已移交{who}{f'（{what}）' if what else ''}并签字", f"handed over to {who}, signed"),
                bool(ev),
                ev + [Evidence("handover_items", h.id, h.name) for h in items],
                "" if ev else t("专业经营单位未签字", "the operator has not signed"),
            )
        )  # fmt: skip
    return out


# The gate into each stage: what must be true to enter it. Entering VOTING needs nothing more
# than being in the plan.
GATES: dict[Stage, tuple[Callable[[Facts], list[Condition]], ...]] = {
    Stage.PLANNED: (
        _surveys,
        _vote(VotePurpose.CONSENT, "居民参与率和改造意愿同意率达到要求", "residents' participation and consent reached"),
    ),
    Stage.VOTING: (),
    Stage.CONSTRUCTION: (
        _vote(VotePurpose.PLAN, "改造方案经业主依法表决通过", "renovation plan approved by the owners' vote"),
        _vote(VotePurpose.PROPERTY, "居民书面或线上确认改造后物业管理模式和收费", "residents confirmed the property management model and fees"),
    ),
    Stage.ACCEPTANCE: (_hazards, _notices),
    Stage.HANDOVER: (_hazards, _acceptance),
    Stage.WARRANTY: (_handover,),
}  # fmt: skip


def gate(facts: Facts, to_stage: Stage) -> Gate:
    return Gate(to_stage, [c for judge in GATES[to_stage] for c in judge(facts)])


def gates(facts: Facts) -> list[Gate]:
    """Every gate, in stage order: the ones passed, the next one, the ones ahead."""
    return [gate(facts, s) for s in ORDER[1:]]


class GateRefused(InspectError):
    """The gate into the next stage is not met and no override was given."""

    def __init__(self, gate: Gate):
        self.gate = gate
        lines = "\n".join(f"  - {m}" for m in gate.missing())
        super().__init__(
            t(
                f"不能进入“{stage_name(gate.to_stage)}”阶段，以下条件未满足：\n{lines}\n管理员可填写理由强制推进。",
                f"cannot move into {stage_name(gate.to_stage)}; missing:\n{lines}\n"
                "An administrator may override with a written reason.",
            )
        )


MIN_REASON = 4  # characters: a reason, not a keystroke


def check_advance(facts: Facts, actor_role: Role | str | None, override_reason: str = "") -> Gate:
    """The gate for moving to the next stage, or an error saying why the move is refused."""
    stage = Stage(facts.project.stage)
    target = next_stage(stage)
    if target is None:
        raise InspectError(
            t("项目已处于最后阶段（保修）。", "the project is already in its last stage (warranty)")
        )
    g = gate(facts, target)
    if g.met:
        return g
    reason = override_reason.strip()
    if not reason:
        raise GateRefused(g)
    if actor_role != Role.ADMIN:
        raise InspectError(
            t(
                "只有管理员可以强制推进阶段。",
                "only an administrator may override a stage gate",
            )
        )
    if len(reason) < MIN_REASON:
        raise InspectError(
            t(
                f"强制推进的理由太短：请写明原因（至少 {MIN_REASON} 个字）。",
                f"the override reason is too short: write why (at least {MIN_REASON} characters)",
            )
        )
    return g
