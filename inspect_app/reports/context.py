"""What a report is being made from: the store, the language, the project and its parties, and
the records the report shows (so their signed content can be hashed and kept)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from ..core.defect_status import local_today
from ..core.i18n import pick
from ..core.ids import uuid7
from ..core.localtime import local_time, project_zone, zone_label
from ..core.model import (
    NAMES,
    Building,
    Inspection,
    Organization,
    OrgKind,
    Project,
    ProjectMember,
    Signature,
    User,
)
from ..core.signing import content_hash, report_hash
from ..store import Store
from ..store.signatures import current_signatures
from ..store.signing import signed_content, signed_contents

# Prefix of the 编号 per kind: 排查, 检查, 整改, 回复, 验收, 移交, 缺陷, 阶段记录, 计票单.
NUMBER_PREFIX = {
    "survey": "PC",
    "inspection": "JC",
    "rectification-notice": "ZG",
    "rectification-reply": "HF",
    "stop-order": "TG",  # 停工
    "acceptance": "YS",
    "handover": "YJ",
    "defects": "QX",
    "stage-record": "JD",  # 阶段
    "tally": "JP",  # 计票
}
# Documents whose hash is of what they show beyond records (Ctx.facts): a tally of ballot rows.
FACT_KINDS = frozenset({"tally"})


@dataclass
class Ctx:
    store: Store
    kind: str
    project: Project  # every report belongs to one community
    lang: str = "zh"
    target_type: str = ""
    target_id: str = ""
    title: str = ""  # the report's title in its language
    filters: dict = field(default_factory=dict)
    report_id: str = field(default_factory=uuid7)
    printed_at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    today: date = field(default_factory=local_today)  # the project's date: make_context
    # Filled while the kind builds its story.
    contents: dict[str, Any] = field(default_factory=dict)
    signed_keys: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    content_hash: str = ""
    landscape: bool = False
    inspection: Inspection | None = None
    filter_spec: Any = None  # data.Filters
    # What a document shows that is no record (a ballot sheet's tally): hashed when no record is.
    facts: dict = field(default_factory=dict)
    # A form with its own 编号 (a notice) per page it starts on, and whether it is a draft;
    # `draft` marks every page of a document not yet issued or accepted (layout.FormMark).
    page_forms: dict[int, tuple[str, bool]] = field(default_factory=dict)
    draft: bool = False

    def __post_init__(self) -> None:
        self._orgs: dict[str, Organization] | None = None
        self._users: dict[str, User] | None = None
        self._buildings: dict[str, Building] | None = None

    # ----- language ----------------------------------------------------------------------

    def tr(self, zh: str, en: str) -> str:
        return pick(zh, en, self.lang)

    def name(self, value: StrEnum | str, cls: type[StrEnum] | None = None) -> str:
        if cls is not None and not isinstance(value, StrEnum):
            try:
                value = cls(value)
            except ValueError:
                return str(value)
        names = NAMES.get(value)  # type: ignore[arg-type]
        return names[self.lang] if names else str(value or "")

    # ----- time ------------------------------------------------------------------------

    @property
    def zone(self):
        """The project's time zone: every time on the paper is read in it."""
        return project_zone(self.project)

    @property
    def zone_label(self) -> str:
        return zone_label(self.zone, self.printed_at)

    def local_time(self, value) -> str:
        return local_time(value, self.zone)

    @property
    def printed_local(self) -> datetime:
        return self.printed_at.astimezone(self.zone)

    # ----- numbering ---------------------------------------------------------------------

    @property
    def number(self) -> str:
        """The 编号: kind, print date and the end of the report id, e.g. ZG-20261125-3F9A2C."""
        prefix = NUMBER_PREFIX.get(self.kind, "BG")
        return f"{prefix}-{self.printed_local:%Y%m%d}-{self.report_id[-6:].upper()}"

    # ----- lookups -----------------------------------------------------------------------

    @property
    def orgs(self) -> dict[str, Organization]:
        if self._orgs is None:
            self._orgs = {o.id: o for o in self.store.find(Organization)}
        return self._orgs

    @property
    def users(self) -> dict[str, User]:
        if self._users is None:
            self._users = {u.id: u for u in self.store.find(User)}
        return self._users

    @property
    def buildings(self) -> dict[str, Building]:
        if self._buildings is None:
            self._buildings = {b.id: b for b in self.store.find(Building)}
        return self._buildings

    def org_name(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.name if org else ""

    def user_name(self, user_id: str) -> str:
        user = self.users.get(user_id)
        return (user.display_name or user.name) if user else ""

    def user_org(self, user_id: str) -> str:
        user = self.users.get(user_id)
        return self.org_name(user.org_id) if user else ""

    def parties(self) -> dict[OrgKind, list[str]]:
        """The project's organizations by kind (建设单位, 监理单位, 施工单位 …)."""
        out: dict[OrgKind, list[str]] = {}
        if self.project is None:
            return out
        members = self.store.find(ProjectMember, "project_id = ?", [self.project.id])
        for m in members:
            org = self.orgs.get(m.org_id)
            if org and org.name not in out.setdefault(org.kind, []):
                out[org.kind].append(org.name)
        return out

    def party(self, kind: OrgKind) -> str:
        return "、".join(self.parties().get(kind, [])) or "—"

    # ----- what the report shows ----------------------------------------------------------

    def cover(self, target_type: str, target_id: str) -> str:
        """Record that the report shows this record; return its current content hash."""
        key = f"{target_type}/{target_id}"
        if key not in self.contents:
            self.contents[key] = signed_content(self.store, target_type, target_id)
        return content_hash(self.contents[key])

    def cover_many(self, target_type: str, records: list) -> None:
        """`cover` for many records already read (a list of thousands of defects)."""
        new = [r for r in records if f"{target_type}/{r.id}" not in self.contents]
        for rid, content in signed_contents(self.store, target_type, new).items():
            self.contents[f"{target_type}/{rid}"] = content

    def add_signatures(self, target_type: str, target_id: str) -> list[Signature]:
        """The signatures on a record, shown in the report and checked by verify (an item's
        void signature replaced by a later one is history, not printed)."""
        sigs = current_signatures(self.store, target_type, target_id)
        if sigs:
            key = f"{target_type}/{target_id}"
            self.cover(target_type, target_id)
            if key not in self.signed_keys:
                self.signed_keys.append(key)
            self.signatures.extend(s for s in sigs if s not in self.signatures)
        return sigs

    def valid_signatures(self) -> dict[str, bool]:
        """Signature id -> whether the record still has the content that was signed."""
        return {
            s.id: s.content_hash == self.cover(s.target_type, s.target_id) for s in self.signatures
        }

    def signature_changes(self, sig: Signature) -> list[str]:
        """What changed on the signed record since a (void) signature was made."""
        from ..store.signatures import signature_status

        # Named as a person reads them (item labels, 备注 …), in the app's language.
        return [c for c in signature_status(self.store, sig).changed_labels if c != "*"]

    def finish(self) -> str:
        """The hash the report carries: of what was signed when one record was signed,
        otherwise of every record shown."""
        if not self.contents and self.facts:
            self.content_hash = content_hash(self.facts)
        else:
            self.content_hash = report_hash(self.contents, self.signed_keys)
        return self.content_hash
