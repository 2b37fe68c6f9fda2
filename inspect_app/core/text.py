"""The text policy: what text the app accepts, what it normalises, what it refuses.

Text comes from a Chinese IME, from Word or WeChat by paste, from residents' spreadsheets and
from other laptops. One policy, applied where text enters (store writes, the CLI, imports,
sync, the central store's wire schema), so every output (PDF, XLSX, JSON, search, sync,
verify) only ever sees clean text:

- accepted as-is: any Unicode a person can type or paste, including emoji sequences (with
  joiners and variation selectors), right-to-left text and marks, zero-width characters, tabs;
- normalised: every line break (CR LF, CR, NEL, U+2028, U+2029) becomes \\n; U+000B (Word's
  Shift+Enter) and U+000C (page break) become \\n too; other control characters (C0 except
  tab and line feed, DEL, C1) and the non-characters U+FFFE/U+FFFF are removed, and what was
  removed is reported so the store can note it in the audit;
- refused, with a message naming the field: NUL, lone surrogates (broken UTF-16 from a bad
  paste or a hostile client), and text longer than the field allows (`limit_for`; lengths
  are counted in characters, after normalisation).
"""

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InspectError
from .i18n import t

# ----- field lengths, defined once ---------------------------------------------------------

LINE = 200  # one line: a title, a name, a unit, a category
TEXT = 20_000  # free text: a description, a note, a reply
DOCUMENT = 2_000_000  # a whole file kept as text: a checklist template
OTHER = 1_000  # ids, dates, codes and any string field not named below
NESTED = TEXT  # a string inside a JSON field (a form answer, a setting, a markup label)

FIELD_LIMITS: dict[str, int] = {
    **dict.fromkeys(
        (
            "title",
            "name",
            "short_name",
            "display_name",
            "category",
            "unit",
            "floor",
            "room",
            "owner",
            "resident",
            "signer_name",
            "signer_role",
            "structure",
            "work_type",
            "facility",
            "quantity",
            "source",
            "source_ref",
            "subject",
            "district",
            "contact",
            "phone",
            "credit_code",
            "number",
        ),
        LINE,
    ),
    "original_name": 255,  # a file's name: most file systems allow 255
    **dict.fromkeys(
        (
            "description",
            "notes",
            "note",
            "reply",
            "reply_text",
            "what",
            "documents",
            "location_text",
            "address",
            "caption",
            "override_reason",
            "comment",
        ),
        TEXT,
    ),
    "content": DOCUMENT,
}


def limit_for(field: str) -> int:
    """How many characters a field may hold."""
    return FIELD_LIMITS.get(field, OTHER)


# Names of fields in messages, zh and en.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "title": ("标题", "title"),
    "name": ("名称", "name"),
    "short_name": ("简称", "short name"),
    "display_name": ("显示名", "display name"),
    "category": ("类别", "category"),
    "unit": ("单元/户", "unit"),
    "floor": ("楼层", "floor"),
    "room": ("房间", "room"),
    "owner": ("业主", "owner"),
    "resident": ("居民", "resident"),
    "signer_name": ("签字人", "signer"),
    "signer_role": ("签字方", "signing party"),
    "description": ("描述", "description"),
    "notes": ("备注", "notes"),
    "note": ("说明", "note"),
    "comment": ("评论", "comment"),
    "reply": ("答复", "reply"),
    "reply_text": ("回复", "reply"),
    "what": ("投诉内容", "complaint"),
    "documents": ("移交资料", "documents"),
    "location_text": ("位置", "location"),
    "address": ("地址", "address"),
    "caption": ("照片说明", "caption"),
    "override_reason": ("越级理由", "override reason"),
    "subject": ("事项", "subject"),
    "content": ("模板内容", "template content"),
}


def field_label(field: str) -> str:
    """The field's name in the current language (the last part of a dotted path names it)."""
    base = field.rsplit(".", 1)[-1].split("[", 1)[0]
    if base not in FIELD_NAMES:
        return field
    zh, en = FIELD_NAMES[base]
    return t(zh, en) if base == field else t(f"{zh}（{field}）", f"{en} ({field})")


# ----- the policy ----------------------------------------------------------------------------

_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls but tab (09) and line feed (0A); NUL (00) is refused before this runs. DEL, C1.
# U+FFFE/U+FFFF are not characters (no XML file may hold them).
_REMOVED = re.compile("[\x01-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_REFUSED = re.compile("[\x00\ud800-\udfff]")
_DIRTY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


class TextRefused(InspectError):
    """Text a field cannot take. `field` names it, `reason` is nul / surrogate / too_long;
    `detail` holds what the message says (length, limit, char), so `named` can say it again
    with the name the user knows the field by (a checklist item's label, an option)."""

    def __init__(self, field: str, reason: str, message: str, detail: dict | None = None):
        self.field = field
        self.reason = reason
        self.detail = detail or {}
        super().__init__(message)

    def named(self, label: str) -> "TextRefused":
        return TextRefused(
            self.field, self.reason, refusal(label, self.reason, **self.detail), self.detail
        )


def refusal(label: str, reason: str, length: int = 0, limit: int = 0, char: str = "") -> str:
    """The message refusing text for the field called `label`."""
    if reason == "nul":
        return t(
            f"「{label}」含有空字符（NUL，U+0000），无法保存。请删除后重试。",
            f"{label}: contains a NUL character (U+0000) and cannot be saved; "
            "remove it and try again.",
        )
    if reason == "surrogate":
        return t(
            f"「{label}」含有无效字符（孤立的代理项 {char}，多见于损坏的复制粘贴），无法保存。"
            "请重新输入该处文字。",
            f"{label}: contains an invalid character (a lone surrogate {char}, usually from a "
            "broken copy and paste) and cannot be saved; type that part again.",
        )
    return t(
        f"「{label}」过长：共 {length} 字，最多 {limit} 字。",
        f"{label}: too long ({length} characters, at most {limit}).",
    )


def _refuse(field: str, reason: str, **detail) -> TextRefused:
    return TextRefused(field, reason, refusal(field_label(field), reason, **detail), detail)


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[str, ...] = ()  # the characters removed, as U+XXXX, in order of appearance

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def check(value: str, field: str, limit: int | None = None) -> None:
    """Refuse what the policy refuses (NUL, lone surrogates, too long). Length is counted on
    the text as given; `clean` counts it after normalisation."""
    _check_characters(value, field)
    limit = limit_for(field.rsplit(".", 1)[-1]) if limit is None else limit
    if len(value) > limit:
        raise _refuse(field, "too_long", length=len(value), limit=limit)


def _check_characters(value: str, field: str) -> None:
    if "\x00" in value:
        raise _refuse(field, "nul")
    if m := _SURROGATE.search(value):
        raise _refuse(field, "surrogate", char=code(m.group()))


def clean(value: str, field: str, limit: int | None = None, repair: bool = False) -> Cleaned:
    """The text as the app keeps it, or TextRefused naming `field`.

    `repair` is for text that arrives already stored elsewhere (sync, a bundle): refusing it
    would lose it, so NUL is removed and a lone surrogate becomes U+FFFD (both noted in
    `removed`), and the length is not enforced."""
    if not _DIRTY.search(value):  # the common case: nothing to do but the length
        if not repair:
            check(value, field, limit)
        return Cleaned(value)
    removed: list[str] = []
    if repair:
        removed += [code(m.group()) for m in _REFUSED.finditer(value)]
        value = _SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    else:
        _check_characters(value, field)
    text = _BREAKS.sub("\n", value)
    removed += [code(m.group()) for m in _REMOVED.finditer(text)]
    if removed:
        text = _REMOVED.sub("", text)
    if not repair:
        check(text, field, limit)
    return Cleaned(text, tuple(removed))


def clean_text(value: str, field: str, limit: int | None = None) -> str:
    """`clean`, the text only (for entry points that need not report removals)."""
    return clean(value, field, limit).text


def is_clean(value: str) -> bool:
    """True when the policy leaves the text exactly as it is (length aside)."""
    return not _DIRTY.search(value)


@dataclass(frozen=True)
class Note:
    """What normalisation removed from one field, for the audit."""

    field: str
    removed: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"field": self.field, "removed": list(self.removed)}


# Fields whose text a hash covers (a template file, what a signature or a report signed): never
# normalised, or the hash would no longer match; only NUL and lone surrogates are refused.
VERBATIM = frozenset({"content", "signed_content", "contents"})


def clean_value(
    value: Any, field: str, notes: list[Note], limit: int | None = None, repair: bool = False
) -> Any:
    """A field value with every string in it cleaned: the value itself, or the strings inside
    a JSON value (dict keys and values, list items, at any depth, each up to NESTED)."""
    if isinstance(value, str):
        c = clean(value, field, limit, repair)
        if c.removed:
            notes.append(Note(field, c.removed))
        return c.text
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            key = k
            if isinstance(k, str):
                key = clean_value(k, f"{field}.{k}", notes, NESTED, repair)
            out[key] = clean_value(v, f"{field}.{key}", notes, NESTED, repair)
        return out
    if isinstance(value, list | tuple):
        return [clean_value(v, f"{field}[{i}]", notes, NESTED, repair) for i, v in enumerate(value)]
    return value


def _check_verbatim(value: Any, field: str) -> None:
    if isinstance(value, str):
        _check_characters(value, field)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_verbatim(k, field)
            _check_verbatim(v, f"{field}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_verbatim(v, f"{field}[{i}]")


def clean_fields(
    values: Mapping[str, Any], repair: bool = False
) -> tuple[dict[str, Any], list[Note]]:
    """A record's field values (name → value) under the policy, with what was removed.
    Raises TextRefused on the first field the policy refuses (never with `repair`)."""
    notes: list[Note] = []
    out = {}
    dirty, limits = _DIRTY.search, FIELD_LIMITS
    for k, v in values.items():
        if type(v) is not str:
            if v is None or type(v) in (int, float, bool):
                out[k] = v
                continue
        elif not dirty(v) and len(v) <= limits.get(k, OTHER) and k not in VERBATIM:
            out[k] = v  # the common case, kept fast: every save of every record comes here
            continue
        if k in VERBATIM:
            if not repair:
                _check_verbatim(v, k)
            out[k] = v
        else:
            out[k] = clean_value(v, k, notes, repair=repair)
    return out, notes


def clean_encoded(
    values: Mapping[str, Any], json_names: frozenset[str], repair: bool = False
) -> tuple[dict[str, Any], list[Note]]:
    """`clean_fields` for fields as stored and sent (sync, the outbox): the JSON fields named in
    `json_names` are JSON text, decoded to clean the strings inside and written back the way the
    store writes them, only when something changed."""
    decoded = {}
    for k, v in values.items():
        if k in json_names and isinstance(v, str):
            with contextlib.suppress(ValueError):
                v = json.loads(v)
        decoded[k] = v
    cleaned, notes = clean_fields(decoded, repair)
    out = dict(values)
    for k, v in cleaned.items():
        if v != decoded[k]:
            out[k] = _as_stored(v) if k in json_names else v
    return out, notes


def _as_stored(value: Any) -> Any:
    """A JSON field's value as the store encodes it (store.encode)."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return value


def file_name(name: str) -> str:
    """A file's name as the app keeps it. A name comes from the file system, not a person: it is
    repaired, never refused (bytes that are not UTF-8 become U+FFFD, control characters go),
    and a name too long keeps its end (the extension)."""
    name = clean(name, "original_name", repair=True).text.replace("\n", " ")
    limit = limit_for("original_name")
    return name if len(name) <= limit else "…" + name[-(limit - 1) :]


# ----- the last defence at a writer ----------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_CELL = 32_767  # the most characters a spreadsheet cell holds


def for_xml(value: str, limit: int | None = None) -> str:
    """Text an XML 1.0 file (XLSX, DOCX) can hold: line breaks normalised, what it cannot
    hold removed, cut to `limit` characters with a closing ellipsis. For writers only: text
    that entered through the policy comes out unchanged."""
    if _NOT_XML.search(value) or "\r" in value:
        value = _NOT_XML.sub("", _BREAKS.sub("\n", value))
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    return value
