"""How a conflict reads: the record by its title, the field by its label, values and times.

A conflict is a concurrent edit that lost a merge (core/merge.py); the central store records it
and every replica receives it. The conflicts list (store/conflicts.py) shows them with these
names, in the app and on the command line alike. Who may see and settle them is a rule
of core/permissions.py.
"""

import json
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from functools import cache
from typing import Any, get_args, get_type_hints

from .clock import Stamp
from .defect_status import project_zone
from .i18n import current, pick
from .model import BY_TABLE, NAMES, ConflictSettlement

TABLES = {
    "defects": ("问题", "Defect"),
    "inspections": ("检查记录", "Inspection"),
    "notices": ("整改通知单", "Notice"),
    "projects": ("小区", "Community"),
    "buildings": ("楼栋", "Building"),
    "photos": ("照片", "Photo"),
    "conflict_settlements": ("冲突处理", "Conflict settlement"),
}

# The field a record is known by, per table (else its id).
TITLE_FIELDS = {
    "defects": "title",
    "inspections": "title",
    "notices": "number",
    "projects": "name",
    "buildings": "name",
    "organizations": "name",
    "users": "name",
    "photos": "original_name",
    "votes": "matter",
    "findings": "title",
    "handover_items": "name",
}

FIELDS = {
    "title": ("标题", "Title"),
    "category": ("类别", "Category"),
    "severity": ("严重程度", "Severity"),
    "status": ("状态", "Status"),
    "description": ("问题描述", "Description"),
    "building_id": ("楼栋", "Building"),
    "unit": ("单元", "Unit"),
    "floor": ("楼层", "Floor"),
    "room": ("房间", "Room"),
    "location_text": ("位置", "Location"),
    "plan_x": ("平面图位置", "Plan position"),
    "plan_y": ("平面图位置", "Plan position"),
    "assignee_org_id": ("责任单位", "Assigned to"),
    "assignee_user_id": ("责任人", "Assignee"),
    "due_date": ("整改期限", "Due"),
    "major_hazard": ("重大隐患", "Major hazard"),
    "pre_existing": ("改造前既有隐患", "Pre-dates the works"),
    "subject": ("事由", "Subject"),
    "signer_title": ("签发人", "Signed by"),
    "stop_scope": ("暂停施工部位", "Works stopped"),
    "name": ("名称", "Name"),
    "address": ("地址", "Address"),
    "notes": ("备注", "Notes"),
    "note": ("说明", "Note"),
    "answers": ("检查结果", "Answers"),
    "number": ("编号", "Number"),
    "reply_text": ("回复内容", "Reply"),
    "caption": ("说明", "Caption"),
    "deleted": ("删除", "Deleted"),
    "decision": ("处理结果", "Decision"),
}

DECISIONS = {"keep": ("保留现值", "Kept"), "restore": ("恢复被覆盖的值", "Restored")}


def _pick(pair: tuple[str, str], lang: str = "") -> str:
    return pick(*pair, lang)


def table_label(table: str, lang: str = "") -> str:
    return _pick(TABLES.get(table, (table, table)), lang)


def field_label(field: str, lang: str = "") -> str:
    return _pick(FIELDS.get(field, (field, field)), lang)


def decision_label(decision: str, lang: str = "") -> str:
    return _pick(DECISIONS.get(decision, (decision, decision)), lang)


def value_text(table: str, field: str, value: Any, lang: str = "") -> str:
    """A value as a person reads it: enum names, yes/no, settlement decisions; "—" for none."""
    if value is None or value == "":
        return "—"
    if table == ConflictSettlement.table and field == "decision":
        return decision_label(str(value), lang)
    lang = lang or current()
    hint = _hint(table, field)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        try:
            return NAMES[hint(value)][lang]
        except (ValueError, KeyError):
            return str(value)
    if hint is bool:
        yes = value in (1, "1", True, "true")
        return pick("是" if yes else "否", "yes" if yes else "no", lang)
    return str(value)


@cache
def _hint(table: str, field: str):
    cls = BY_TABLE.get(table)
    if cls is None:
        return None
    return get_type_hints(cls).get(field)


def _is_text(hint) -> bool:
    if isinstance(hint, type):
        return issubclass(hint, str)  # str and the StrEnums
    return str in get_args(hint)  # str | None


def decode(table: str, field: str, text: Any) -> Any:
    """A value as the conflict stores it (text; JSON for anything but text) as the record's
    field holds it."""
    if text is None or not isinstance(text, str):
        return text
    if _is_text(_hint(table, field)):  # text that looks like JSON ("123") stays text
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def encode(value: Any) -> str | None:
    """The inverse of `decode`: how a conflict and a settlement hold a field's value."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def zone(settings: dict | None) -> tzinfo:
    """The project's time zone: one rule with its calendar dates (core/defect_status.py)."""
    return project_zone(settings)


def stamp_time(hlc: str, tz: tzinfo) -> datetime | None:
    """When a change was made: the wall-clock part of its stamp, in `tz`."""
    try:
        ms = Stamp.parse(hlc).wall_ms
    except ValueError:
        return None
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(tz)


def local_time(hlc: str, tz: tzinfo) -> str:
    at = stamp_time(hlc, tz)
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"
