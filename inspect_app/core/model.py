"""Domain types. Plain dataclasses: no Qt, no I/O.

Every record has a UUIDv7 `id`; the store fills in the sync metadata (`hlc`, the hybrid-clock
stamp of its last change, `author`, the user who made it, and `deleted`, a tombstone). Record
types marked `append_only` are never updated after they are written: workflow events, photo
links and signatures are facts, not state.
"""

import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, get_type_hints

from .ids import uuid7


class OrgKind(StrEnum):
    OWNER = "owner"  # 建设单位
    SUPERVISOR = "supervisor"  # 监理单位
    CONTRACTOR = "contractor"  # 施工单位
    DESIGNER = "designer"  # 设计单位
    PROPERTY = "property"  # 物业服务企业
    UTILITY = "utility"  # 专业经营单位 (水电气热信)
    STREET = "street"  # 街道/社区


class Role(StrEnum):
    INSPECTOR = "inspector"
    SUPERVISOR = "supervisor"
    CONTRACTOR = "contractor"
    ADMIN = "admin"


class Stage(StrEnum):
    """Lifecycle of a community's renovation, in order."""

    SURVEY = "survey"  # 摸底排查
    PLANNED = "planned"  # 纳入计划
    VOTING = "voting"  # 方案表决
    CONSTRUCTION = "construction"  # 施工
    ACCEPTANCE = "acceptance"  # 竣工验收
    HANDOVER = "handover"  # 移交
    WARRANTY = "warranty"  # 保修


class InspectionKind(StrEnum):
    SURVEY = "survey"  # 隐患排查/摸底
    PATROL = "patrol"  # 巡检
    SPOT = "spot"  # 抽检
    SAFETY = "safety"  # 安全检查评分
    ACCEPTANCE = "acceptance"  # 验收
    HANDOVER = "handover"  # 移交


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # locked: answers and photos refused
    REOPENED = "reopened"  # sent back by a supervisor with a reason; editable again
    SIGNED = "signed"


class Severity(StrEnum):
    MINOR = "minor"  # 一般
    SERIOUS = "serious"  # 较大
    MAJOR = "major"  # 重大


class DefectStatus(StrEnum):
    OPEN = "open"  # 待处理
    ASSIGNED = "assigned"  # 整改中
    RECTIFIED = "rectified"  # 待复查
    VERIFIED = "verified"  # 已复查
    CLOSED = "closed"  # 已销项


# Display names, zh first. Kept beside the enums so every layer names things the same way.
NAMES: dict[StrEnum, dict[str, str]] = {
    OrgKind.OWNER: {"zh": "建设单位", "en": "Owner"},
    OrgKind.SUPERVISOR: {"zh": "监理单位", "en": "Supervisor"},
    OrgKind.CONTRACTOR: {"zh": "施工单位", "en": "Contractor"},
    OrgKind.DESIGNER: {"zh": "设计单位", "en": "Designer"},
    OrgKind.PROPERTY: {"zh": "物业服务企业", "en": "Property manager"},
    OrgKind.UTILITY: {"zh": "专业经营单位", "en": "Utility operator"},
    OrgKind.STREET: {"zh": "街道社区", "en": "Street / community"},
    Role.INSPECTOR: {"zh": "检查员", "en": "Inspector"},
    Role.SUPERVISOR: {"zh": "监理", "en": "Supervisor"},
    Role.CONTRACTOR: {"zh": "施工单位", "en": "Contractor"},
    Role.ADMIN: {"zh": "管理员", "en": "Administrator"},
    Stage.SURVEY: {"zh": "摸底排查", "en": "Survey"},
    Stage.PLANNED: {"zh": "纳入计划", "en": "In plan"},
    Stage.VOTING: {"zh": "方案表决", "en": "Plan vote"},
    Stage.CONSTRUCTION: {"zh": "施工", "en": "Construction"},
    Stage.ACCEPTANCE: {"zh": "竣工验收", "en": "Acceptance"},
    Stage.HANDOVER: {"zh": "移交", "en": "Handover"},
    Stage.WARRANTY: {"zh": "保修", "en": "Warranty"},
    InspectionKind.SURVEY: {"zh": "隐患排查", "en": "Survey"},
    InspectionKind.PATROL: {"zh": "巡检", "en": "Patrol"},
    InspectionKind.SPOT: {"zh": "抽检", "en": "Spot check"},
    InspectionKind.SAFETY: {"zh": "安全检查评分", "en": "Safety scoring"},
    InspectionKind.ACCEPTANCE: {"zh": "验收", "en": "Acceptance"},
    InspectionKind.HANDOVER: {"zh": "移交", "en": "Handover"},
    InspectionStatus.DRAFT: {"zh": "草稿", "en": "Draft"},
    InspectionStatus.SUBMITTED: {"zh": "已提交", "en": "Submitted"},
    InspectionStatus.REOPENED: {"zh": "已退回", "en": "Reopened"},
    InspectionStatus.SIGNED: {"zh": "已签署", "en": "Signed"},
    Severity.MINOR: {"zh": "一般", "en": "Minor"},
    Severity.SERIOUS: {"zh": "较大", "en": "Serious"},
    Severity.MAJOR: {"zh": "重大", "en": "Major"},
    DefectStatus.OPEN: {"zh": "待处理", "en": "Open"},
    DefectStatus.ASSIGNED: {"zh": "整改中", "en": "Assigned"},
    DefectStatus.RECTIFIED: {"zh": "待复查", "en": "Rectified"},
    DefectStatus.VERIFIED: {"zh": "已复查", "en": "Verified"},
    DefectStatus.CLOSED: {"zh": "已销项", "en": "Closed"},
}

# The party an organization signs for, as printed on forms (zh, en). Not NAMES: there OrgKind
# and Role members with the same value ("supervisor") share one entry, so 监理单位 reads 监理.
PARTY_NAMES: dict[str, tuple[str, str]] = {
    "owner": ("建设单位", "Owner"),
    "supervisor": ("监理单位", "Supervisor"),
    "contractor": ("施工单位", "Contractor"),
    "designer": ("设计单位", "Designer"),
    "property": ("物业服务企业", "Property manager"),
    "utility": ("专业经营单位", "Utility operator"),
    "street": ("街道社区", "Street / community"),
}
# Roles a person without an account signs in (a guest).
GUEST_ROLES: tuple[tuple[str, str], ...] = (
    ("居民代表", "Residents' representative"),
    ("街道", "Street office"),
    ("社区居委会", "Residents' committee"),
    ("设计单位", "Designer"),
    ("物业服务企业", "Property manager"),
    ("专业经营单位", "Utility operator"),
)

META_FIELDS = ("hlc", "author", "deleted")


@dataclass(kw_only=True)
class Record:
    table: ClassVar[str]
    append_only: ClassVar[bool] = False

    id: str = field(default_factory=uuid7)
    hlc: str = ""
    author: str = ""
    deleted: bool = False

    def field_values(self) -> dict[str, Any]:
        """The record's own fields (no sync metadata), as stored."""
        return {
            f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name not in META_FIELDS
        }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


@dataclass(kw_only=True)
class Organization(Record):
    table: ClassVar[str] = "organizations"
    name: str
    kind: OrgKind
    short_name: str = ""
    credit_code: str = ""  # 统一社会信用代码
    contact: str = ""
    phone: str = ""


@dataclass(kw_only=True)
class User(Record):
    table: ClassVar[str] = "users"
    name: str
    role: Role
    org_id: str
    display_name: str = ""
    phone: str = ""


@dataclass(kw_only=True)
class Project(Record):
    """One community (小区) under renovation."""

    table: ClassVar[str] = "projects"
    name: str
    address: str = ""
    district: str = ""  # 区/街道
    households: int = 0
    floor_area_m2: float = 0.0
    year_built: int | None = None
    stage: Stage = Stage.SURVEY
    site_plan_sha256: str = ""  # the plan image, a photo blob
    settings: dict = field(default_factory=dict)  # thresholds, default deadlines …


@dataclass(kw_only=True)
class ProjectMember(Record):
    """Who works on a project; the server filters what a user may see by this."""

    table: ClassVar[str] = "project_members"
    project_id: str
    org_id: str
    user_id: str = ""  # empty: the whole organization
    role: Role = Role.INSPECTOR


@dataclass(kw_only=True)
class Building(Record):
    table: ClassVar[str] = "buildings"
    project_id: str
    name: str  # e.g. 3号楼
    floors: int = 0
    units: int = 0  # 单元
    households: int = 0
    year_built: int | None = None
    structure: str = ""  # 砖混 / 框架 …


@dataclass(kw_only=True)
class TemplateSnapshot(Record):
    """The exact template content an inspection was started with, kept for as long as it is used."""

    table: ClassVar[str] = "templates"
    append_only: ClassVar[bool] = True
    template_id: str
    version: int
    content_hash: str  # sha256 of the template file's bytes
    content: str  # the file's text


@dataclass(kw_only=True)
class Inspection(Record):
    table: ClassVar[str] = "inspections"
    project_id: str
    template_id: str
    template_version: int
    template_hash: str
    kind: InspectionKind
    title: str = ""
    building_id: str = ""
    status: InspectionStatus = InspectionStatus.DRAFT
    inspector_id: str = ""
    started_at: str = ""  # ISO 8601 local time with offset
    submitted_at: str = ""
    answers: dict = field(default_factory=dict)  # item id -> answer value
    notes: str = ""
    # The lifecycle's history: [{"action": submitted|reopened, "at", "by", "reason"}, …]
    events: list = field(default_factory=list)


@dataclass(kw_only=True)
class Defect(Record):
    """A defect found in construction or a hazard found in a survey (隐患/缺陷)."""

    table: ClassVar[str] = "defects"
    project_id: str
    title: str
    category: str = ""  # 燃气 / 排水 / 电气 / 结构 / 消防 / 文明施工 …
    severity: Severity = Severity.MINOR
    status: DefectStatus = DefectStatus.OPEN
    description: str = ""
    building_id: str = ""
    unit: str = ""
    floor: str = ""
    room: str = ""
    location_text: str = ""
    plan_x: float | None = None  # 0..1 of the site plan's width
    plan_y: float | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    inspection_id: str = ""
    item_id: str = ""
    assignee_org_id: str = ""
    assignee_user_id: str = ""
    due_date: str = ""  # ISO date
    reported_by: str = ""
    reported_at: str = ""
    closed_at: str = ""
    major_hazard: bool = False  # meets a 重大隐患 criterion (建城规〔2023〕4号)
    # Found on the existing facilities before the works (a survey): not the contractor's to fix.
    pre_existing: bool = False


@dataclass(kw_only=True)
class DefectEvent(Record):
    """One workflow transition or comment on a defect, appended, never changed."""

    table: ClassVar[str] = "defect_events"
    append_only: ClassVar[bool] = True
    defect_id: str
    kind: str  # created / assigned / rectified / verified / rejected / closed / reopened / comment
    # / item_passes, item_fails (the checklist item of an auto-defect passed or failed again)
    at: str
    actor_id: str = ""
    from_status: str = ""
    to_status: str = ""
    note: str = ""
    data: dict = field(default_factory=dict)


@dataclass(kw_only=True)
class Photo(Record):
    table: ClassVar[str] = "photos"
    sha256: str
    project_id: str = ""
    original_name: str = ""
    mime: str = "image/jpeg"
    bytes: int = 0
    width: int = 0  # as displayed, orientation applied
    height: int = 0
    orientation: int = 1  # EXIF orientation of the original
    taken_at: str = ""
    gps_lat: float | None = None
    gps_lon: float | None = None
    direction: float | None = None  # camera bearing in degrees
    caption: str = ""
    annotations: list = field(default_factory=list)  # vector markup, never burnt into the original


@dataclass(kw_only=True)
class PhotoLink(Record):
    """A photo attached to an inspection item, a defect or another record."""

    table: ClassVar[str] = "photo_links"
    photo_id: str
    target_type: str  # inspection / defect / defect_event / …
    target_id: str
    item_id: str = ""
    role: str = ""  # before / after / evidence


@dataclass(kw_only=True)
class Signature(Record):
    table: ClassVar[str] = "signatures"
    append_only: ClassVar[bool] = True
    target_type: str
    target_id: str
    signer_name: str  # the name printed: a user's display name, or the guest's own name
    signer_role: str  # the party: 建设单位, 监理单位 … or a guest's role (居民代表, 街道)
    org_id: str = ""
    user_id: str = ""  # the signing account; "" for a guest
    item: str = ""  # the signature item signed (`section[i].item` path); "" = the whole record
    guest: bool = False  # a person without an account, signing by name and role
    signed_at: str = ""
    content_hash: str = ""  # sha256 of exactly what was signed
    strokes: list = field(default_factory=list)  # [[x, y, t, pressure], …] per stroke
    image_sha256: str = ""  # PNG of the signature, a blob
    signed_content: dict = field(default_factory=dict)  # what was signed, to name what changed


@dataclass(kw_only=True)
class Notice(Record):
    """A supervision notice (监理通知单, GB/T 50319-2013 A.0.3) or a works-stop order (工程暂停令,
    A.0.5): one addressee, the defects it names, each with its own deadline. The 编号 is given
    once, when it is issued (store.defects.issue_notices), and never changes."""

    table: ClassVar[str] = "notices"
    project_id: str
    number: str  # e.g. ZG-20261125-001 (a stop order TG-…)
    addressee_org_id: str
    defect_ids: list = field(default_factory=list)
    due_date: str = ""
    issued_by: str = ""
    issued_at: str = ""
    note: str = ""
    status: str = "issued"  # issued → replied
    reply_text: str = ""
    replied_by: str = ""
    replied_at: str = ""
    form: str = "notice"  # notice 监理通知单 | stop 工程暂停令
    subject: str = ""  # 事由
    signer_title: str = ""  # 总监理工程师 | 专业监理工程师 (a stop order: the chief only)
    stop_scope: str = ""  # 工程暂停令: the part of the works to stop


# ----- the lifecycle of a community: votes, stage moves, handover, warranty, complaints ----------


class VotePurpose(StrEnum):
    CONSENT = "consent"  # 居民参与和改造意愿 (before the community enters the plan)
    PLAN = "plan"  # 改造方案表决 (art. 278, a rebuild/alteration matter)
    PROPERTY = "property"  # 改造后物业管理模式和收费 (confirmation by residents)


class TrackStatus(StrEnum):
    """A complaint, claim or return visit: received, answered, done."""

    OPEN = "open"  # 待答复
    REPLIED = "replied"  # 已答复
    CLOSED = "closed"  # 已办结


# Names of lifecycle values. Kept apart from NAMES: that dict is keyed by value, and "open",
# "closed" and "property" already name a defect status and an organisation kind there.
LIFECYCLE_NAMES: dict[StrEnum, dict[str, str]] = {
    VotePurpose.CONSENT: {"zh": "居民改造意愿征询", "en": "Residents' consent"},
    VotePurpose.PLAN: {"zh": "改造方案表决", "en": "Renovation plan vote"},
    VotePurpose.PROPERTY: {"zh": "物业管理模式及收费确认", "en": "Property management and fees"},
    TrackStatus.OPEN: {"zh": "待答复", "en": "Open"},
    TrackStatus.REPLIED: {"zh": "已答复", "en": "Replied"},
    TrackStatus.CLOSED: {"zh": "已办结", "en": "Closed"},
}


@dataclass(kw_only=True)
class Vote(Record):
    """One matter put to the owners (a consent round, the plan vote, the property-model vote)."""

    table: ClassVar[str] = "votes"
    project_id: str
    purpose: VotePurpose
    matter: str = "major"  # core.votes.Matter: major (art. 278 items 6-8) | ordinary
    subject: str = ""
    opened_on: str = ""  # ISO date
    closed_on: str = ""


@dataclass(kw_only=True)
class Ballot(Record):
    """One unit's vote. `area` is the exclusive area in m² as decimal text, kept exact."""

    table: ClassVar[str] = "ballots"
    vote_id: str
    project_id: str
    unit: str
    owner: str
    area: str
    choice: str  # core.votes.Choice: yes / no / abstain / absent
    cast: str = "written"  # written / online
    recorded_at: str = ""


@dataclass(kw_only=True)
class StageTransition(Record):
    """A project moving from one stage to the next; an override keeps its reason and what was
    missing when it was taken."""

    table: ClassVar[str] = "stage_transitions"
    append_only: ClassVar[bool] = True
    project_id: str
    from_stage: Stage
    to_stage: Stage
    at: str
    actor_id: str = ""
    override_reason: str = ""
    missing: list = field(default_factory=list)  # the conditions not met, in words


@dataclass(kw_only=True)
class HandoverItem(Record):
    """A facility handed over after renovation: to a utility operator (水电气热信) or the
    property manager. Handed over when its operator has signed the handover inspection."""

    table: ClassVar[str] = "handover_items"
    project_id: str
    facility: str  # water / power / gas / heating / telecom / property
    name: str
    quantity: str = ""
    documents: str = ""  # 移交资料
    operator_org_id: str = ""
    inspection_id: str = ""  # the handover inspection it was signed on
    handed_over_on: str = ""


@dataclass(kw_only=True)
class WarrantyItem(Record):
    """Work under warranty; the period per work type is the art. 40 table
    (resources/standards/warranty-art40.yaml, core/standards/warranty.py)."""

    table: ClassVar[str] = "warranty_items"
    project_id: str
    work_type: str
    description: str = ""
    location_text: str = ""
    contractor_org_id: str = ""
    starts_on: str = ""  # the acceptance date
    ends_on: str = ""


@dataclass(kw_only=True)
class WarrantyClaim(Record):
    """A warranty claim (保修) or a quality return visit (回访) against a warranty item."""

    table: ClassVar[str] = "warranty_claims"
    project_id: str
    warranty_item_id: str
    kind: str = "claim"  # claim / return_visit
    reported_on: str = ""
    resident: str = ""
    description: str = ""
    after_expiry: bool = False  # reported after the warranty ended
    status: TrackStatus = TrackStatus.OPEN
    reply: str = ""
    replied_on: str = ""
    defect_id: str = ""


@dataclass(kw_only=True)
class Complaint(Record):
    """A resident's complaint or dispute, linked to a defect and tracked to a reply."""

    table: ClassVar[str] = "complaints"
    project_id: str
    resident: str
    what: str
    location_text: str = ""
    phone: str = ""
    received_on: str = ""
    defect_id: str = ""
    status: TrackStatus = TrackStatus.OPEN
    reply: str = ""
    replied_on: str = ""


@dataclass(kw_only=True)
class Finding(Record):
    """A problem found by an audit or a higher-level inspection (审计、督查发现问题), tracked to
    rectification with the defect statuses."""

    table: ClassVar[str] = "findings"
    project_id: str
    source: str  # audit / inspection / other, and who: e.g. 区审计局
    title: str
    description: str = ""
    source_ref: str = ""  # the report or letter number
    found_on: str = ""
    deadline: str = ""
    status: DefectStatus = DefectStatus.OPEN
    assignee_org_id: str = ""
    closed_at: str = ""


@dataclass(kw_only=True)
class IssuedReport(Record):
    """A printed report as it was issued: what it showed, and the hash it carries."""

    table: ClassVar[str] = "reports"
    append_only: ClassVar[bool] = True
    number: str  # the 编号 printed on every page
    kind: str  # survey / inspection / rectification-notice / … (reports.KINDS)
    target_type: str  # the record it was made for: projects / inspections
    target_id: str
    lang: str = "zh"
    created_at: str = ""
    content_hash: str = ""  # the SHA-256 printed and in the QR code
    file_sha256: str = ""  # of the file as written
    contents: dict = field(default_factory=dict)  # "table/id" -> the signed content shown
    signatures: dict = field(default_factory=dict)  # signature id -> the hash it signed
    filters: dict = field(default_factory=dict)
    # The file as issued, read back (reports/pages.py): {"document": sha256 of its object
    # graph, "pages": [{"text": sha256 of the page's extracted text, "ink": sha256 of all
    # drawn on it, "z": the text, zlib + base64}, …]}, so verify can name the page and the
    # words that differ.
    pages: dict = field(default_factory=dict)


@dataclass(kw_only=True)
class ConflictSettlement(Record):
    """How someone in the office settled a conflict (a concurrent edit that lost a merge).

    Its id is the conflict's id, so two people settling the same conflict on different laptops
    write the same record, and the central store records their disagreement as a conflict of
    its own. Who settled it and when are the record's `author` and `hlc`.
    """

    table: ClassVar[str] = "conflict_settlements"
    target_type: str  # the table of the record the conflict was on
    target_id: str
    field: str
    decision: str  # keep (the kept value stands) | restore (the losing value was put back)
    value: str | None = None  # the field's value once settled, as the conflict stores values
    note: str = ""


RECORD_TYPES: tuple[type[Record], ...] = (
    Organization,
    User,
    Project,
    ProjectMember,
    Building,
    TemplateSnapshot,
    Inspection,
    Defect,
    DefectEvent,
    Photo,
    PhotoLink,
    Signature,
    Notice,
    Vote,
    Ballot,
    StageTransition,
    HandoverItem,
    WarrantyItem,
    WarrantyClaim,
    Complaint,
    Finding,
    IssuedReport,
    ConflictSettlement,
)
BY_TABLE: dict[str, type[Record]] = {t.table: t for t in RECORD_TYPES}


Codec = tuple[frozenset[str], frozenset[str], dict[str, type[StrEnum]], frozenset[str]]
_CODECS: dict[type, Codec] = {}  # per record class, made once


def _codec(cls: type[Record]) -> Codec:
    """Field names, JSON fields, enum fields with their types, and boolean fields."""
    if cls not in _CODECS:
        hints = get_type_hints(cls)
        names = frozenset(f.name for f in fields(cls))
        json_names = frozenset(n for n in names if hints[n] in (dict, list))
        enums = {n: h for n in names if isinstance(h := hints[n], type) and issubclass(h, StrEnum)}
        bools = frozenset(n for n in names if hints[n] is bool)
        _CODECS[cls] = (names, json_names, enums, bools)
    return _CODECS[cls]


def json_fields(cls: type[Record]) -> frozenset[str]:
    """Fields stored as JSON text."""
    return _codec(cls)[1]


AnyRecord = TypeVar("AnyRecord", bound=Record)


def encode(value: Any) -> Any:
    """A field value as stored and sent: JSON text for dicts and lists, plain strings for
    enums, 0/1 for booleans."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


def from_row(cls: type[AnyRecord], row: dict[str, Any]) -> AnyRecord:
    """Build a record from a stored row, ignoring columns the type does not know."""
    names, json_names, enums, bools = _codec(cls)
    kwargs = {}
    for k, v in row.items():
        if k not in names:
            continue
        if k in json_names and isinstance(v, str):
            v = json.loads(v)
        elif k in enums and v is not None:
            v = enums[k](v)
        elif k in bools and v is not None:
            v = bool(v)
        kwargs[k] = v
    return cls(**kwargs)
