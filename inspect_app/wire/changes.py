"""The wire schema of a change: what each record type's fields may hold, checked the same way
wherever a change arrives — the central store's push (HTTP and bundle import alike) and a
laptop merging what it pulled — so a value the app cannot read is never stored anywhere.

One typed model per record type is built from the domain dataclasses (core/model.py), so a
new field is on the wire the moment it is in the model: enums take their values only, numbers
are finite and of their kind, JSON fields are JSON text of the right shape, text holds no NUL
and no lone surrogate. Every field is optional (a change sets some of a record's fields);
`null` only where the model allows None. A refusal names the field and the reason in words.

Values are checked, never rewritten: a laptop and the central store must hold the same value
after a merge, so a value is either taken exactly as sent or refused.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import fields as dc_fields
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError
from pydantic import create_model as _create_model
from pydantic_core import PydanticCustomError

from ..core import text as policy
from ..core.clock import Stamp
from ..core.i18n import t
from ..core.model import BY_TABLE, META_FIELDS, json_fields
from ..errors import InspectError
from .change import HLC_MAX, ID
from .limits import MAX_FIELD_TEXT

MAX_INT = 2**53  # what every JSON reader keeps exact
MAX_DEPTH = 32  # nesting of a JSON field's value
# Bounds a value of these fields can never leave (fractions of the plan, degrees).
RANGES: dict[str, tuple[float, float]] = {
    "plan_x": (0.0, 1.0),
    "plan_y": (0.0, 1.0),
    "gps_lat": (-90.0, 90.0),
    "gps_lon": (-180.0, 180.0),
    "direction": (0.0, 360.0),
}


class WireError(InspectError):
    """A change the wire schema refuses. `field` names what is wrong ("" for the change)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


# ----- text: the app's one text policy (core/text.py) ---------------------------------------


def text_problem(value: str, field: str = "text") -> str | None:
    """Why the text policy refuses `value` (NUL, a lone surrogate, too long), in words."""
    try:
        policy.check(value, field, MAX_FIELD_TEXT)
    except policy.TextRefused as e:
        return str(e)
    return None


def _text_refusal(fields: dict) -> WireError | None:
    """Text a laptop would never send: what the policy refuses, or text it would still change
    (a CR, a control character). Laptops clean text as they store it, so the central store
    takes only clean text and every replica holds the same characters."""
    if all(_clean_within(v, policy.limit_for(k)) for k, v in fields.items()):
        return None  # the usual case, without building the cleaned copy
    try:
        cleaned, _ = policy.clean_fields(fields)
    except policy.TextRefused as e:
        return WireError(e.field, str(e))
    for k, v in cleaned.items():
        if v != fields[k]:
            return WireError(
                k,
                t(
                    f"字段 {k} 含有换行符或控制字符，应先按文字规则清理",
                    f"field {k} holds line breaks or control characters the text policy removes",
                ),
            )
    return None


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _clean_within(value: Any, limit: int) -> bool:
    """True when the policy keeps `value` as it is: every string in it clean and short enough
    (strings inside a JSON value: `policy.NESTED`)."""
    if isinstance(value, str):
        return len(value) <= limit and policy.is_clean(value)
    if isinstance(value, dict):
        return all(
            _clean_within(k, policy.NESTED) and _clean_within(v, policy.NESTED)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_clean_within(v, policy.NESTED) for v in value)
    return True


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _json_of(kind: type):
    zh_kind, en_kind = ("对象", "an object") if kind is dict else ("数组", "an array")

    def check(value: str) -> str:
        try:
            parsed = json.loads(value, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise PydanticCustomError(
                "json", "{zh}|{en}", {"zh": "不是有效的 JSON 文本", "en": "is not valid JSON text"}
            ) from None
        if not isinstance(parsed, kind):
            raise PydanticCustomError(
                "json",
                "{zh}|{en}",
                {"zh": f"应为 JSON {zh_kind}", "en": f"must be JSON text of {en_kind}"},
            )
        if _depth(parsed) > MAX_DEPTH:
            raise PydanticCustomError(
                "json", "{zh}|{en}", {"zh": "JSON 嵌套过深", "en": "is JSON nested too deeply"}
            )
        return value

    return check


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError(
            "finite", "{zh}|{en}", {"zh": "必须是有限的数", "en": "must be a finite number"}
        )
    return value


# ----- the types a field may have --------------------------------------------------------------

Text = Annotated[str, Strict()]  # its characters: the text policy, in check_fields
Int = Annotated[int, Strict(), Field(ge=-MAX_INT, le=MAX_INT)]
Flag = Union[Annotated[bool, Strict()], Literal[0, 1]]  # noqa: UP007 — laptops send 0/1


def _float(name: str):
    low, high = RANGES.get(name, (-1e15, 1e15))
    return Annotated[float, Strict(), AfterValidator(_finite), Field(ge=low, le=high)]


def _wire_type(name: str, hint: Any) -> Any:
    """The wire type of one field of the domain model."""
    wire: Any  # a type made at run time
    nullable = False
    if get_origin(hint) in (Union, type(int | None)):
        args = [a for a in get_args(hint) if a is not type(None)]
        nullable, hint = len(args) < len(get_args(hint)), args[0]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        wire = Literal[tuple(m.value for m in hint)]
    elif hint is bool:
        wire = Flag
    elif hint is int:
        wire = Int
    elif hint is float:
        wire = _float(name)
    elif hint in (dict, list):
        wire = Annotated[str, Strict(), AfterValidator(_json_of(hint))]
    else:
        wire = Text
    return wire | None if nullable else wire


@cache
def model_for(table: str) -> type[BaseModel]:
    """The typed model of what a change to `table` may set (every field optional)."""
    cls = BY_TABLE[table]
    hints = get_type_hints(cls)
    spec: dict[str, Any] = {}
    for f in dc_fields(cls):
        if f.name in META_FIELDS:
            continue
        spec[f.name] = (_wire_type(f.name, hints[f.name]), None)
    spec["deleted"] = (Flag, None)
    return _create_model(
        f"{cls.__name__}Fields",
        __config__=ConfigDict(extra="forbid", strict=True),
        **spec,
    )


# ----- a change --------------------------------------------------------------------------------


class Envelope(BaseModel):
    """Everything of a change but its fields."""

    model_config = ConfigDict(extra="forbid", strict=True)
    change_id: Annotated[str, Field(pattern=ID.pattern)]
    table: Literal[tuple(BY_TABLE)]  # type: ignore[valid-type]  # the tables, at run time
    record_id: Annotated[str, Field(pattern=ID.pattern)]
    op: Literal["upsert", "delete"]
    fields: dict[str, Any]
    hlc: Annotated[str, Field(max_length=HLC_MAX)]
    author: Annotated[str, Field(pattern=ID.pattern)]
    base_seq: Annotated[int, Strict(), Field(ge=0, le=2**62)] | None = None
    seq: Annotated[int, Strict(), Field(ge=0, le=2**62)] | None = None  # as pulled


def _words(field: str, err: Mapping[str, Any]) -> tuple[str, str]:
    """A pydantic error as (zh, en) words naming `field`."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in ("text", "json", "finite"):
        return f"字段 {field} {ctx['zh']}", f"field {field} {ctx['en']}"
    if kind == "extra_forbidden":
        return f"未知字段 {field}", f"unknown field {field}"
    if kind == "literal_error":
        return (
            f"字段 {field} 的值不在允许范围内（{ctx.get('expected', '')}）",
            f"field {field} must be one of {ctx.get('expected', '')}",
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        return (
            f"字段 {field} 超出范围（{err['msg']}）",
            f"field {field} is out of range: {err['msg']}",
        )
    if kind in ("string_type", "int_type", "float_type", "bool_type", "none_required"):
        return (
            f"字段 {field} 的类型不对（{err['msg']}）",
            f"field {field} has the wrong type: {err['msg']}",
        )
    if kind == "string_pattern_mismatch":
        return f"{field} 格式不对", f"{field} has the wrong form"
    if kind == "missing":
        return f"缺少 {field}", f"{field} is missing"
    return f"字段 {field} 不对（{err['msg']}）", f"field {field}: {err['msg']}"


def _refuse(e: ValidationError, prefix: str = "") -> WireError:
    errors = e.errors(include_input=False, include_url=False)
    # A union (a flag is true/false or 0/1) reports each branch; the first names the field.
    err = errors[0]
    loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
    field = ".".join(p for p in loc if not p.startswith(("literal[", "bool")))
    field = (prefix + field) if prefix else field
    zh, en = _words(field or "?", err)
    return WireError(field, t(zh, en))


def check_fields(table: str, fields: Any, record_id: str | None = None, text: bool = True) -> None:
    """Refuse (WireError) field values the record type cannot hold. `text`: hold text to the
    policy too (the central store does; a laptop repairs pulled text instead, core/text.py)."""
    if not isinstance(fields, dict) or not fields:
        raise WireError("fields", t("fields 必须是非空对象", "fields must be a non-empty object"))
    try:
        model_for(table).model_validate(fields)
    except ValidationError as e:
        raise _refuse(e) from None
    if record_id is not None and fields.get("id", record_id) != record_id:
        raise WireError("id", t("字段 id 与 record_id 不一致", "field id differs from record_id"))
    if text:
        jf = json_fields(BY_TABLE[table])
        decoded = {
            k: json.loads(v) if k in jf and isinstance(v, str) else v for k, v in fields.items()
        }
        if refusal := _text_refusal(decoded):
            raise refusal


def check_stamp(hlc: Any) -> Stamp:
    try:
        return Stamp.parse(hlc)
    except ValueError:
        raise WireError(
            "hlc",
            t(
                "时钟戳格式不对（应为 15 位毫秒.5 位计数.设备号）",
                "hlc is not a clock stamp (15 digits . 5 digits . node id)",
            ),
        ) from None


def check_envelope(c: Any) -> dict:
    """Refuse (WireError) a change whose ids, table, operation or stamp are malformed."""
    if not isinstance(c, dict):
        raise WireError("", t("不是对象", "not an object"))
    try:
        Envelope.model_validate(c)
    except ValidationError as e:
        raise _refuse(e) from None
    check_stamp(c["hlc"])
    return c


def check_change(c: Any) -> dict:
    """The whole change: envelope, stamp and field values."""
    check_envelope(c)
    check_fields(c["table"], c["fields"], c["record_id"])
    return c


# The rows the central store writes about a concurrent edit that lost (not a record type).
CONFLICT_FIELDS = frozenset(
    {"table_name", "record_id", "field", "value", "hlc", "author", "winner_hlc", "detected_at"}
)


def check_pulled(c: Any) -> dict:
    """A pulled change's envelope, or a whole conflict row (the laptop checks a record
    change's fields after repairing their text: `check_fields(..., text=False)`)."""
    if isinstance(c, dict) and c.get("table") == "conflicts":
        f = c.get("fields")
        if (
            not isinstance(f, dict)
            or set(f) - CONFLICT_FIELDS
            or not isinstance(c.get("record_id"), str)
            or not isinstance(c.get("change_id"), str)
        ):
            raise WireError("fields", t("冲突记录格式不对", "a malformed conflict row"))
        for k, v in f.items():
            if not (v is None or (isinstance(v, str) and not text_problem(v))):
                raise WireError(
                    k, t(f"冲突记录的字段 {k} 不对", f"conflict field {k} is malformed")
                )
        return c
    return check_envelope(c)
